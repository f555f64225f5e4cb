from odoo import fields, models

ESCALATION_TRIGGERS = [
    ("manual", "Manual"),
    ("sla", "Time Limit Breached"),
    ("high_risk", "High Risk"),
    ("batch", "Batch"),
]


class ComplaintEscalation(models.Model):
    _name = "complaint.escalation"
    _inherit = ["complaint.system.record"]
    _description = "Complaint Escalation"
    _order = "date desc, id desc"

    complaint_id = fields.Many2one(
        "complaint.complaint", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="complaint_id.company_id", store=True, index=True
    )
    date = fields.Datetime(required=True, default=fields.Datetime.now, readonly=True)
    from_team_id = fields.Many2one("complaint.team", readonly=True)
    to_team_id = fields.Many2one("complaint.team", readonly=True)
    from_user_id = fields.Many2one("res.users", string="From Handler", readonly=True)
    to_user_id = fields.Many2one("res.users", string="To Handler", readonly=True)
    reason = fields.Text(required=True)
    escalated_by_id = fields.Many2one(
        "res.users",
        default=lambda self: self.env.user,
        readonly=True,
    )
    trigger = fields.Selection(
        ESCALATION_TRIGGERS, required=True, default="manual", readonly=True
    )
