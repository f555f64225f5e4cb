from collections import defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ComplaintStageMixin(models.AbstractModel):
    """The kanban stage of a complaint: the first stage of its team (or a
    shared one) standing for its status, chosen again when the status or
    the team changes; a stage may wait on the complainant (the time limits
    pause there); the complainant's answer ends the wait."""

    _name = "complaint.stage.mixin"
    _inherit = "complaint.events"
    _description = "Complaint Stage"

    stage_id = fields.Many2one(
        "complaint.stage",
        compute="_compute_stage_id",
        store=True,
        precompute=True,
        readonly=False,
        index=True,
        copy=False,
        group_expand="_read_group_stage_ids",
        domain="[('iso_step', '=', state), '|', ('team_ids', '=', False), "
        "('team_ids', 'in', team_id)]",
    )
    is_waiting_customer = fields.Boolean(related="stage_id.is_waiting_customer")

    @api.depends("state", "team_id")
    def _compute_stage_id(self):
        index = self.env["complaint.stage"]._stage_index()
        for complaint in self:
            # an archived team's stage stays its own
            teams = complaint.stage_id.with_context(active_test=False).team_ids
            if complaint.stage_id.iso_step == complaint.state and (
                not teams or complaint.team_id in teams
            ):
                continue
            complaint.stage_id = complaint._pick_stage(index)

    def _stage_leave_unfit(self):
        """Move the complaints whose stage no longer stands for their status
        or team (a manager changed it) to the first stage that does, as a
        change of status or team moves them: not left in a column that is
        not theirs, paused in another team's wait. Returns the others."""
        index = self.env["complaint.stage"]._stage_index()
        unfit = defaultdict(lambda: self.browse())
        for complaint in self:
            teams = complaint.stage_id.with_context(active_test=False).team_ids
            if complaint.stage_id.iso_step != complaint.state or (
                teams and complaint.team_id not in teams
            ):
                unfit[complaint._pick_stage(index)] |= complaint
        moved = self.browse()
        for stage, complaints in unfit.items():
            complaints.write({"stage_id": stage.id})
            moved |= complaints
        return self - moved

    def _pick_stage(self, index):
        """First stage of the complaint's team (or shared) standing for its state.

        :param index: ``complaint.stage._stage_index()``
        """
        self.ensure_one()
        candidates = [entry for entry in index if entry[1] == self.state]
        team_id = self.team_id.id
        stage_id = next(
            (sid for sid, _step, teams in candidates if team_id in teams), None
        ) or next((sid for sid, _step, teams in candidates if not teams), None)
        return self.env["complaint.stage"].browse(stage_id)

    def _on_message_posted(self, message, msg_values):
        res = super()._on_message_posted(message, msg_values)
        if (
            len(self) == 1
            and self.is_waiting_customer
            # a proposal waits for a decision (accept or reject), not a message
            and self.state != "proposed"
            and not self.env.context.get("complaint_auto_reply")
            and self._is_complainant_message(message)
        ):
            self._end_customer_wait()
        return res

    def _on_written(self, vals):
        res = super()._on_written(vals)
        if "stage_id" in vals and "state" not in vals:
            # a wait for the complainant pauses the time limits: who put the
            # complaint on hold is on its record (the stage is not tracked,
            # it follows the status, whose change is)
            for complaint in self.filtered("is_waiting_customer"):
                complaint._message_log(
                    body=Markup("<p>%s</p>")
                    % self.env._(
                        "Waiting for the complainant (%(stage)s): the time "
                        "limits are paused.",
                        stage=complaint.stage_id.name,
                    )
                )
        return res

    def _end_customer_wait(self):
        """The complainant answered: the complaint leaves the stage waiting on
        them for the first stage of its status that does not wait (its time
        limits run again), with a note saying so."""
        self.ensure_one()
        waiting = set(self.env["complaint.stage"]._waiting_stage_ids())
        index = [
            entry
            for entry in self.env["complaint.stage"]._stage_index()
            if entry[0] not in waiting
        ]
        stage = self._pick_stage(index)
        if not stage:
            return
        # sudo: the complainant (portal or mail gateway) cannot write the complaint
        complaint = self._in_company_lang().sudo()
        complaint.stage_id = stage
        complaint._message_log(
            body=complaint.env._(
                "The complainant answered: back to %(stage)s, the time limits "
                "run again.",
                stage=stage.with_env(complaint.env).name,
            ),
            author_id=self.env.ref("base.partner_root").id,
        )

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        team_id = self.env.context.get("default_team_id")
        search_domain = [("team_ids", "=", False)]
        if team_id:
            search_domain = ["|", ("team_ids", "in", team_id)] + search_domain
        return stages.search(search_domain)

    @api.constrains("stage_id", "state", "team_id")
    def _check_stage_matches_state(self):
        for complaint in self:
            if complaint.stage_id and complaint.stage_id.iso_step != complaint.state:
                raise ValidationError(
                    self.env._(
                        "The stage %(stage)s stands for another step than the "
                        "complaint's status %(state)s.",
                        stage=complaint.stage_id.name,
                        state=complaint._state_label(),
                    )
                )
            teams = complaint.stage_id.with_context(active_test=False).team_ids
            if teams and complaint.team_id not in teams:
                # another team's stage (a wait that pauses the time limits
                # among them) is not the complaint's to take
                raise ValidationError(
                    self.env._(
                        "The stage %(stage)s belongs to other teams than the "
                        "complaint's (%(team)s).",
                        stage=complaint.stage_id.name,
                        team=complaint.team_id.name or self.env._("no team"),
                    )
                )
