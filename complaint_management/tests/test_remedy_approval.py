"""Remedies above the fast-track limit: request, approve or refuse, told."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestRemedyApproval(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.complaint_fast_track_amount = 200
        cls.refund = cls.env.ref("complaint_management.complaint_remedy_type_refund")
        cls.approval = cls.env.ref(
            "complaint_management.mail_activity_type_remedy_approval"
        )
        cls.complaint = cls.env["complaint.complaint"].create(
            cls._complaint_vals(user_id=cls.complaint_user.id)
        )

    def _remedy(self, amount):
        return (
            self.env["complaint.remedy"]
            .with_user(self.complaint_user)
            .create(
                {
                    "complaint_id": self.complaint.id,
                    "type_id": self.refund.id,
                    "amount": amount,
                }
            )
        )

    def _approval_activities(self):
        return self.complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == self.approval
        )

    def test_request_goes_to_the_leader_manager_once(self):
        self._remedy(900)
        self._remedy(1500)
        activity = self._approval_activities()
        self.assertEqual(len(activity), 1, "one request per complaint")
        self.assertEqual(activity.user_id, self.complaint_manager, "team leader")
        # control: the fast track asks nobody
        self.complaint.activity_ids.unlink()
        self._remedy(50)
        self.assertFalse(self._approval_activities())

    def test_a_remedy_moved_away_takes_its_request_along(self):
        """Moved to another complaint while it awaits approval: the request
        was left open on the first, which nothing awaits any more."""
        remedy = self._remedy(900)
        self.assertTrue(self._approval_activities())
        other = self.env["complaint.complaint"].create(
            self._complaint_vals(user_id=self.complaint_user.id)
        )
        remedy.with_user(self.complaint_user).write({"complaint_id": other.id})
        self.assertFalse(self._approval_activities(), "nothing awaits it here")
        self.assertTrue(
            other.activity_ids.filtered(lambda a: a.activity_type_id == self.approval)
        )
        # control: a remedy still awaiting approval keeps the request open
        self._remedy(1200)
        stays = self._remedy(1300)
        stays.with_user(self.complaint_user).write({"complaint_id": other.id})
        self.assertTrue(self._approval_activities())

    def test_the_request_is_the_approvers_to_close(self):
        """The handler who proposed the refund reads the complaint, and core
        lets a reader cancel, reassign or mark done its to-dos: the request
        would be gone, and nothing asks again until the remedies change."""
        self._remedy(900)
        activity = self._approval_activities()
        handler = activity.with_user(self.complaint_user)
        for change in (
            handler.unlink,
            lambda: handler.write({"user_id": self.complaint_user.id}),
            lambda: handler.action_feedback(feedback="done"),
        ):
            with self.assertRaisesRegex(UserError, "to do"), self.env.cr.savepoint():
                change()
            activity.invalidate_recordset()
        self.assertEqual(self._approval_activities().user_id, self.complaint_manager)
        # control: their own to-do, a manager's hand, the workflow's closing
        own = self.complaint.with_user(self.complaint_user).activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.complaint_manager.id
        )
        own.with_user(self.complaint_user).unlink()
        activity.with_user(self.complaint_manager).write(
            {"date_deadline": activity.date_deadline}
        )
        self.assertTrue(activity.exists())

    def test_the_request_is_done_by_the_decision(self):
        """Marked done by the approver without deciding, the request was
        gone: the remedies still waited, nobody was asked, and the handler
        could neither send the proposal nor close."""
        remedy = self._remedy(900)
        activity = self._approval_activities().with_user(self.complaint_manager)
        for done in (
            lambda: activity.action_feedback(feedback="Seen"),
            activity.action_done,
        ):
            with (
                self.assertRaisesRegex(UserError, "Approve or refuse"),
                self.env.cr.savepoint(),
            ):
                done()
            activity.invalidate_recordset()
        self.assertTrue(self._approval_activities())
        # control: the decision closes it
        remedy.with_user(self.complaint_manager).action_approve()
        self.assertEqual(remedy.state, "approved")
        self.assertFalse(self._approval_activities())

    def test_an_administrator_archives_the_approver(self):
        """Core removes an archived user's to-dos as the administrator who
        archives them: the request is asked again of who decides now."""
        self._remedy(900)
        admin = new_test_user(
            self.env,
            login="cm_users_admin",
            groups="base.group_erp_manager,"
            "complaint_management.complaint_management_group_officer",
        )
        self.complaint_manager.with_user(admin).action_archive()
        self.assertFalse(self.complaint_manager.active)
        self.assertNotIn(
            self.complaint_manager, self._approval_activities().user_id, "asked again"
        )

    def test_the_request_is_in_the_approvers_words(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.complaint_manager.lang = "zh_CN"
        self.complaint_user.lang = "en_US"
        self._remedy(900)
        note = str(self._approval_activities().note)
        self.assertIn("批准或拒绝", note)
        self.assertIn(self.refund.with_context(lang="zh_CN").name, note)
        self.assertNotIn("Approve or refuse", note)
        # its title too (the activity type's, in the proposer's language)
        self.assertEqual(
            self._approval_activities().summary, "批准或拒绝超出快速通道限额的补救措施"
        )

    def test_the_decision_is_in_the_handlers_words(self):
        """The approver's answer is addressed to the handler: it came in the
        approver's language."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.complaint_manager.lang = "en_US"
        self.complaint_user.lang = "zh_CN"
        remedy = self._remedy(900)
        remedy.with_user(self.complaint_manager).action_approve()
        note = self.complaint.message_ids.filtered(
            lambda m: self.complaint_user.partner_id in m.partner_ids
        )[:1]
        self.assertIn("补救措施已批准", str(note.body))
        self.assertIn(self.refund.with_context(lang="zh_CN").name, str(note.body))
        # control: an English handler reads it in English
        self.complaint_user.lang = "en_US"
        other = self._remedy(800)
        other.with_user(self.complaint_manager).action_refuse("Too much")
        note = self.complaint.message_ids.filtered(
            lambda m: self.complaint_user.partner_id in m.partner_ids
        )[:1]
        self.assertIn("Remedy refused", str(note.body))

    def _approver_manager(self):
        return new_test_user(
            self.env,
            login="approval_manager",
            groups="complaint_management.complaint_management_group_manager",
        )

    def test_an_approver_who_left_is_replaced(self):
        approver = self._approver_manager()
        self.company.complaint_remedy_approver_id = approver
        self._remedy(900)
        self.assertEqual(self._approval_activities().user_id, approver)
        # the configured approver leaves: the request goes to who decides now
        approver.action_archive()
        activity = self._approval_activities()
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.complaint_manager, "team leader")
        # a configured approver who is not a complaint manager is not asked
        self.complaint.activity_ids.unlink()
        self.company.complaint_remedy_approver_id = self.complaint_user
        self.complaint.remedy_ids.action_request_approval()
        self.assertEqual(self._approval_activities().user_id, self.complaint_manager)

    def test_an_approver_demoted_hands_the_request_over(self):
        approver = self._approver_manager()
        self.company.complaint_remedy_approver_id = approver
        self._remedy(900)
        self.assertEqual(self._approval_activities().user_id, approver)
        # no longer a complaint manager (still a complaint user)
        approver.groups_id = [
            Command.unlink(
                self.env.ref(
                    "complaint_management.complaint_management_group_manager"
                ).id
            ),
            Command.link(
                self.env.ref("complaint_management.complaint_management_group_user").id
            ),
        ]
        self.assertEqual(self._approval_activities().user_id, self.complaint_manager)
        # a second remedy: the one request names both
        self._remedy(1500)
        activity = self._approval_activities()
        self.assertEqual(len(activity), 1)
        self.assertIn("900", activity.note)
        self.assertIn("1,500", activity.note)

    def test_configured_approver_wins(self):
        approver = self._approver_manager()
        self.company.complaint_remedy_approver_id = approver
        self._remedy(900)
        self.assertEqual(self._approval_activities().user_id, approver)

    def test_approve_tells_the_handler_and_closes_the_request(self):
        remedy = self._remedy(900)
        remedy.with_user(self.complaint_manager).action_approve()
        self.assertEqual(remedy.state, "approved")
        self.assertFalse(self._approval_activities(), "request done")
        note = self.complaint.message_ids.filtered(
            lambda m: "Remedy approved" in (m.body or "")
        )
        self.assertEqual(len(note), 1)
        self.assertIn(self.complaint_user.partner_id, note.partner_ids)

    def test_refuse_needs_a_reason_and_tells_the_handler(self):
        remedy = self._remedy(900)
        as_manager = remedy.with_user(self.complaint_manager)
        with self.assertRaises(UserError):
            as_manager.action_refuse(" ")
        action = as_manager.action_open_refuse_wizard()
        wizard = Form(
            self.env[action["res_model"]]
            .with_user(self.complaint_manager)
            .with_context(**action["context"])
        )
        wizard.reason = "Above what the contract allows"
        wizard.save().action_refuse()
        self.assertEqual(remedy.state, "refused")
        self.assertEqual(remedy.refusal_reason, "Above what the contract allows")
        self.assertEqual(remedy.approved_by_id, self.complaint_manager)
        self.assertFalse(self._approval_activities())
        note = self.complaint.message_ids.filtered(
            lambda m: "Above what the contract allows" in (m.body or "")
        )
        self.assertIn(self.complaint_user.partner_id, note.partner_ids)
        self.assertEqual(self.complaint.remedy_amount_total, 0, "refused: not counted")

    def test_only_managers_decide(self):
        remedy = self._remedy(900)
        for method in ("action_approve", "action_open_refuse_wizard"):
            with self.subTest(method=method), self.assertRaises(UserError):
                getattr(remedy.with_user(self.complaint_user), method)()
        with self.assertRaises(UserError):
            remedy.with_user(self.complaint_user).action_refuse("no")
        self.assertEqual(remedy.state, "proposed")
