from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models

from .complaint_sla_calendar import SlaCalendarCache, company_calendar
from .complaint_sla_states import OPEN_SLA_STATES, SLA_STATE_RANK, SLA_STATES

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
    "date_received",
    "state",
    "stage_id",
    "user_id",
    "date_acknowledged",
    "date_assessed",
    "date_closed",
    "date_reopened",
    # what decides whether only closing is left (an outside body then holds
    # the resolution)
    "validity",
    "is_high_risk",
    "reply_script_id",
    "handling_plan",
}
ACK_TEMPLATE = "complaint_management.mail_template_complaint_acknowledgement"


class ComplaintSlaMixin(models.AbstractModel):
    """Time limits (SLA) of complaints: the clock.

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

    _name = "complaint.sla.mixin"
    _description = "Complaint Time Limits"
    _inherit = "complaint.events"

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
        help="Every resolution of the complaint was reached on time (one "
        "reached late stays late after a reopening).",
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
        "sla_line_ids.state",
        "sla_line_ids.deadline",
        "sla_line_ids.date_reached",
    )
    def _compute_sla(self):
        # plain lists, not recordset filters (the sweep recomputes thousands)
        for complaint in self:
            lines = list(complaint.sla_line_ids)
            open_lines = [line for line in lines if line.state in OPEN_SLA_STATES]
            pool = [line.state for line in open_lines or lines]
            complaint.sla_state = min(pool, key=SLA_STATE_RANK.get) if pool else False
            deadlines = [line.deadline for line in open_lines if line.state != "paused"]
            complaint.sla_deadline = min(deadlines) if deadlines else False
            reached = [
                line
                for line in lines
                if line.milestone == "resolution" and line.date_reached
            ]
            complaint.sla_met = bool(
                reached
                and not any(line.milestone == "resolution" for line in open_lines)
                # the latest reached; the last one of equal dates, as a sort
                and max(reversed(reached), key=lambda line: line.date_reached).state
                == "met"
                # a resolution reached late is a fact: a reopening resolved
                # in time does not make the complaint resolved in time (a
                # merged complaint's limit carries on as this one's promise)
                and not any(line.state == "met_late" for line in reached)
            )

    @api.depends("sla_deadline", "sla_state")
    @api.depends_context("lang")
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

    def _search_sla_time_left(self, operator, value):
        if operator not in ("<", "<=", ">", ">=") or not isinstance(value, int | float):
            return [("sla_deadline", "!=", False)]
        moment = fields.Datetime.now() + timedelta(hours=value)
        return [("sla_deadline", "!=", False), ("sla_deadline", operator, moment)]

    # ------------------------------------------------------------------
    # CRUD hooks
    # ------------------------------------------------------------------
    def _on_created(self):
        res = super()._on_created()
        self._sla_sync()
        return res

    def _on_writing(self, vals):
        res = super()._on_writing(vals)
        if vals.get("date_received"):
            self._sla_move_start(fields.Datetime.to_datetime(vals["date_received"]))
        return res

    def _on_owner_changed(self):
        res = super()._on_owner_changed()
        self._sla_sync_activities()
        return res

    def _on_written(self, vals):
        res = super()._on_written(vals)
        if SLA_SYNC_FIELDS & vals.keys():
            if SLA_RECOMPUTE_FIELDS & vals.keys():
                self._sla_recompute()
            self._sla_sync()
        if "company_id" in vals:
            # on a calendar shared between companies, the public holidays
            # are now the new company's: planned again when the move is saved
            self.env["complaint.sla.line"]._sla_complaints_moved(
                [("id", "in", self.ids)]
            )
        return res

    # ------------------------------------------------------------------
    # Messages: staff replies reach first response and progress
    # ------------------------------------------------------------------
    def _on_message_posted(self, message, msg_values):
        res = super()._on_message_posted(message, msg_values)
        if self._sla_is_staff_reply(message, msg_values):
            # reached when the reply came in: a message's date is what the
            # poster gives (an email's Date header, as the sender's clock or
            # hand wrote it; message_post(date=...) over JSON-RPC)
            # the acknowledgement is news, not a response
            self._sla_on_staff_reply(
                fields.Datetime.now(),
                response=self.env.context.get("complaint_mail_template")
                != ACK_TEMPLATE,
            )
        return res

    def _sla_is_staff_reply(self, message, msg_values):
        # a notice the system posts for the complainant (where a split part
        # went) answers nothing: set in superuser mode only
        if self._system_context("complaint_sla_no_reply"):
            return False
        # the complainant's own words (an anonymous one's, through a channel
        # whose user is internal, among them) answer nothing of theirs
        if self._is_complainant_message(message):
            return False
        # "notification": templates sent by the workflow (acknowledgement,
        # proposal) are posted as such, with the public comment subtype
        message_type = msg_values.get("message_type")
        if (
            message_type not in ("comment", "notification", "email")
            or message.is_internal
        ):
            return False
        if msg_values.get("subtype_id") != self.env["ir.model.data"]._xmlid_to_res_id(
            "mail.mt_comment"
        ):
            return False
        author = message.author_id
        if message_type == "email":
            # an email reply (the mail gateway posts it) is staff's when its
            # author handles the complaint (its handler, its team): one of
            # them answering from their mailbox. Any colleague's address
            # would do for a forged From to stop the time limits
            # sudo: the team's members, whoever's email the gateway posts
            handlers = (
                self.user_id | self.team_id.leader_id | self.team_id.member_ids
            ).sudo()
            return bool(
                author
                and author not in self.partner_id
                and author in handlers.filtered(lambda u: not u.share).partner_id
            )
        # posted by staff (templates may carry the team's address as author);
        # complainants write as portal users or by e-mail (message type email)
        return bool(
            not self.env.user.share
            and not (author and author in self.partner_id)
            and not (
                author and author.user_ids and all(author.user_ids.mapped("share"))
            )
        )

    def _on_customer_mail(self, template_xmlid):
        res = super()._on_customer_mail(template_xmlid)
        self._sla_on_staff_reply(
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
        return company_calendar(
            self.team_id.resource_calendar_id or self.company_id.resource_calendar_id,
            self.company_id,
        )

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
        # reminded: complaints whose first limits came with their reminder
        reminded = open_complaints._sla_create_missing(now)
        lines = open_complaints.sla_line_ids
        # an outside body holding the closing holds the resolution only: the
        # complainant is still owed news at the promised interval
        waiting = lines.filtered(
            lambda line: line.complaint_id._sla_waits()
            or (
                line.milestone == "resolution"
                and line.complaint_id._sla_waits_for_body()
            )
        )
        waiting._sla_pause(now)
        (lines - waiting)._sla_resume(now)
        (complaints - reminded)._sla_sync_activities()

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
        """Create the milestones due and not there; returns the complaints
        whose reminder came with them (:meth:`_sla_remind_new`)."""
        # sudo: policies of every company are matched by the complaint's own
        policies = self.env["complaint.sla.policy"].sudo()
        index = policies._sla_policy_index()
        limits_from = {policy.id: criteria["limits_from"] for policy, criteria in index}
        cache = SlaCalendarCache(self.env)
        todo = []
        for complaint in self:
            matched = policies._sla_match(index, complaint)
            for milestone, policy in matched.items():
                start = complaint._sla_start(milestone)
                if not start:
                    continue
                # a limit its policy began to set after the complaint was
                # filed counts from then: from the receipt, a complaint
                # touched later would be overdue at once, others not at all
                since = limits_from.get(policy.id)
                # (a row written without the ORM has no creation date: its
                # receipt stands for it)
                filed = complaint.create_date or start
                set_since = bool(since and filed < since)
                if set_since and start < since:
                    start = since
                # a milestone a regrade, a move or an escalation adds to a
                # complaint under limits (not one its policy began to set
                # since: due from then, passed or not)
                added = (
                    not set_since
                    and bool(complaint.sla_line_ids)
                    and not any(
                        line.milestone == milestone for line in complaint.sla_line_ids
                    )
                )
                todo.append((complaint, milestone, policy, start, added))
                end = max(start, now) if added else start
                cache.prepare(complaint._sla_calendar(), start, end)
        Line = self.env["complaint.sla.line"]
        vals_list = []
        for complaint, milestone, policy, start, added in todo:
            amount, unit = policy._sla_target(milestone)
            values = {
                "complaint_id": complaint.id,
                "policy_id": policy.id,
                "milestone": milestone,
                "target_time": amount,
                "time_unit": unit,
                "warning_share": policy.warning_share,
                "escalate_on_breach": policy.escalate_on_breach,
                "date_start": start,
            }
            calendar = complaint._sla_calendar()
            vals_list.append(
                Line._sla_plan_new(cache, calendar, values, now if added else None)
            )
        if not vals_list:
            return self.browse()
        reminded = self._sla_remind_new(vals_list)
        # sudo: users read milestones; only the engine writes them
        self.env["complaint.sla.line"].sudo().create(vals_list)
        return reminded

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
