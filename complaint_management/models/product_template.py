from odoo import api, fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    complaint_count = fields.Integer(
        compute="_compute_complaint_count",
        groups="complaint_management.complaint_management_group_user",
    )

    def _complaint_variants(self):
        """Every variant of the product, archived ones too: a complaint about
        a discontinued colour is still one about the product."""
        self.ensure_one()
        return self.with_context(active_test=False).product_variant_ids

    @api.depends_context("uid")
    def _compute_complaint_count(self):
        Complaint = self.env["complaint.complaint"]
        for template in self:
            variants = template._complaint_variants()
            # each complaint once, however many of its variants it names
            template.complaint_count = (
                Complaint.search_count([("product_ids", "in", variants.ids)])
                if variants
                else 0
            )

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_complaint_action"
        )
        action["domain"] = [("product_ids", "in", self._complaint_variants().ids)]
        action["context"] = {"search_default_filter_open": 0}
        return action
