"""The customer's decision and the remedies: a proposal is answered once its
remedies are decided, a complaint closes with none awaiting approval, and
only a refund the customer accepted is credited."""

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import ComplaintCommon


class RemedyDecisionCommon(ComplaintCommon):
    """A fast-track limit of 200, refunds proposed by the handler, and a
    complaint moved through the workflow by hand."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.complaint_fast_track_amount = 200
        cls.refund = cls.env.ref("complaint_management.complaint_remedy_type_refund")

    def _remedy(self, amount, user=None, kind=None, complaint=None):
        return (
            self.env["complaint.remedy"]
            .with_user(user or self.complaint_user)
            .create(
                {
                    "complaint_id": (complaint or self.complaint).id,
                    "type_id": (kind or self.refund).id,
                    "amount": amount,
                    "description": "Refund of the kettle",
                }
            )
        )

    def _state(self, state, complaint=None, **values):
        (complaint or self.complaint)._workflow_write(
            dict(state=state, date_proposed=fields.Datetime.now(), **values)
        )


@tagged("post_install", "-at_install")
class TestRemedyDecision(RemedyDecisionCommon):
    def setUp(self):
        super().setUp()
        self.complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(
                user_id=self.complaint_user.id,
                resolution_summary="<p>Refunded.</p>",
            )
        )

    def test_a_proposal_being_revised_is_not_accepted(self):
        self._state("investigating")
        self._remedy(50)
        self._state("proposed")
        # the manager adds a remedy above the fast track's limit
        added = self._remedy(900, user=self.complaint_manager)
        self.assertEqual(added.state, "proposed")
        handler = self.complaint.with_user(self.complaint_user)
        self.assertIn("approval", handler.next_step)
        with self.assertRaisesRegex(UserError, "once they are decided"):
            handler.action_accept_proposal()
        self.assertEqual(self.complaint.state, "proposed")
        # control: decided (by another manager: four eyes), the customer's
        # answer is recorded
        other = new_test_user(
            self.env,
            login="cm_manager_two",
            groups="complaint_management.complaint_management_group_manager",
        )
        added.with_user(other).action_approve()
        self.assertIn("Customer Accepts", handler.next_step)
        handler.action_accept_proposal()
        self.assertEqual(self.complaint.state, "accepted")

    def test_a_proposal_being_revised_is_not_rejected_either(self):
        self._state("investigating")
        self._remedy(50)
        self._state("proposed")
        added = self._remedy(900, user=self.complaint_manager)
        handler = self.complaint.with_user(self.complaint_user)
        with self.assertRaisesRegex(UserError, "once they are decided"):
            handler.action_reject_proposal("Too little")
        self.assertEqual(self.complaint.state, "proposed")
        # control: withdrawn, the customer's answer is recorded
        added.with_user(self.complaint_manager).unlink()
        handler.action_reject_proposal("Too little")
        self.assertEqual(self.complaint.state, "rejected")

    def test_a_cancelled_complaint_withdraws_its_remedies_awaiting_approval(self):
        """Cancelled, its remedies awaiting approval stayed, with the
        approver's request: nobody could decide them any more."""
        self._state("acknowledged")
        waiting = self._remedy(900)
        approval = self.env.ref(
            "complaint_management.mail_activity_type_remedy_approval"
        )
        self.assertIn(approval, self.complaint.activity_ids.activity_type_id)
        self.complaint.with_user(self.complaint_manager).action_cancel()
        self.assertEqual(waiting.state, "cancelled")
        self.assertNotIn(approval, self.complaint.activity_ids.activity_type_id)

    def test_a_complaint_closes_with_no_remedy_awaiting_approval(self):
        self._state("rejected", decision="rejected")
        waiting = self._remedy(900)
        handler = self.complaint.with_user(self.complaint_user)
        with self.assertRaisesRegex(UserError, "before closing it"):
            handler.action_close()
        self.assertEqual(self.complaint.state, "rejected")
        # an approval of a complaint that ended would promise what no one
        # carries out (a complaint closed before this rule, say)
        self.complaint._workflow_write({"state": "closed"})
        with self.assertRaisesRegex(UserError, "no longer decided"):
            waiting.with_user(self.complaint_manager).action_approve()
        self.assertEqual(waiting.state, "proposed")
        # control: withdrawn, the complaint closes
        self.complaint._workflow_write({"state": "rejected"})
        waiting.with_user(self.complaint_user).unlink()
        handler.action_close()
        self.assertEqual(self.complaint.state, "closed")

    def test_only_a_refund_the_customer_accepted_is_credited(self):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_line_ids": [
                    fields.Command.create(
                        {"name": "Kettle", "quantity": 1, "price_unit": 300}
                    )
                ],
            }
        )
        invoice.action_post()
        self.complaint.invoice_id = invoice
        accountant = self.complaint_manager
        accountant.groups_id |= self.env.ref("account.group_account_invoice")
        remedy = self._remedy(150).with_user(accountant)
        self.assertEqual(remedy.state, "approved")
        # the customer rejected the refund, or the complaint closed as unfounded
        for decision in ("rejected", False):
            with self.subTest(decision=decision):
                self._state("closed", decision=decision)
                remedy.invalidate_recordset()
                self.assertFalse(remedy.can_create_credit_note)
                with self.assertRaises(UserError):
                    remedy.action_create_credit_note()
        self.assertFalse(remedy.sudo().credit_note_id)
        # a refund carried out is credited, whatever happened since (the
        # complaint reopened by the customer's next email)
        self._state("investigating", decision="rejected")
        remedy.sudo()._workflow_write({"state": "done"})
        remedy.invalidate_recordset()
        self.assertTrue(remedy.can_create_credit_note)
        remedy.sudo()._workflow_write({"state": "approved"})
        # control: closed once they accepted it
        self._state("closed", decision="accepted")
        remedy.invalidate_recordset()
        self.assertTrue(remedy.can_create_credit_note)
        remedy.action_create_credit_note()
        self.assertTrue(remedy.sudo().credit_note_id)
