from odoo import api, fields, models
from odoo.exceptions import UserError


class ComplaintRemedy(models.Model):
    _name = "complaint.remedy"
    _inherit = ["complaint.workflow.guard"]
    _description = "Complaint Remedy"
    _order = "complaint_id, sequence, id"
    # the approval is a financial control: only the actions below set it
    _workflow_fields = (
        "state",
        "is_fast_track",
        "approved_by_id",
        "date_approved",
        "date_done",
        "credit_note_id",
    )

    complaint_id = fields.Many2one(
        "complaint.complaint", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True)
    currency_id = fields.Many2one(related="complaint_id.currency_id")
    sequence = fields.Integer(default=10)
    type_id = fields.Many2one("complaint.remedy.type", string="Remedy", required=True)
    type_code = fields.Selection(related="type_id.code")
    description = fields.Text()
    amount = fields.Monetary(currency_field="currency_id")
    state = fields.Selection(
        [
            ("proposed", "Awaiting Approval"),
            ("approved", "Approved"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="proposed",
        required=True,
        copy=False,
    )
    is_fast_track = fields.Boolean(
        string="Fast Track",
        readonly=True,
        copy=False,
        help="Approved at once: the amount is under the compensation-first limit.",
    )
    approved_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    date_approved = fields.Datetime(readonly=True, copy=False)
    date_done = fields.Datetime(readonly=True, copy=False)
    credit_note_id = fields.Many2one(
        "account.move",
        readonly=True,
        copy=False,
        groups="account.group_account_invoice",
    )
    can_create_credit_note = fields.Boolean(compute="_compute_can_create_credit_note")

    _sql_constraints = [
        (
            "amount_positive",
            "CHECK(amount >= 0)",
            "A remedy amount cannot be negative.",
        ),
    ]

    @api.depends(
        "type_code", "state", "credit_note_id", "complaint_id.invoice_id.state"
    )
    @api.depends_context("uid")
    def _compute_can_create_credit_note(self):
        allowed = self.env.user.has_group("account.group_account_invoice")
        for remedy in self:
            remedy.can_create_credit_note = bool(
                allowed
                and remedy.type_code == "refund"
                and remedy.state in ("approved", "done")
                # sudo: the credit note field is group-restricted
                and not remedy.sudo().credit_note_id
                and remedy.complaint_id._get_refundable_invoice()
            )

    @api.model_create_multi
    def create(self, vals_list):
        remedies = super().create(vals_list)
        remedies._fast_track()
        return remedies

    def write(self, vals):
        """What was approved cannot change behind the approver's back: a new
        amount or kind sends an approved remedy back through the approval (or
        the fast track); a remedy carried out no longer changes."""
        changes_terms = {"amount", "type_id", "complaint_id"} & set(vals)
        reconsidered = self.browse()
        if changes_terms and not self.env.su:
            if self.filtered(lambda r: r.state == "done"):
                raise UserError(
                    self.env._("A remedy already carried out cannot be changed.")
                )
            reconsidered = self.filtered(lambda r: r.state in ("proposed", "approved"))
        res = super().write(vals)
        if reconsidered:
            reconsidered.filtered(lambda r: r.state == "approved")._workflow_write(
                {
                    "state": "proposed",
                    "is_fast_track": False,
                    "approved_by_id": False,
                    "date_approved": False,
                }
            )
            reconsidered._fast_track()
        return res

    def _fast_track(self):
        """Compensation first: small amounts are approved at once."""
        self.filtered(
            lambda r: r.state == "proposed"
            and r.amount <= r.company_id.complaint_fast_track_amount
        )._workflow_write(
            {
                "state": "approved",
                "is_fast_track": True,
                "date_approved": fields.Datetime.now(),
            }
        )

    def action_approve(self):
        if not self.env.user.has_group(
            "complaint_management.complaint_management_group_manager"
        ):
            raise UserError(
                self.env._("Only a complaint manager can approve remedies.")
            )
        if self.filtered(lambda r: r.state != "proposed"):
            raise UserError(
                self.env._("Only remedies awaiting approval can be approved.")
            )
        self._workflow_write(
            {
                "state": "approved",
                "approved_by_id": self.env.user.id,
                "date_approved": fields.Datetime.now(),
            }
        )
        for remedy in self:
            remedy.complaint_id.message_post(
                body=self.env._(
                    "Remedy approved: %(remedy)s (%(amount)s).",
                    remedy=remedy.type_id.name,
                    amount=remedy.amount,
                ),
            )
        return True

    def action_done(self):
        if self.filtered(lambda r: r.state != "approved"):
            raise UserError(
                self.env._("Only approved remedies can be marked as carried out.")
            )
        if self.filtered(lambda r: r.complaint_id.state != "accepted"):
            raise UserError(
                self.env._(
                    "Remedies are carried out once the customer accepted the proposal."
                )
            )
        self._workflow_write({"state": "done", "date_done": fields.Datetime.now()})
        return True

    def action_cancel(self):
        if self.filtered(lambda r: r.state == "done"):
            raise UserError(
                self.env._("A remedy already carried out cannot be cancelled.")
            )
        self._workflow_write({"state": "cancelled"})
        return True

    def action_create_credit_note(self):
        """Draft credit note reversing the invoice, through Odoo's reversal wizard."""
        self.ensure_one()
        if not self.can_create_credit_note:
            raise UserError(
                self.env._(
                    "A credit note is created for an approved refund of a complaint "
                    "about a posted customer invoice, once, by a user with "
                    "invoicing rights."
                )
            )
        complaint = self.complaint_id
        invoice = complaint._get_refundable_invoice()
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(
                {
                    "reason": self.env._(
                        "Complaint %(name)s: %(remedy)s",
                        name=complaint.name,
                        remedy=self.description or self.type_id.name,
                    ),
                    "journal_id": invoice.journal_id.id,
                }
            )
        )
        reversal.reverse_moves()
        credit_note = reversal.new_move_ids[:1]
        credit_note.write(
            {"complaint_id": complaint.id, "complaint_remedy_id": self.id}
        )
        self._workflow_write({"credit_note_id": credit_note.id})
        complaint.message_post(
            body=self.env._(
                "Draft credit note created for the refund (%(amount)s); adjust its "
                "lines to the amount agreed before posting it.",
                amount=self.amount,
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": credit_note.id,
            "view_mode": "form",
        }
