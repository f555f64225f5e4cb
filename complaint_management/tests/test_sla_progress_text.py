from freezegun import freeze_time

from odoo.tests import tagged

from .sla_common import SlaCommon, at


@tagged("post_install", "-at_install")
class TestSlaProgressText(SlaCommon):
    """The progress email's "you will hear from us again by" is the deadline
    of the progress milestone the update starts, as the engine plans it; no
    date is promised while the clock waits for the complainant."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy = cls._policy(
            progress_time=2,
            progress_unit="working_days",
            resolution_time=10,
            resolution_unit="working_days",
        )

    def _update(self, complaint):
        complaint.with_user(self.handler).message_post(
            body="We are testing your kettle.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return complaint._sla_open_line("progress")

    def test_the_promised_date_is_the_new_milestones(self):
        with freeze_time(at(0, 9)):
            complaint = self._create(at(0, 9), user_id=self.handler.id)
        with freeze_time(at(1, 10)):
            # the policy changed since the first milestone started
            self.policy.progress_time = 3
            promised = complaint._sla_next_update_text()
            line = self._update(complaint)
        self.assertEqual(line.target_time, 3)
        self.assertEqual(promised, complaint._sla_moment_text(line.deadline))
        self.assertEqual(line.deadline, at(4, 17))

    def test_the_promised_date_follows_the_policy_the_engine_will_take(self):
        """A more specific policy made since (the team's), or the policy
        archived: the email promised by the line's old policy, the engine
        planned by the new one (or none)."""
        with freeze_time(at(0, 9)):
            complaint = self._create(at(0, 9), user_id=self.handler.id)
        with freeze_time(at(1, 10)):
            team_policy = self._policy(
                name="Team rules",
                team_ids=[(6, 0, self.team.ids)],
                progress_time=5,
                progress_unit="working_days",
            )
            promised = complaint._sla_next_update_text()
            line = self._update(complaint)
        self.assertEqual(line.policy_id, team_policy)
        self.assertEqual(promised, complaint._sla_moment_text(line.deadline))
        # archived, nothing covers the progress any more: no date promised
        with freeze_time(at(2, 10)):
            (self.policy | team_policy).active = False
            self.assertEqual(complaint._sla_next_update_text(), "")

    def test_nothing_is_promised_while_waiting_for_the_complainant(self):
        with freeze_time(at(0, 9)):
            complaint = self._create(at(0, 9), user_id=self.handler.id)
            complaint.write({"state": "investigating"})
            self.assertTrue(complaint._sla_next_update_text())
            complaint.stage_id = self.env.ref(
                "complaint_management.complaint_stage_waiting_info"
            )
            self.assertEqual(complaint._sla_next_update_text(), "")

    def test_the_date_reads_where_the_complainant_lives(self):
        with freeze_time(at(0, 9)):
            complaint = self._create(at(0, 9), user_id=self.handler.id)
            # the test calendar works in UTC: Wednesday 17:00 there
            self.assertIn("3/4/26, 5:00 PM", complaint._sla_next_update_text())
            self.customer.tz = "Asia/Shanghai"
            self.assertIn("3/5/26, 1:00 AM", complaint._sla_next_update_text())
