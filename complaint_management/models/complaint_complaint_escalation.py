from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

PRIORITY_MAX = 3


class ComplaintComplaint(models.Model):
    """Escalation to a higher tier and spill-over to outside bodies."""

    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    escalation_ids = fields.One2many(
        "complaint.escalation", "complaint_id", string="Escalations"
    )
    escalation_count = fields.Integer(compute="_compute_escalation_count")
    is_escalated = fields.Boolean(
        string="Escalated", compute="_compute_is_escalated", store=True, index=True
    )
    external_case_ids = fields.One2many(
        "complaint.external.case", "complaint_id", string="Spill-Over Cases"
    )
    external_case_count = fields.Integer(compute="_compute_external_case_count")
    is_spilled_over = fields.Boolean(
        string="Spilled Over",
        compute="_compute_is_spilled_over",
        store=True,
        index=True,
        help="The complainant took the dispute to an outside body.",
    )

    @api.depends("escalation_ids")
    def _compute_escalation_count(self):
        for complaint in self:
            complaint.escalation_count = len(complaint.escalation_ids)

    @api.depends("escalation_ids")
    def _compute_is_escalated(self):
        for complaint in self:
            complaint.is_escalated = bool(complaint.escalation_ids)

    @api.depends("external_case_ids")
    def _compute_external_case_count(self):
        for complaint in self:
            complaint.external_case_count = len(complaint.external_case_ids)

    @api.depends("external_case_ids")
    def _compute_is_spilled_over(self):
        for complaint in self:
            complaint.is_spilled_over = bool(complaint.external_case_ids)

    # ------------------------------------------------------------------
    # Escalation
    # ------------------------------------------------------------------
    def _escalate(self, team=None, user=None, reason="", trigger="manual"):
        """Move each complaint one tier up and keep a trace of it.

        :param team: target ``complaint.team``; by default the escalation team of
            the complaint's current team (or the current team when it has none)
        :param user: target handler; by default the leader of the target team
        :param reason: why (required, recorded on the history line)
        :param trigger: a key of ``complaint.escalation.trigger``
        :return: the ``complaint.escalation`` records created
        """
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason for the escalation."))
        if not self:
            return self.env["complaint.escalation"]
        # ids are accepted too (data files, RPC)
        if isinstance(team, int):
            team = self.env["complaint.team"].browse(team)
        if isinstance(user, int):
            user = self.env["res.users"].browse(user)
        now = fields.Datetime.now()
        line_vals = []
        # complaints sharing the same target are written together
        writes = defaultdict(lambda: self.browse())
        for complaint in self:
            to_team = team or complaint.team_id.escalation_team_id or complaint.team_id
            # a new team without leader gets the complaint unassigned; within
            # the same team, the leader takes over (or the handler keeps it)
            to_user = (
                user
                or to_team.leader_id
                or (complaint.user_id if to_team == complaint.team_id else False)
            )
            priority = str(min(int(complaint.priority or 0) + 1, PRIORITY_MAX))
            line_vals.append(
                {
                    "complaint_id": complaint.id,
                    "date": now,
                    "from_team_id": complaint.team_id.id,
                    "to_team_id": to_team.id,
                    "from_user_id": complaint.user_id.id,
                    "to_user_id": to_user.id if to_user else False,
                    "reason": reason,
                    "escalated_by_id": self.env.user.id,
                    "trigger": trigger,
                }
            )
            writes[(to_team.id, to_user.id if to_user else False, priority)] |= (
                complaint
            )
        self.check_access("write")
        # sudo: escalating moves the complaint out of the caller's team, so the
        # caller may lose access half-way; the right to write it is checked above
        escalations = self.env["complaint.escalation"].sudo().create(line_vals)
        for (team_id, user_id, priority), complaints in writes.items():
            complaints.sudo().write(
                {"team_id": team_id, "user_id": user_id, "priority": priority}
            )
        trigger_labels = dict(
            self.env["complaint.escalation"]
            ._fields["trigger"]
            ._description_selection(self.env)
        )
        author = self.env.user.partner_id
        for escalation in escalations:
            escalation.complaint_id.message_post(
                author_id=author.id,
                body=Markup("<p>%s</p><p>%s</p>")
                % (
                    self.env._(
                        "Escalated (%(trigger)s) from %(from_team)s to "
                        "%(to_team)s, handler %(to_user)s.",
                        trigger=trigger_labels[escalation.trigger],
                        from_team=escalation.from_team_id.name or "-",
                        to_team=escalation.to_team_id.name or "-",
                        to_user=escalation.to_user_id.name or "-",
                    ),
                    escalation.reason,
                ),
                subtype_xmlid="complaint_management.mt_complaint_escalated",
                message_type="notification",
                partner_ids=escalation.to_user_id.partner_id.ids,
            )
        return escalations.with_env(self.env)

    def action_view_escalations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_escalation_action"
        )
        action["domain"] = [("complaint_id", "=", self.id)]
        action["context"] = {"default_complaint_id": self.id}
        return action

    def action_view_external_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_external_case_action"
        )
        action["domain"] = [("complaint_id", "=", self.id)]
        action["context"] = {"default_complaint_id": self.id}
        return action
