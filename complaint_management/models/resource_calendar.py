"""Changes of working time that move complaints' time limits: each reports
what changed to the SLA engine (``complaint.sla.line.replan``)."""

from odoo import api, models

# a calendar's fields that change its working time (its attendances report
# their own changes)
CALENDAR_TIME_FIELDS = {"tz", "two_weeks_calendar", "flexible_hours"}
LEAVE_FIELDS = {"date_from", "date_to", "calendar_id", "company_id", "resource_id"}
LEAVE_FIELDS |= {"time_type"}
ATTENDANCE_FIELDS = {"dayofweek", "hour_from", "hour_to", "day_period", "week_type"}
ATTENDANCE_FIELDS |= {"date_from", "date_to", "calendar_id", "duration_days"}


class ResourceCalendar(models.Model):
    _inherit = "resource.calendar"

    def write(self, vals):
        res = super().write(vals)
        if CALENDAR_TIME_FIELDS & vals.keys():
            self.env["complaint.sla.line"]._sla_calendar_changed(
                [(calendar.id, False, False, False) for calendar in self]
            )
        return res


class ResourceCalendarAttendance(models.Model):
    _inherit = "resource.calendar.attendance"

    def _sla_spans(self):
        return [(calendar.id, False, False, False) for calendar in self.calendar_id]

    @api.model_create_multi
    def create(self, vals_list):
        attendances = super().create(vals_list)
        self.env["complaint.sla.line"]._sla_calendar_changed(attendances._sla_spans())
        return attendances

    def write(self, vals):
        if not ATTENDANCE_FIELDS & vals.keys():
            return super().write(vals)
        spans = self._sla_spans()
        res = super().write(vals)
        self.env["complaint.sla.line"]._sla_calendar_changed(spans + self._sla_spans())
        return res

    def unlink(self):
        spans = self._sla_spans()
        res = super().unlink()
        self.env["complaint.sla.line"]._sla_calendar_changed(spans)
        return res


class ResourceCalendarLeaves(models.Model):
    _inherit = "resource.calendar.leaves"

    def _sla_spans(self):
        """Public holidays (time off of nobody in particular) in the
        engine's terms; personal time off moves no complaint's limit."""
        return [
            (leave.calendar_id.id, leave.company_id.id, leave.date_from, leave.date_to)
            for leave in self
            if not leave.resource_id and leave.time_type == "leave"
        ]

    @api.model_create_multi
    def create(self, vals_list):
        leaves = super().create(vals_list)
        self.env["complaint.sla.line"]._sla_calendar_changed(leaves._sla_spans())
        return leaves

    def write(self, vals):
        if not LEAVE_FIELDS & vals.keys():
            return super().write(vals)
        spans = self._sla_spans()
        res = super().write(vals)
        self.env["complaint.sla.line"]._sla_calendar_changed(spans + self._sla_spans())
        return res

    def unlink(self):
        spans = self._sla_spans()
        res = super().unlink()
        self.env["complaint.sla.line"]._sla_calendar_changed(spans)
        return res
