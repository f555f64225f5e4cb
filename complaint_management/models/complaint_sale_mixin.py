from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ComplaintSaleMixin(models.AbstractModel):
    """The invoice a refund reverses, the credit notes of the complaint and
    the references of its sales documents."""

    _name = "complaint.sale.mixin"
    _description = "Complaint Sales Links"

    # what the complaint is about, in the complaint's company or shared
    # (complaint.link.company.mixin); the sales links are the staff's: core
    # names a many2one's value as superuser, so a complainant reading them
    # over JSON-RPC would read the number of another customer's order that
    # staff linked (the portal gives the complainant's own order)
    product_ids = fields.Many2many(
        "product.product",
        string="Products",
        domain="[('company_id', 'in', [company_id, False])]",
        # a product discontinued (archived) since is still what it was about
        context={"active_test": False},
    )
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sales Order",
        index="btree_not_null",
        groups="base.group_user",
        domain="[('partner_id.commercial_partner_id', '=?', commercial_partner_id), "
        "('company_id', '=', company_id)]",
    )
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Order Line",
        domain="[('order_id', '=', sale_order_id)]",
        index="btree_not_null",
        groups="base.group_user",
    )
    invoice_id = fields.Many2one(
        "account.move",
        domain="[('move_type', '=', 'out_invoice'), "
        "('partner_id.commercial_partner_id', '=?', commercial_partner_id), "
        "('company_id', '=', company_id)]",
        index="btree_not_null",
        groups="base.group_user",
    )
    credit_note_ids = fields.One2many(
        "account.move",
        "complaint_id",
        string="Credit Notes",
        groups="account.group_account_invoice",
    )
    credit_note_count = fields.Integer(
        compute="_compute_credit_note_count", groups="account.group_account_invoice"
    )

    # whether the user may pick the order and the invoice (they pick in
    # lists of documents they may read): others see the links read-only
    # instead of a picker that ends in an access error; depends on the
    # company so the form computes it for a new complaint too
    can_pick_sale_order = fields.Boolean(compute="_compute_can_pick_sales")
    can_pick_invoice = fields.Boolean(compute="_compute_can_pick_sales")

    @api.depends("company_id")
    @api.depends_context("uid")
    def _compute_can_pick_sales(self):
        order = self.env["sale.order"].has_access("read")
        invoice = self.env["account.move"].has_access("read")
        for complaint in self:
            complaint.can_pick_sale_order = order
            complaint.can_pick_invoice = invoice

    @api.depends("credit_note_ids")
    def _compute_credit_note_count(self):
        for complaint in self:
            complaint.credit_note_count = len(complaint.credit_note_ids)

    def _get_refundable_invoice(self):
        """The posted customer invoice a refund of this complaint reverses."""
        self.ensure_one()
        invoice = self.invoice_id
        if not invoice and self.sale_order_id:
            invoices = self.sale_order_id._complaint_posted_invoices()
            # the invoice of the line complained about, when it has one
            invoice = (invoices & self.sale_line_id.invoice_lines.move_id)[:1]
            invoice = invoice or invoices[:1]
        if (
            invoice.move_type == "out_invoice"
            and invoice.state == "posted"
            and self._is_complainants_document(invoice)
        ):
            return invoice
        return self.env["account.move"]

    def _is_complainants_document(self, document):
        """Whether ``document`` (an order or an invoice) is the complainant's
        own, in the complaint's company: a link left after the complainant
        changed, or written over RPC to any document, is not; a complaint
        without a customer has none (any document of the company could be
        linked to it). An invoice of the complainant's own order is theirs
        too, sent to whom the order is invoiced (a head office)."""
        self.ensure_one()
        partner = self.commercial_partner_id
        if not (document and partner and document.company_id == self.company_id):
            return False
        if document.partner_id.commercial_partner_id == partner:
            return True
        # sudo: the order's invoices, whoever reads the complaint
        order = self.sale_order_id.sudo()
        return bool(
            document._name == "account.move"
            and order.company_id == self.company_id
            and order.partner_id.commercial_partner_id == partner
            and document in order.invoice_ids
        )

    def _sale_refs(self):
        """The references of the order, invoice and order line, for whoever
        reads the complaint (its printed forms): complaint staff need not
        have sales or invoicing rights."""
        self.ensure_one()
        # sudo: only their references, which the complaint's form shows too
        order = self.sale_order_id.sudo()
        invoice = self.invoice_id.sudo()
        line = self.sale_line_id.sudo()
        # no other customer's order or invoice is printed
        own = self._is_complainants_document
        return {
            "order": order.name if own(order) else "",
            "invoice": invoice.name if own(invoice) else "",
            "line": line.name if own(order) and line.order_id == order else "",
        }

    def action_view_credit_notes(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "account.action_move_out_refund_type"
        )
        action["domain"] = [("complaint_id", "=", self.id)]
        action["context"] = {"default_move_type": "out_refund", "create": False}
        return action

    @api.constrains("sale_line_id", "sale_order_id")
    def _check_sale_line_of_order(self):
        """The order line is a line of the complaint's order (kept from an
        order changed since, it named goods of another sale)."""
        # sudo: the line's order, compared
        for complaint in self.sudo().filtered("sale_line_id"):
            if complaint.sale_line_id.order_id != complaint.sale_order_id:
                raise ValidationError(
                    self.env._(
                        "The order line of complaint %(name)s is not a line of "
                        "its sales order: pick a line of that order, or none.",
                        name=complaint.name,
                    )
                )

    @api.onchange("sale_order_id")
    def _onchange_sale_order_id(self):
        order = self.sale_order_id
        # another order (or none): the line and invoice of the former one go
        if self.sale_line_id.order_id != order:
            self.sale_line_id = False
        if self.invoice_id and self.invoice_id not in order.invoice_ids:
            self.invoice_id = False
        if not order:
            return
        if not self.partner_id:
            self.partner_id = order.partner_id
        if not self.product_ids:
            self.product_ids = order._complaint_goods()
        if not self.invoice_id:
            self.invoice_id = order._complaint_posted_invoices()[:1]

    @api.onchange("sale_line_id")
    def _onchange_sale_line_id(self):
        if self.sale_line_id.product_id:
            self.product_ids = self.sale_line_id.product_id
