from collections import defaultdict
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import format_datetime

from .complaint_sla_calendar import SlaCalendarCache
from .complaint_sla_line import OPEN_SLA_STATES, SLA_STATE_RANK, SLA_STATES

# a change of these recomputes the policy and deadlines of open milestones
SLA_RECOMPUTE_FIELDS = {
    "level_id",
    "channel_id",
    "category_id",
    "team_id",
    "company_id",
}
# a change of these may reach, pause, resume, create or move milestones
SLA_SYNC_FIELDS = SLA_RECOMPUTE_FIELDS | {
    "state",
    "stage_id",
    "user_id",
    "date_acknowledged",
    "date_assessed",
    "date_closed",
    "date_reopened",
}
ACK_TEMPLATE = "complaint_management.mail_template_complaint_acknowledgement"


class ComplaintComplaint(models.Model):
    """Time limits (SLA) of complaints.

    Each complaint gets one ``complaint.sla.line`` per milestone its policies
    set a limit for (see ``complaint.sla.policy`` for how the policy is chosen).
    The clock of every milestone starts when the complaint is received
    (``date_received``), except the recurring progress update and a resolution
    after a reopening. What reaches each milestone:

    - acknowledge: the acknowledgement (``date_acknowledged``);
    - first_response: the assessment is completed (``date_assessed``) or staff
      send the complainant a first public message, whichever comes first; the
      automatic acknowledgement is not a response;
    - progress: any public message from staff to the complainant (the
      acknowledgement and proposals included); a new progress milestone then
      starts at once, and so on until closure;
    - resolution: the closure (``date_closed``); a reopened complaint gets a new
      resolution milestone starting at the reopening.

    Closing reaches every open milestone at the closing date; cancelling drops
    the open ones. While the complaint's stage waits on the complainant
    (``is_waiting_customer``) running milestones are paused; they resume with
    the working time they had left. Changing the level, channel, category,
    team or company re-chooses the policies and recomputes open deadlines,
    with a note in the chatter; a milestone no policy covers any more keeps its
    limit.
    """

    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    sla_line_ids = fields.One2many(
        "complaint.sla.line", "complaint_id", string="Time Limits", copy=False
    )
    sla_deadline = fields.Datetime(
        string="Next Deadline",
        compute="_compute_sla",
        store=True,
        index=True,
        help="Nearest deadline of the milestones still running.",
    )
    sla_state = fields.Selection(
        SLA_STATES,
        string="Time Limit Status",
        compute="_compute_sla",
        store=True,
        index=True,
        help="Worst status of the open milestones; once all are reached, the "
        "worst status they were reached with.",
    )
    sla_met = fields.Boolean(
        string="Resolved in Time",
        compute="_compute_sla",
        store=True,
        help="The resolution milestone was met on time.",
    )
    sla_time_left = fields.Float(
        string="Hours Left",
        compute="_compute_sla_time_left",
        search="_search_sla_time_left",
        help="Hours until the next deadline (negative when overdue).",
    )

    sla_time_left_text = fields.Char(
        string="Time Left",
        compute="_compute_sla_time_left",
        help="Time until the next deadline, or how long it is overdue.",
    )

    @api.depends(
        "sla_line_ids.state", "sla_line_ids.deadline", "sla_line_ids.date_reached"
    )
    def _compute_sla(self):
        for complaint in self:
            lines = complaint.sla_line_ids
            open_lines = lines.filtered(lambda line: line.state in OPEN_SLA_STATES)
            pool = open_lines or lines
            complaint.sla_state = (
                min(pool.mapped("state"), key=SLA_STATE_RANK.get) if pool else False
            )
            running = open_lines.filtered(lambda line: line.state != "paused")
            complaint.sla_deadline = (
                min(running.mapped("deadline")) if running else False
            )
            resolutions = lines.filtered(
                lambda line: line.milestone == "resolution" and line.date_reached
            )
            open_resolution = any(line.milestone == "resolution" for line in open_lines)
            complaint.sla_met = (
                bool(resolutions)
                and not open_resolution
                and resolutions.sorted("date_reached")[-1].state == "met"
            )

    @api.depends("sla_deadline", "sla_state")
    def _compute_sla_time_left(self):
        now = fields.Datetime.now()
        for complaint in self:
            hours = (
                (complaint.sla_deadline - now).total_seconds() / 3600.0
                if complaint.sla_deadline
                else 0.0
            )
            complaint.sla_time_left = hours
            if complaint.sla_deadline:
                complaint.sla_time_left_text = self._sla_duration_text(hours)
            elif complaint.sla_state == "paused":
                complaint.sla_time_left_text = self.env._("Paused")
            else:
                complaint.sla_time_left_text = False

    @api.model
    def _sla_duration_text(self, hours):
        """'3 days overdue', '1 day 4 h left', '2 h 15 min left', '5 min left'."""
        minutes = round(abs(hours) * 60)
        days, minutes = divmod(minutes, 24 * 60)
        hours_part, minutes = divmod(minutes, 60)
        if days >= 3:
            span = self.env._("%(days)s days", days=days)
        elif days:
            span = (
                self.env._("1 day %(hours)s h", hours=hours_part)
                if days == 1
                else self.env._(
                    "%(days)s days %(hours)s h", days=days, hours=hours_part
                )
            )
        elif hours_part:
            span = self.env._(
                "%(hours)s h %(minutes)s min", hours=hours_part, minutes=minutes
            )
        else:
            span = self.env._("%(minutes)s min", minutes=minutes)
        if hours < 0:
            return self.env._("%(time)s overdue", time=span)
        return self.env._("%(time)s left", time=span)

    def _search_sla_time_left(self, operator, value):
        if operator not in ("<", "<=", ">", ">=") or not isinstance(value, int | float):
            return [("sla_deadline", "!=", False)]
        moment = fields.Datetime.now() + timedelta(hours=value)
        return [("sla_deadline", "!=", False), ("sla_deadline", operator, moment)]

    # ------------------------------------------------------------------
    # CRUD hooks
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        complaints = super().create(vals_list)
        complaints._sla_sync()
        return complaints

    def write(self, vals):
        res = super().write(vals)
        if SLA_SYNC_FIELDS & vals.keys() and not self.env.context.get(
            "complaint_sla_no_sync"
        ):
            if SLA_RECOMPUTE_FIELDS & vals.keys():
                self._sla_recompute()
            self._sla_sync()
        return res

    # ------------------------------------------------------------------
    # Messages: staff replies reach first response and progress
    # ------------------------------------------------------------------
    def _message_post_after_hook(self, message, msg_values):
        res = super()._message_post_after_hook(message, msg_values)
        if self._sla_is_staff_reply(message, msg_values):
            self._sla_on_staff_reply(
                message.date or fields.Datetime.now(),
                response=not self.env.context.get("complaint_sla_not_a_response"),
            )
        return res

    def _sla_is_staff_reply(self, message, msg_values):
        # "notification": templates sent by the workflow (acknowledgement,
        # proposal) are posted as such, with the public comment subtype
        if (
            msg_values.get("message_type") not in ("comment", "notification")
            or message.is_internal
        ):
            return False
        if msg_values.get("subtype_id") != self.env["ir.model.data"]._xmlid_to_res_id(
            "mail.mt_comment"
        ):
            return False
        # posted by staff (templates may carry the team's address as author);
        # complainants write as portal users or by e-mail (message type email)
        author = message.author_id
        return bool(
            not self.env.user.share
            and not (author and author in self.partner_id)
            and not (
                author and author.user_ids and all(author.user_ids.mapped("share"))
            )
        )

    def _message_to_complainant(self, template_xmlid):
        complaints = self
        if template_xmlid == ACK_TEMPLATE:
            complaints = self.with_context(complaint_sla_not_a_response=True)
        res = super(ComplaintComplaint, complaints)._message_to_complainant(
            template_xmlid
        )
        # a complainant known only by e-mail gets an e-mail, not a chatter reply
        without_partner = complaints.filtered(lambda c: not c.partner_id)
        if without_partner:
            without_partner._sla_on_staff_reply(
                fields.Datetime.now(), response=template_xmlid != ACK_TEMPLATE
            )
        return res

    def _sla_on_staff_reply(self, date, response=True):
        milestones = ("first_response", "progress") if response else ("progress",)
        lines = self.sudo().sla_line_ids.filtered(  # sudo: engine-owned lines
            lambda line: line.milestone in milestones and line.state in OPEN_SLA_STATES
        )
        if lines:
            lines._sla_reach(date)
            self._sla_sync()

    # ------------------------------------------------------------------
    # Engine
    # ------------------------------------------------------------------
    def _sla_calendar(self):
        self.ensure_one()
        return self.team_id.resource_calendar_id or self.company_id.resource_calendar_id

    def _sla_sync(self):
        """Bring the milestones of ``self`` in line with the complaints' data.

        Idempotent: reaches the milestones whose event happened, drops those of
        cancelled complaints, creates the missing ones, pauses or resumes them
        with the stage, and puts their activities on the current handler.
        """
        complaints = self.sudo().filtered("id")  # sudo: engine-owned lines
        if not complaints:
            return
        now = fields.Datetime.now()
        complaints._sla_reach_events(now)
        cancelled = complaints.filtered(lambda c: c.state == "cancelled")
        dropped = cancelled.sla_line_ids.filtered(
            lambda line: line.state in OPEN_SLA_STATES
        )
        if dropped:
            dropped.activity_id.unlink()
            dropped.unlink()
        open_complaints = complaints.filtered("is_open")
        open_complaints._sla_create_missing(now)
        lines = open_complaints.sla_line_ids
        waiting = lines.filtered(lambda line: line.complaint_id.is_waiting_customer)
        waiting._sla_pause(now)
        (lines - waiting)._sla_resume(now)
        complaints._sla_sync_activities()

    def _sla_reach_events(self, now):
        by_date = defaultdict(lambda: self.env["complaint.sla.line"])
        for complaint in self:
            for line in complaint.sla_line_ids:
                if line.state not in OPEN_SLA_STATES:
                    continue
                if complaint.state == "closed":
                    by_date[complaint.date_closed or now] |= line
                elif line.milestone == "acknowledge" and complaint.date_acknowledged:
                    by_date[complaint.date_acknowledged] |= line
                elif line.milestone == "first_response" and complaint.date_assessed:
                    by_date[complaint.date_assessed] |= line
        for date, lines in by_date.items():
            lines._sla_reach(date)

    def _sla_create_missing(self, now):
        # sudo: policies of every company are matched by the complaint's own
        policies = self.env["complaint.sla.policy"].sudo()
        index = policies._sla_policy_index()
        cache = SlaCalendarCache(self.env)
        todo = []
        for complaint in self:
            matched = policies._sla_match(index, complaint)
            for milestone, policy in matched.items():
                start = complaint._sla_start(milestone)
                if start:
                    todo.append((complaint, milestone, policy, start))
                    cache.prepare(complaint._sla_calendar(), start, start)
        vals_list = []
        for complaint, milestone, policy, start in todo:
            amount, unit = policy._sla_target(milestone)
            vals_list.append(
                self.env["complaint.sla.line"]._sla_plan(
                    cache,
                    complaint._sla_calendar(),
                    {
                        "complaint_id": complaint.id,
                        "policy_id": policy.id,
                        "milestone": milestone,
                        "target_time": amount,
                        "time_unit": unit,
                        "warning_share": policy.warning_share,
                        "date_start": start,
                    },
                )
            )
        if vals_list:
            # sudo: users read milestones; only the engine writes them
            self.env["complaint.sla.line"].sudo().create(vals_list)

    def _sla_start(self, milestone):
        """When a new ``milestone`` starts, or False when none is due."""
        self.ensure_one()
        lines = self.sla_line_ids.filtered(lambda line: line.milestone == milestone)
        if any(line.state in OPEN_SLA_STATES for line in lines):
            return False
        if milestone == "acknowledge":
            return not lines and not self.date_acknowledged and self.date_received
        if milestone == "first_response":
            return not lines and not self.date_assessed and self.date_received
        if milestone == "progress":
            # news was last given when a progress milestone was reached, or the
            # clock restarts at a reopening
            moments = [d for d in lines.mapped("date_reached") if d]
            return max(moments + [self.date_reopened or self.date_received])
        # resolution: a new one after a reopening
        if lines:
            return self.date_reopened or fields.Datetime.now()
        return self.date_received

    def _sla_recompute(self):
        """Re-choose the policy of open milestones; recompute changed deadlines."""
        complaints = self.sudo().filtered("is_open")  # sudo: engine-owned lines
        policies = self.env["complaint.sla.policy"].sudo()  # sudo: as above
        index = policies._sla_policy_index()
        cache = SlaCalendarCache(self.env)
        now = fields.Datetime.now()
        changes = []
        for complaint in complaints:
            matched = policies._sla_match(index, complaint)
            for line in complaint.sla_line_ids:
                if line.state not in OPEN_SLA_STATES:
                    continue
                policy = matched.get(line.milestone)
                if not policy:
                    # no policy covers it any more (e.g. escalated to a team
                    # without its own): the milestone keeps its limit
                    continue
                amount, unit = policy._sla_target(line.milestone)
                if (policy, amount, unit, policy.warning_share) != (
                    line.policy_id,
                    line.target_time,
                    line.time_unit,
                    line.warning_share,
                ):
                    changes.append((line, policy, amount, unit))
                    cache.prepare(
                        complaint._sla_calendar(), line.date_start, line.date_start
                    )
        notes = defaultdict(list)
        for line, policy, amount, unit in changes:
            old = line._sla_deadline_text()
            vals = line._sla_plan(
                cache,
                line.complaint_id._sla_calendar(),
                {
                    "date_start": line.date_start,
                    "target_time": amount,
                    "time_unit": unit,
                    "warning_share": policy.warning_share,
                    "paused_time": line.paused_time,
                },
            )
            vals.pop("date_start")
            vals["policy_id"] = policy.id
            if line.state == "breached" and vals["deadline"] > now:
                vals["state"] = "at_risk" if line.is_warned else "running"
            line.write(vals)
            if line._sla_deadline_text() == old:
                continue
            notes[line.complaint_id].append(
                self.env._(
                    "%(milestone)s: %(old)s → %(new)s",
                    milestone=line._sla_milestone_label(),
                    old=old or "-",
                    new=line._sla_deadline_text(),
                )
            )
        if notes:
            header = self.env._(
                "Time limits recomputed after a change of level, channel, "
                "category or team:"
            )
            bodies = {
                complaint.id: Markup("<p>%s</p><ul>%s</ul>")
                % (
                    header,
                    Markup().join(Markup("<li>%s</li>") % item for item in items),
                )
                for complaint, items in notes.items()
            }
            self.browse(list(bodies))._message_log_batch(bodies)

    # ------------------------------------------------------------------
    # Activities
    # ------------------------------------------------------------------
    def _sla_sync_activities(self):
        """One "next deadline" activity per open complaint, on its owner.

        It hangs on the open milestone with the nearest deadline and moves to
        the next one as milestones are reached (the reached one is marked done
        by :meth:`_sla_reach`): a handler sees one reminder per complaint, due
        when the complaint next needs them.
        """
        activity_type = self.env.ref(
            "complaint_management.mail_activity_type_sla", raise_if_not_found=False
        )
        lines = self.sudo().sla_line_ids.filtered(  # sudo: engine-owned lines
            lambda line: line.state in OPEN_SLA_STATES
        )
        if not activity_type or not lines:
            return
        # iterate the batch's records (not per-complaint recordsets) so that
        # every field is read once for the whole batch
        by_complaint = defaultdict(list)
        for line in lines:
            by_complaint[line.complaint_id].append(line)
        stale_ids = []
        todo = []
        for complaint, open_lines in by_complaint.items():
            target = min(open_lines, key=lambda line: (line.deadline, line.id))
            user = complaint._sla_activity_user()
            expected = target._sla_activity_values(user, activity_type) if user else {}
            keep = False
            for line in open_lines:
                activity = line.activity_id
                if not activity:
                    continue
                if (
                    line == target
                    and expected
                    and activity.user_id == user
                    and activity.summary == expected["summary"]
                    and activity.date_deadline == expected["date_deadline"]
                ):
                    keep = True
                else:
                    stale_ids.append(activity.id)
            if expected and not keep:
                todo.append((target, expected))
        if stale_ids:
            # sudo: the engine removes the reminders it created
            self.env["mail.activity"].sudo().browse(stale_ids).unlink()
        if not todo:
            return
        # mail.activity subscribes assignees per (user, res_ids) and inserts a
        # follower twice when two activities share a record: subscribe first
        per_user = defaultdict(set)
        for line, vals in todo:
            per_user[self.env["res.users"].browse(vals["user_id"])].add(
                line.complaint_id.id
            )
        for user, complaint_ids in per_user.items():
            # sudo: the handler follows what the engine assigns to them
            self.browse(complaint_ids).sudo().message_subscribe(
                partner_ids=user.partner_id.ids
            )
        activities = (
            self.env["mail.activity"]
            .sudo()  # sudo: the engine assigns activities to handlers
            .with_context(mail_activity_quick_update=True)
            .create([vals for _line, vals in todo])
        )
        for (line, _vals), activity in zip(todo, activities, strict=True):
            line.activity_id = activity

    # ------------------------------------------------------------------
    # Sweep outcomes
    # ------------------------------------------------------------------
    def _sla_notify_at_risk(self, lines):
        """Warn handler and team leader once, in the Odoo inbox, in one batch."""
        values_list = []
        author = self.env.ref("base.partner_root")
        subtype_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        by_complaint = defaultdict(list)
        for line in lines:
            by_complaint[line.complaint_id].append(line)
        # computed once for the batch (mail.message would ask record by record)
        reply_to = lines.complaint_id._notify_get_reply_to(
            default=author.email_formatted
        )
        for complaint, clines in by_complaint.items():
            partners = (
                complaint.user_id.partner_id | complaint.team_id.leader_id.partner_id
            )
            tz = complaint._sla_tz()
            items = Markup().join(
                Markup("<li>%s</li>")
                % self.env._(
                    "%(milestone)s due %(deadline)s",
                    milestone=line._sla_milestone_label(),
                    deadline=line._sla_deadline_text(tz),
                )
                for line in clines
            )
            body = Markup("<p>%s</p><ul>%s</ul>") % (
                self.env._("Time limit at risk:"),
                items,
            )
            values_list.append(
                complaint._internal_note_values(
                    body, author, subtype_id, partners, reply_to.get(complaint.id)
                )
            )
        messages = (
            self.env["mail.message"].sudo().create(values_list)  # sudo: engine notes
        )
        # who is warned and how (inbox or email), for the batch in one query
        data = self.env["mail.followers"]._get_recipient_data(
            lines.complaint_id,
            "notification",
            subtype_id,
            pids=messages.partner_ids.ids,
        )
        self._notify_notes(
            {
                message: [
                    data[message.res_id][pid]
                    for pid in message.partner_ids.ids
                    if pid in data.get(message.res_id, {})
                ]
                for message in messages
            }
        )
        return messages

    def _sla_on_breach(self, lines):
        """Escalate once per breached milestone and give the owner an activity."""
        to_escalate = lines.filtered(
            lambda line: not line.is_escalated
            and (not line.policy_id or line.policy_id.escalate_on_breach)
        )
        groups = defaultdict(lambda: self.browse())
        for complaint in to_escalate.complaint_id:
            labels = sorted(
                line._sla_milestone_label()
                for line in to_escalate
                if line.complaint_id == complaint
            )
            groups[", ".join(labels)] |= complaint
        to_escalate.write({"is_escalated": True})
        for labels, complaints in groups.items():
            reason = self.env._(
                "Time limit breached: %(milestones)s", milestones=labels
            )
            complaints._sla_escalate(reason)
        others = lines.complaint_id - to_escalate.complaint_id
        if others:
            others._message_log_batch(
                {
                    complaint.id: self.env._(
                        "Time limit breached: %(milestones)s",
                        milestones=", ".join(
                            line._sla_milestone_label()
                            for line in lines
                            if line.complaint_id == complaint
                        ),
                    )
                    for complaint in others
                }
            )
        lines.complaint_id._sla_sync_activities()

    def _sla_escalate(self, reason):
        """One tier up through the lifecycle's escalation (history, team or
        leader, priority, chatter note).

        The escalation note already notifies the new handler: Odoo's own "you
        have been assigned" message would be a second one (and costs as much
        as the escalation itself on a large sweep).
        """
        self.with_context(mail_auto_subscribe_no_notify=True)._escalate(
            reason=reason, trigger="sla"
        )

    # ------------------------------------------------------------------
    # Actions and texts
    # ------------------------------------------------------------------
    def action_sla_progress_update(self):
        """Open the composer with the progress-update template."""
        self.ensure_one()
        template = self.env.ref(
            "complaint_management.mail_template_complaint_progress",
            raise_if_not_found=False,
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Progress Update"),
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_composition_mode": "comment",
                "default_template_id": template.id if template else False,
                "default_subtype_xmlid": "mail.mt_comment",
                "default_email_layout_xmlid": "mail.mail_notification_light",
            },
        }

    def _sla_activity_user(self):
        """Who is reminded of the next deadline: the handler, else (no handler,
        or one who left) the team leader."""
        self.ensure_one()
        for user in (self.user_id, self.team_id.leader_id):
            if user and user.active:
                return user
        return self.env["res.users"]

    def _sla_tz(self):
        self.ensure_one()
        return self._sla_calendar().tz or self.env.user.tz or "UTC"

    def _sla_open_line(self, milestone):
        self.ensure_one()
        return self.sla_line_ids.filtered(
            lambda line: line.milestone == milestone and line.state in OPEN_SLA_STATES
        )[:1]

    def _sla_next_update_text(self):
        """When the complainant will hear from us next (progress template)."""
        self.ensure_one()
        line = self._sla_open_line("progress")
        if not line:
            line = self._sla_open_line("resolution")
            return line._sla_deadline_text(self._sla_tz()) if line else ""
        # the update being sent starts a new interval from now
        cache = SlaCalendarCache(self.env)
        deadline, _allowed = cache.get(self._sla_calendar()).plan(
            fields.Datetime.now(), line.target_time, line.time_unit
        )
        return format_datetime(self.env, deadline, tz=self._sla_tz(), dt_format="short")

    def _get_expected_handling_text(self):
        line = self.sla_line_ids.filtered(
            lambda line: line.milestone == "resolution"
        ).sorted("id")[-1:]
        if not line or not line.target_time:
            return super()._get_expected_handling_text()
        time = f"{line.target_time:g}"
        # whole phrases: a unit label put after the number cannot be translated
        # (word order, no lowercase in Chinese)
        if line.time_unit == "working_days":
            return self.env._("%(time)s working days", time=time)
        if line.time_unit == "working_hours":
            return self.env._("%(time)s working hours", time=time)
        return self.env._("%(time)s hours", time=time)
