from odoo import api, fields, models
from odoo.exceptions import UserError


class ComplaintRemedy(models.Model):
    _name = "complaint.remedy"
    _description = "Complaint Remedy"
    _order = "complaint_id, sequence, id"

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

    _sql_constraints = [
        (
            "amount_positive",
            "CHECK(amount >= 0)",
            "A remedy amount cannot be negative.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        remedies = super().create(vals_list)
        remedies._fast_track()
        return remedies

    def _fast_track(self):
        """Compensation first: small amounts are approved at once."""
        now = fields.Datetime.now()
        for remedy in self.filtered(lambda r: r.state == "proposed"):
            limit = remedy.company_id.complaint_fast_track_amount
            if remedy.amount <= limit:
                remedy.write(
                    {
                        "state": "approved",
                        "is_fast_track": True,
                        "date_approved": now,
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
        self.write(
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
        self.write({"state": "done", "date_done": fields.Datetime.now()})
        return True

    def action_cancel(self):
        if self.filtered(lambda r: r.state == "done"):
            raise UserError(
                self.env._("A remedy already carried out cannot be cancelled.")
            )
        self.write({"state": "cancelled"})
        return True
