"""The fast track's limit per customer: several small complaints are no way
around a manager's approval either."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestRemedyFastTrackCustomer(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "complaint_fast_track_amount": 200,
                "complaint_fast_track_customer_amount": 300,
                "complaint_fast_track_days": 30,
            }
        )
        cls.compensation = cls.env.ref(
            "complaint_management.complaint_remedy_type_compensation"
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Customer's Buyer", "parent_id": cls.customer.id}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Another Customer", "email": "another@example.com"}
        )

    def _remedy(self, amount, partner=None, user=None, team=None):
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(
                partner_id=(partner or self.customer).id,
                team_id=(team or self.team).id,
            )
        )
        return (
            self.env["complaint.remedy"]
            .with_user(user or self.complaint_user)
            .create(
                {
                    "complaint_id": complaint.id,
                    "type_id": self.compensation.id,
                    "amount": amount,
                }
            )
        )

    def test_small_complaints_of_one_customer_share_the_limit(self):
        first = self._remedy(150)
        second = self._remedy(150)
        # a contact of the same company is the same customer
        third = self._remedy(150, partner=self.contact)
        self.assertEqual(
            (first | second | third).mapped("state"),
            ["approved", "approved", "proposed"],
        )
        self.assertFalse(third.is_fast_track)
        # the third waits for a manager's approval
        approval = self.env.ref(
            "complaint_management.mail_activity_type_remedy_approval"
        )
        self.assertIn(approval, third.complaint_id.activity_ids.activity_type_id)
        # control: another customer has a limit of their own
        self.assertEqual(self._remedy(150, self.other_customer).state, "approved")

    def test_limit_holds_for_complaints_the_user_cannot_read(self):
        """Grants on a complaint of another team count all the same."""
        granted = self._remedy(
            200, user=self.complaint_user_other, team=self.team_other
        )
        self.assertEqual(granted.state, "approved")
        self.assertFalse(
            granted.complaint_id.with_user(self.complaint_user).has_access("read")
        )
        self.assertEqual(self._remedy(150).state, "proposed")
        # control: what is left of the customer's limit still goes through
        self.assertEqual(self._remedy(100).state, "approved")

    def test_only_grants_of_the_period_count(self):
        old = self._remedy(200)
        self.assertEqual(old.state, "approved")
        self.assertEqual(self._remedy(150).state, "proposed")
        old.sudo().date_approved = fields.Datetime.now() - timedelta(days=31)
        self.assertEqual(self._remedy(150).state, "approved")

    def test_refused_or_cancelled_grants_do_not_count(self):
        first = self._remedy(200)
        first.sudo()._workflow_write({"state": "cancelled"})
        self.assertEqual(self._remedy(200).state, "approved")

    def test_grants_never_given_do_not_count(self):
        """The customer rejected the fast-tracked remedy and the complaint was
        closed: it stays approved (what was offered, in the decision letter)
        but was never given, and no longer takes the customer's limit."""
        rejected = self._remedy(200)
        self.assertEqual(self._remedy(150).state, "proposed")
        rejected.complaint_id.sudo()._workflow_write(
            {"state": "closed", "decision": "rejected"}
        )
        self.assertEqual(rejected.state, "approved")
        self.assertEqual(self._remedy(150).state, "approved")
        # control: one carried out on a closed complaint counts
        rejected.sudo()._workflow_write({"state": "done"})
        self.assertEqual(self._remedy(150).state, "proposed")

    def test_a_credited_grant_counts_once_its_complaint_is_closed(self):
        """A refund credited by a posted credit note was given, whatever its
        state says: closed without being marked carried out, it left the
        customer's limit and the amount carried out."""
        credited = self._remedy(200)
        note = self.env["account.move"].create(
            {
                "move_type": "out_refund",
                "partner_id": self.customer.id,
                "invoice_line_ids": [
                    Command.create({"name": "Refund", "quantity": 1, "price_unit": 200})
                ],
            }
        )
        note.action_post()
        credited.sudo()._workflow_write({"credit_note_id": note.id})
        complaint = credited.complaint_id
        complaint.sudo()._workflow_write({"state": "closed", "decision": "rejected"})
        self.assertEqual(credited.state, "approved")
        self.assertEqual(complaint.remedy_amount_done, 200)
        self.assertEqual(self._remedy(150).state, "proposed")
        # control: its credit note cancelled, it was not given after all
        note.button_draft()
        note.button_cancel()
        self.assertFalse(complaint.remedy_amount_done)
        self.assertEqual(self._remedy(150).state, "approved")

    def test_the_limit_is_compared_in_the_currencys_rounding(self):
        """164.52 + 10.99 + 24.49 is 200.00, the limit, not a float above it."""
        first = self._remedy(164.52)
        complaint = first.complaint_id
        Remedy = self.env["complaint.remedy"].with_user(self.complaint_user)
        remedies = first
        for amount in (10.99, 24.49):
            remedies |= Remedy.create(
                {
                    "complaint_id": complaint.id,
                    "type_id": self.compensation.id,
                    "amount": amount,
                }
            )
        self.assertEqual(remedies.mapped("state"), ["approved"] * 3)
        # control: a cent more waits for a manager
        extra = Remedy.create(
            {
                "complaint_id": complaint.id,
                "type_id": self.compensation.id,
                "amount": 0.01,
            }
        )
        self.assertEqual(extra.state, "proposed")

    def test_a_reopened_rejection_fits_the_limit_again(self):
        """Closed after a rejection, a fast-tracked 200 left the limit and a
        150 took its room; reopened, the 200 would be granted beyond it."""
        rejected = self._remedy(200)
        rejected.complaint_id.sudo()._workflow_write(
            {"state": "closed", "decision": "rejected"}
        )
        self.assertEqual(self._remedy(150).state, "approved")
        rejected.complaint_id.with_user(self.complaint_manager).action_reopen()
        self.assertEqual(rejected.state, "proposed", "a manager decides it now")
        self.assertFalse(rejected.is_fast_track)

    def test_no_customer_limit(self):
        self.company.complaint_fast_track_customer_amount = 0
        remedies = self._remedy(200) | self._remedy(200) | self._remedy(200)
        self.assertEqual(set(remedies.mapped("state")), {"approved"})

    def test_a_grant_moves_with_its_complaint_to_another_customer(self):
        """Giving the complaint another customer makes its fast-tracked grant
        theirs, under their limit: a customer without grants is no way around
        another's limit, nor is the first one charged for it any longer."""
        granted = self._remedy(200)
        self._remedy(150, self.other_customer)
        granted.complaint_id.with_user(
            self.complaint_user
        ).partner_id = self.other_customer
        # 150 and 200 are over the other customer's 300: a manager decides
        self.assertEqual(granted.state, "proposed")
        self.assertFalse(granted.is_fast_track)
        # control: the first customer's limit no longer counts it
        self.assertEqual(self._remedy(200).state, "approved")
        # control: a grant that fits the new customer's limit stays granted
        small = self._remedy(100, self.contact)
        third = self.env["res.partner"].create({"name": "Third Customer"})
        small.complaint_id.with_user(self.complaint_user).partner_id = third
        self.assertEqual(small.state, "approved")
        self.assertEqual(small.fast_track_customer_id, third)

    def test_no_fast_track_without_a_known_customer(self):
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(
                partner_id=False,
                complainant_name="Walk-in",
                complainant_phone="+86 138 0000 2222",
            )
        )
        vals = {"complaint_id": complaint.id, "type_id": self.compensation.id}
        Remedy = self.env["complaint.remedy"].with_user(self.complaint_user)
        self.assertEqual(Remedy.create({**vals, "amount": 20}).state, "proposed")
        # nothing to give (a letter of apology), nothing to approve
        apology = self.env.ref("complaint_management.complaint_remedy_type_apology")
        self.assertEqual(
            Remedy.create({**vals, "type_id": apology.id}).state, "approved"
        )
        # money without its amount ("a full refund") is a manager's to weigh
        self.assertEqual(Remedy.create({**vals, "amount": 0}).state, "proposed")
        # control: without a limit per customer, the complaint's own applies
        self.company.complaint_fast_track_customer_amount = 0
        self.assertEqual(Remedy.create({**vals, "amount": 20}).state, "approved")

    def test_settings_are_checked(self):
        with self.assertRaises(ValidationError):
            self.company.complaint_fast_track_days = 0
        with self.assertRaises(ValidationError):
            self.company.complaint_fast_track_customer_amount = -1
        with self.assertRaises(ValidationError):
            self.company.complaint_fast_track_customer_amount = 100  # < 200
        # control
        self.company.complaint_fast_track_days = 1
