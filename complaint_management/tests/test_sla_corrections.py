from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from ..tools.formats import format_deadline
from .sla_common import SlaCommon, at


@tagged("post_install", "-at_install")
class TestSlaCorrections(SlaCommon):
    """What the engine shows after a correction, a pause or a regrade is what
    the complainant and the handler were promised.

    Calendar: Monday-Friday 08:00-12:00 and 13:00-17:00 UTC; ``at(0, 9)`` is
    Monday 2 March 2026 09:00.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy = cls._policy(
            name="Team rules",
            team_ids=[(6, 0, cls.team.ids)],
            acknowledge_time=8,
            acknowledge_unit="working_hours",
            resolution_time=2,
            resolution_unit="working_days",
        )
        cls.waiting = cls.env.ref("complaint_management.complaint_stage_waiting_info")

    def _deadlines(self, complaint):
        return {
            line.milestone: line.deadline
            for line in complaint.sla_line_ids
            if line.state in ("running", "at_risk", "paused")
        }

    @freeze_time(at(3, 9))
    def test_a_corrected_date_received_moves_the_open_limits(self):
        """A letter received on Monday, entered on Thursday, then corrected."""
        complaint = self._create(at(3, 9))
        complaint.with_user(self.leader).date_received = at(0, 9)
        reference = self._create(at(0, 9))
        self.assertEqual(self._deadlines(complaint), self._deadlines(reference))
        # Monday 09-12, 13-17 (7 h) + Tuesday 08-09
        self.assertEqual(self._deadlines(complaint)["acknowledge"], at(1, 9))
        self.assertEqual(
            complaint.activity_ids.date_deadline, at(1, 9).date(), "the reminder too"
        )

    @freeze_time(at(0, 11))
    def test_a_deadline_moved_within_its_day_moves_the_reminder_s_time(self):
        complaint = self._create(at(0, 9))
        ack = self._line(complaint, "acknowledge")
        self.assertEqual(ack.deadline, at(1, 9))
        self.assertIn(ack._sla_deadline_text("UTC"), str(complaint.activity_ids.note))
        # control: the handler's own words on the reminder stay while the
        # deadline stands
        complaint.activity_ids.note = "<p>Call the shop first.</p>"
        complaint._sla_sync()
        self.assertIn("Call the shop first.", str(complaint.activity_ids.note))
        complaint.with_user(self.leader).date_received = at(0, 10)
        self.assertEqual(ack.deadline, at(1, 10), "the same day, an hour later")
        self.assertEqual(len(complaint.activity_ids), 1)
        self.assertIn(ack._sla_deadline_text("UTC"), str(complaint.activity_ids.note))

    @freeze_time(at(3, 9))
    def test_a_reached_limit_keeps_what_it_measured(self):
        complaint = self._create(at(3, 9))
        complaint.date_acknowledged = at(3, 10)
        ack = self._line(complaint, "acknowledge")
        self.assertEqual(ack.state, "met")
        complaint.with_user(self.leader).date_received = at(0, 9)
        self.assertEqual(ack.date_start, at(3, 9), "reached: measured as it was")
        # control: the resolution still running counts from the corrected date
        self.assertEqual(self._line(complaint, "resolution").date_start, at(0, 9))

    def test_a_limit_reached_while_paused(self):
        with freeze_time(at(0, 9)):
            complaint = self._create(at(0, 9))  # acknowledge due Tuesday 09:00
            complaint.write({"state": "investigating"})
        with freeze_time(at(0, 14)):
            complaint.stage_id = self.waiting  # 4 working hours used
        with freeze_time(at(2, 10)):
            complaint.date_acknowledged = at(2, 10)  # Wednesday, still waiting
        ack = self._line(complaint, "acknowledge")
        self.assertEqual(ack.state, "met", "paused before its deadline")
        # the pause (Monday 14-17, Tuesday, Wednesday 08-10) is not time used
        self.assertAlmostEqual(ack.paused_hours, 13.0)
        self.assertAlmostEqual(ack.working_hours_used, 4.0)

    def test_a_limit_paused_after_its_deadline_is_late(self):
        with freeze_time(at(0, 9)):
            complaint = self._create(at(0, 9))  # acknowledge due Tuesday 09:00
            complaint.write({"state": "investigating"})
        with freeze_time(at(1, 10)):
            # an hour late, before the sweep marked it breached
            complaint.stage_id = self.waiting
        with freeze_time(at(1, 11)):
            complaint.date_acknowledged = at(1, 11)
        self.assertEqual(self._line(complaint, "acknowledge").state, "met_late")

    def test_a_regrade_to_hours_counts_the_pause_in_hours(self):
        """Regraded after a pause to a rule in hours, day and night: the pause
        counts in the new rule's measure (48 hours, not the 16 working hours
        it was in the old one), so the deadline is not already past."""
        web = self.env.ref("complaint_management.complaint_channel_web")
        self._policy(
            name="Online, one day",
            sequence=5,
            team_ids=[(6, 0, self.team.ids)],
            channel_ids=[(6, 0, web.ids)],
            resolution_time=24,
            resolution_unit="hours",
        )
        with freeze_time(at(0, 9)):
            complaint = self._create(at(0, 9))
            complaint.date_acknowledged = at(0, 9)
            complaint.write({"state": "investigating"})
        with freeze_time(at(0, 10)):
            complaint.stage_id = self.waiting
        with freeze_time(at(2, 10)):
            complaint.stage_id = self.env.ref(
                "complaint_management.complaint_stage_investigating"
            )
        line = self._line(complaint, "resolution")
        self.assertAlmostEqual(line.paused_hours, 16.0)
        self.assertAlmostEqual(line.paused_elapsed, 48.0)
        with freeze_time(at(2, 11)):
            complaint.channel_id = web
        line = self._line(complaint, "resolution")
        self.assertEqual(line.time_unit, "hours")
        # Monday 09:00 + 24 h + 48 h paused: Thursday 09:00
        self.assertEqual(line.deadline, at(3, 9))
        # and back to working days: the pause in working hours again
        with freeze_time(at(2, 12)):
            complaint.channel_id = self.channel_email
        line = self._line(complaint, "resolution")
        self.assertEqual(line.time_unit, "working_days")
        self.assertAlmostEqual(line.paused_time, 16.0)

    def test_a_regrade_lifts_a_warning_that_no_longer_holds(self):
        web = self.env.ref("complaint_management.complaint_channel_web")
        self._policy(
            name="Online, longer investigation",
            sequence=5,
            team_ids=[(6, 0, self.team.ids)],
            channel_ids=[(6, 0, web.ids)],
            resolution_time=10,
            resolution_unit="working_days",
        )
        self._policy(
            name="By email, one day",
            sequence=5,
            team_ids=[(6, 0, self.team.ids)],
            channel_ids=[(6, 0, self.channel_email.ids)],
            resolution_time=1,
            resolution_unit="working_days",
        )
        with freeze_time(at(0, 9)):
            lifted = self._create(at(0, 9))
            kept = self._create(at(0, 9))
            # acknowledged at once: no breach escalates them to another team
            (lifted | kept).date_acknowledged = at(0, 9)
        # two working days from Monday: Wednesday 17:00, at risk from 13:24
        with freeze_time(at(2, 15)):
            self.env["complaint.sla.line"]._cron_sla_sweep(commit=False)
            for complaint in lifted | kept:
                line = self._line(complaint, "resolution")
                self.assertEqual((line.state, line.is_warned), ("at_risk", True))
            lifted.channel_id = web
            kept.channel_id = self.channel_email
        line = self._line(lifted, "resolution")
        self.assertEqual((line.state, line.is_warned), ("running", False))
        # control: a shorter limit is at risk all the more
        line = self._line(kept, "resolution")
        self.assertEqual((line.state, line.is_warned), ("at_risk", True))

    @freeze_time(at(0, 9))
    def test_a_regrade_note_reads_the_calendar_time(self):
        web = self.env.ref("complaint_management.complaint_channel_web")
        self._policy(
            name="Online, longer",
            sequence=5,
            team_ids=[(6, 0, self.team.ids)],
            channel_ids=[(6, 0, web.ids)],
            resolution_time=10,
            resolution_unit="working_days",
        )
        complaint = self._create(at(0, 9))
        self.leader.tz = "Asia/Shanghai"  # eight hours from the calendar's UTC
        complaint.with_user(self.leader).channel_id = web
        line = self._line(complaint, "resolution")
        note = complaint.message_ids.filtered(
            lambda m: "Time limits recomputed" in str(m.body)
        )
        lang = line._sla_lang_code()
        self.assertIn(format_deadline(line.deadline, "UTC", lang), str(note.body))
        # the zone named: the leader reads it eight hours ahead
        self.assertIn(
            format_deadline(line.deadline, "UTC", lang, show_zone=True),
            str(note.body),
        )
        self.assertIn("(GMT", str(note.body))
        self.assertNotIn(
            format_deadline(line.deadline, "Asia/Shanghai", lang), str(note.body)
        )

    @freeze_time(at(0, 9))
    def test_the_reminder_follows_the_running_limits(self):
        self.policy.progress_time = 40
        self.policy.progress_unit = "working_hours"
        complaint = self._create(at(0, 9), user_id=self.handler.id)
        complaint.write({"state": "investigating"})
        ack = self._line(complaint, "acknowledge")
        self.assertEqual(complaint.activity_ids.date_deadline, ack.deadline.date())
        # only the acknowledgement waits on the complainant (a paused limit
        # keeps its old deadline while the clock stands still)
        ack.write({"state": "paused", "date_paused": at(0, 9)})
        complaint._sla_sync_activities()
        resolution = self._line(complaint, "resolution")
        self.assertEqual(
            complaint.activity_ids.date_deadline, resolution.deadline.date()
        )


@tagged("post_install", "-at_install")
class TestEscalationToLeavers(SlaCommon):
    """An escalation goes to someone still working here."""

    @freeze_time(at(0, 9))
    def test_a_leader_who_left_gets_no_escalated_complaint(self):
        complaint = self._create(at(0, 9), user_id=self.handler.id)
        self.expert_leader.active = False
        complaint.with_user(self.leader)._escalate(reason="Too slow")
        self.assertEqual(complaint.team_id, self.team_expert)
        self.assertNotEqual(complaint.user_id, self.expert_leader)
        self.assertTrue(complaint.user_id.active)
        # control: an active leader takes it
        self.expert_leader.active = True
        other = self._create(at(0, 9), user_id=self.handler.id)
        other.with_user(self.leader)._escalate(reason="Too slow")
        self.assertEqual(other.user_id, self.expert_leader)

    def test_a_handler_who_left_is_not_warned(self):
        policy = self._policy(
            name="Short",
            team_ids=[(6, 0, self.team.ids)],
            resolution_time=10,
            resolution_unit="working_hours",
        )
        self.assertTrue(policy)
        with freeze_time(at(0, 9)):
            left = self._create(at(0, 9), user_id=self.handler.id)
            stays = self._create(at(0, 9), user_id=self.handler_other.id)
        self.handler.active = False
        with freeze_time(at(1, 10)):  # past 80 % of the 10 working hours
            self.env["complaint.sla.line"]._cron_sla_sweep(commit=False)
        warned = left.message_ids.filtered(
            lambda m: "Time limit at risk" in str(m.body)
        )
        self.assertTrue(warned)
        self.assertNotIn(self.handler.partner_id, warned.partner_ids)
        self.assertIn(self.leader.partner_id, warned.partner_ids)
        # control: a handler still here is warned
        warned = stays.message_ids.filtered(
            lambda m: "Time limit at risk" in str(m.body)
        )
        self.assertIn(self.handler_other.partner_id, warned.partner_ids)

    def test_a_complaint_nobody_here_can_own_warns_the_manager_on_duty(self):
        """Its handler, the leader and only member of its team, gone: the
        reminder went to the manager on duty and the warning to nobody."""
        solo = new_test_user(
            self.env,
            login="sla_solo",
            groups="complaint_management.complaint_management_group_user",
            name="Solo Leader",
        )
        team = self.env["complaint.team"].create(
            {
                "name": "Solo",
                "leader_id": solo.id,
                "member_ids": [(6, 0, solo.ids)],
            }
        )
        self._policy(
            name="Short",
            team_ids=[(6, 0, team.ids)],
            resolution_time=10,
            resolution_unit="working_hours",
        )
        with freeze_time(at(0, 9)):
            complaint = self._create(at(0, 9), team_id=team.id, user_id=solo.id)
        solo.action_archive()
        self.assertFalse(complaint.user_id)
        manager = complaint.company_id._complaint_manager_on_duty()
        self.assertTrue(manager)
        with freeze_time(at(1, 10)):
            self.env["complaint.sla.line"]._cron_sla_sweep(commit=False)
        warned = complaint.message_ids.filtered(
            lambda m: "Time limit at risk" in str(m.body)
        )
        self.assertTrue(warned)
        self.assertEqual(warned.partner_ids, manager.partner_id)


@tagged("post_install", "-at_install")
class TestWaitingStage(SlaCommon):
    """A stage made to wait on the complainant stops the clocks of the
    complaints already in it, and starts them again when it no longer does."""

    def test_the_flag_of_a_stage_moves_the_clocks_in_it(self):
        self._policy(
            name="Rules",
            team_ids=[(6, 0, self.team.ids)],
            resolution_time=2,
            resolution_unit="working_days",
        )
        stage = self.env.ref("complaint_management.complaint_stage_investigating")
        with freeze_time(at(0, 9)):
            complaint = self._create(at(0, 9))
            complaint.write({"state": "investigating", "stage_id": stage.id})
            other = self._create(at(0, 9))
        line = self._line(complaint, "resolution")
        self.assertEqual(line.state, "running")
        with freeze_time(at(0, 10)):
            stage.is_waiting_customer = True
        self.assertEqual(line.state, "paused")
        self.assertEqual(line.date_paused, at(0, 10))
        # control: a complaint in another stage runs on
        self.assertNotEqual(other.stage_id, stage)
        self.assertEqual(self._line(other, "resolution").state, "running")
        with freeze_time(at(1, 10)):
            stage.is_waiting_customer = False
        self.assertEqual(line.state, "running")
        self.assertAlmostEqual(line.paused_hours, 8.0, msg="Monday 10:00 to Tuesday")


@tagged("post_install", "-at_install")
class TestAnotherCalendar(SlaCommon):
    """A complaint moved to a team working on another calendar is planned on
    that team's working time; on the same calendar nothing moves."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.shanghai = cls._make_calendar("Shanghai", "Asia/Shanghai", 9, 12, 13, 18)
        cls.team_shanghai = cls.env["complaint.team"].create(
            {"name": "Shanghai Desk", "resource_calendar_id": cls.shanghai.id}
        )
        cls.team_same = cls.env["complaint.team"].create(
            {"name": "Second Desk", "resource_calendar_id": cls.calendar.id}
        )
        cls._policy(
            name="Everywhere",
            resolution_time=2,
            resolution_unit="working_days",
        )

    @freeze_time(at(0, 9))
    def test_a_team_on_another_calendar_replans_the_limits(self):
        moved = self._create(at(0, 9))
        kept = self._create(at(0, 9))
        before = self._line(kept, "resolution").deadline
        moved.team_id = self.team_shanghai
        kept.team_id = self.team_same
        reference = self._create(at(0, 9), team_id=self.team_shanghai.id)
        self.assertEqual(
            self._line(moved, "resolution").deadline,
            self._line(reference, "resolution").deadline,
        )
        self.assertNotEqual(self._line(moved, "resolution").deadline, before)
        # control: the same calendar, the same deadline, no note
        self.assertEqual(self._line(kept, "resolution").deadline, before)
        self.assertFalse(
            kept.message_ids.filtered(lambda m: "recomputed" in str(m.body))
        )
