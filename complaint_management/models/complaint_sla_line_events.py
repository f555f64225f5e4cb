from odoo import models

from .complaint_sla_calendar import SlaCalendarCache
from .complaint_sla_states import OPEN_SLA_STATES


class ComplaintSlaLineEvents(models.AbstractModel):
    """What happens to time limits (``complaint.sla.line``, which composes
    it): reached, stopped by a merge, paused while the complainant is
    asked, resumed with the working time they had left."""

    _name = "complaint.sla.line.events"
    _description = "Complaint Time Limit Events"

    def _sla_reach(self, date):
        """Record that the open lines in ``self`` were reached at ``date``.

        A line reached while paused: its pause ends there (paused time, not
        time used) and it is on time if it was paused before its deadline."""
        lines = self.filtered(lambda line: line.state in OPEN_SLA_STATES)
        paused = lines.filtered(lambda line: line.state == "paused")
        for line, vals in paused._sla_pause_end_vals(date).items():
            line.write(vals)
        on_time = lines.filtered(
            lambda line: (line.date_paused or date) <= line.deadline
            if line.state == "paused"
            else line.state != "breached" and date <= line.deadline
        )
        on_time.write({"state": "met", "date_reached": date, "date_paused": False})
        (lines - on_time).write(
            {"state": "met_late", "date_reached": date, "date_paused": False}
        )
        activities = lines.activity_id
        if activities:
            lines.write({"activity_id": False})
            activities.sudo()._action_done()  # sudo: done for the handler
        return lines

    def _sla_stop(self, now):
        """Stop the open lines in ``self``: they stay as history with their
        dates, but no longer have a deadline to meet (no reminder, warning or
        breach). Only a merge stops lines (``complaint.merge.mixin``)."""
        lines = self.filtered(lambda line: line.state in OPEN_SLA_STATES)
        activities = lines.activity_id
        lines.write({"state": "stopped", "date_stopped": now, "activity_id": False})
        activities.sudo().unlink()  # sudo: the engine removes its own reminders
        return lines

    def _sla_pause(self, now):
        lines = self.filtered(lambda line: line.state in ("running", "at_risk"))
        lines.write({"state": "paused", "date_paused": now})
        return lines

    def _sla_resume(self, now):
        lines = self.filtered(lambda line: line.state == "paused")
        for line, vals in lines._sla_pause_end_vals(now).items():
            line.write(
                dict(
                    vals,
                    state="at_risk" if line.is_warned else "running",
                    date_paused=False,
                )
            )
        lines._sla_reschedule()
        return lines

    def _sla_pause_end_vals(self, now):
        """``{line: vals}``: the paused lines' pause, ended at ``now``, added
        to their paused time (in the rule's measure, in working hours and in
        hours day and night)."""
        lines = self.filtered("date_paused")
        cache = SlaCalendarCache(self.env)
        # the pause counts on the calendar the line was planned on (a line a
        # merge brought in keeps its own)
        for line in lines:
            cache.prepare(line._sla_planned_calendar(), line.date_paused, now)
        result = {}
        for line in lines:
            sla_calendar = cache.get(line._sla_planned_calendar())
            since = min(line.date_paused, now)
            result[line] = {
                "paused_time": line.paused_time
                + sla_calendar.measure(since, now, line.time_unit),
                "paused_hours": line.paused_hours
                + sla_calendar.hours_between(since, now),
                "paused_elapsed": line.paused_elapsed
                + (now - since).total_seconds() / 3600.0,
            }
        return result
