"""What was offered stays on record: a remedy moves only to a complaint the
user may change, changes of its terms go back to approval, and only a remedy
still awaiting approval is deleted."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestRemedyGuard(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.complaint_fast_track_amount = 200
        cls.refund = cls.env.ref("complaint_management.complaint_remedy_type_refund")
        Complaint = cls.env["complaint.complaint"]
        cls.complaint = Complaint.create(cls._complaint_vals())
        cls.complaint_same_team = Complaint.create(
            cls._complaint_vals(subject="Second kettle")
        )
        cls.complaint_other_team = Complaint.create(
            cls._complaint_vals(subject="Not ours", team_id=cls.team_other.id)
        )

    def _remedy(self, amount, description="Refund of the kettle"):
        return (
            self.env["complaint.remedy"]
            .with_user(self.complaint_user)
            .create(
                {
                    "complaint_id": self.complaint.id,
                    "type_id": self.refund.id,
                    "amount": amount,
                    "description": description,
                }
            )
        )

    def test_a_remedy_moves_only_to_a_complaint_the_user_may_change(self):
        # in every state a remedy can be moved in (a cancelled one goes
        # through no approval that would look at the new complaint)
        approved = self._remedy(50)
        cancelled = self._remedy(60)
        # accepted by the customer: a manager cancels it
        cancelled.with_user(self.complaint_manager).action_cancel()
        for remedy in approved | cancelled:
            with self.subTest(state=remedy.state):
                with self.assertRaises(AccessError):
                    remedy.write({"complaint_id": self.complaint_other_team.id})
                remedy.invalidate_recordset()
                self.assertEqual(remedy.sudo().complaint_id, self.complaint)
                # control: to another complaint of the user's team
                remedy.write({"complaint_id": self.complaint_same_team.id})
                self.assertEqual(remedy.complaint_id, self.complaint_same_team)

    def test_a_remedy_keeps_the_currency_of_its_amount(self):
        """Moved to a complaint of a company in another currency, ¥150 became
        HK$150 (and was fast-tracked again there under that limit)."""
        hkd = self.env.ref("base.HKD")
        hkd.active = True
        branch = self.env["res.company"].create(
            {"name": "Kettles Hong Kong", "currency_id": hkd.id}
        )
        self.complaint_user.company_ids |= branch
        team = self.env["complaint.team"].create(
            {
                "name": "HK Desk",
                "company_id": branch.id,
                "member_ids": [(4, self.complaint_user.id)],
            }
        )
        there = self.env["complaint.complaint"].create(
            self._complaint_vals(company_id=branch.id, team_id=team.id)
        )
        self.assertEqual(there.currency_id, hkd)
        self.assertNotEqual(self.complaint.currency_id, hkd)
        remedy = self._remedy(150).with_context(
            allowed_company_ids=[self.company.id, branch.id]
        )
        with self.assertRaisesRegex(UserError, "currency of its amount"):
            remedy.write({"complaint_id": there.id})
        remedy.invalidate_recordset()
        self.assertEqual(remedy.complaint_id, self.complaint)
        # control: one of no amount (a repair, an apology) moves
        repair = self._remedy(0, description="Repair the base").with_context(
            allowed_company_ids=[self.company.id, branch.id]
        )
        repair.write({"complaint_id": there.id})
        self.assertEqual(repair.complaint_id, there)

    def test_only_a_remedy_awaiting_approval_is_deleted(self):
        approved = self._remedy(50)
        refused = self._remedy(900)
        refused.with_user(self.complaint_manager).action_refuse("Not covered")
        done = self._remedy(80)
        cancelled = self._remedy(60)
        self.complaint.sudo()._workflow_write({"state": "accepted"})
        done.action_done()
        # accepted by the customer: a manager cancels it
        cancelled.with_user(self.complaint_manager).action_cancel()
        for remedy in approved | refused | done | cancelled:
            for user in (self.complaint_user, self.complaint_manager):
                with (
                    self.subTest(state=remedy.state, user=user.name),
                    self.assertRaises(UserError),
                ):
                    remedy.with_user(user).unlink()
        self.assertEqual(len((approved | refused | done | cancelled).exists()), 4)
        # control: one still awaiting approval is withdrawn
        self.complaint.sudo()._workflow_write({"state": "investigating"})
        proposed = self._remedy(900)
        self.assertEqual(proposed.state, "proposed")
        proposed.unlink()
        self.assertFalse(proposed.exists())

    def test_a_new_description_goes_back_to_approval(self):
        remedy = self._remedy(900)
        remedy.with_user(self.complaint_manager).action_approve()
        self.assertEqual(remedy.state, "approved")
        # control: the order of the remedies is not a term
        remedy.write({"sequence": 5})
        self.assertEqual(remedy.state, "approved")
        remedy.write({"description": "Refund of the kettle and the shipping"})
        self.assertEqual(remedy.state, "proposed")
        self.assertFalse(remedy.approved_by_id)
        # a remedy carried out keeps the description it was carried out with
        done = self._remedy(80)
        self.complaint.sudo()._workflow_write({"state": "accepted"})
        done.action_done()
        with self.assertRaises(UserError):
            done.write({"description": "Something else"})
        self.assertEqual(done.description, "Refund of the kettle")

    def test_the_offer_a_customer_holds_changes_by_a_manager_only(self):
        approved = self._remedy(50)
        pending = self._remedy(900)
        self.assertEqual((approved.state, pending.state), ("approved", "proposed"))
        for state in ("proposed", "accepted"):
            self.complaint.sudo()._workflow_write({"state": state})
            with self.subTest(state=state):
                # a fast-tracked 0 would replace the refund the customer holds
                with self.assertRaises(UserError):
                    approved.write({"amount": 0})
                with self.assertRaises(UserError):
                    self._remedy(10)
                with self.assertRaises(UserError):
                    pending.unlink()
                approved.invalidate_recordset()
                self.assertEqual((approved.amount, approved.state), (50, "approved"))
                self.assertTrue(pending.exists())
                # control: the order of the remedies is not a term
                approved.write({"sequence": 3})
        # accepted: what is carried out is what the customer accepted, a
        # manager cancels what cannot be
        with self.assertRaisesRegex(UserError, "cancel"):
            approved.with_user(self.complaint_manager).write({"amount": 40})
        with self.assertRaises(UserError):
            self.env["complaint.remedy"].with_user(self.complaint_manager).create(
                {"complaint_id": self.complaint.id, "type_id": self.refund.id}
            )
        # control: while the customer holds the proposal, a manager changes
        # it, and it goes back through approval
        self.complaint.sudo()._workflow_write({"state": "proposed"})
        approved.with_user(self.complaint_manager).write({"amount": 40})
        self.assertEqual(approved.state, "approved")
        self.assertTrue(approved.is_fast_track)
        self.assertEqual(approved.amount, 40)

    def test_an_ended_complaint_keeps_its_remedies(self):
        remedy = self._remedy(50)
        for state in ("closed", "cancelled"):
            self.complaint.sudo()._workflow_write({"state": state})
            for user in (self.complaint_user, self.complaint_manager):
                with self.subTest(state=state, user=user.name):
                    with self.assertRaises(UserError):
                        remedy.with_user(user).write({"amount": 20})
                    with self.assertRaises(UserError):
                        self.env["complaint.remedy"].with_user(user).create(
                            {
                                "complaint_id": self.complaint.id,
                                "type_id": self.refund.id,
                                "amount": 10,
                            }
                        )
        self.assertEqual(self.complaint.remedy_ids, remedy)
        # control: while it is handled, remedies are added and changed
        self.complaint.sudo()._workflow_write({"state": "investigating"})
        remedy.write({"amount": 20})
        self.assertEqual(self._remedy(10).complaint_id, self.complaint)

    def test_a_withdrawn_remedy_closes_the_approval_request(self):
        remedy = self._remedy(900)
        approval = self.env.ref(
            "complaint_management.mail_activity_type_remedy_approval"
        )
        requests = self.complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == approval
        )
        self.assertEqual(len(requests), 1)
        # control: another remedy awaiting approval keeps the request open
        other = self._remedy(800)
        remedy.unlink()
        self.assertTrue(requests.exists())
        other.unlink()
        self.assertFalse(requests.exists())

    def test_the_offer_is_what_the_proposal_sent(self):
        now = fields.Datetime.now()
        complaint = self.complaint.sudo()
        sent = self._remedy(50)
        sent.sudo().write({"date_approved": now - timedelta(hours=2)})
        self.assertFalse(complaint._remedies_offered(), "nothing proposed yet")
        complaint._workflow_write(
            {"state": "proposed", "date_proposed": now - timedelta(hours=1)}
        )
        self.assertEqual(complaint._remedies_offered(), sent)
        complaint._workflow_write(
            {
                "state": "rejected",
                "decision": "rejected",
                "date_decision": now - timedelta(minutes=30),
            }
        )
        # a remedy approved since is for the next proposal, not the one answered
        later = self._remedy(20)
        self.assertEqual(later.state, "approved")
        self.assertEqual(complaint._remedies_offered(), sent)
        # reopened: no proposal is in force
        complaint._workflow_write(
            {"state": "investigating", "date_reopened": now + timedelta(seconds=1)}
        )
        self.assertFalse(complaint._remedies_offered())
        # control: the next proposal offers both
        complaint._workflow_write(
            {"state": "proposed", "date_proposed": now + timedelta(seconds=2)}
        )
        self.assertEqual(complaint._remedies_offered(), sent | later)

    def test_a_change_of_terms_is_on_the_complaints_record(self):
        remedy = self._remedy(900, description="Refund of the kettle")
        remedy.write({"amount": 120, "description": "Refund and shipping"})
        note = self.complaint.message_ids.filtered(
            lambda m: "Remedy changed" in (m.body or "")
        )
        self.assertEqual(len(note), 1)
        self.assertIn("Refund of the kettle", note.body)
        self.assertIn("Refund and shipping", note.body)
        self.assertEqual(note.author_id, self.complaint_user.partner_id)
        # control: the order of the remedies is not a term, and leaves no note
        remedy.write({"sequence": 7})
        self.assertEqual(
            len(
                self.complaint.message_ids.filtered(
                    lambda m: "Remedy changed" in (m.body or "")
                )
            ),
            1,
        )

    def test_a_refusal_stays_a_refusal(self):
        """Cancel turned a manager's refusal into "Cancelled": refused,
        whoever calls it."""
        refused = self._remedy(900)
        refused.with_user(self.complaint_manager).action_refuse("Too much")
        self.assertEqual(refused.state, "refused")
        with self.assertRaisesRegex(UserError, "already Refused"):
            refused.with_user(self.complaint_user).action_cancel()
        self.assertEqual(refused.state, "refused")
        self.assertFalse(refused.with_user(self.complaint_user).can_cancel)
        # control: a remedy approved is cancelled
        approved = self._remedy(50)
        approved.with_user(self.complaint_user).action_cancel()
        self.assertEqual(approved.state, "cancelled")

    def test_a_proposal_with_no_remedy_left_asks_a_manager_for_one(self):
        """A manager withdrew every remedy the customer holds: the form no
        longer offers the answer buttons that would refuse, and says who acts."""
        remedy = self._remedy(50)
        self.complaint.sudo()._workflow_write(
            {"state": "proposed", "date_proposed": fields.Datetime.now()}
        )
        complaint = self.complaint.with_user(self.complaint_user)
        # control: with a remedy promised, the customer's answer is next
        self.assertTrue(complaint.can_decide)
        self.assertIn("Customer Accepts", complaint.next_step)
        remedy.with_user(self.complaint_manager).action_cancel()
        complaint.invalidate_recordset()
        self.assertFalse(complaint.can_decide)
        self.assertIn("a complaint manager adds one", complaint.next_step)
