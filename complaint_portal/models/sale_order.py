from odoo import models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    def _complaint_portal_offered(self, user):
        """Whether the complaint form offers this order to the signed-in
        customer (their own confirmed order, in the company the form files
        in): the order's page leads to the form only then; a follower of
        another customer's order, or an order of another company, would find
        it dropped there without a word. ``user``: the reader (the page
        renders the order as superuser)."""
        self.ensure_one()
        Complaint = self.env["complaint.complaint"].with_user(user)
        return bool(
            self.env["sale.order"]
            .with_user(user)
            .search_count([*Complaint._portal_orders_domain(), ("id", "=", self.id)])
        )
