from collections import Counter, defaultdict

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from .complaint_states import INTERNAL

PRIORITY_MAX = 3


class ComplaintEscalationMixin(models.AbstractModel):
    """Escalation to a higher tier and spill-over to outside bodies."""

    _name = "complaint.escalation.mixin"
    _description = "Complaint Escalation"
    _inherit = "complaint.events"

    escalation_ids = fields.One2many(
        "complaint.escalation", "complaint_id", string="Escalations"
    )
    escalation_count = fields.Integer(compute="_compute_escalation_count")
    is_escalated = fields.Boolean(
        string="Escalated",
        compute="_compute_is_escalated",
        store=True,
        index=True,
        groups=INTERNAL,
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

    def _on_writing(self, vals):
        res = super()._on_writing(vals)
        if "company_id" in vals and not self.env.su:
            self._check_cases_stay(vals["company_id"])
        return res

    def _check_cases_stay(self, company_id):
        """Spill-over cases are filed with the complaint's company's bodies,
        on its calendar, and counted in its figures: a complaint with cases
        stays in its company (``company_id``: where it would move; their
        checks and deadlines would otherwise be recomputed without a
        manager)."""
        # sudo: the cases, whoever moves the complaint
        with_cases = self.sudo().filtered(
            lambda c: c.company_id.id != company_id and c.external_case_ids
        )
        if with_cases:
            raise UserError(
                self.env._(
                    "Complaint %(name)s has spill-over cases filed with its "
                    "company's outside bodies: it stays in its company.",
                    name=with_cases[0].name,
                )
            )

    @api.depends("escalation_ids")
    def _compute_escalation_count(self):
        for complaint in self:
            complaint.escalation_count = len(complaint.escalation_ids)

    @api.depends("escalation_ids")
    def _compute_is_escalated(self):
        for complaint in self:
            complaint.is_escalated = bool(complaint.escalation_ids)

    def _pending_external_cases(self):
        """The cases of the complaint an outside body still awaits."""
        self.ensure_one()
        # sudo: whether a case is pending, whoever may read the cases
        return self.sudo().external_case_ids.filtered(
            lambda case: case.outcome == "pending"
        )

    def _check_no_pending_external_case(self, closing=False):
        """An outside body awaiting its report keeps the complaint handled:
        not cancelled, nor closed while that route is in use (can_cancel and
        can_close say so too; this says why)."""
        for complaint in self:
            pending = complaint._pending_external_cases()
            if not pending:
                continue
            values = {"name": complaint.name, "body": pending[0].body_id.name}
            raise UserError(
                self.env._(
                    "Complaint %(name)s has a case pending with %(body)s: "
                    "record its outcome (Spill-Over tab) before closing the "
                    "complaint (the dispute is still handled there).",
                    **values,
                )
                if closing
                else self.env._(
                    "Complaint %(name)s has a case pending with %(body)s: "
                    "conclude it before cancelling the complaint (the body "
                    "awaits its report).",
                    **values,
                )
            )

    @api.depends("external_case_ids")
    def _compute_external_case_count(self):
        for complaint in self:
            complaint.external_case_count = len(complaint.external_case_ids)

    @api.depends("external_case_ids")
    def _compute_is_spilled_over(self):
        for complaint in self:
            complaint.is_spilled_over = bool(complaint.external_case_ids)

    def _on_written(self, vals):
        res = super()._on_written(vals)
        if {"user_id", "team_id"} & vals.keys() or vals.get("state") == "cancelled":
            # the reminder of an outside body's deadline follows the owner
            # (and goes with a cancellation)
            self._external_cases_follow_owner()
        return res

    def _on_owner_changed(self):
        res = super()._on_owner_changed()
        self._external_cases_follow_owner()
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_external_cases(self):
        """The database would delete a complaint's spill-over cases with it,
        past their own rule and core's clean-up (their reminders, messages
        and files): a concluded one stays (the body's figures count it), a
        pending one goes first, through the ORM."""
        # sudo: every case of the complaints deleted, whoever deletes them
        cases = self.sudo().external_case_ids
        concluded = cases.filtered(lambda case: case.outcome != "pending")
        if concluded:
            raise UserError(
                self.env._(
                    "Complaint %(name)s has a concluded spill-over case, the record "
                    "of what was reported back to the outside body: cancel the "
                    "complaint instead of deleting it.",
                    name=concluded[0].complaint_id.name,
                )
            )
        cases.unlink()

    def _external_cases_follow_owner(self):
        # sudo: whoever handed the complaint over may no longer read its cases
        self.sudo().external_case_ids.filtered(
            lambda case: case.outcome == "pending"
        )._activity_sync()

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
        if user:
            self._escalation_check_handler(user)
        now = fields.Datetime.now()
        line_vals = []
        # complaints sharing the same target are written together
        writes = defaultdict(lambda: self.browse())

        def can_own(users, complaint):
            return users.filtered(lambda u: u._complaint_can_own(complaint.company_id))

        # always a person still working here: the target team's leader, else
        # its assignment method (a complaint without a team has no members to
        # pick from), else the escalating team's leader, else the handler, else
        # the company's complaint manager on duty (a leader who left gets no
        # complaint, no note)
        targets = {}
        to_pick = defaultdict(list)
        for complaint in self:
            # an archived escalation team takes no complaint (its leader and
            # members would have them out of sight)
            to_team = (
                team
                or complaint.team_id.escalation_team_id.filtered("active")
                or complaint.team_id
            )
            to_user = user or can_own(to_team.leader_id, complaint)
            targets[complaint] = [to_team, to_user]
            if not to_user and to_team:
                to_pick[to_team].append(complaint)
        pending = Counter()  # a member of two target teams: one share
        for to_team, complaints in to_pick.items():
            # one pick for all the team's complaints: a batch is spread over
            # the members as the method says, not given to one of them
            # sudo: the members' workload, whoever escalates
            picks = to_team.sudo()._pick_handlers(len(complaints), pending=pending)
            for complaint, picked in zip(complaints, picks, strict=True):
                targets[complaint][1] = can_own(picked.with_env(self.env), complaint)
        for complaint in self:
            to_team, to_user = targets[complaint]
            to_user = (
                to_user
                or can_own(complaint.team_id.leader_id, complaint)
                or can_own(complaint.user_id, complaint)
                # nobody in the teams (a company without any, everyone left):
                # the complaint manager who stands in
                or complaint.company_id._complaint_manager_on_duty()
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
        # tracked before the write: the escalation note carries the changes
        tracked = self._escalation_tracked_values()
        # sudo: escalating moves the complaint out of the caller's team, so the
        # caller may lose access half-way; the right to write it is checked above
        escalations = self.env["complaint.escalation"].sudo().create(line_vals)
        # mail_notrack: Odoo would log the team, handler and priority changes
        # in one message per complaint at commit; the escalation note below
        # carries them, for the whole batch at once, and tells the new handler
        # (Odoo's own "you have been assigned" would be a second message)
        for (team_id, user_id, priority), complaints in writes.items():
            # the team written only where it changes: written again, it would
            # choose the complaint's policies again (an archived one's limits
            # would take another's rules) for a regrading that did not happen
            staying = complaints.filtered(lambda c, t=team_id: c.team_id.id == t)
            for part, vals in (
                (complaints - staying, {"team_id": team_id}),
                (staying, {}),
            ):
                if part:
                    part.sudo().with_context(
                        mail_notrack=True,
                        mail_auto_subscribe_no_notify=True,
                        complaint_escalating=True,
                    ).write(dict(vals, user_id=user_id, priority=priority))
        self._escalation_post_notes(escalations, tracked)
        return escalations.with_env(self.env)

    def _escalation_check_handler(self, user):
        """The colleague named to take the complaints over handles them: a
        person with the complaint rights in each one's company (not Odoo's
        bot, an archived user or a portal user, named through JSON-RPC)."""
        for complaint in self:
            if user._is_superuser() or not user._complaint_can_own(
                complaint.company_id
            ):
                raise UserError(
                    self.env._(
                        "%(user)s cannot handle complaint %(name)s: choose a "
                        "colleague with the complaint rights in %(company)s.",
                        user=user.sudo().name,  # sudo: the refusal names them
                        name=complaint.name,
                        company=complaint.company_id.name,
                    )
                )

    def _escalation_tracked_values(self):
        """Team, handler and priority of each complaint, before an escalation."""
        return {
            complaint.id: {
                "team_id": complaint.team_id,
                "user_id": complaint.user_id,
                "priority": complaint.priority,
            }
            for complaint in self
        }

    def _escalation_post_notes(self, escalations, tracked):
        """One chatter note per escalation, with the team, handler and priority
        changes, all created at once; the new handler and the internal
        followers of the "Escalated" subtype get it in their Odoo inbox.

        ``message_post`` would cost about ten queries per complaint (a large
        SLA sweep escalates thousands at once).
        """
        if not escalations:
            return self.env["mail.message"]
        trigger_labels = dict(
            self.env["complaint.escalation"]
            ._fields["trigger"]
            ._description_selection(self.env)
        )
        author = self.env.user.partner_id
        subtype_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "complaint_management.mt_complaint_escalated"
        )
        complaints = escalations.complaint_id
        # computed once for the batch (mail.message would ask record by record)
        reply_to = complaints._notify_get_reply_to(default=author.email_formatted)
        # the followers of the subtype; the new handlers apart (asked with the
        # complaints, core gives a handler as following every complaint of the
        # batch they follow, whatever its subtypes: told of those they untick)
        Followers = self.env["mail.followers"]
        recipients = Followers._get_recipient_data(
            complaints, "notification", subtype_id
        )
        handler_pids = escalations.to_user_id.partner_id.ids
        handlers = (
            Followers._get_recipient_data(
                complaints.browse(), "notification", False, pids=handler_pids
            ).get(0, {})
            if handler_pids
            else {}
        )
        values_list = []
        notified = []
        for escalation in escalations:
            complaint = escalation.complaint_id
            handler = escalation.to_user_id.partner_id.id
            told = {
                pid: data
                for pid, data in recipients.get(complaint.id, {}).items()
                if data.get("is_follower") and not data["share"]
            }
            if handler in handlers:
                told.setdefault(handler, handlers[handler])
            notified.append(list(told.values()))
            body = Markup("<p>%s</p><p>%s</p>") % (
                self.env._(
                    "Escalated (%(trigger)s) from %(from_team)s to "
                    "%(to_team)s, handler %(to_user)s.",
                    trigger=trigger_labels[escalation.trigger],
                    from_team=escalation.from_team_id.name or "-",
                    to_team=escalation.to_team_id.name or "-",
                    to_user=escalation.to_user_id.name or "-",
                ),
                escalation.reason,
            )
            values_list.append(
                complaint._internal_note_values(
                    body,
                    author,
                    subtype_id,
                    escalation.to_user_id.partner_id,
                    reply_to.get(complaint.id),
                )
            )
        # sudo: the caller may have lost access to the escalated complaints
        messages = self.env["mail.message"].sudo().create(values_list)
        tracking = self.env["mail.tracking.value"].sudo()
        fnames = ("team_id", "user_id", "priority")
        infos = self.fields_get(list(fnames), ["type", "string", "selection"])
        tracking_vals = []
        for message, escalation in zip(messages, escalations, strict=True):
            complaint = escalation.complaint_id.sudo()
            before = tracked.get(complaint.id, {})
            for fname in fnames:
                if fname in before and before[fname] != complaint[fname]:
                    vals = tracking._create_tracking_values(
                        before[fname], complaint[fname], fname, infos[fname], complaint
                    )
                    vals["mail_message_id"] = message.id
                    tracking_vals.append(vals)
        if tracking_vals:
            tracking.create(tracking_vals)
        self._notify_notes(dict(zip(messages, notified, strict=True)))
        return messages

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
