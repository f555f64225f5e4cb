"""The form always says what the complaint waits for and what that needs."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestNextStep(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.complaint_fast_track_amount = 200
        cls.refund = cls.env.ref("complaint_management.complaint_remedy_type_refund")

    def _acknowledged(self):
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(user_id=self.complaint_user.id, level_id=False)
        )
        complaint.action_register()
        if complaint.state == "registered":
            complaint.action_acknowledge()
        return complaint.with_user(self.complaint_user)

    def _proposed(self):
        """Acknowledged, assessed founded, investigated, a refund of 30
        proposed."""
        complaint = self._acknowledged()
        complaint.write({"level_id": self.level_normal.id, "validity": "founded"})
        complaint.action_assess()
        complaint.action_investigate()
        self.env["complaint.remedy"].with_user(self.complaint_user).create(
            {"complaint_id": complaint.id, "type_id": self.refund.id, "amount": 30}
        )
        complaint.action_propose()
        return complaint

    def test_assessment_names_the_fields_as_the_form_labels_them(self):
        complaint = self._acknowledged()
        self.assertIn("“Level”", complaint.next_step)
        self.assertIn("“Validity”", complaint.next_step)
        with self.assertRaisesRegex(UserError, "“Level” and “Validity”"):
            complaint.action_assess()
        complaint.write({"level_id": self.level_normal.id, "validity": "founded"})
        self.assertEqual(complaint.next_step, "Next: Complete Assessment.")
        complaint.action_assess()
        self.assertEqual(complaint.state, "assessed")

    def test_immediate_action_needed_is_recorded_before_the_assessment(self):
        """Urgent safety or quality matters get immediate action: flagged as
        needed, the assessment waits for what was done."""
        complaint = self._acknowledged()
        complaint.write(
            {
                "level_id": self.level_normal.id,
                "validity": "founded",
                "immediate_action_needed": True,
            }
        )
        self.assertIn("“Immediate Action Taken”", complaint.next_step)
        with self.assertRaisesRegex(UserError, "“Immediate Action Taken”"):
            complaint.action_assess()
        self.assertEqual(complaint.state, "acknowledged")
        complaint.immediate_action = "Recall notice sent to the batch's buyers."
        self.assertEqual(complaint.next_step, "Next: Complete Assessment.")
        complaint.action_assess()
        self.assertEqual(complaint.state, "assessed")

    def test_accepted_leads_to_carried_out_then_close(self):
        complaint = self._acknowledged()
        complaint.write({"level_id": self.level_normal.id, "validity": "founded"})
        complaint.action_assess()
        complaint.action_investigate()
        self.assertIn("Send Proposal", complaint.next_step)
        self.env["complaint.remedy"].with_user(self.complaint_user).create(
            {"complaint_id": complaint.id, "type_id": self.refund.id, "amount": 30}
        )
        complaint.action_propose()
        self.assertIn("Customer Accepts", complaint.next_step)
        complaint.action_accept_proposal()
        self.assertIn("Carried Out", complaint.next_step)
        self.assertFalse(complaint.can_close, "not before the remedies are done")
        complaint.remedy_ids.action_done()
        self.assertIn("“Resolution Summary”", complaint.next_step)
        complaint.resolution_summary = "<p>Refunded 30.</p>"
        self.assertEqual(complaint.next_step, "Next: Close.")
        self.assertTrue(complaint.can_close)
        complaint.action_close()
        self.assertFalse(complaint.next_step)

    def test_rejected_with_a_remedy_awaiting_approval_names_the_approval(self):
        """Close and a new proposal both refuse while a remedy waits for a
        manager: the step says so, not "Close"."""
        complaint = self._proposed()
        complaint.action_reject_proposal("Too little")
        complaint.resolution_summary = "<p>We could not agree.</p>"
        self.assertIn("Close", complaint.next_step, "control: nothing waits")
        self.env["complaint.remedy"].with_user(self.complaint_user).create(
            {"complaint_id": complaint.id, "type_id": self.refund.id, "amount": 900}
        )
        self.assertIn("wait for a manager's approval (1)", complaint.next_step)
        with self.assertRaises(UserError):
            complaint.action_close()

    def test_flagged_high_risk_late_the_step_names_what_close_needs(self):
        """Flagged high-risk once the customer accepted: the form said
        "Next: Close." and Close refused (the gate wants the reply script and
        the plan): the step names them."""
        complaint = self._proposed()
        complaint.action_accept_proposal()
        complaint.remedy_ids.action_done()
        complaint.write(
            {"resolution_summary": "<p>Refunded 30.</p>", "is_high_risk": True}
        )
        self.assertIn("high-risk", complaint.next_step)
        self.assertIn("“Handling Plan”", complaint.next_step)
        with self.assertRaisesRegex(UserError, "high-risk"):
            complaint.action_close()
        # control: with the script and the plan, Close is the step
        complaint.sudo().write(
            {
                "reply_script_id": self._approved_reply_script(
                    category_ids=complaint.category_id.ids
                ).id,
                "handling_plan": "<p>Call the customer.</p>",
            }
        )
        self.assertEqual(complaint.next_step, "Next: Close.")
        complaint.action_close()
        self.assertEqual(complaint.state, "closed")

    def test_without_handler_the_step_says_who_can_take_it(self):
        complaint = self._acknowledged()
        complaint.sudo().user_id = False
        self.assertIn("Assign to me", complaint.next_step)
        # who owns it meanwhile: the leader its reminders go to
        self.assertIn(self.complaint_manager.name, complaint.next_step)
        self.assertIn("reminded", complaint.next_step)
        # a team without a leader (whose method gives nobody the complaint):
        # the company's complaint manager on duty is reminded
        complaint.team_id.sudo().assignment_method = "manual"
        complaint.team_id.sudo().leader_id = False
        complaint.invalidate_recordset(["next_step"])
        on_duty = complaint.company_id._complaint_manager_on_duty()
        self.assertIn(
            f"{on_duty.name}, complaint manager, is reminded", complaint.next_step
        )
        self.assertIn("Assign to me", complaint.next_step)
