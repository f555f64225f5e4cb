from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .sla_common import SlaCommon, at


@tagged("post_install", "-at_install")
class TestSlaReminderByHand(SlaCommon):
    """The time limits' reminder is done when its limit is met; removed by
    hand while the limit runs, it comes back."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._policy(
            name="Reminder rules",
            team_ids=[(6, 0, cls.team.ids)],
            resolution_time=2,
            resolution_unit="working_days",
        )

    @freeze_time(at(0, 9))
    def test_the_reminder_is_not_marked_done_while_its_limit_runs(self):
        complaint = self._create(at(0, 9), user_id=self.handler.id)
        reminder = complaint.activity_ids.with_user(self.handler)
        self.assertEqual(len(reminder), 1)
        with self.assertRaises(UserError):
            reminder.action_feedback(feedback="Called the customer")
        self.assertTrue(reminder.exists())
        self.assertEqual(self._line(complaint, "resolution").activity_id, reminder)
        # control: another activity of the complaint is done by hand
        todo = complaint.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.handler.id
        )
        todo.with_user(self.handler).action_feedback(feedback="Done")
        self.assertFalse(todo.exists())

    @freeze_time(at(0, 9))
    def test_a_reminder_removed_by_hand_comes_back(self):
        complaint = self._create(at(0, 9), user_id=self.handler.id)
        complaint.activity_ids.with_user(self.handler).unlink()
        line = self._line(complaint, "resolution")
        self.assertTrue(line.activity_id, "hung again")
        self.assertEqual(complaint.activity_ids.user_id, self.handler)
        self.assertEqual(complaint.activity_ids.date_deadline, line.deadline.date())

    @freeze_time(at(0, 9))
    def test_the_reminder_is_not_archived_by_hand(self):
        """Archived, the reminder left the chatter and the activities menu,
        and the engine, finding it still linked, never made another."""
        complaint = self._create(at(0, 9), user_id=self.handler.id)
        reminder = complaint.activity_ids.with_user(self.handler)
        for hide in (
            reminder.action_archive,
            lambda: reminder.write({"active": False}),
        ):
            with self.assertRaises(UserError):
                hide()
        self.assertTrue(reminder.active)
        # one archived as the engine would not (a script as superuser): the
        # next sync hangs a new one
        reminder.sudo().active = False
        complaint._sla_sync_activities()
        self.assertTrue(complaint.activity_ids, "a reminder in sight again")
        # control: another activity of the complaint is archived as usual
        todo = complaint.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.handler.id
        )
        todo.with_user(self.handler).action_archive()
        self.assertFalse(todo.active)

    @freeze_time(at(0, 9))
    def test_the_reminder_is_not_moved_by_hand(self):
        """Given to a colleague who cannot act, or put off to a later day, the
        reminder would leave the handler with none until the next change."""
        complaint = self._create(at(0, 9), user_id=self.handler.id)
        reminder = complaint.activity_ids.with_user(self.handler)
        deadline = reminder.date_deadline
        for vals in (
            {"user_id": self.handler_other.id},
            {"date_deadline": "2099-12-31"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                reminder.write(vals)
        self.assertEqual(
            (reminder.user_id, reminder.date_deadline), (self.handler, deadline)
        )
        # control: its note is theirs to write, and another activity moves
        reminder.note = "Called the customer at 10:00"
        todo = complaint.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.handler.id
        )
        todo.with_user(self.handler).user_id = self.handler_other
        self.assertEqual(todo.user_id, self.handler_other)
