"""Reply scripts (应答口径): who approves them (the configured group, never
their author) and who is asked and told."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .test_reply_script import APPROVER, MANAGER, ReplyScriptCommon


@tagged("post_install", "-at_install")
class TestReplyScriptApproval(ReplyScriptCommon):
    # ------------------------------------------------------------------
    # Approval: the configured group, never the author
    # ------------------------------------------------------------------
    def test_approval_refused_outside_the_group(self):
        script = self._draft()
        script.action_submit()
        for user in (self.complaint_officer, self.complaint_manager):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                script.with_user(user).action_approve()
        self.assertEqual(script.state, "to_approve")
        # control: an approver who is not the author approves
        script.with_user(self.legal).action_approve()
        self.assertEqual(script.state, "approved")
        self.assertEqual(script.approver_id, self.legal)
        self.assertTrue(script.date_approved)

    def test_each_approver_is_asked_in_their_words(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.legal.lang = "zh_CN"
        (self.officer_approver | self.env.user).lang = "en_US"
        script = self._draft()
        script.action_submit()
        notes = {a.user_id: str(a.note) for a in script.activity_ids}
        self.assertIn("或将其退回给作者", notes[self.legal])
        self.assertIn("send it back to its author", notes[self.officer_approver])
        titles = {a.user_id: a.summary for a in script.activity_ids}
        self.assertEqual(titles[self.legal], "批准应答口径或将其退回给作者")
        self.assertIn("send it back to its author", titles[self.officer_approver])

    def test_approval_refused_to_the_author(self):
        script = self._draft(self.officer_approver)
        script.with_user(self.officer_approver).action_submit()
        self.assertFalse(script.with_user(self.officer_approver).can_approve)
        with self.assertRaisesRegex(UserError, "another approver"):
            script.with_user(self.officer_approver).action_approve()
        self.assertEqual(script.state, "to_approve")
        # control: another approver
        self.assertTrue(script.with_user(self.legal).can_approve)
        script.with_user(self.legal).action_approve()
        self.assertEqual(script.approver_id, self.legal)

    def test_who_changed_the_wording_does_not_approve_it(self):
        """An approver who sent a script back and rewrote it is one of its
        writers: another approver approves it (four eyes, not two)."""
        script = self._draft()
        script.action_submit()
        as_pr = script.with_user(self.officer_approver)
        as_pr.action_send_back()
        as_pr.write({"body": "<p>Nothing happened.</p>"})
        self.assertEqual(script.editor_ids, self.officer_approver)
        as_pr.action_submit()
        self.assertFalse(as_pr.can_approve)
        with self.assertRaisesRegex(UserError, "another approver"):
            as_pr.action_approve()
        self.assertEqual(script.state, "to_approve")
        with self.assertRaises(UserError):
            script.with_user(self.complaint_officer).write({"editor_ids": [(5, 0, 0)]})
        # control: an approver who did not write it approves
        script.with_user(self.legal).action_approve()
        self.assertEqual(script.approver_id, self.legal)

    def test_the_setting_names_who_approves(self):
        self.company.complaint_reply_script_group_id = self.env.ref(MANAGER)
        script = self._draft()
        script.action_submit()
        with self.assertRaises(UserError):
            script.with_user(self.legal).action_approve()
        script.with_user(self.complaint_manager).action_approve()
        self.assertEqual(script.approver_id, self.complaint_manager)

    def test_the_setting_refuses_a_group_without_access(self):
        sales = self.env.ref("sales_team.group_sale_salesman")
        with self.assertRaises(ValidationError):
            self.company.complaint_reply_script_group_id = sales
        # control: a group that implies Reply Script Approver
        legal_department = self.env["res.groups"].create(
            {
                "name": "Legal Department",
                "implied_ids": [(4, self.env.ref(APPROVER).id)],
            }
        )
        self.company.complaint_reply_script_group_id = legal_department
        self.assertEqual(self.company.complaint_reply_script_group_id, legal_department)

    def test_submit_asks_the_approvers(self):
        script = self._draft(self.officer_approver)
        script.with_user(self.officer_approver).action_submit()
        activities = self._approval_activities(script)
        self.assertIn(self.legal, activities.user_id)
        self.assertIn(self.env.ref("base.user_admin"), activities.user_id)
        self.assertNotIn(self.officer_approver, activities.user_id, "not the author")
        self.assertNotIn(self.complaint_officer, activities.user_id)

        with self.mock_mail_gateway():
            script.with_user(self.legal).action_approve()
        self.assertFalse(self._approval_activities(script), "done or removed")
        told = script.message_ids.filtered(
            lambda m: self.officer_approver.partner_id in m.partner_ids
        )
        self.assertEqual(len(told), 1)
        self.assertIn("approved", told.body)

    def test_send_back_tells_the_author(self):
        script = self._draft()
        script.with_user(self.complaint_officer).action_submit()
        self.assertTrue(self._approval_activities(script))
        with self.assertRaises(UserError):
            script.with_user(self.complaint_user).action_send_back()
        script.with_user(self.legal).action_send_back()
        self.assertFalse(self._approval_activities(script))
        told = script.message_ids.filtered(
            lambda m: self.complaint_officer.partner_id in m.partner_ids
        )
        self.assertIn("sent back", told.body)

    def test_setting_sends_the_requests_to_its_group(self):
        self.company.complaint_reply_script_group_id = self.env.ref(MANAGER)
        script = self._draft()
        script.action_submit()
        users = self._approval_activities(script).user_id
        self.assertIn(self.complaint_manager, users)
        self.assertNotIn(self.legal, users)

    # ------------------------------------------------------------------
    # Access for approvers
    # ------------------------------------------------------------------
    def test_approver_reaches_scripts_not_complaints(self):
        menus = self.env["ir.ui.menu"].with_user(self.legal)._visible_menu_ids()
        self.assertIn(
            self.env.ref("complaint_management.complaint_reply_script_menu").id, menus
        )
        self.assertNotIn(
            self.env.ref("complaint_management.complaint_complaint_menu").id, menus
        )
        complaint = self.env["complaint.complaint"].create(self._complaint_vals())
        with self.assertRaises(AccessError):
            complaint.with_user(self.legal).read(["subject"])
