from odoo import api, fields, models


class ProductTemplate(models.Model):
    _inherit = "product.template"

    complaint_count = fields.Integer(
        compute="_compute_complaint_count",
        groups="complaint_management.complaint_management_group_user",
    )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_a_complaint_s_product(self):
        """The variants go with their template by the database's cascade,
        past their own checks: the template runs them."""
        variants = self.with_context(active_test=False).product_variant_ids
        variants._unlink_except_a_rule_condition()
        variants._unlink_except_a_recorded_fact()

    def _complaint_variants(self):
        """Every variant of the product, archived ones too: a complaint about
        a discontinued colour is still one about the product."""
        self.ensure_one()
        return self.with_context(active_test=False).product_variant_ids

    @api.depends_context("uid")
    def _compute_complaint_count(self):
        variants = {template: template._complaint_variants() for template in self}
        all_variants = self.env["product.product"].union(*variants.values())
        # one grouped read for the batch (a list or an export of products)
        by_variant = dict(
            self.env["complaint.complaint"]._read_group(
                [("product_ids", "in", all_variants.ids)],
                ["product_ids"],
                ["id:array_agg"],
            )
            if all_variants
            else []
        )
        for template, its_variants in variants.items():
            # each complaint once, however many of its variants it names
            template.complaint_count = len(
                {
                    complaint_id
                    for variant in its_variants
                    for complaint_id in by_variant.get(variant, ())
                }
            )

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_complaint_action"
        )
        action["domain"] = [("product_ids", "in", self._complaint_variants().ids)]
        action["context"] = {"search_default_filter_open": 0}
        return action
