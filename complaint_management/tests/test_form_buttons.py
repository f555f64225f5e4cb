"""A button of the complaint form shows where its action lets the user do
what it says: the flags the form reads and the actions' refusals agree, and
the next step names what Close will ask for."""

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged
from odoo.tools.safe_eval import safe_eval

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestFormButtons(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.complaint_fast_track_amount = 200
        cls.compensation = cls.env.ref(
            "complaint_management.complaint_remedy_type_compensation"
        )
        cls.complaint = cls.env["complaint.complaint"].create(
            cls._complaint_vals(user_id=cls.complaint_user.id)
        )
        cls.complaint.sudo()._workflow_write({"state": "investigating"})

    def _remedy(self, amount, user=None):
        return (
            self.env["complaint.remedy"]
            .with_user(user or self.complaint_user)
            .create(
                {
                    "complaint_id": self.complaint.id,
                    "type_id": self.compensation.id,
                    "amount": amount,
                }
            )
        )

    def test_send_proposal_shows_once_the_remedies_are_ready(self):
        as_user = self.complaint.with_user(self.complaint_user)
        self.assertTrue(as_user.can_propose)
        self.assertFalse(as_user.proposal_ready, "no remedy yet")
        big = self._remedy(900)
        self.assertEqual(big.state, "proposed")
        as_user.invalidate_recordset()
        self.assertFalse(as_user.proposal_ready, "awaiting a manager's approval")
        with self.assertRaises(UserError):
            as_user.action_propose()
        # control: approved, the button shows and the proposal goes
        big.with_user(self.complaint_manager).action_approve()
        as_user.invalidate_recordset()
        self.assertTrue(as_user.proposal_ready)
        as_user.action_propose()
        self.assertEqual(self.complaint.state, "proposed")

    def test_remedy_cancel_shows_where_it_works(self):
        remedy = self._remedy(100)
        self.assertEqual(remedy.state, "approved")
        self.assertTrue(remedy.with_user(self.complaint_user).can_cancel)
        self.complaint.sudo()._workflow_write({"state": "proposed"})
        as_user = remedy.with_user(self.complaint_user)
        as_user.invalidate_recordset()
        self.assertFalse(as_user.can_cancel, "promised to the customer")
        with self.assertRaises(UserError):
            as_user.action_cancel()
        self.assertTrue(remedy.with_user(self.complaint_manager).can_cancel)
        self.complaint.sudo()._workflow_write({"state": "closed"})
        as_manager = remedy.with_user(self.complaint_manager)
        as_manager.invalidate_recordset()
        self.assertFalse(as_manager.can_cancel, "a closed complaint's record")
        with self.assertRaises(UserError):
            as_manager.action_cancel()

    def test_approve_shows_to_the_manager_who_may_decide(self):
        second = new_test_user(
            self.env,
            login="buttons_second_manager",
            groups="complaint_management.complaint_management_group_manager",
        )
        remedy = self._remedy(900, user=self.complaint_manager)
        proposer = remedy.with_user(self.complaint_manager)
        self.assertFalse(proposer.can_approve, "four eyes")
        with self.assertRaises(UserError):
            proposer.action_approve()
        Remedy = self.env["complaint.remedy"]
        self.assertNotIn(
            remedy,
            Remedy.with_user(self.complaint_manager).search(
                [("can_approve", "=", True)]
            ),
        )
        # control: the other manager sees the button and the filter lists it
        other = remedy.with_user(second)
        self.assertTrue(other.can_approve)
        self.assertIn(
            remedy, Remedy.with_user(second).search([("can_approve", "=", True)])
        )
        other.action_approve()
        self.assertEqual(remedy.state, "approved")

    def test_cancel_of_a_high_risk_complaint_shows_to_managers(self):
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(is_high_risk=True, user_id=self.complaint_user.id)
        )
        as_user = complaint.with_user(self.complaint_user)
        self.assertFalse(as_user.can_cancel)
        with self.assertRaises(UserError):
            as_user.action_cancel()
        # control: a manager cancels it
        as_manager = complaint.with_user(self.complaint_manager)
        self.assertTrue(as_manager.can_cancel)
        as_manager.action_cancel()
        self.assertEqual(complaint.state, "cancelled")

    def test_the_survey_is_asked_of_a_complainant_with_an_address(self):
        phone_only = self.env["res.partner"].create({"name": "Phone caller"})
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(partner_id=phone_only.id)
        )
        complaint.sudo()._workflow_write({"state": "closed"})
        self.assertFalse(complaint.can_request_rating)
        with self.assertRaises(UserError):
            complaint.with_user(self.complaint_user).action_request_rating()
        self.assertFalse(complaint.sudo().rating_ids)
        # control: once their address is known, they are asked
        phone_only.email = "caller@example.com"
        complaint.invalidate_recordset()
        self.assertTrue(complaint.can_request_rating)

    def test_next_step_of_an_unfounded_complaint_is_to_close_it(self):
        self.complaint.write({"validity": "unfounded"})
        self.assertIn("not founded", self.complaint.next_step)
        self.assertIn("Resolution Summary", self.complaint.next_step)
        self.assertNotIn("Send Proposal", self.complaint.next_step)
        self.complaint.write({"resolution_summary": "<p>Used against the manual</p>"})
        self.assertEqual(self.complaint.next_step, "Next: not founded: Close.")
        self.complaint.with_user(self.complaint_user).action_close()
        self.assertEqual(self.complaint.state, "closed")

    def test_the_handler_list_offers_who_may_handle(self):
        accountant = new_test_user(
            self.env, login="buttons_accountant", groups="base.group_user"
        )
        domain = (
            self.env["complaint.complaint"]
            ._fields["user_id"]
            ._description_domain(self.env)
        )
        offered = self.env["res.users"].search(
            safe_eval(domain, {"company_id": self.company.id})
        )
        self.assertIn(self.complaint_user, offered)
        self.assertNotIn(accountant, offered)
        with self.assertRaises(UserError):
            self.complaint.with_user(self.complaint_manager).write(
                {"user_id": accountant.id}
            )
