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
from collections import namedtuple
from datetime import datetime, timedelta

from pytz import timezone, utc

# Window loaded beyond the last start: three working weeks cover the longest
# seeded limit (15 working days) with holidays; longer limits extend it.
MIN_WINDOW = timedelta(days=45)
# A calendar without any working time in this span is treated as continuous.
MAX_WINDOW = timedelta(days=3 * 366)
# calendars kept between transactions by one process, all databases together:
# the least recently published go first (calendars deleted, databases dropped)
SHARED_MAX = 128

CalendarData = namedtuple(
    "CalendarData", "end intervals starts cum_end work_days day_end"
)
# What transactions share of a loaded calendar: plain immutable data, never a
# record (a record is bound to its transaction's cursor)
Snapshot = namedtuple("Snapshot", "start continuous data")


# the company whose public holidays a calendar shared between companies
# follows, carried by the calendar record (see :func:`company_calendar`)
HOLIDAYS_COMPANY = "complaint_sla_holidays_company_id"


def company_calendar(calendar, company):
    """``calendar`` as ``company`` works on it: a calendar shared between
    companies (no company of its own) takes the public holidays of ``company``
    and the shared ones, not those of every company using it."""
    if calendar and not calendar.company_id and company:
        return calendar.with_context(**{HOLIDAYS_COMPANY: company.id})
    return calendar


def holidays_company_id(calendar):
    """The company whose public holidays apply on ``calendar`` (False: every
    company's, for a shared calendar read without one)."""
    return calendar.company_id.id or calendar.env.context.get(HOLIDAYS_COMPANY, False)


class SlaCalendar:
    """Working time of ``calendar`` between ``start`` and ``end`` (naive UTC).

    ``calendar`` may be empty: time is then continuous (24/7) and a working day
    is 24 hours.
    """

    def __init__(self, calendar, start, end, snapshot=None, publish=None):
        self.calendar = calendar
        self.tz = timezone(calendar.tz or "UTC") if calendar else utc
        # called with the new snapshot when this calendar extends its window,
        # so that the next transactions start from the extended one
        self.publish = publish
        if snapshot:
            self.start, self.continuous, self.data = snapshot
            self._covering(end)
            return
        self.start = start - timedelta(days=1)
        self.continuous = not calendar
        self.data = None
        self._load(max(end, start + MIN_WINDOW))

    def snapshot(self):
        return Snapshot(self.start, self.continuous, self.data)

    # ------------------------------------------------------------------
    # Loading
    # ------------------------------------------------------------------
    def _load(self, end):
        """Read the work intervals up to ``end`` into an immutable snapshot.

        The snapshot is swapped in one assignment: a calendar shared between
        requests is never seen half loaded.
        """
        intervals = []
        if not self.continuous:
            intervals = self._read_intervals(self.start, end)
            if not intervals and end - self.start < MAX_WINDOW:
                end = self.start + MAX_WINDOW
                intervals = self._read_intervals(self.start, end)
            if not intervals:
                self.continuous = True
        cum_end = []  # cumulated working hours at the end of each interval
        total = 0.0
        day_end = {}
        for start, stop in intervals:
            total += (stop - start).total_seconds() / 3600.0
            cum_end.append(total)
            day = utc.localize(start).astimezone(self.tz).date()
            day_end[day] = max(day_end.get(day, stop), stop)
        self.data = CalendarData(
            end=end,
            intervals=tuple(intervals),
            starts=tuple(s for s, _e in intervals),
            cum_end=tuple(cum_end),
            work_days=tuple(sorted(day_end)),
            day_end=day_end,
        )

    def _read_intervals(self, start, end):
        calendar = self.calendar
        company_id = holidays_company_id(calendar)
        # public holidays of the calendar's company, or of the company working
        # on a shared calendar; never personal leaves
        domain = [("time_type", "=", "leave"), ("resource_id", "=", False)]
        if company_id:
            domain.append(("company_id", "in", [False, company_id]))
        # the organisation's working time: every reader shares the snapshot
        work = calendar.sudo()._work_intervals_batch(  # sudo: shared snapshot
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

    def _covering(self, moment):
        """A snapshot covering ``moment``, extended when needed (rare: very
        long limits), or None when the calendar cannot be extended further."""
        data = self.data
        if moment < data.end:
            return data
        if self.continuous or data.end - self.start > 10 * MAX_WINDOW:
            return None
        self._load(moment + MIN_WINDOW)
        if self.publish:
            self.publish(self.snapshot())
        return self.data

    # ------------------------------------------------------------------
    # Queries
    # ------------------------------------------------------------------
    @staticmethod
    def _cum_at(data, moment):
        """Working hours between the window start and ``moment``."""
        index = bisect.bisect_right(data.starts, moment) - 1
        if index < 0:
            return 0.0
        start, stop = data.intervals[index]
        if moment >= stop:
            return data.cum_end[index]
        before = data.cum_end[index - 1] if index else 0.0
        return before + (moment - start).total_seconds() / 3600.0

    def hours_between(self, start, end):
        """Working hours between two moments (0 when ``end`` <= ``start``)."""
        if not start or not end or end <= start:
            return 0.0
        data = None if self.continuous else self._covering(end)
        if not data:
            return (end - start).total_seconds() / 3600.0
        return self._cum_at(data, end) - self._cum_at(data, start)

    def add_hours(self, start, hours):
        """The moment ``hours`` working hours after ``start``.

        Time outside working hours does not count: a limit starting on a
        Saturday starts on Monday morning.
        """
        data = None if self.continuous else self.data
        while data:
            target = self._cum_at(data, start) + max(hours, 0.0)
            index = bisect.bisect_left(data.cum_end, target - 1e-9)
            if index < len(data.intervals):
                interval_start, interval_stop = data.intervals[index]
                before = data.cum_end[index - 1] if index else 0.0
                moment = interval_start + timedelta(hours=target - before)
                return min(moment, interval_stop)
            data = self._covering(data.end)
        return start + timedelta(hours=hours)

    def add_days(self, start, days):
        """End of the ``days``-th working day after the day of ``start``.

        The day the clock starts never counts (as for legal time limits): a
        complaint received on Friday with 3 working days is due on Wednesday at
        the end of the working day.
        """
        days = max(int(round(days)), 1)
        data = None if self.continuous else self.data
        local_day = utc.localize(start).astimezone(self.tz).date()
        while data:
            index = bisect.bisect_right(data.work_days, local_day) + days - 1
            # the last day read may be cut where the window ends (at any
            # moment of it): its end is known once read further
            if index < len(data.work_days) - 1:
                return data.day_end[data.work_days[index]]
            further = self._covering(data.end)
            if not further:
                if index < len(data.work_days):
                    return data.day_end[data.work_days[index]]
                break
            data = further
        return start + timedelta(days=days)

    def days_before(self, day, days):
        """The working day ``days`` working days before the local date ``day``
        (a day off counts from the working day before it), or None when the
        calendar is continuous or its window does not reach back so far."""
        data = (
            None
            if self.continuous
            else self._covering(datetime.combine(day, datetime.max.time()))
        )
        if not data:
            return None
        index = bisect.bisect_left(data.work_days, day) - max(int(days), 0)
        return data.work_days[index] if index >= 0 else None

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
    """One :class:`SlaCalendar` per calendar for one batch of computations.

    Loaded calendars are also kept between transactions, per database and
    calendar, as long as the calendar, its attendances and the public holidays
    are unchanged (checked with one query): a complaint created alone then
    costs no interval computation. What is kept is an immutable
    :data:`Snapshot`; each transaction wraps it in its own
    :class:`SlaCalendar` bound to its own records, so threads and workers
    never share a cursor or a half-extended calendar.
    """

    # (dbname, calendar id, holidays company id) -> (signature, Snapshot)
    _shared = {}

    def __init__(self, env):
        self.env = env
        self._windows = {}
        self._calendars = {}

    @staticmethod
    def _key(calendar):
        return (calendar.id or False, holidays_company_id(calendar))

    def prepare(self, calendar, start, end):
        """Declare a need before the first query, so each calendar loads once."""
        key = self._key(calendar)
        low, high = self._windows.get(key, (start, end))
        self._windows[key] = (min(low, start), max(high, end))

    def get(self, calendar):
        key = self._key(calendar)
        if key not in self._calendars:
            now = datetime.utcnow()
            start, end = self._windows.get(key, (now, now))
            self._calendars[key] = self._shared_calendar(calendar, start, end)
        return self._calendars[key]

    def _shared_calendar(self, calendar, start, end):
        if not calendar:
            return SlaCalendar(calendar, start, end)
        shared_key = (self.env.cr.dbname, *self._key(calendar))
        signature = self._signature(calendar)
        cached = self._shared.get(shared_key)

        def publish(snapshot):
            shared = self._shared
            # moved to the end: the entries published longest ago go first.
            # Each step is one dict operation: another thread sees the old
            # entry, none (and loads the calendar) or the new one
            shared.pop(shared_key, None)
            shared[shared_key] = (signature, snapshot)
            for key in list(shared)[: max(len(shared) - SHARED_MAX, 0)]:
                shared.pop(key, None)

        if cached and cached[0] == signature and cached[1].start <= start:
            return SlaCalendar(
                calendar, start, end, snapshot=cached[1], publish=publish
            )
        # a margin before the start serves later computations from slightly
        # earlier moments (complaints registered after their receipt)
        sla_calendar = SlaCalendar(
            calendar, start - timedelta(days=14), end, publish=publish
        )
        publish(sla_calendar.snapshot())
        return sla_calendar

    def _signature(self, calendar):
        """What the calendar's intervals are made of, by content: its row, its
        attendances and the public holidays it follows. Dates of change would
        not do: Odoo stamps every change of one transaction with the same
        moment, so a calendar loaded between two edits of one transaction
        would pass for the edited one, and be shared after the commit."""
        for model in (
            "resource.calendar",
            "resource.calendar.attendance",
            "resource.calendar.leaves",
        ):
            self.env[model].flush_model()
        self.env.cr.execute(
            """
            SELECT md5(row_to_json(c)::text),
                   (SELECT md5(string_agg(row_to_json(a)::text, ',' ORDER BY a.id))
                      FROM resource_calendar_attendance a
                     WHERE a.calendar_id = c.id),
                   (SELECT md5(string_agg(concat_ws('|', l.id, l.date_from,
                                   l.date_to, l.calendar_id, l.company_id),
                                   ',' ORDER BY l.id))
                      FROM resource_calendar_leaves l
                     WHERE l.resource_id IS NULL
                       AND l.time_type = 'leave'
                       AND (l.calendar_id IS NULL OR l.calendar_id = c.id)
                       AND (%(company)s IS NULL OR l.company_id IS NULL
                            OR l.company_id = %(company)s))
              FROM resource_calendar c
             WHERE c.id = %(calendar)s
            """,
            {"calendar": calendar.id, "company": holidays_company_id(calendar) or None},
        )
        return self.env.cr.fetchone()
