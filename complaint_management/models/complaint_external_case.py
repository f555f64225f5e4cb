from odoo import api, fields, models
from odoo.exceptions import ValidationError

EXTERNAL_BODIES = [
    ("12315", "12315 Platform"),
    ("12345", "12345 Hotline"),
    ("consumer_council", "Consumer Council"),
    ("regulator", "Regulator"),
    ("media", "Media"),
    ("arbitration", "Arbitration"),
    ("court", "Court"),
    ("other", "Other"),
]


class ComplaintExternalCase(models.Model):
    """A spill-over: the complainant took the dispute outside the company."""

    _name = "complaint.external.case"
    _description = "Complaint Spill-Over Case"
    _order = "date_received desc, id desc"
    _rec_name = "reference"

    complaint_id = fields.Many2one(
        "complaint.complaint", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="complaint_id.company_id", store=True, index=True
    )
    partner_id = fields.Many2one(
        related="complaint_id.commercial_partner_id",
        string="Customer",
        store=True,
        index=True,
    )
    body = fields.Selection(EXTERNAL_BODIES, required=True, default="12315")
    reference = fields.Char(string="External Reference")
    date_received = fields.Date(
        string="Received On", required=True, default=fields.Date.context_today
    )
    deadline = fields.Date()
    outcome = fields.Selection(
        [
            ("pending", "Pending"),
            ("settled", "Settled"),
            ("not_settled", "Not Settled"),
        ],
        required=True,
        default="pending",
    )
    date_settled = fields.Date(string="Settled On")
    consumer_score = fields.Float(
        digits=(2, 1), help="Score the consumer gave on the platform (0 to 5)."
    )
    note = fields.Text()

    @api.constrains("consumer_score")
    def _check_consumer_score(self):
        for case in self:
            if not 0 <= case.consumer_score <= 5:
                raise ValidationError(
                    self.env._("The consumer score lies between 0 and 5.")
                )

    @api.constrains("date_received", "date_settled", "deadline")
    def _check_dates(self):
        for case in self:
            if case.date_settled and case.date_settled < case.date_received:
                raise ValidationError(
                    self.env._(
                        "A spill-over case cannot be settled before it was received."
                    )
                )
            if case.deadline and case.deadline < case.date_received:
                raise ValidationError(
                    self.env._(
                        "The deadline of a spill-over case cannot precede its receipt."
                    )
                )
