"""The workflow's rules hold through create and write, not only in buttons."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestWorkflowGuard(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.complaint_fast_track_amount = 200
        cls.refund = cls.env.ref("complaint_management.complaint_remedy_type_refund")

    def _complaint(self, **values):
        vals = self._complaint_vals(user_id=self.complaint_user.id)
        vals.update(values)
        return (
            self.env["complaint.complaint"].with_user(self.complaint_user).create(vals)
        )

    def _to_investigation(self, complaint):
        complaint.action_register()
        if complaint.state == "registered":
            complaint.action_acknowledge()
        complaint.write({"level_id": self.level_normal.id, "validity": "founded"})
        complaint.action_assess()
        complaint.action_investigate()
        return complaint

    # ------------------------------------------------------------------
    # Remedies: the approval is a financial control
    # ------------------------------------------------------------------
    def test_user_cannot_create_an_approved_remedy(self):
        complaint = self._complaint()
        Remedy = self.env["complaint.remedy"].with_user(self.complaint_user)
        with self.assertRaisesRegex(UserError, "workflow buttons"):
            Remedy.create(
                {
                    "complaint_id": complaint.id,
                    "type_id": self.refund.id,
                    "amount": 50000,
                    "state": "approved",
                    "approved_by_id": self.complaint_manager.id,
                }
            )
        # control: the same remedy, created as the form does, waits for approval
        remedy = Remedy.create(
            {"complaint_id": complaint.id, "type_id": self.refund.id, "amount": 50000}
        )
        self.assertEqual(remedy.state, "proposed")
        self.assertFalse(remedy.approved_by_id)
        # and a small one takes the fast track
        small = Remedy.create(
            {"complaint_id": complaint.id, "type_id": self.refund.id, "amount": 50}
        )
        self.assertEqual(small.state, "approved")
        self.assertTrue(small.is_fast_track)

    def test_user_cannot_write_the_approval(self):
        complaint = self._complaint()
        remedy = (
            self.env["complaint.remedy"]
            .with_user(self.complaint_user)
            .create(
                {"complaint_id": complaint.id, "type_id": self.refund.id, "amount": 900}
            )
        )
        with self.assertRaises(UserError):
            remedy.action_approve()
        for vals in (
            {"state": "approved"},
            {"approved_by_id": self.complaint_manager.id},
            {"is_fast_track": True},
            {"date_approved": "2026-01-01 10:00:00"},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "workflow"):
                remedy.write(vals)
        self.assertEqual(remedy.state, "proposed")
        # control: the manager approves through the action, and is recorded
        remedy.with_user(self.complaint_manager).action_approve()
        self.assertEqual(remedy.state, "approved")
        self.assertEqual(remedy.approved_by_id, self.complaint_manager)

    def test_changing_an_approved_amount_needs_a_new_approval(self):
        complaint = self._complaint()
        remedy = (
            self.env["complaint.remedy"]
            .with_user(self.complaint_user)
            .create(
                {"complaint_id": complaint.id, "type_id": self.refund.id, "amount": 900}
            )
        )
        remedy.with_user(self.complaint_manager).action_approve()
        remedy.with_user(self.complaint_user).amount = 50000
        self.assertEqual(remedy.state, "proposed", "back to the approver")
        self.assertFalse(remedy.approved_by_id)
        # control: lowered under the fast-track limit, it is approved at once
        remedy.with_user(self.complaint_user).amount = 100
        self.assertEqual(remedy.state, "approved")
        self.assertTrue(remedy.is_fast_track)

    # ------------------------------------------------------------------
    # Complaints: status, decision, step dates
    # ------------------------------------------------------------------
    def test_user_cannot_close_or_forge_the_decision_by_writing(self):
        complaint = self._to_investigation(self._complaint())
        as_user = complaint.with_user(self.complaint_user)
        for vals in (
            {"state": "closed"},
            {"state": "closed", "date_closed": "2026-01-01 10:00:00"},
            {"state": "accepted", "decision": "accepted"},
            {"decision": "accepted", "date_decision": "2026-01-01 10:00:00"},
            {"date_acknowledged": "2020-01-01 10:00:00"},
            {"reopen_count": 0},
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "workflow"):
                as_user.write(vals)
        self.assertEqual(complaint.state, "investigating")
        self.assertFalse(complaint.decision)
        with self.assertRaisesRegex(UserError, "workflow"):
            self.env["complaint.complaint"].with_user(self.complaint_user).create(
                self._complaint_vals(state="closed")
            )

    def test_control_the_buttons_still_walk_the_workflow(self):
        complaint = self._to_investigation(self._complaint())
        as_user = complaint.with_user(self.complaint_user)
        self.env["complaint.remedy"].with_user(self.complaint_user).create(
            {"complaint_id": complaint.id, "type_id": self.refund.id, "amount": 20}
        )
        as_user.action_propose()
        as_user.action_accept_proposal()
        self.assertEqual(complaint.decision, "accepted")
        self.assertTrue(complaint.date_decision)
        complaint.remedy_ids.with_user(self.complaint_user).action_done()
        as_user.resolution_summary = "<p>Refunded 20.</p>"
        as_user.action_close()
        self.assertEqual(complaint.state, "closed")
        self.assertTrue(complaint.date_closed)
        self.assertEqual(complaint.write_uid, self.complaint_user, "the user did it")

    def test_no_write_access_no_workflow_step(self):
        """The superuser write of a step still requires the caller's right to
        write the complaint (another team's complaint is out of reach)."""
        complaint = self._complaint()
        with self.assertRaises(AccessError):
            complaint.with_user(self.complaint_user_other).action_register()
        self.assertEqual(complaint.state, "new")

    # ------------------------------------------------------------------
    # Escalations: the history is written by the escalation itself
    # ------------------------------------------------------------------
    def test_user_cannot_create_an_escalation_in_anothers_name(self):
        complaint = self._complaint()
        with self.assertRaises(AccessError):
            self.env["complaint.escalation"].with_user(self.complaint_user).create(
                {
                    "complaint_id": complaint.id,
                    "reason": "forged",
                    "escalated_by_id": self.complaint_manager.id,
                    "trigger": "manual",
                }
            )
        # control: escalating through the complaint records the user
        escalation = complaint.with_user(self.complaint_user)._escalate(
            reason="Customer threatens to go to the press", trigger="manual"
        )
        self.assertEqual(escalation.escalated_by_id, self.complaint_user)
        with self.assertRaises(AccessError):
            escalation.with_user(self.complaint_manager).write({"reason": "edited"})

    def test_one_tracking_line_per_status_change(self):
        """The stage follows the status: the history shows the change once."""
        complaint = self._complaint().with_context(tracking_disable=False)
        complaint.with_user(self.complaint_user).action_register()
        self.flush_tracking()
        self.assertTrue(complaint.stage_id, "the stage followed")
        fields_tracked = complaint.sudo().message_ids.tracking_value_ids.mapped(
            "field_id.name"
        )
        self.assertEqual(fields_tracked.count("state"), 1)
        self.assertNotIn("stage_id", fields_tracked)
