"""Deadlines of spill-over cases: planned and reminded.

The deadline is planned on the company's working calendar with the SLA
engine's calendar (``SlaCalendarCache``), so public holidays count the same
for complaints and for outside bodies; ``complaint.external.deadline.sweep``
marks the cases at risk and overdue.
"""

from collections import defaultdict
from datetime import datetime, time, timedelta

from pytz import timezone, utc

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import format_date

from ..tools.dates import local_date
from .complaint_sla_calendar import SlaCalendarCache
from .complaint_states import MANAGER

ACTIVITY_TYPE = "complaint_management.mail_activity_type_external_deadline"


class ComplaintExternalDeadlineMixin(models.AbstractModel):
    _name = "complaint.external.deadline.mixin"
    _description = "Spill-Over Deadlines"

    def write(self, vals):
        overdue = self.browse()
        if not self.env.su:
            self._deadline_check_write(vals)
            if {"deadline", "date_received", "body_id"} & vals.keys():
                overdue = self._deadline_overdue()
        res = super().write(vals)
        if overdue and not self.env.user.has_group(MANAGER):
            self._deadline_check_still_overdue(overdue)
        return res

    def _deadline_overdue(self):
        return self.filtered(
            lambda case: case.outcome == "pending"
            and case.deadline
            and case.deadline < case._deadline_today()
        )

    @api.model
    def _deadline_check_still_overdue(self, overdue):
        """A deadline passed is a fact of the figures: a case past it is not
        made on time by moving its deadline, its day received or its body (it
        would then be concluded "on time"); a complaint manager corrects."""
        lifted = overdue - overdue._deadline_overdue()
        if lifted:
            raise UserError(
                self.env._(
                    "Case %(reference)s is past its deadline: only a complaint "
                    "manager moves its deadline past today.",
                    reference=lifted[0].display_name,
                )
            )

    def _deadline_check_write(self, vals):
        """A concluded case's dates are what the on-time figures of the outside
        bodies count: a complaint manager corrects them, nobody else; a case
        does not move to a cancelled complaint (the figures leave it out)."""
        # the deadline is also computed from the body and the day received
        dated = {"deadline", "date_settled", "date_received", "body_id"}
        if dated & vals.keys() and not self.env.user.has_group(MANAGER):
            concluded = self.filtered(lambda case: case.outcome != "pending")
            if concluded:
                raise UserError(
                    self.env._(
                        "Case %(reference)s is concluded: only a complaint manager "
                        "corrects its dates or its body.",
                        reference=concluded[0].display_name,
                    )
                )
        if vals.get("date_received"):
            received = fields.Date.to_date(vals["date_received"])
            self._deadline_check_received(
                self.filtered(lambda case: received > case._deadline_latest_today())
            )
        if "deadline" in vals and not vals["deadline"]:
            self._deadline_check_dated(self)
        if "date_settled" in vals and not vals["date_settled"]:
            concluded = self.filtered(lambda case: case.outcome != "pending")
            if concluded:
                raise UserError(
                    self.env._(
                        "Case %(reference)s is concluded: it keeps the day it was "
                        "concluded (re-open it to conclude it again).",
                        reference=concluded[0].display_name,
                    )
                )
        if vals.get("date_settled"):
            settled = fields.Date.to_date(vals["date_settled"])
            self._deadline_check_not_ahead(
                self.filtered(lambda case: settled > case._deadline_today())
            )
            # a re-opened case is concluded again after it was re-opened (its
            # earlier conclusion, late or not, is in its chatter); a complaint
            # manager corrects a re-opening made by mistake
            before = self.filtered(
                lambda case: case.date_reopened and settled < case.date_reopened
            )
            if before and not self.env.user.has_group(MANAGER):
                raise UserError(
                    self.env._(
                        "Case %(reference)s was re-opened on %(date)s: it is "
                        "concluded on that day or later (a complaint manager "
                        "corrects a re-opening made by mistake).",
                        reference=before[0].display_name,
                        date=format_date(self.env, before[0].date_reopened),
                    )
                )
        if vals.get("complaint_id"):
            complaint = self.env["complaint.complaint"].browse(vals["complaint_id"])
            # sudo: its status, whoever moves the case; the figures leave
            # cancelled complaints out
            if complaint.sudo().state == "cancelled":
                raise UserError(
                    self.env._(
                        "A spill-over case does not move to a cancelled complaint."
                    )
                )

    def _deadline_check_created(self):
        """The rules of :meth:`_deadline_check_write` on new cases (a form,
        an import or the API may give an empty deadline or a future
        conclusion)."""
        if self.env.su:
            return
        self._deadline_check_dated(self.filtered(lambda case: not case.deadline))
        self._deadline_check_not_ahead(
            self.filtered(
                lambda case: case.date_settled
                and case.date_settled > case._deadline_today()
            )
        )
        self._deadline_check_received(
            self.filtered(
                lambda case: case.date_received > case._deadline_latest_today()
            )
        )

    @api.model
    def _deadline_check_received(self, cases):
        """A case is not received on a future day: its deadline would move
        with it, and the case out of its period's figures."""
        if cases and not self.env.user.has_group(MANAGER):
            raise UserError(
                self.env._(
                    "Case %(reference)s cannot be received on a future day.",
                    reference=cases[0].display_name,
                )
            )

    @api.model
    def _deadline_check_dated(self, cases):
        """An empty deadline is never overdue: the on-time figures and the
        reminder would lose a pending case whose body has a time limit."""
        undated = cases.filtered(
            lambda case: case.outcome == "pending" and case.body_id.time_limit
        )
        if undated:
            raise UserError(
                self.env._(
                    "Case %(reference)s is pending: it keeps a deadline (the "
                    "body's time limit, or the date its notice gives).",
                    reference=undated[0].display_name,
                )
            )

    @api.model
    def _deadline_check_not_ahead(self, cases):
        """A conclusion is not dated ahead of today where the company works
        (the Settle button keeps a date given before); a manager corrects."""
        if cases and not self.env.user.has_group(MANAGER):
            raise UserError(
                self.env._("A spill-over case is not concluded on a future day.")
            )

    # ------------------------------------------------------------------
    # Planning
    # ------------------------------------------------------------------
    @api.depends("body_id", "date_received", "date_reopened", "company_id")
    def _compute_deadline(self):
        deadlines = self._deadline_plan()
        for case in self:
            case.deadline = deadlines.get(case, False)

    @api.depends("deadline", "body_id")
    def _compute_date_warning(self):
        warnings = self._deadline_warning_plan()
        for case in self:
            case.date_warning = warnings.get(case, False)

    @api.depends("outcome", "deadline", "date_warning")
    def _compute_deadline_state(self):
        for case in self:
            today = case._deadline_today()
            if case.outcome != "pending":
                case.deadline_state = "done"
            elif case.deadline and case.deadline < today:
                case.deadline_state = "overdue"
            elif case.date_warning and case.date_warning <= today:
                case.deadline_state = "at_risk"
            else:
                case.deadline_state = "on_track"

    def _deadline_calendar(self):
        """The company's working calendar (outside bodies count the company's
        working days, not a team's shifts)."""
        return self._deadline_company()._complaint_calendar()

    def _deadline_company(self):
        self.ensure_one()
        return self.company_id or self.complaint_id.company_id or self.env.company

    def _deadline_latest_today(self):
        """Today where the case's company works, or where the user's does
        (the form's default day), whichever is later: neither is a future day."""
        return max(self._deadline_today(), self.env.company._complaint_today())

    def _deadline_today(self):
        """Today where the company works (its calendar's time zone): the
        sweep runs without one, and a day ends at midnight there, not in UTC."""
        return self._deadline_company()._complaint_today()

    @staticmethod
    def _deadline_moment(day, calendar):
        """Noon of ``day`` in the calendar's time zone, as naive UTC."""
        tz = timezone(calendar.tz or "UTC") if calendar else utc
        local = tz.localize(datetime.combine(day, time(12)))
        return local.astimezone(utc).replace(tzinfo=None)

    def _deadline_plan(self):
        """{case: deadline} from the day received (or re-opened) and the
        body's limit, for the cases with a body and a start."""
        todo = [
            (case, case.date_reopened or case.date_received)
            for case in self
            if case.body_id and (case.date_reopened or case.date_received)
        ]
        cache = SlaCalendarCache(self.env)
        for case, start in todo:
            if case.body_id.time_unit == "working_days":
                moment = self._deadline_moment(start, case._deadline_calendar())
                cache.prepare(case._deadline_calendar(), moment, moment)
        deadlines = {}
        for case, start in todo:
            body = case.body_id
            if body.time_unit != "working_days":
                deadlines[case] = start + timedelta(days=body.time_limit)
                continue
            calendar = case._deadline_calendar()
            end = cache.get(calendar).add_days(
                self._deadline_moment(start, calendar), body.time_limit
            )
            deadlines[case] = local_date(end, calendar.tz)
        return deadlines

    @api.model
    def _deadline_plans_before(self):
        """Before working time changes (a public holiday, working hours):
        ``{case: deadline planned}`` of the pending cases counted in working
        days, to tell a planned deadline from one entered from a notice."""
        # sudo: every company's pending cases follow their working time
        cases = self.sudo().search(
            [("outcome", "=", "pending"), ("body_id.time_unit", "=", "working_days")]
        )
        return cases._deadline_plan()

    @api.model
    def _deadline_follow_working_time(self, before):
        """After working time changed: the deadlines that were the plan
        (``before``) are planned again; one entered by hand stays."""
        # sudo: every company's cases follow their working time, whoever
        # changes it (an administrator, an HR officer)
        cases = self.sudo().browse().union(*before)
        after = cases._deadline_plan()
        moved = defaultdict(lambda: cases.browse())
        for case in cases:
            planned = after.get(case)
            if planned and case.deadline == before[case] != planned:
                moved[planned] |= case
        for planned, moving in moved.items():  # one write per new deadline
            moving.deadline = planned

    def _deadline_warning_plan(self):
        """{case: first day at risk}: ``warning_days`` of the body's unit
        before the deadline."""
        cases = self.filtered(lambda c: c.deadline and c.body_id)
        working = cases.filtered(lambda c: c.body_id.time_unit == "working_days")
        # every case's need declared before the first read: a calendar loaded
        # for the first case only would not reach an earlier one's days
        cache = SlaCalendarCache(self.env)
        for case in working:
            calendar = case._deadline_calendar()
            start = self._deadline_moment(
                case.date_reopened or case.date_received, calendar
            )
            cache.prepare(
                calendar, start, self._deadline_moment(case.deadline, calendar)
            )
        warnings = {}
        for case in cases:
            body = case.body_id
            day = None
            if case in working:
                day = cache.get(case._deadline_calendar()).days_before(
                    case.deadline, body.warning_days
                )
            warnings[case] = day or case.deadline - timedelta(days=body.warning_days)
        return warnings

    # ------------------------------------------------------------------
    # The owner's activity
    # ------------------------------------------------------------------
    def _activity_sync(self):
        """One activity per pending case, for the complaint's owner (else the
        team leader), due on the deadline; done once the case is concluded."""
        if not self:
            # a complaint's change of owner without spill-over cases
            return
        activity_type = self.env.ref(ACTIVITY_TYPE)
        # sudo: the engine's reminder (mail.activity refuses it to a hand)
        for case in self.sudo():
            activities = case.activity_ids.filtered(
                lambda a, t=activity_type: a.activity_type_id == t
            )
            user = case.complaint_id._sla_activity_user()
            if case.outcome != "pending":
                if activities:
                    activities.action_feedback(
                        feedback=self.env._("Case concluded."),
                    )
                continue
            # a cancelled complaint's cases are nobody's to report back on
            if not case.deadline or not user or case.complaint_id.state == "cancelled":
                activities.unlink()
                continue
            if activities:
                (activities - activities[:1]).unlink()
                activity = activities[:1]
                if activity.user_id != user:
                    # the new owner reads it in their language
                    activity.write(
                        {
                            "user_id": user.id,
                            "date_deadline": case.deadline,
                            "summary": case._activity_summary(user),
                        }
                    )
                elif activity.date_deadline != case.deadline:
                    activity.date_deadline = case.deadline
                continue
            case.activity_schedule(
                ACTIVITY_TYPE,
                date_deadline=case.deadline,
                summary=case._activity_summary(user),
                user_id=user.id,
            )

    def _activity_summary(self, user):
        """The reminder's words, in ``user``'s language (the company's for a
        user without one), whoever or whichever job hangs it."""
        self.ensure_one()
        case = self.with_context(
            lang=user._complaint_lang(self.complaint_id.company_id)
        )
        return case.env._("Report back to %(body)s", body=case.body_id.display_name)
