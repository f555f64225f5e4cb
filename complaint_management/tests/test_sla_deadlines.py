from datetime import date, datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.models import BaseModel
from odoo.tests import tagged
from odoo.tools import format_datetime

from ..models import complaint_sla_calendar as sla_calendar_module
from ..models.complaint_sla_calendar import SlaCalendarCache
from ..tools.formats import format_deadline
from .sla_common import SlaCommon, at


@tagged("post_install", "-at_install")
class TestSlaDeadlines(SlaCommon):
    """Deadlines against hand-computed expectations.

    Calendar: Monday-Friday 08:00-12:00 and 13:00-17:00 UTC. 2 March 2026 is a
    Monday; 6 March a Friday; 7-8 March the weekend.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy = cls._policy(
            name="Deadline rules",
            team_ids=[(6, 0, cls.team.ids)],
            acknowledge_time=4,
            acknowledge_unit="working_hours",
            response_time=24,
            response_unit="hours",
            resolution_time=3,
            resolution_unit="working_days",
        )

    def _deadlines(self, complaint):
        return {line.milestone: line.deadline for line in complaint.sla_line_ids}

    @freeze_time("2026-03-06 15:00:00")
    def test_across_weekend(self):
        complaint = self._create(at(4, 15))  # Friday 15:00
        self.assertEqual(
            self._deadlines(complaint),
            {
                # Friday 15-17 (2 h) + Monday 08-10 (2 h)
                "acknowledge": at(7, 10),
                # calendar hours ignore the weekend
                "first_response": at(5, 15),
                # Friday does not count: Monday, Tuesday, Wednesday until 17:00
                "resolution": at(9, 17),
            },
        )
        self.assertEqual(complaint.sla_deadline, at(5, 15))
        self.assertEqual(complaint.sla_state, "running")

    @freeze_time("2026-03-06 15:00:00")
    def test_across_public_holiday(self):
        self._holiday(at(7, 0), at(7, 23, 59))  # Monday 9 March off
        complaint = self._create(at(4, 15))
        self.assertEqual(
            self._deadlines(complaint),
            {
                # Friday 2 h, Monday is a holiday, Tuesday 08-10
                "acknowledge": at(8, 10),
                "first_response": at(5, 15),
                # Tuesday, Wednesday, Thursday
                "resolution": at(10, 17),
            },
        )

    @freeze_time("2026-03-07 10:00:00")
    def test_outside_working_hours(self):
        saturday = self._create(at(5, 10))
        deadlines = self._deadlines(saturday)
        # the clock starts on Monday 08:00
        self.assertEqual(deadlines["acknowledge"], at(7, 12))
        self.assertEqual(deadlines["resolution"], at(9, 17))
        evening = self._create(at(1, 18, 30))  # Tuesday after work
        self.assertEqual(self._deadlines(evening)["acknowledge"], at(2, 12))
        before_lunch = self._create(at(0, 11))  # Monday 11:00: lunch skipped
        self.assertEqual(self._deadlines(before_lunch)["acknowledge"], at(0, 16))

    @freeze_time("2026-03-06 09:00:00")
    def test_calendar_time_zone(self):
        shanghai = self._make_calendar("Shanghai", "Asia/Shanghai", 9, 12, 13, 18)
        self.team.resource_calendar_id = shanghai
        # 4 working hours from Friday 09:00 UTC = 17:00 in Shanghai: one hour
        # left that day, then Monday 09:00-12:00 Shanghai = Monday 04:00 UTC
        complaint = self._create(datetime(2026, 3, 6, 9, 0))
        self.assertEqual(
            self._deadlines(complaint)["acknowledge"], datetime(2026, 3, 9, 4, 0)
        )
        # 3 working days after Friday: Wednesday 18:00 Shanghai = 10:00 UTC
        self.assertEqual(
            self._deadlines(complaint)["resolution"], datetime(2026, 3, 11, 10, 0)
        )

    @freeze_time("2026-03-05 17:30:00")
    def test_activity_day_without_user_time_zone(self):
        # a handler without a time zone sees the reminder due on the day of
        # the team's calendar (Shanghai), not on the server's UTC day
        self.team.resource_calendar_id = self._make_calendar(
            "Shanghai", "Asia/Shanghai", 9, 12, 13, 18
        )
        self.policy.write({"acknowledge_time": 24, "acknowledge_unit": "hours"})
        self.handler.tz = False
        complaint = self._create(datetime(2026, 3, 5, 17, 30), user_id=self.handler.id)
        ack = self._line(complaint, "acknowledge")
        self.assertEqual(ack.deadline, datetime(2026, 3, 6, 17, 30))
        self.assertEqual(ack.activity_id.user_id, self.handler)
        self.assertEqual(ack.activity_id.date_deadline, date(2026, 3, 7))
        # control: a handler with a time zone sees the day of theirs
        self.handler_other.tz = "Europe/London"
        complaint.user_id = self.handler_other
        self.assertEqual(ack.activity_id.user_id, self.handler_other)
        self.assertEqual(ack.activity_id.date_deadline, date(2026, 3, 6))

    def test_pause_resumes_with_remaining_time(self):
        waiting_stage = self.env.ref(
            "complaint_management.complaint_stage_waiting_info"
        )
        self.policy.write(
            {
                "acknowledge_time": 8,
                "response_time": 24,
                "resolution_time": 2,
            }
        )
        with freeze_time(at(0, 9)):
            complaint = self._create(at(0, 9))  # Monday 09:00
            # Monday 09-12, 13-17 (7 h) + Tuesday 08-09
            self.assertEqual(self._deadlines(complaint)["acknowledge"], at(1, 9))
            self.assertEqual(self._deadlines(complaint)["first_response"], at(1, 9))
            self.assertEqual(self._deadlines(complaint)["resolution"], at(2, 17))
            complaint.write({"state": "investigating"})
        with freeze_time(at(0, 14)):
            complaint.stage_id = waiting_stage  # Monday 14:00, 4 working hours used
            self.assertEqual(set(complaint.sla_line_ids.mapped("state")), {"paused"})
            self.assertEqual(complaint.sla_state, "paused")
            self.assertFalse(complaint.sla_deadline)
        with freeze_time(at(2, 10)):
            complaint.stage_id = self.env.ref(
                "complaint_management.complaint_stage_investigating"
            )  # Wednesday 10:00
            deadlines = self._deadlines(complaint)
            # 4 working hours left: Wednesday 10-12, 13-15
            self.assertEqual(deadlines["acknowledge"], at(2, 15))
            # 19 calendar hours left: Thursday 05:00
            self.assertEqual(deadlines["first_response"], at(3, 5))
            # 23 working hours allowed, 4 used: Wednesday 6 h, Thursday 8 h,
            # Friday 08-12 and 13-14
            self.assertEqual(deadlines["resolution"], at(4, 14))
            self.assertEqual(set(complaint.sla_line_ids.mapped("state")), {"running"})
        with freeze_time(at(2, 15)):
            complaint.date_acknowledged = at(2, 15)
            ack = self._line(complaint, "acknowledge")
            self.assertEqual(ack.state, "met")
            # Monday 9-17 (7) + Tuesday (8) + Wednesday 8-15 (6) - paused 13
            self.assertAlmostEqual(ack.working_hours_used, 8.0)

    def test_time_left_reads_as_words(self):
        text = self.env["complaint.complaint"]._sla_duration_text
        self.assertEqual(text(2.25), "2 h 15 min left")
        self.assertEqual(text(-72.05), "3 days overdue")
        self.assertEqual(text(28), "1 day 4 h left")
        self.assertEqual(text(0.2), "12 min left")
        complaint = self._create(at(4, 15))  # next deadline Saturday 15:00
        with freeze_time(at(5, 12, 45)):
            complaint.invalidate_recordset(["sla_time_left_text"])
            self.assertEqual(complaint.sla_time_left_text, "2 h 15 min left")
        with freeze_time(at(8, 15)):
            complaint.invalidate_recordset(["sla_time_left_text"])
            self.assertEqual(complaint.sla_time_left_text, "3 days overdue")

    def test_deadline_text_is_core_format(self):
        """The deadlines the sweep writes by thousands read exactly as core's
        ``format_datetime`` writes them, in each language and time zone; the
        language of the environment, else the company's."""
        self.env["res.lang"]._activate_lang("zh_CN")
        line = self._line(self._create(at(4, 15)), "resolution")
        for lang in ("en_US", "zh_CN"):
            for tz in ("Asia/Shanghai", "America/New_York", "Not/AZone", False):
                with self.subTest(lang=lang, tz=tz):
                    self.assertEqual(
                        line.with_context(lang=lang)._sla_deadline_text(tz),
                        format_datetime(
                            self.env, line.deadline, tz, "short", lang_code=lang
                        ),
                    )
        self.assertEqual(
            format_deadline(at(7, 15), "Asia/Shanghai", "zh_CN"), "2026/3/9 23:00"
        )
        self.assertRegex(  # the space before AM depends on the babel version
            format_deadline(at(7, 15), "America/New_York", "en_US"),
            r"^3/9/26, 11:00\sAM$",
        )
        # no language in the context: the company's
        self.env.company.partner_id.lang = "zh_CN"
        self.assertEqual(line.with_context(lang=False)._sla_lang_code(), "zh_CN")

    def test_calendar_cache_shares_data_never_records(self):
        """Transactions (threads, workers) share a loaded calendar's data, each
        through its own object bound to its own records and cursor."""
        first_env = self.env
        other_env = self.env(user=self.handler)
        first = SlaCalendarCache(first_env).get(self.calendar)
        other = SlaCalendarCache(other_env).get(self.calendar.with_env(other_env))
        self.assertIsNot(first, other)
        self.assertIs(first.calendar.env, first_env)
        self.assertIs(other.calendar.env, other_env)
        self.assertIs(other.data, first.data, "loaded once")
        for _signature, snapshot in SlaCalendarCache._shared.values():
            self.assertFalse(
                any(isinstance(value, BaseModel) for value in snapshot),
                "no record (and so no cursor) is shared",
            )
        # the same answers from both
        self.assertEqual(
            first.plan(at(4, 15), 4, "working_hours"),
            other.plan(at(4, 15), 4, "working_hours"),
        )
        # a window one transaction extends serves the next ones
        key = (self.env.cr.dbname, *SlaCalendarCache._key(self.calendar))
        end = SlaCalendarCache._shared[key][1].data.end
        far = end + timedelta(days=100)
        other.plan(far, 4, "working_hours")
        self.assertGreater(SlaCalendarCache._shared[key][1].data.end, far)
        later = SlaCalendarCache(self.env).get(self.calendar)
        self.assertIs(later.data, other.data, "not read again")

    def test_calendar_cache_keeps_a_bounded_number(self):
        """A process serving many databases keeps the calendars it used last,
        not every calendar it ever loaded."""
        calendars = self.calendar | self.env["resource.calendar"].create(
            [{"name": f"Cache {i}", "tz": "UTC"} for i in range(3)]
        )
        keys = [
            (self.env.cr.dbname, *SlaCalendarCache._key(calendar))
            for calendar in calendars
        ]
        with patch.object(sla_calendar_module, "SHARED_MAX", 2):
            for calendar in calendars:
                cache = SlaCalendarCache(self.env)
                cache.prepare(calendar, at(0, 9), at(0, 9))
                cache.get(calendar)
            self.assertLessEqual(len(SlaCalendarCache._shared), 2)
            self.assertIn(keys[-1], SlaCalendarCache._shared, "the last one stays")
            self.assertNotIn(keys[0], SlaCalendarCache._shared, "the oldest goes")
            # control: a calendar used again is kept again, the others go
            cache = SlaCalendarCache(self.env)
            cache.prepare(self.calendar, at(0, 9), at(0, 9))
            self.assertEqual(
                cache.get(self.calendar).plan(at(0, 9), 8, "working_hours")[0],
                at(1, 9),
            )
            self.assertEqual(list(SlaCalendarCache._shared), [keys[3], keys[0]])

    def test_calendar_edited_twice_in_one_transaction(self):
        """Odoo stamps every change of a transaction with the same moment: a
        calendar loaded between two edits must not pass for the edited one."""

        def one_day_from_monday_9():
            cache = SlaCalendarCache(self.env)
            cache.prepare(self.calendar, at(0, 9), at(0, 9))
            return cache.get(self.calendar).plan(at(0, 9), 8, "working_hours")[0]

        holiday = self._holiday(at(1, 0), at(2, 0))  # Tuesday off
        self.assertEqual(one_day_from_monday_9(), at(2, 9), "Wednesday 9:00")
        holiday.write({"date_from": at(0, 13), "date_to": at(1, 0)})
        # Monday afternoon off instead: 3 h on Monday, then Tuesday 8-12, 13-14
        self.assertEqual(one_day_from_monday_9(), at(1, 14))
        # control: an unchanged calendar is served from the shared data
        caches = SlaCalendarCache(self.env), SlaCalendarCache(self.env)
        for cache in caches:
            cache.prepare(self.calendar, at(0, 9), at(0, 9))
        first, second = (cache.get(self.calendar) for cache in caches)
        self.assertIs(first.data, second.data)
