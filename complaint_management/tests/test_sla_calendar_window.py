from datetime import datetime, time, timedelta

from odoo.tests import tagged

from ..models.complaint_sla_calendar import MIN_WINDOW, SlaCalendar
from .sla_common import SlaCommon, at


@tagged("post_install", "-at_install")
class TestSlaCalendarWindow(SlaCommon):
    """Working time is read for a window of days from the first moment asked;
    a deadline never depends on where that window happened to end."""

    def test_a_working_days_deadline_on_the_window_s_last_day_ends_with_it(self):
        # the window read from Monday 10:00 ends 45 days later at 10:00 (a
        # Thursday), inside that day's working hours
        calendar = SlaCalendar(self.calendar, at(0, 10), at(0, 10))
        window_end = calendar.data.end
        self.assertEqual(window_end, at(0, 10) + MIN_WINDOW)
        self.assertEqual(window_end.weekday(), 3)
        last_day = window_end.date()
        # two working days from the Tuesday before: due Thursday at 17:00
        tuesday = datetime.combine(last_day - timedelta(days=2), time(10))
        self.assertEqual(
            calendar.add_days(tuesday, 2), datetime.combine(last_day, time(17))
        )
        # control: a day within the window was right already
        self.assertEqual(calendar.add_days(at(0, 10), 2), at(2, 17))
        # and the hours of that day count in full
        self.assertEqual(
            calendar.hours_between(tuesday, calendar.add_days(tuesday, 2)), 22
        )
