import ast

from odoo import api, fields, models

TEAM_TIERS = [
    ("frontline", "Frontline"),
    ("expert", "Service Expert"),
    ("coach", "Coach / Mediation"),
    ("legal", "Legal / Compliance / PR"),
]


class ComplaintTeam(models.Model):
    _name = "complaint.team"
    _description = "Complaint Team"
    _inherit = ["mail.alias.mixin", "mail.thread"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    tier = fields.Selection(
        TEAM_TIERS, required=True, default="frontline", tracking=True
    )
    leader_id = fields.Many2one(
        "res.users",
        string="Team Leader",
        tracking=True,
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    member_ids = fields.Many2many(
        "res.users",
        "complaint_team_member_rel",
        "team_id",
        "user_id",
        string="Members",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        string="Working Hours",
        default=lambda self: self.env.company.resource_calendar_id,
        help="Working calendar on which the time limits of this team's complaints "
        "are computed.",
    )
    escalation_team_id = fields.Many2one(
        "complaint.team",
        string="Escalate To",
        help="Team one tier up that receives this team's escalated complaints.",
    )
    complaint_ids = fields.One2many("complaint.complaint", "team_id")
    open_complaint_count = fields.Integer(compute="_compute_open_complaint_count")

    def _compute_open_complaint_count(self):
        counts = dict(
            self.env["complaint.complaint"]._read_group(
                [("team_id", "in", self.ids), ("is_open", "=", True)],
                ["team_id"],
                ["__count"],
            )
        )
        for team in self:
            team.open_complaint_count = counts.get(team, 0)

    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get("complaint.complaint").id
        if self.id:
            values["alias_defaults"] = defaults = ast.literal_eval(
                self.alias_defaults or "{}"
            )
            defaults["team_id"] = self.id
            defaults.setdefault("company_id", self.company_id.id)
        return values

    @api.model
    def _get_default_team(self, user=None):
        user = user or self.env.user
        team = self.search(
            [
                "|",
                ("member_ids", "in", user.id),
                ("leader_id", "=", user.id),
                ("company_id", "in", self.env.companies.ids),
            ],
            limit=1,
        )
        return team or self.search(
            [("company_id", "in", self.env.companies.ids)], limit=1
        )

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_complaint_action"
        )
        action["domain"] = [("team_id", "=", self.id)]
        action["context"] = {
            "default_team_id": self.id,
            "search_default_filter_open": 1,
        }
        return action
