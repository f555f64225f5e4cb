from datetime import datetime
from unittest.mock import patch

import psycopg2
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models import complaint_sla_line_replan
from .sla_common import SlaCommon, at


@tagged("post_install", "-at_install")
class TestSlaCalendarChanges(SlaCommon):
    """A public holiday declared, moved or removed, or working hours edited,
    after complaints were filed moves their open time limits at once: the
    handler's reminder, the note on the complaint and the date the customer
    reads follow.

    Calendar: Monday-Friday 08:00-12:00 and 13:00-17:00 UTC; ``at(0, 9)`` is
    Monday 2 March 2026 09:00. Rule: resolution in 3 working days.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._policy(
            name="Team rules",
            team_ids=[(6, 0, cls.team.ids)],
            acknowledge_time=2,
            acknowledge_unit="working_hours",
            resolution_time=3,
            resolution_unit="working_days",
        )

    def _resolution(self, complaint):
        return self._line(complaint, "resolution")

    def _saved(self):
        """The end of the request that saved the change (Odoo's pre-commit
        hooks, where the limits are planned again)."""
        self.env.cr.flush()

    @freeze_time(at(0, 9))
    def test_a_holiday_declared_later_moves_the_open_limits(self):
        complaint = self._create(at(0, 9))
        line = self._resolution(complaint)
        self.assertEqual(line.deadline, at(3, 17), "Thursday, end of the day")
        complaint.date_acknowledged = at(0, 10)
        ack = self._line(complaint, "acknowledge")
        self.assertEqual(ack.state, "met")
        reached = ack.deadline
        self._holiday(at(1, 0), at(1, 23, 59))  # Tuesday off
        self._saved()
        self.assertEqual(line.deadline, at(4, 17), "one working day later")
        self.assertFalse(line.replan_pending)
        self.assertEqual(
            complaint.activity_ids.date_deadline, at(4, 17).date(), "the reminder too"
        )
        note = complaint.message_ids[:1]
        self.assertIn("working calendar", note.body)
        self.assertIn(line._sla_deadline_text("UTC"), note.body)
        # control: a limit already reached keeps what it measured
        self.assertEqual(ack.deadline, reached)

    @freeze_time(at(0, 9))
    def test_a_holiday_removed_or_moved_moves_them_back(self):
        holiday = self._holiday(at(1, 0), at(1, 23, 59))
        complaint = self._create(at(0, 9))
        line = self._resolution(complaint)
        self.assertEqual(line.deadline, at(4, 17))
        holiday.write({"date_from": at(14, 0), "date_to": at(14, 23, 59)})
        self._saved()
        self.assertEqual(line.deadline, at(3, 17), "moved out of the window")
        holiday.write({"date_from": at(2, 0), "date_to": at(2, 23, 59)})
        self._saved()
        self.assertEqual(line.deadline, at(4, 17), "moved into it")
        holiday.unlink()
        self._saved()
        self.assertEqual(line.deadline, at(3, 17))

    @freeze_time(at(0, 9))
    def test_working_hours_edited_move_the_limits(self):
        complaint = self._create(at(0, 9))
        line = self._resolution(complaint)
        tuesday = self.calendar.attendance_ids.filtered(
            lambda attendance: attendance.dayofweek == "1"
        )
        tuesday.unlink()
        self._saved()
        self.assertEqual(line.deadline, at(4, 17), "Tuesday no longer works")
        # control: a new name changes no working time and notes nothing
        messages = complaint.message_ids
        self.calendar.attendance_ids[:1].name = "Renamed"
        self._saved()
        self.assertEqual(line.deadline, at(4, 17))
        self.assertEqual(complaint.message_ids, messages)

    @freeze_time(at(0, 9))
    def test_a_team_put_on_other_working_hours_moves_its_limits(self):
        complaint = self._create(at(0, 9))
        line = self._resolution(complaint)
        self.assertEqual(line.deadline, at(3, 17))
        # the same working hours, two hours later (UTC 10:00-19:00)
        later = self._make_calendar("Later Site", "UTC", 10, 14, 15, 19)
        self.team.resource_calendar_id = later
        self._saved()
        self.assertEqual(line.calendar_id, later)
        self.assertEqual(line.deadline, at(3, 19), "the team's new end of day")
        ack = self._line(complaint, "acknowledge")
        self.assertEqual(ack.deadline, at(0, 12), "two working hours from 10:00")
        self.assertIn("working calendar", complaint.message_ids[:1].body)
        # control: another change of the team moves nothing
        messages = complaint.message_ids
        self.team.name = "Renamed Desk"
        self._saved()
        self.assertEqual(line.deadline, at(3, 19))
        self.assertEqual(complaint.message_ids, messages)

    @freeze_time(at(0, 9))
    def test_the_company_s_new_working_hours_move_limits_of_teams_without_their_own(
        self,
    ):
        complaint = self._create(at(0, 9))
        line = self._resolution(complaint)
        later = self._make_calendar("Company Later", "UTC", 10, 14, 15, 19)
        self.company.resource_calendar_id = later
        self._saved()
        self.assertEqual(line.deadline, at(3, 17), "the team keeps its own hours")
        self.team.resource_calendar_id = False
        self._saved()
        self.assertEqual(line.deadline, at(3, 19), "now on the company's hours")
        # a complaint without a team is on the company's hours too
        complaint.sudo().team_id = False
        self.assertFalse(complaint.team_id)
        self.company.resource_calendar_id = self.calendar
        self._saved()
        self.assertEqual(line.deadline, at(3, 17))

    @freeze_time(at(0, 9))
    def test_time_off_that_is_not_a_public_holiday_moves_nothing(self):
        complaint = self._create(at(0, 9))
        line = self._resolution(complaint)
        messages = complaint.message_ids
        # a colleague's own time off
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Day off",
                "resource_id": self.env["resource.resource"]
                .create({"name": "Second Handler", "user_id": self.handler_other.id})
                .id,
                "calendar_id": self.calendar.id,
                "date_from": at(1, 0),
                "date_to": at(1, 23, 59),
            }
        )
        self._saved()
        self.assertEqual(line.deadline, at(3, 17), "personal")
        # another company's public holiday
        other_company = self.env["res.company"].create({"name": "Other Co"})
        theirs = (
            self.env["resource.calendar.leaves"]
            .with_company(other_company)
            .create(
                {
                    "name": "Their holiday",
                    "calendar_id": False,
                    "date_from": at(2, 0),
                    "date_to": at(2, 23, 59),
                }
            )
        )
        self.assertEqual(theirs.company_id, other_company)
        self._saved()
        self.assertEqual(line.deadline, at(3, 17))
        self.assertEqual(complaint.message_ids, messages, "no note")
        # a holiday after the deadline, and one before the clock started
        self._holiday(at(7, 0), at(7, 23, 59))
        self._holiday(datetime(2026, 2, 27), datetime(2026, 2, 27, 23, 59))
        self._saved()
        self.assertEqual(line.deadline, at(3, 17))
        self.assertEqual(complaint.message_ids, messages)

    @freeze_time(at(0, 9))
    def test_a_breach_stays_a_breach(self):
        complaint = self._create(at(0, 9))
        ack = self._line(complaint, "acknowledge")
        with freeze_time(at(0, 12)):
            self.env["complaint.sla.line"]._cron_sla_sweep(commit=False)
        self.assertEqual(ack.state, "breached")
        deadline = ack.deadline
        # Monday from 10:00 and Tuesday declared off afterwards
        self._holiday(at(0, 10), at(1, 23, 59))
        self._saved()
        self.assertEqual(ack.state, "breached")
        self.assertEqual(ack.deadline, deadline)
        # control: the resolution still running moves
        self.assertEqual(self._resolution(complaint).deadline, at(4, 17))

    @freeze_time(at(0, 9))
    def test_the_sweep_plans_the_rest_before_it_breaches(self):
        """Many complaints: the first are planned again at once, the sweep
        plans the others first thing, so none is breached on the old plan."""
        first, second = self._create(at(0, 9)), self._create(at(0, 9))
        with patch.object(complaint_sla_line_replan, "REPLAN_AT_ONCE", 1):
            self._holiday(at(0, 10), at(0, 11))  # one hour off on Monday
            self._saved()
        done, waiting = sorted(
            (self._line(first, "acknowledge"), self._line(second, "acknowledge")),
            key=lambda line: line.replan_pending,
        )
        self.assertEqual(done.deadline, at(0, 12))
        self.assertTrue(waiting.replan_pending)
        self.assertEqual(waiting.deadline, at(0, 11), "not planned yet")
        with freeze_time(at(0, 11, 45)):
            self.env["complaint.sla.line"]._cron_sla_sweep(commit=False)
        self.assertFalse(waiting.replan_pending)
        self.assertEqual(waiting.deadline, at(0, 12))
        self.assertEqual(waiting.state, "at_risk", "warned, not breached")

    def test_staff_cannot_declare_a_holiday_to_gain_time(self):
        """Public holidays move every complaint's limit: only who manages the
        company's settings declares them (Odoo's own rule, which the engine
        depends on), through any call."""
        vals = {
            "name": "My holiday",
            "calendar_id": False,
            "company_id": self.company.id,
            "date_from": at(1, 0),
            "date_to": at(1, 23, 59),
        }
        Leaves = self.env["resource.calendar.leaves"]
        for user in (self.handler, self.leader):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                Leaves.with_user(user).create(vals)
        holiday = Leaves.create(vals)
        with self.assertRaises(AccessError):
            holiday.with_user(self.leader).unlink()
        # control: an administrator of the settings declares it
        admin = self.env.ref("base.user_admin")
        self.assertTrue(Leaves.with_user(admin).create(vals))

    @freeze_time(at(0, 9))
    def test_a_calendar_saved_from_its_form_moves_the_limits_once(self):
        """Its working hours are written one by one: the limits move once,
        to the calendar as saved, with one note."""
        complaint = self._create(at(0, 9))
        line = self._resolution(complaint)
        messages = complaint.message_ids
        tuesday = self.calendar.attendance_ids.filtered(
            lambda attendance: attendance.dayofweek == "1"
        )
        self.calendar.write(
            {
                "attendance_ids": [
                    Command.update(attendance.id, {"dayofweek": "5"})
                    for attendance in tuesday
                ]
            }
        )
        self.assertTrue(line.replan_pending, "marked while the form saves")
        self._saved()
        self.assertFalse(line.replan_pending)
        # Tuesday's hours moved to Saturday: Wednesday, Thursday, Friday
        self.assertEqual(line.deadline, at(4, 17))
        notes = complaint.message_ids - messages
        self.assertEqual(len(notes), 1, "one note, not one per line of hours")

    @freeze_time(at(0, 9))
    def test_a_limit_whose_replan_keeps_failing_is_still_swept(self):
        """A complaint whose limits cannot be planned again is registered and
        retried at every run; meanwhile its limits are warned and breached on
        the deadline they have, not left out of the sweep for good."""
        broken, healthy = self._create(at(0, 9)), self._create(at(0, 9))
        with patch.object(complaint_sla_line_replan, "REPLAN_AT_ONCE", 0):
            self._holiday(at(0, 10), at(0, 11))
            self._saved()
        stuck = self._line(broken, "acknowledge")
        Line = type(stuck)
        original = Line._sla_plan_again

        def failing(line, *args, **kwargs):
            if line.complaint_id == broken:
                raise ValueError("a calendar this complaint cannot be planned on")
            return original(line, *args, **kwargs)

        with (
            patch.object(Line, "_sla_plan_again", failing),
            mute_logger(
                "odoo.addons.complaint_management.models.complaint_job_failure"
            ),
        ):
            for moment in (at(0, 9, 30), at(0, 11, 45)):
                with freeze_time(moment):
                    self.env["complaint.sla.line"]._cron_sla_sweep(commit=False)
        self.assertTrue(stuck.replan_pending)
        self.assertTrue(
            self.env["complaint.job.failure"].search(
                [("job", "=", "sla_replan"), ("res_id", "=", broken.id)]
            )
        )
        self.assertEqual(stuck.state, "breached", "on the deadline it has (11:00)")
        # control: the healthy complaint was planned again, and only warned
        ack = self._line(healthy, "acknowledge")
        self.assertFalse(ack.replan_pending)
        self.assertEqual(ack.deadline, at(0, 12))
        self.assertEqual(ack.state, "at_risk")

    @freeze_time(at(0, 9))
    def test_a_replan_left_to_the_next_run_is_not_swept_on_the_old_plan(self):
        """A handler's change made the replan of a complaint fail on a
        concurrent update: left to the next run (not registered), its limit
        was breached meanwhile on the deadline the holiday had moved."""
        waiting, healthy = self._create(at(0, 9)), self._create(at(0, 9))
        with patch.object(complaint_sla_line_replan, "REPLAN_AT_ONCE", 0):
            self._holiday(at(0, 10), at(0, 11))
            self._saved()
        line = self._line(waiting, "acknowledge")
        Line = type(line)
        original = Line._sla_plan_again

        def concurrent(line, *args, **kwargs):
            if line.complaint_id == waiting:
                raise psycopg2.errors.SerializationFailure("changed meanwhile")
            return original(line, *args, **kwargs)

        with (
            patch.object(Line, "_sla_plan_again", concurrent),
            freeze_time(at(0, 11, 45)),
            mute_logger(
                "odoo.addons.complaint_management.models.complaint_job_failure"
            ),
        ):
            self.env["complaint.sla.line"]._cron_sla_sweep(commit=False)
        self.assertTrue(line.replan_pending)
        self.assertEqual(line.state, "running", "not breached on the old 11:00")
        self.assertFalse(
            self.env["complaint.job.failure"].search(
                [("job", "=", "sla_replan"), ("res_id", "=", waiting.id)]
            )
        )
        # the next run plans it again (12:00) before it sweeps
        with freeze_time(at(0, 11, 50)):
            self.env["complaint.sla.line"]._cron_sla_sweep(commit=False)
        self.assertFalse(line.replan_pending)
        self.assertEqual(line.deadline, at(0, 12))
        # control: the healthy complaint was planned again at the first run
        self.assertEqual(self._line(healthy, "acknowledge").deadline, at(0, 12))

    def test_a_complaint_that_cannot_be_planned_again_refuses_no_change(self):
        """A complaint whose replan keeps failing stays marked for the sweep:
        at every later save of any calendar it was planned again (the save
        replanned every marked line) and the save failed, with an error
        about a complaint nobody was editing. A change replans its own lines,
        each complaint apart when one fails."""
        broken, healthy = self._create(at(0, 9)), self._create(at(0, 9))
        Line = type(self._line(broken, "acknowledge"))
        original = Line._sla_plan_again

        attempts = []

        def failing(line, *args, **kwargs):
            if line.complaint_id == broken:
                attempts.append(line)
                raise ValueError("a calendar this complaint cannot be planned on")
            return original(line, *args, **kwargs)

        with (
            patch.object(Line, "_sla_plan_again", failing),
            mute_logger(complaint_sla_line_replan.__name__),
        ):
            self._holiday(at(0, 10), at(0, 11))
            self._saved()  # the save goes through
            self.assertTrue(self._line(broken, "acknowledge").replan_pending)
            ack = self._line(healthy, "acknowledge")
            self.assertFalse(ack.replan_pending)
            self.assertEqual(ack.deadline, at(0, 12))
            # a later change planning the healthy one again: the stuck one
            # is not planned at its save
            attempts.clear()
            self._line(healthy, "resolution")._sla_mark_replan()
            self._saved()
            self.assertFalse(attempts)
        self.assertTrue(self._line(broken, "acknowledge").replan_pending)
        self.assertFalse(self._line(healthy, "resolution").replan_pending)

    @freeze_time(at(0, 9))
    def test_a_deleted_team_calendar_plans_its_limits_again(self):
        later = self._make_calendar("Later Site", "UTC", 10, 14, 15, 19)
        self.team.resource_calendar_id = later
        complaint = self._create(at(0, 9))
        line = self._resolution(complaint)
        self.assertEqual(line.calendar_id, later)
        self.assertEqual(line.deadline, at(3, 19))
        self.company.resource_calendar_id = self.calendar
        later.unlink()
        self._saved()
        # on the company's working hours now, and told
        self.assertEqual(line.calendar_id, self.calendar)
        self.assertEqual(line.deadline, at(3, 17))
        self.assertIn("working calendar", complaint.message_ids[:1].body)
