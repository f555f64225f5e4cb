from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools.misc import get_lang

from ..tools.dates import local_date
from ..tools.formats import format_deadline
from .complaint_sla_calendar import SlaCalendarCache, company_calendar
from .complaint_sla_policy import TIME_UNITS
from .complaint_sla_states import MILESTONES, OPEN_SLA_STATES, SLA_STATES


class ComplaintSlaLine(models.Model):
    """One time limit (milestone) of one complaint.

    The clock starts at ``date_start`` and stops at ``date_reached``. The
    allowed time is kept in the measure of the rule's unit (working hours of
    the team's calendar for working hours and days, calendar hours otherwise),
    so a pause only has to add its own length to it:
    ``deadline = date_start + allowed_time + paused_time`` in that measure.
    What reaches each milestone is described on ``complaint.complaint``
    (``models/complaint_sla_mixin.py``).
    """

    _name = "complaint.sla.line"
    _inherit = [
        "complaint.system.record",
        "complaint.sla.sweep",
        "complaint.sla.line.events",
        "complaint.sla.line.replan",
    ]
    _description = "Complaint Time Limit"
    _order = "deadline, id"
    _rec_name = "milestone"

    complaint_id = fields.Many2one(
        "complaint.complaint", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="complaint_id.company_id", store=True, index=True, precompute=True
    )
    policy_id = fields.Many2one("complaint.sla.policy", ondelete="set null")
    milestone = fields.Selection(MILESTONES, required=True)
    target_time = fields.Float(string="Allowed", help="As the policy sets it.")
    time_unit = fields.Selection(TIME_UNITS, required=True, default="working_hours")
    allowed_time = fields.Float(
        help="Allowed time in hours of the rule's measure: working hours for "
        "working units, calendar hours otherwise."
    )
    warning_share = fields.Float(default=80.0)
    date_start = fields.Datetime(string="Started On", required=True)
    deadline = fields.Datetime(index=True)
    warning_date = fields.Datetime(
        string="At Risk From",
        help="When the milestone turns at risk if it is not reached.",
    )
    date_reached = fields.Datetime(string="Reached On")
    state = fields.Selection(
        SLA_STATES, required=True, default="running", index=True, string="Status"
    )
    date_paused = fields.Datetime(string="Paused Since")
    date_stopped = fields.Datetime(
        string="Stopped On",
        help="When a merge stopped this limit: the kept complaint's limit of the "
        "same milestone counts instead (see the merge rule in the README).",
    )
    merged_from_id = fields.Many2one(
        "complaint.complaint",
        string="Moved From",
        readonly=True,
        index="btree_not_null",
        ondelete="set null",
        help="The merged complaint this limit came from.",
    )
    paused_time = fields.Float(
        help="Time spent paused, in the measure of the rule (hours)."
    )
    paused_hours = fields.Float(
        string="Paused Working Hours",
        help="Working hours of the team's calendar spent paused.",
    )
    paused_elapsed = fields.Float(
        string="Paused Hours",
        help="Hours spent paused, day and night: the pause of a limit counted "
        "in hours when a regrade gives it such a rule.",
    )
    working_hours_used = fields.Float(
        compute="_compute_working_hours_used",
        help="Working hours of the team's calendar between the start and the "
        "moment the milestone was reached (or now), pauses excluded.",
    )
    is_warned = fields.Boolean(
        string="Warned", help="The handler and team leader were warned."
    )
    is_escalated = fields.Boolean(
        string="Escalated", help="This milestone's breach escalated the complaint."
    )
    escalate_on_breach = fields.Boolean(
        default=True,
        help="As the policy set it when the milestone started: a breach "
        "escalates the complaint.",
    )
    activity_id = fields.Many2one(
        "mail.activity", ondelete="set null", copy=False, index="btree_not_null"
    )
    reminded_deadline = fields.Datetime(
        readonly=True,
        copy=False,
        help="The deadline the reminder was made for: a deadline moved, even "
        "within its day, gives a reminder of the new time.",
    )
    calendar_id = fields.Many2one(
        "resource.calendar",
        string="Planned On",
        readonly=True,
        ondelete="set null",
        index="btree_not_null",
        help="The working calendar the deadline was planned on: a complaint "
        "moved to a team on another calendar is planned again.",
    )

    _sql_constraints = [
        (
            "allowed_positive",
            "CHECK(allowed_time >= 0 AND paused_time >= 0)",
            "Allowed and paused times cannot be negative.",
        ),
    ]

    def init(self):
        # the limits to plan again after a change of working time
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS complaint_sla_line_replan_pending_idx
                ON complaint_sla_line (complaint_id) WHERE replan_pending
            """
        )
        # the sweep looks for open lines by their warning and deadline moments
        self.env.cr.execute(
            """
            CREATE INDEX IF NOT EXISTS complaint_sla_line_sweep_idx
                ON complaint_sla_line (deadline, warning_date)
             WHERE state IN ('running', 'at_risk')
            """
        )

    @api.depends(
        "date_start",
        "date_reached",
        "date_paused",
        "date_stopped",
        "paused_hours",
        "state",
        "calendar_id",
    )
    def _compute_working_hours_used(self):
        now = fields.Datetime.now()
        cache = SlaCalendarCache(self.env)
        for line in self:
            if line.date_start:
                cache.prepare(
                    line._sla_planned_calendar(),
                    line.date_start,
                    line._sla_clock_end(now),
                )
        for line in self:
            if not line.date_start:
                line.working_hours_used = 0.0
                continue
            sla_calendar = cache.get(line._sla_planned_calendar())
            end = line._sla_clock_end(now)
            line.working_hours_used = max(
                sla_calendar.hours_between(line.date_start, end) - line.paused_hours,
                0.0,
            )

    def _sla_planned_calendar(self):
        """The working calendar the line's time is counted on: the one it was
        planned on (kept by a line moved in by a merge or left breached after
        an escalation to a team of another site), else its complaint's."""
        self.ensure_one()
        complaint = self.complaint_id
        return (
            company_calendar(self.calendar_id, complaint.company_id)
            or complaint._sla_calendar()
        )

    def _sla_clock_end(self, now):
        """Where the clock of the line stands: reached, paused (a line stopped
        while paused stopped counting when it paused), stopped, or now."""
        self.ensure_one()
        if self.date_reached:
            return self.date_reached
        if self.date_paused and self.state in ("paused", "stopped"):
            return self.date_paused
        return self.date_stopped or now

    # ------------------------------------------------------------------
    # Planning
    # ------------------------------------------------------------------
    @api.model
    def _sla_plan(self, cache, calendar, vals):
        """Fill deadline, warning date and allowed time of line values.

        ``vals`` holds ``date_start``, ``target_time``, ``time_unit``,
        ``warning_share`` and optionally ``paused_time`` and ``allowed_time``
        (given when the allowed time must not be recomputed).
        """
        sla_calendar = cache.get(calendar)
        start, unit = vals["date_start"], vals["time_unit"]
        allowed = vals.get("allowed_time")
        if allowed is None:
            _deadline, allowed = sla_calendar.plan(start, vals["target_time"], unit)
        paused = vals.get("paused_time") or 0.0
        share = (vals.get("warning_share") or 80.0) / 100.0
        vals["allowed_time"] = allowed
        vals["calendar_id"] = calendar.id
        vals["deadline"] = sla_calendar.advance(start, allowed + paused, unit)
        vals["warning_date"] = sla_calendar.advance(
            start, allowed * share + paused, unit
        )
        return vals

    @api.model
    def _sla_plan_new(self, cache, calendar, values, changed_at=None):
        """Plan a new line (:meth:`_sla_plan`). ``changed_at``: when a
        regrade, a move or an escalation added its milestone to a complaint
        under limits already; planned from the receipt and passed by then,
        it counts from that change instead, as the limits planned again do:
        born overdue, it would breach, and escalate, at once."""
        vals = self._sla_plan(cache, calendar, dict(values))
        if changed_at and vals["deadline"] and vals["deadline"] <= changed_at:
            vals = self._sla_plan(cache, calendar, dict(values, date_start=changed_at))
        return vals

    def _sla_reschedule(self):
        """Recompute deadline and warning date of open lines (allowed time
        kept), on the calendar each was planned on: a line moves to another
        calendar only when planned again (with its note)."""
        cache = SlaCalendarCache(self.env)
        lines = self.filtered(lambda line: line.state in OPEN_SLA_STATES)
        for line in lines:
            cache.prepare(
                line._sla_planned_calendar(), line.date_start, line.date_start
            )
        for line in lines:
            vals = self._sla_plan(
                cache,
                line._sla_planned_calendar(),
                {
                    "date_start": line.date_start,
                    "time_unit": line.time_unit,
                    "target_time": line.target_time,
                    "warning_share": line.warning_share,
                    "allowed_time": line.allowed_time,
                    "paused_time": line.paused_time,
                },
            )
            line.write(
                {
                    "deadline": vals["deadline"],
                    "warning_date": vals["warning_date"],
                    "calendar_id": vals["calendar_id"],
                }
            )

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _sla_milestone_label(self, labels=None):
        """The milestone's name in the environment's language; ``labels``
        (:meth:`_sla_milestone_labels`) when a batch names many lines: core
        translates the whole selection at each call."""
        self.ensure_one()
        return (labels or self._sla_milestone_labels())[self.milestone]

    @api.model
    def _sla_milestone_labels(self):
        return dict(self._fields["milestone"]._description_selection(self.env))

    def _sla_activity_values(self, user, activity_type, labels=None):
        """Values of the activity reminding ``user`` of this milestone, in
        their language (the company's for a user without one): the same
        words whoever or whichever job moves it. ``labels``: the milestones'
        names by language, filled in by the calls of a batch."""
        self.ensure_one()
        # a user without a language: the company's, the same whoever moves it
        lang_code = user._complaint_lang(self.complaint_id.company_id)
        line = self.with_context(lang=lang_code)
        if labels is None:
            labels = {}
        if lang_code not in labels:
            labels[lang_code] = line._sla_milestone_labels()
        label = line._sla_milestone_label(labels[lang_code])
        if self.state == "breached":
            summary = line.env._("Time limit breached: %(milestone)s", milestone=label)
        else:
            summary = line.env._("Time limit: %(milestone)s", milestone=label)
        # a handler without a time zone: the day of the complaint's calendar
        tz = user.tz or self.complaint_id._sla_tz()
        return {
            "res_model_id": self.env["ir.model"]._get_id("complaint.complaint"),
            "res_id": self.complaint_id.id,
            "activity_type_id": activity_type.id,
            "summary": summary,
            "note": Markup("<p>%s</p>")
            % line.env._(
                "Due %(deadline)s", deadline=self._sla_deadline_text(tz, lang_code)
            ),
            "date_deadline": local_date(self.deadline, tz),
            "user_id": user.id,
        }

    def _sla_deadline_text(self, tz=False, lang_code=None, show_zone=False):
        """The deadline in the short format of ``lang_code`` (as resolved by
        :meth:`_sla_lang_code`; callers formatting many deadlines resolve it
        once) and time zone ``tz`` (the user's by default)."""
        self.ensure_one()
        if not self.deadline:
            return ""
        return format_deadline(
            self.deadline,
            tz or self.env.user.tz,
            lang_code or self._sla_lang_code(),
            show_zone=show_zone,
        )

    @api.model
    def _sla_lang_code(self):
        """The language deadlines are written in: the environment's (an
        installed one), else the company's (``res.company._complaint_lang``)."""
        if self.env.lang:
            return get_lang(self.env).code
        return self.env.company._complaint_lang()
