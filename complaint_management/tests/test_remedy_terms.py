"""What the customer accepted is what is carried out: when those terms
change under them (a remedy withdrawn, another complainant, another company),
the proposal goes back to them to answer again, and they are sent it."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestRemedyTerms(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.complaint_fast_track_amount = 200
        cls.refund = cls.env.ref("complaint_management.complaint_remedy_type_refund")
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Li Na", "email": "li.na@example.com"}
        )

    def _accepted(self):
        complaint = self.env["complaint.complaint"].create(self._complaint_vals())
        remedies = self.env["complaint.remedy"].create(
            [
                {"complaint_id": complaint.id, "type_id": self.refund.id, "amount": 50},
                {"complaint_id": complaint.id, "type_id": self.refund.id, "amount": 30},
            ]
        )
        self.assertEqual(set(remedies.mapped("state")), {"approved"})
        now = fields.Datetime.now()
        complaint.sudo()._workflow_write(
            {
                "state": "accepted",
                "decision": "accepted",
                "date_proposed": now,
                "date_decision": now,
            }
        )
        self.assertEqual(complaint._remedies_offered(), remedies)
        return complaint, remedies

    def _proposals_sent(self, complaint, partner=None):
        self.env.cr.precommit.run()
        return self.env["mail.mail"].search(
            [
                ("model", "=", complaint._name),
                ("res_id", "=", complaint.id),
                ("subject", "ilike", "proposal"),
                *([("recipient_ids", "in", partner.ids)] if partner else []),
            ]
        )

    def test_a_remedy_withdrawn_after_acceptance_is_answered_again(self):
        complaint, (kept, withdrawn) = self._accepted()
        sent = self._proposals_sent(complaint, self.customer)
        withdrawn.with_user(self.complaint_manager).action_cancel()
        self.assertEqual(complaint.state, "proposed")
        self.assertFalse(complaint.decision)
        self.assertEqual(complaint._remedies_offered(), kept)
        self.assertTrue(complaint.can_decide)
        self.assertTrue(self._proposals_sent(complaint, self.customer) - sent)
        # control: the customer's answer to what is left closes the loop
        complaint.action_accept_proposal()
        self.assertEqual(complaint.state, "accepted")
        self.assertEqual(complaint._remedies_offered(), kept)

    def test_another_complainant_is_sent_the_proposal(self):
        complaint, remedies = self._accepted()
        complaint.with_user(self.complaint_user).partner_id = self.other_customer
        self.assertEqual(complaint.state, "proposed")
        self.assertFalse(complaint.decision)
        # fast-tracked again under the new customer's limit
        self.assertEqual(set(remedies.mapped("state")), {"approved"})
        self.assertEqual(complaint._remedies_offered(), remedies)
        self.assertTrue(self._proposals_sent(complaint, self.other_customer))

    def test_a_complaint_held_by_its_customer_goes_to_the_new_one(self):
        complaint, remedies = self._accepted()
        complaint.sudo()._workflow_write({"state": "proposed", "decision": False})
        complaint.with_user(self.complaint_user).partner_id = self.other_customer
        self.assertEqual(complaint.state, "proposed")
        self.assertTrue(self._proposals_sent(complaint, self.other_customer))
        # control: a change of contact within the same customer changes no term
        contact = self.env["res.partner"].create(
            {"name": "Li Na's colleague", "parent_id": self.other_customer.id}
        )
        sent = self._proposals_sent(complaint)
        complaint.with_user(self.complaint_user).partner_id = contact
        self.assertEqual(self._proposals_sent(complaint), sent)

    def test_with_nothing_left_to_send_the_handling_goes_on(self):
        """The only remedy accepted is withdrawn: no proposal can go out, and
        a complaint waiting for the customer would stop its clock; it goes
        back to the handling for a new proposal."""
        complaint, remedies = self._accepted()
        remedies.with_user(self.complaint_manager).action_cancel()
        self.assertEqual(complaint.state, "investigating")
        self.assertFalse(complaint.decision)
        self.assertFalse(complaint.is_waiting_customer)
        self.assertFalse(complaint._remedies_offered())

    def test_what_was_carried_out_is_not_asked_again(self):
        """Every remedy accepted was carried out: a corrected complainant
        changes no term left to answer."""
        complaint, remedies = self._accepted()
        remedies.sudo()._workflow_write({"state": "done"})
        sent = self._proposals_sent(complaint)
        complaint.with_user(self.complaint_user).partner_id = self.other_customer
        self.assertEqual(complaint.state, "accepted")
        self.assertEqual(complaint.decision, "accepted")
        self.assertEqual(self._proposals_sent(complaint), sent)

    def test_a_new_proposal_after_a_reopening_offers_only_what_is_new(self):
        """The refund was made and the complaint closed; the customer came
        back and it was reopened: the new proposal offers the replacement,
        not the refund they already had."""
        complaint, remedies = self._accepted()
        remedies.sudo()._workflow_write(
            {"state": "done", "date_done": fields.Datetime.now()}
        )
        complaint.sudo()._workflow_write({"state": "closed"})
        with freeze_time(fields.Datetime.now() + timedelta(minutes=5)):
            complaint.with_user(self.complaint_manager).action_reopen()
        handler = complaint.with_user(self.complaint_user)
        self.assertFalse(handler.proposal_ready, "nothing new to offer yet")
        with self.assertRaisesRegex(UserError, "Add at least one remedy"):
            handler.action_propose()
        with freeze_time(fields.Datetime.now() + timedelta(minutes=10)):
            replacement = self.env["complaint.remedy"].create(
                {"complaint_id": complaint.id, "type_id": self.refund.id, "amount": 20}
            )
            self.assertEqual(replacement.state, "approved")
            self.assertTrue(handler.proposal_ready)
            sent = self._proposals_sent(complaint, self.customer)
            handler.action_propose()
        self.assertEqual(complaint._remedies_offered(), replacement)
        email = self._proposals_sent(complaint, self.customer) - sent
        self.assertEqual(len(email), 1)
        self.assertIn("20.00", email.body_html)
        self.assertNotIn("50.00", email.body_html)
        # the answer is to the new proposal; the refund stays given
        with freeze_time(fields.Datetime.now() + timedelta(minutes=15)):
            complaint.action_accept_proposal()
        self.assertEqual(complaint._remedies_offered(), replacement)
        self.assertEqual(remedies._given_before_reopening(), remedies)
        self.assertFalse(replacement._given_before_reopening())
