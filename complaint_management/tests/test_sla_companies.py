from datetime import timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .sla_common import SlaCommon, at


@tagged("post_install", "-at_install")
class TestSlaCompanies(SlaCommon):
    """Whose working time a deadline counts: the complaint's company's public
    holidays on a calendar shared between companies, a team's calendar of its
    own company; a policy's rule as it stood when the milestone started; no
    breach on a deadline waiting to be planned again."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy = cls._policy(resolution_time=3, resolution_unit="working_days")
        cls.branch = cls.env["res.company"].create({"name": "Berlin Branch"})

    def _resolution(self, complaint):
        return self._line(complaint, "resolution").deadline

    def test_a_shared_calendar_takes_the_complaints_company_holidays(self):
        shared = self._make_calendar("Shared Hours", "UTC", 8, 12, 13, 17)
        shared.company_id = False
        branch_team = self.env["complaint.team"].create(
            {
                "name": "Berlin Desk",
                "company_id": self.branch.id,
                "resource_calendar_id": shared.id,
            }
        )
        self.team.resource_calendar_id = shared
        # the main company's holiday on Tuesday, for its calendars only
        self._holiday(at(1, 0), at(2, 0))
        with freeze_time(at(0, 9)):
            ours = self._create(at(0, 9))
            theirs = self._create(
                at(0, 9), company_id=self.branch.id, team_id=branch_team.id
            )
        # three working days from Monday: the end of Thursday without the
        # holiday, of Friday with it
        self.assertEqual(self._resolution(theirs), at(3, 17))
        self.assertEqual(self._resolution(ours), at(4, 17))

    def test_a_team_works_on_its_own_companys_calendar(self):
        branch_calendar = self._make_calendar(
            "Berlin Hours", "Europe/Berlin", 9, 12, 13, 18
        )
        branch_calendar.company_id = self.branch
        self.branch.resource_calendar_id = branch_calendar
        team = self.env["complaint.team"].create(
            {"name": "Berlin Desk", "company_id": self.branch.id}
        )
        self.assertEqual(team.resource_calendar_id, branch_calendar)
        with self.assertRaises(UserError):
            team.resource_calendar_id = self.calendar
        # control: a calendar shared between companies is allowed
        self.calendar.company_id = False
        team.resource_calendar_id = self.calendar
        self.assertEqual(team.resource_calendar_id, self.calendar)

    def test_an_edited_policy_applies_to_later_milestones_for_everyone(self):
        other_category = self.env["complaint.category"].create({"name": "Toasters"})
        with freeze_time(at(0, 9)):
            first = self._create(at(0, 9))
            second = self._create(at(0, 9))
            self.policy.resolution_time = 5
            # a correction of the category under the same policy moves nothing
            second.category_id = other_category
            self.assertEqual(self._resolution(second), self._resolution(first))
            self.assertEqual(self._resolution(first), at(3, 17))
            # control: a complaint that comes under another policy takes its rule
            urgent = self._policy(
                name="Urgent",
                sequence=5,
                level_ids=[Command.link(self.level_urgent.id)],
                resolution_time=1,
                resolution_unit="working_days",
            )
            second.level_id = self.level_urgent
            self.assertEqual(self._line(second, "resolution").policy_id, urgent)
            self.assertEqual(self._resolution(second), at(1, 17))
            # and a new complaint the edited one
            third = self._create(at(0, 9))
            self.assertEqual(self._resolution(third), at(7, 17))

    def test_no_breach_on_a_deadline_waiting_to_be_planned_again(self):
        with freeze_time(at(0, 9)):
            complaint = self._create(at(0, 9))
        line = self._line(complaint, "resolution")
        line.replan_pending = True
        Line = self.env["complaint.sla.line"]
        self.assertNotIn(line, Line.search(Line._sla_due_domain(at(4, 9))))
        # control: once planned, the line past its deadline is due
        line.replan_pending = False
        self.assertIn(line, Line.search(Line._sla_due_domain(at(4, 9))))

    def test_working_days_are_whole_days(self):
        with self.assertRaises(ValidationError):
            self.policy.resolution_time = 2.5
        # control: half days in working hours
        self.policy.write({"resolution_time": 20, "resolution_unit": "working_hours"})
        self.policy.resolution_time = 20.5
        self.assertEqual(self.policy.resolution_time, 20.5)

    def test_working_hours_count_on_the_calendar_planned_on(self):
        with freeze_time(at(0, 9)):
            complaint = self._create(at(0, 9))
        line = self._line(complaint, "resolution")
        round_the_clock = self._make_calendar("Shifts", "UTC", 0, 12, 12, 24)
        with freeze_time(at(0, 15)):
            line.invalidate_recordset(["working_hours_used"])  # "now" moved
            # the team's calendar: 09:00-12:00 and 13:00-15:00
            self.assertEqual(line.working_hours_used, 5)
            # planned on shifts (moved in by a merge): six hours
            line.calendar_id = round_the_clock
            self.assertEqual(line.working_hours_used, 6)

    def test_a_company_move_takes_the_new_companys_holidays(self):
        shared = self._make_calendar("Shared Hours", "UTC", 8, 12, 13, 17)
        shared.company_id = False
        self.team.resource_calendar_id = shared
        self.branch.resource_calendar_id = shared
        self._holiday(at(1, 0), at(2, 0))  # the main company's Tuesday
        with freeze_time(at(0, 9)):
            complaint = self._create(at(0, 9))
            self.assertEqual(self._resolution(complaint), at(4, 17))
            complaint.write(
                {"company_id": self.branch.id, "team_id": False, "user_id": False}
            )
            self.env.flush_all()
            self.env.cr.precommit.run()
        # the branch works that Tuesday: the end of Thursday
        self.assertEqual(self._resolution(complaint), at(3, 17))

    def test_a_pause_counts_on_the_calendar_the_line_was_planned_on(self):
        self.policy.write({"resolution_time": 20, "resolution_unit": "working_hours"})
        with freeze_time(at(0, 9)):
            complaint = self._create(at(0, 9))
        line = self._line(complaint, "resolution")
        round_the_clock = self._make_calendar("Shifts", "UTC", 0, 12, 12, 24)
        # planned on shifts (moved in by a merge): due 20 hours later
        line.write({"calendar_id": round_the_clock.id, "deadline": at(1, 5)})
        line._sla_pause(at(0, 20))
        # an hour of the night, which the team's calendar does not count
        line._sla_resume(at(0, 21))
        self.assertEqual(line.calendar_id, round_the_clock)
        self.assertEqual(line.paused_time, 1)
        # (a day of shifts ends at 23:59:59.999999)
        self.assertAlmostEqual(line.deadline, at(1, 6), delta=timedelta(seconds=1))
