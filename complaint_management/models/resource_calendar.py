"""Changes of working time that move complaints' time limits: each reports
what changed to the SLA engine (``complaint.sla.line.replan``)."""

from odoo import api, models

# a calendar's fields that change its working time (its attendances report
# their own changes); its company decides whose public holidays it follows
CALENDAR_TIME_FIELDS = {"tz", "two_weeks_calendar", "flexible_hours", "company_id"}


class ComplaintSlaWorkingTime(models.AbstractModel):
    """A record of a calendar's working time (its hours, its public
    holidays): creating, changing or deleting one reports the working time
    it changed, before and after (:meth:`_sla_spans`)."""

    _name = "complaint.sla.working.time"
    _description = "Working Time of Complaint Time Limits"

    # the fields whose change moves working time
    _sla_time_fields = frozenset()

    def _sla_spans(self):
        """The working time these records make, in the engine's terms:
        ``(calendar id, company id, start, end)``."""
        return []

    def _sla_changed(self, spans, cases_before=None):
        """``spans`` of working time changed: the limits planned across them
        are planned again; the outside bodies' deadlines planned before the
        change (``cases_before``) too."""
        self.env["complaint.sla.line"]._sla_calendar_changed(spans)
        if spans and cases_before:
            self.env["complaint.external.case"]._deadline_follow_working_time(
                cases_before
            )

    @api.model
    def _sla_plans_before(self, moves):
        """The outside bodies' deadlines as planned before a change that
        ``moves`` working time; none read otherwise (a colleague's own time
        off is no working time of the company)."""
        if not moves:
            return {}
        return self.env["complaint.external.case"]._deadline_plans_before()

    @api.model
    def _sla_moves_time(self, vals):
        """Whether a record of ``vals`` would make working time."""
        return True

    @api.model_create_multi
    def create(self, vals_list):
        before = self._sla_plans_before(
            any(self._sla_moves_time(vals) for vals in vals_list)
        )
        records = super().create(vals_list)
        records._sla_changed(records._sla_spans(), before)
        return records

    def write(self, vals):
        if not self._sla_time_fields & vals.keys():
            return super().write(vals)
        spans = self._sla_spans()
        # working time before, or made by the write (time off of nobody)
        before = self._sla_plans_before(
            spans
            or (
                {"resource_id", "time_type"} & vals.keys()
                and self._sla_moves_time(vals)
            )
        )
        res = super().write(vals)
        self._sla_changed(spans + self._sla_spans(), before)
        return res

    def unlink(self):
        spans = self._sla_spans()
        before = self._sla_plans_before(spans)
        res = super().unlink()
        self._sla_changed(spans, before)
        return res


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def write(self, vals):
        if not CALENDAR_TIME_FIELDS & vals.keys():
            return super().write(vals)
        WorkingTime = self.env["complaint.sla.working.time"]
        before = self.env["complaint.external.case"]._deadline_plans_before()
        res = super().write(vals)
        WorkingTime._sla_changed(
            [(calendar.id, False, False, False) for calendar in self], before
        )
        return res

    def unlink(self):
        """The database empties the calendar of the teams and limits planned
        on it, and makes its public holidays every calendar's of their
        company: those limits are planned again (on the complaints' calendar
        now, with a note), and the limits of the company across those days."""
        Line = self.env["complaint.sla.line"]
        Line._sla_calendar_changed(
            [(calendar.id, False, False, False) for calendar in self]
        )
        Line._sla_complaints_moved([("team_id.resource_calendar_id", "in", self.ids)])
        # sudo: the public holidays of the calendars, whoever deletes them
        holidays = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search([("calendar_id", "in", self.ids)])
        )
        spans = [
            (False, company_id, start, end)
            for _calendar, company_id, start, end in holidays._sla_spans()
        ]
        res = super().unlink()
        Line._sla_calendar_changed(spans)
        return res


class ResourceCalendarAttendance(models.Model):
    _name = "resource.calendar.attendance"
    _inherit = ["resource.calendar.attendance", "complaint.sla.working.time"]

    _sla_time_fields = frozenset(
        {
            "dayofweek",
            "hour_from",
            "hour_to",
            "day_period",
            "week_type",
            "date_from",
            "date_to",
            "calendar_id",
            "duration_days",
            # an attendance of one resource is no longer the calendar's
            "resource_id",
        }
    )

    def _sla_spans(self):
        return [(calendar.id, False, False, False) for calendar in self.calendar_id]


class ResourceCalendarLeaves(models.Model):
    _name = "resource.calendar.leaves"
    _inherit = ["resource.calendar.leaves", "complaint.sla.working.time"]

    _sla_time_fields = frozenset(
        {
            "date_from",
            "date_to",
            "calendar_id",
            "company_id",
            "resource_id",
            "time_type",
        }
    )

    @api.model
    def _sla_moves_time(self, vals):
        # a public holiday: time off of nobody in particular
        return not vals.get("resource_id") and vals.get("time_type", "leave") == "leave"

    def _sla_spans(self):
        """Public holidays (time off of nobody in particular); personal time
        off moves no complaint's limit."""
        return [
            (leave.calendar_id.id, leave.company_id.id, leave.date_from, leave.date_to)
            for leave in self
            if not leave.resource_id and leave.time_type == "leave"
        ]
