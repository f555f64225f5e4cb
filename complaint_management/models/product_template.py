from odoo import api, fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    complaint_count = fields.Integer(
        compute="_compute_complaint_count",
        groups="complaint_management.complaint_management_group_user",
    )

    @api.depends_context("uid")
    def _compute_complaint_count(self):
        counts = dict(
            self.env["complaint.complaint"]._read_group(
                [("product_ids.product_tmpl_id", "in", self.ids)],
                ["product_ids"],
                ["__count"],
            )
        )
        for template in self:
            template.complaint_count = sum(
                counts.get(variant, 0) for variant in template.product_variant_ids
            )

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_complaint_action"
        )
        action["domain"] = [("product_ids.product_tmpl_id", "=", self.id)]
        action["context"] = {"search_default_filter_open": 0}
        return action
