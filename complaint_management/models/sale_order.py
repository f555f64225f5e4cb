from odoo import api, fields, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    complaint_ids = fields.One2many(
        "complaint.complaint",
        "sale_order_id",
        string="Complaints",
        groups="complaint_management.complaint_management_group_user",
    )
    complaint_count = fields.Integer(
        compute="_compute_complaint_count",
        groups="complaint_management.complaint_management_group_user",
    )

    @api.depends("complaint_ids")
    def _compute_complaint_count(self):
        counts = dict(
            self.env["complaint.complaint"]._read_group(
                [("sale_order_id", "in", self.ids)], ["sale_order_id"], ["__count"]
            )
        )
        for order in self:
            order.complaint_count = counts.get(order, 0)

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_complaint_action"
        )
        action["domain"] = [("sale_order_id", "=", self.id)]
        action["context"] = self._complaint_default_context()
        return action

    def action_register_complaint(self):
        """Open a new complaint prefilled from this order."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Register Complaint"),
            "res_model": "complaint.complaint",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": self._complaint_default_context(),
        }

    def _complaint_posted_invoices(self):
        """The posted customer invoices of these orders (not the credit notes)."""
        return self.invoice_ids.filtered(
            lambda m: m.move_type == "out_invoice" and m.state == "posted"
        )

    def _complaint_goods(self):
        """The products of the goods these orders sold: not their sections
        and notes, delivery, reward or discount lines (a complaint is not
        about those, and detection would take them for a product complained
        about: every discounted order would make a batch)."""
        return self.order_line.filtered(
            lambda line: line.product_id
            and not line.display_type
            and not line._is_delivery()
            and not line._is_not_sellable_line()
            and line.product_id != line.company_id.sale_discount_product_id
        ).product_id

    def _complaint_default_context(self):
        self.ensure_one()
        invoice = self._complaint_posted_invoices()[:1]
        return {
            "default_sale_order_id": self.id,
            "default_partner_id": self.partner_id.id,
            "default_product_ids": self._complaint_goods().ids,
            "default_invoice_id": invoice.id,
            "default_company_id": self.company_id.id,
        }
