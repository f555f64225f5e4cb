from odoo import api, fields, models
from odoo.exceptions import UserError

from ..models.complaint_team import TEAM_TIERS


class ComplaintEscalateWizard(models.TransientModel):
    _name = "complaint.escalate.wizard"
    _description = "Escalate Complaints"

    complaint_ids = fields.Many2many("complaint.complaint", string="Complaints")
    company_id = fields.Many2one("res.company", compute="_compute_company_id")
    target = fields.Selection(
        [
            ("next", "Next Tier"),
            ("tier", "Tier"),
            ("team", "Team"),
            ("user", "Handler"),
        ],
        string="Escalate To",
        required=True,
        default="next",
        help="Next tier: the escalation team of each complaint's team. Handler: "
        "the chosen colleague takes each complaint over in its team.",
    )
    tier = fields.Selection(TEAM_TIERS)
    team_id = fields.Many2one(
        "complaint.team",
        domain="[('company_id', '=', company_id)]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Handler",
        domain=lambda self: self.env["res.users"]._complaint_owner_domain(),
    )
    trigger = fields.Selection(
        [("manual", "Manual"), ("high_risk", "High Risk")],
        required=True,
        default="manual",
    )
    reason = fields.Text(required=True)
    # a form escalates once: sent again (a replay, a second click) it would
    # raise the priority and move the complaints a tier further
    done = fields.Boolean(readonly=True)

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if self.env.context.get("active_model") == "complaint.complaint":
            complaints = self.env["complaint.complaint"].browse(
                self.env.context.get("active_ids", [])
            )
            res["complaint_ids"] = [fields.Command.set(complaints.ids)]
            if (
                "trigger" in fields_list
                and complaints
                and all(complaints.mapped("is_high_risk"))
            ):
                res["trigger"] = "high_risk"
        return res

    @api.depends("complaint_ids")
    def _compute_company_id(self):
        for wizard in self:
            wizard.company_id = wizard.complaint_ids.company_id[:1] or self.env.company

    def _get_target_team(self):
        self.ensure_one()
        if self.target == "team":
            return self.team_id
        if self.target == "tier":
            team = self.env["complaint.team"].search(
                [("tier", "=", self.tier), ("company_id", "=", self.company_id.id)],
                limit=1,
            )
            if not team:
                raise UserError(
                    self.env._("No complaint team of this tier in this company.")
                )
            return team
        return None

    def action_escalate(self):
        self.ensure_one()
        if self.done:
            raise UserError(
                self.env._(
                    "These complaints were escalated with this form already: "
                    "escalate them again from the complaint."
                )
            )
        if not self.complaint_ids:
            raise UserError(self.env._("Select the complaints to escalate."))
        closed = self.complaint_ids.filtered(lambda c: not c.is_open)
        if closed:
            raise UserError(
                self.env._(
                    "Complaint %(name)s is not open and cannot be escalated.",
                    name=closed[0].name,
                )
            )
        if self.target == "team" and not self.team_id:
            raise UserError(self.env._("Choose the team to escalate to."))
        if self.target == "tier" and not self.tier:
            raise UserError(self.env._("Choose the tier to escalate to."))
        if self.target == "user" and not self.user_id:
            raise UserError(self.env._("Choose the handler to escalate to."))
        if self.target in ("team", "tier") and len(self.complaint_ids.company_id) > 1:
            # a team is one company's: it would take another company's complaint
            raise UserError(
                self.env._(
                    "A team works for one company: escalate the complaints of "
                    "each company to a team of theirs, one company at a time."
                )
            )
        if self.target == "user":
            # the chosen colleague takes each complaint over in its team: the
            # team moves only where a team or tier was chosen
            for team in {complaint.team_id for complaint in self.complaint_ids}:
                self.complaint_ids.filtered(lambda c, t=team: c.team_id == t)._escalate(
                    team=team or None,
                    user=self.user_id,
                    reason=self.reason,
                    trigger=self.trigger,
                )
        else:
            self.complaint_ids._escalate(
                team=self._get_target_team(),
                reason=self.reason,
                trigger=self.trigger,
            )
        self.done = True
        return {"type": "ir.actions.act_window_close"}
