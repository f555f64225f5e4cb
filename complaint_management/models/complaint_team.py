import ast

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_list

from ..tools.references import first_referrer
from .complaint_states import PENDING_CASE

TEAM_TIERS = [
    ("frontline", "Frontline"),
    ("expert", "Service Expert"),
    ("coach", "Coach / Mediation"),
    ("legal", "Legal / Compliance / PR"),
]


class ComplaintTeam(models.Model):
    _name = "complaint.team"
    _description = "Complaint Team"
    _inherit = [
        "complaint.company.guard",
        "complaint.criterion.guard",
        "complaint.team.handout",
        "mail.alias.mixin",
        "mail.thread",
    ]
    _order = "sequence, id"
    _check_company_auto = True

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
        compute="_compute_resource_calendar_id",
        store=True,
        readonly=False,
        precompute=True,
        check_company=True,
        domain="[('company_id', 'in', [company_id, False])]",
        help="Working calendar on which the time limits of this team's complaints "
        "are computed (its time zone and its company's public holidays).",
    )
    escalation_team_id = fields.Many2one(
        "complaint.team",
        string="Escalate To",
        check_company=True,
        domain="[('company_id', '=', company_id)]",
        help="Team one tier up that receives this team's escalated complaints.",
    )
    assignment_method = fields.Selection(
        [
            ("workload", "Least open complaints"),
            ("round_robin", "Round robin"),
            ("manual", "Manual (the leader assigns)"),
        ],
        required=True,
        default="workload",
        help="How a complaint that reaches the team without a handler gets one. "
        "Members on leave today are skipped; Manual gives it to the leader.",
    )
    complaint_ids = fields.One2many("complaint.complaint", "team_id")
    open_complaint_count = fields.Integer(compute="_compute_open_complaint_count")

    @api.depends("company_id")
    def _compute_resource_calendar_id(self):
        # the team's company's working time, unless it works on one of its
        # own or a shared one: never another company's holidays and time zone
        for team in self:
            calendar = team.resource_calendar_id
            if not calendar or calendar.company_id.id not in (
                team.company_id.id,
                False,
            ):
                company = team.company_id or self.env.company
                team.resource_calendar_id = company.resource_calendar_id

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

    @api.constrains("escalation_team_id")
    def _check_escalation_cycle(self):
        """Escalation leads up: a team escalating to itself, or back to a team
        below it, would bounce a complaint between their leaders."""
        if self._has_cycle("escalation_team_id"):
            raise ValidationError(
                self.env._(
                    "%(teams)s would escalate back to themselves: escalation "
                    "must lead up to a team that escalates elsewhere.",
                    teams=format_list(self.env, self.mapped("display_name")),
                )
            )

    @api.constrains("company_id")
    def _check_company_of_its_records(self):
        """A team stays in the company of the complaints it handles, of the
        teams that escalate to it and of the rules that send to it: moved to
        another company, every later step of those complaints (a handover, a
        reopening, an escalation) would be refused."""
        # what refers to a team, by its field: all of the team's company
        referrers = (
            ("complaint.complaint", "team_id"),
            ("complaint.team", "escalation_team_id"),
            ("complaint.assignment.rule", "team_id"),
        )
        for team in self:
            company = team.company_id
            linked = any(
                # sudo: what refers to the team, whoever moves it
                self.env[model]
                .sudo()
                .with_context(active_test=False)
                .search_count(
                    [(field, "=", team.id), ("company_id", "!=", company.id)], limit=1
                )
                for model, field in referrers
            )
            if linked:
                raise ValidationError(
                    self.env._(
                        "Team %(team)s has complaints, teams escalating to it or "
                        "assignment rules of another company than %(company)s: "
                        "create a team in that company instead of moving this "
                        "one.",
                        team=team.name,
                        company=company.name,
                    )
                )

    def _alias_get_creation_values(self):
        values = super()._alias_get_creation_values()
        values["alias_model_id"] = self.env["ir.model"]._get("complaint.complaint").id
        if self.id:
            values["alias_defaults"] = defaults = ast.literal_eval(
                self.alias_defaults or "{}"
            )
            defaults["team_id"] = self.id
            # the team's company, not one an earlier alias carried
            defaults["company_id"] = self.company_id.id
        return values

    def write(self, vals):
        if "alias_defaults" in vals:
            self._check_alias_defaults(vals["alias_defaults"])
        if "active" in vals and not vals["active"] and not self.env.su:
            self._check_no_open_complaints()
        staff_before = (
            {team: team.member_ids | team.leader_id for team in self}
            if {"member_ids", "leader_id"} & vals.keys()
            else {}
        )
        res = super().write(vals)
        if "leader_id" in vals:
            # the tasks of complaints waiting for a handler go to the leader
            # present now
            self._complaints_owner_changed()
        left = self.env["res.users"]
        for team, staff in staff_before.items():
            left |= staff - team.member_ids - team.leader_id
        if left:
            # who left the team stops following what they no longer read, and
            # the to-dos they hold there go to who owns each complaint
            left._complaint_unfollow_unreadable()
            left._complaint_tasks_held()._hand_over_lost_todos()
        if {"resource_calendar_id", "company_id"} & vals.keys():
            # the team's open limits follow its new working time
            self.env["complaint.sla.line"]._sla_complaints_moved(
                [("team_id", "in", self.ids)]
            )
        if "company_id" in vals:
            # an email to a team moved to another company files there
            for team in self.filtered("alias_id"):
                defaults = ast.literal_eval(team.alias_defaults or "{}")
                defaults["company_id"] = team.company_id.id
                # sudo: the alias is the team's, as core writes its domain
                team.alias_id.sudo().alias_defaults = repr(defaults)
        return res

    def _check_alias_defaults(self, alias_defaults):
        """An email to a team's alias files a complaint as the mail gateway
        (superuser, past the workflow's guards) with the alias's defaults:
        a team's manager (core lets whoever may change the team write them)
        sets how it is classified, not its status, dates, company or team."""
        try:
            defaults = ast.literal_eval(alias_defaults or "{}")
        except (ValueError, SyntaxError):
            return  # core's own check of the alias says it is no dictionary
        if not isinstance(defaults, dict):
            return
        Complaint = self.env["complaint.complaint"]
        for team in self:
            kept = Complaint._mail_alias_values(defaults, team)
            if any(kept.get(key) != value for key, value in defaults.items()):
                raise ValidationError(
                    self.env._(
                        "The email defaults of team %(team)s may set the category, "
                        "the channel, the level and the tags of the complaints "
                        "they file (in the team and its company), nothing else.",
                        team=team.display_name,
                    )
                )

    def _complaints_owner_changed(self):
        """The teams' leaders changed or left: a complaint without a handler
        that no leader takes over any more gets one by the team's method, and
        the tasks of the teams' complaints (reminders, report-backs, a closed
        one's callback) go to who owns each now."""
        if not self:
            return
        # sudo: the teams' complaints, whoever changes the team or its leader
        complaints = (
            self.env["complaint.complaint"]
            .sudo()
            .search(
                [
                    ("team_id", "in", self.ids),
                    "|",
                    "|",
                    ("is_open", "=", True),
                    ("activity_ids", "!=", False),
                    # a closed complaint's report-back to an outside body
                    ("external_case_ids", "any", PENDING_CASE),
                ]
            )
        )
        complaints.filtered(
            lambda c: c.is_open and not c.user_id and not c._owner_in_team()
        )._assign()
        complaints._on_owner_changed()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_with_complaints(self):
        """A team that handled complaints is archived, not deleted: its open
        complaints would be left with no team (and Odoo empties the field
        with no check), its closed ones and their escalations would lose the
        team they were handled in."""
        # sudo: the teams' complaints and escalations, whatever the deleter reads
        groups = [
            (self.env["complaint.complaint"].sudo(), "team_id"),
            (self.env["complaint.escalation"].sudo(), "from_team_id"),
            (self.env["complaint.escalation"].sudo(), "to_team_id"),
        ]
        used = self.browse()
        for Model, field in groups:
            for (team,) in Model._read_group([(field, "in", self.ids)], [field]):
                used |= team
        if used:
            raise UserError(
                self.env._(
                    "Complaints were handled by team %(team)s: archive it instead "
                    "of deleting it (once its open complaints are handed over).",
                    team=used[0].name,
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_an_escalation_target(self):
        """Deleted, a team that another escalates to would leave that team's
        breaches escalating within it: Odoo empties the field with no check."""
        source, _name = first_referrer(
            self,
            [("complaint.team", "escalation_team_id", [("id", "not in", self.ids)])],
        )
        if source:
            raise UserError(
                self.env._(
                    "Team %(escalating)s escalates to %(team)s: give it another "
                    "escalation team before deleting this one.",
                    escalating=source.name,
                    team=source.escalation_team_id.name,
                )
            )

    def _check_no_open_complaints(self):
        """An archived team drops out of its members' lists and searches: its
        open complaints would be out of their sight."""
        # sudo: the team's complaints, whatever the archiver reads
        counts = dict(
            self.env["complaint.complaint"]
            .sudo()
            ._read_group(
                [("team_id", "in", self.ids), ("is_open", "=", True)],
                ["team_id"],
                ["__count"],
            )
        )
        for team in self:
            if counts.get(team):
                raise UserError(
                    self.env._(
                        "Team %(team)s still has %(count)s open complaints: hand "
                        "them over to another team before archiving it.",
                        team=team.name,
                        count=counts[team],
                    )
                )

    @api.model
    def _get_default_team(self, user=None):
        user = user or self.env.user
        team = self.search(
            [
                "|",
                ("member_ids", "in", user.id),
                ("leader_id", "=", user.id),
                # the company the complaint is filed in, not every company
                # the user may switch to
                ("company_id", "=", self.env.company.id),
            ],
            limit=1,
        )
        return team or self.search([("company_id", "=", self.env.company.id)], limit=1)

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
