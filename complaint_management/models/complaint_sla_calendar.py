"""Working time of one calendar, loaded once and queried many times.

The SLA engine plans thousands of deadlines in one go. ``resource.calendar``
answers one question per call (``plan_hours``, ``get_work_hours_count``), each
call reading attendances and leaves again. :class:`SlaCalendar` reads a
calendar's work intervals (attendances minus the company's public holidays)
once over a window with ``_work_intervals_batch`` and answers every later
question in memory, with a binary search over cumulated working hours.

All datetimes in and out are naive UTC, as Odoo stores them.
"""

import bisect
from datetime import datetime, timedelta

from pytz import timezone, utc

# Window loaded beyond the last start: three working weeks cover the longest
# seeded limit (15 working days) with holidays; longer limits extend it.
MIN_WINDOW = timedelta(days=45)
# A calendar without any working time in this span is treated as continuous.
MAX_WINDOW = timedelta(days=3 * 366)


class SlaCalendar:
    """Working time of ``calendar`` between ``start`` and ``end`` (naive UTC).

    ``calendar`` may be empty: time is then continuous (24/7) and a working day
    is 24 hours.
    """

    def __init__(self, calendar, start, end):
        self.calendar = calendar
        self.start = start - timedelta(days=1)
        self.end = max(end, start + MIN_WINDOW)
        self.continuous = not calendar
        self._load()

    # ------------------------------------------------------------------
    # Loading
    # ------------------------------------------------------------------
    def _load(self):
        self.intervals = []
        if not self.continuous:
            self.intervals = self._read_intervals(self.start, self.end)
            if not self.intervals and self.end - self.start < MAX_WINDOW:
                self.end = self.start + MAX_WINDOW
                self.intervals = self._read_intervals(self.start, self.end)
            if not self.intervals:
                self.continuous = True
        self.starts = [s for s, _e in self.intervals]
        # cumulated working hours at the end of each interval
        self.cum_end = []
        total = 0.0
        for start, stop in self.intervals:
            total += (stop - start).total_seconds() / 3600.0
            self.cum_end.append(total)
        self.tz = timezone(self.calendar.tz or "UTC") if self.calendar else utc
        self.work_days = sorted(
            {utc.localize(s).astimezone(self.tz).date() for s, _e in self.intervals}
        )
        self.day_end = {}
        for start, stop in self.intervals:
            day = utc.localize(start).astimezone(self.tz).date()
            self.day_end[day] = max(self.day_end.get(day, stop), stop)

    def _read_intervals(self, start, end):
        calendar = self.calendar
        company = calendar.company_id
        # public holidays of the calendar's company (or of every company when
        # the calendar is shared), never personal leaves
        domain = [("time_type", "=", "leave"), ("resource_id", "=", False)]
        if company:
            domain.append(("company_id", "in", [False, company.id]))
        work = calendar._work_intervals_batch(
            utc.localize(start), utc.localize(end), domain=domain
        )[False]
        return [
            (
                s.astimezone(utc).replace(tzinfo=None),
                e.astimezone(utc).replace(tzinfo=None),
            )
            for s, e, _meta in work
            if e > s
        ]

    def _extend(self, moment):
        """Reload up to ``moment`` plus a margin (rare: very long limits)."""
        if self.continuous or moment < self.end:
            return False
        self.end = moment + MIN_WINDOW
        self._load()
        return True

    # ------------------------------------------------------------------
    # Queries
    # ------------------------------------------------------------------
    def _cum_at(self, moment):
        """Working hours between the window start and ``moment``."""
        index = bisect.bisect_right(self.starts, moment) - 1
        if index < 0:
            return 0.0
        start, stop = self.intervals[index]
        before = self.cum_end[index - 1] if index else 0.0
        if moment >= stop:
            return self.cum_end[index]
        return before + (moment - start).total_seconds() / 3600.0

    def hours_between(self, start, end):
        """Working hours between two moments (0 when ``end`` <= ``start``)."""
        if not start or not end or end <= start:
            return 0.0
        if self.continuous:
            return (end - start).total_seconds() / 3600.0
        self._extend(end)
        return self._cum_at(end) - self._cum_at(start)

    def add_hours(self, start, hours):
        """The moment ``hours`` working hours after ``start``.

        Time outside working hours does not count: a limit starting on a
        Saturday starts on Monday morning.
        """
        if self.continuous:
            return start + timedelta(hours=hours)
        while True:
            target = self._cum_at(start) + max(hours, 0.0)
            index = bisect.bisect_left(self.cum_end, target - 1e-9)
            if index < len(self.intervals):
                break
            if not self._extend(self.end):
                return start + timedelta(hours=hours)
        interval_start, interval_stop = self.intervals[index]
        before = self.cum_end[index - 1] if index else 0.0
        return min(interval_start + timedelta(hours=target - before), interval_stop)

    def add_days(self, start, days):
        """End of the ``days``-th working day after the day of ``start``.

        The day the clock starts never counts (as for legal time limits): a
        complaint received on Friday with 3 working days is due on Wednesday at
        the end of the working day.
        """
        if self.continuous:
            return start + timedelta(days=days)
        days = max(int(round(days)), 1)
        local_day = utc.localize(start).astimezone(self.tz).date()
        while True:
            index = bisect.bisect_right(self.work_days, local_day) + days - 1
            if index < len(self.work_days):
                return self.day_end[self.work_days[index]]
            if not self._extend(self.end):
                return start + timedelta(days=days)

    def plan(self, start, amount, unit):
        """Deadline for ``amount`` of ``unit`` from ``start``, and the measure.

        :return: ``(deadline, allowed)`` where ``allowed`` is the time allowed in
            the unit's measure: working hours for working units, calendar hours
            for ``hours``
        """
        if unit == "hours":
            return start + timedelta(hours=amount), float(amount)
        if unit == "working_days":
            deadline = self.add_days(start, amount)
            return deadline, self.hours_between(start, deadline)
        return self.add_hours(start, amount), float(amount)

    def advance(self, start, measure_hours, unit):
        """The moment ``measure_hours`` after ``start`` in the unit's measure."""
        if unit == "hours":
            return start + timedelta(hours=measure_hours)
        return self.add_hours(start, measure_hours)

    def measure(self, start, end, unit):
        """Time between two moments in the unit's measure."""
        if unit == "hours":
            if not start or not end or end <= start:
                return 0.0
            return (end - start).total_seconds() / 3600.0
        return self.hours_between(start, end)


class SlaCalendarCache:
    """One :class:`SlaCalendar` per calendar for one batch of computations."""

    def __init__(self, env):
        self.env = env
        self._windows = {}
        self._calendars = {}

    def prepare(self, calendar, start, end):
        """Declare a need before the first query, so each calendar loads once."""
        key = calendar.id or False
        low, high = self._windows.get(key, (start, end))
        self._windows[key] = (min(low, start), max(high, end))

    def get(self, calendar):
        key = calendar.id or False
        if key not in self._calendars:
            now = datetime.utcnow()
            start, end = self._windows.get(key, (now, now))
            self._calendars[key] = SlaCalendar(calendar, start, end)
        return self._calendars[key]
