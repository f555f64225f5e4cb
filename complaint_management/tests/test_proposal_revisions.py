"""What the customer is offered changes by a manager only, reaches them when
it changes, and outlives neither a cancellation nor a move of the complaint;
a remedy of no stated value is weighed by a manager; a customer's rating is
not undone by the handler it rated."""

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .test_remedy_decision import RemedyDecisionCommon


@tagged("post_install", "-at_install")
class TestProposalRevisions(RemedyDecisionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.manager_two = new_test_user(
            cls.env,
            login="cm_revision_manager_two",
            groups="complaint_management.complaint_management_group_manager",
        )
        cls.complaint = cls.env["complaint.complaint"].create(
            cls._complaint_vals(
                user_id=cls.complaint_user.id,
                resolution_summary="<p>Refunded.</p>",
            )
        )

    def _proposals_sent(self, complaint=None):
        return (complaint or self.complaint).message_ids.filtered(
            lambda m: m.subject and "proposal" in m.subject.lower()
        )

    def test_a_changed_customer_is_asked_again_not_closed_without(self):
        """A remedy the customer accepted, sent back to approval by a change
        of customer, was the handler's to cancel: the complaint then closed
        without it. The acceptance was the former customer's: the complaint
        goes back to the handling, for a proposal to the new one."""
        self._state("investigating")
        remedy = self._remedy(900)
        remedy.with_user(self.complaint_manager).action_approve()
        self._state("accepted", decision="accepted")
        other = self.env["res.partner"].create({"name": "Other Trading Ltd"})
        handler = self.complaint.with_user(self.complaint_user)
        handler.write({"partner_id": other.id})
        self.assertEqual(remedy.state, "proposed", "sent back to approval")
        self.assertEqual(self.complaint.state, "investigating")
        self.assertFalse(self.complaint.decision)
        self.assertFalse(handler.can_close)
        # withdrawn before any proposal to the new customer: nothing closes it
        remedy.with_user(self.complaint_user).action_cancel()
        self.assertEqual(remedy.state, "cancelled")
        handler.invalidate_recordset()
        self.assertFalse(handler.can_close)
        with self.assertRaises(UserError):
            handler.action_close()

    def test_a_proposal_with_nothing_left_is_not_answered(self):
        self._state("investigating")
        remedy = self._remedy(50)
        self._state("proposed")
        remedy.with_user(self.complaint_manager).action_cancel()
        handler = self.complaint.with_user(self.complaint_user)
        with self.assertRaisesRegex(UserError, "offers no remedy"):
            handler.action_accept_proposal()
        with self.assertRaisesRegex(UserError, "offers no remedy"):
            handler.action_reject_proposal("Too little")
        self.assertEqual(self.complaint.state, "proposed")
        # control: a manager offers a remedy again, the answer is recorded
        self._remedy(80, user=self.complaint_manager)
        handler.action_accept_proposal()
        self.assertEqual(self.complaint.state, "accepted")

    def test_a_revised_proposal_is_sent_to_the_customer(self):
        """The portal says "we send you the revised proposal" while a manager
        decides a remedy added to it: once decided, it is sent."""
        self._state("investigating")
        self._remedy(50)
        self._state("proposed")
        before = self._proposals_sent()
        added = self._remedy(900, user=self.complaint_manager)
        self.flush_tracking()
        self.assertEqual(self._proposals_sent(), before, "nothing while it waits")
        added.with_user(self.manager_two).action_approve()
        self.flush_tracking()
        sent = self._proposals_sent() - before
        self.assertEqual(len(sent), 1)
        self.assertIn(self.customer, sent.notified_partner_ids | sent.partner_ids)
        # control: a remedy added before the proposal was sent sends nothing
        # of its own (the proposal goes out with Send Proposal)
        fresh = self.env["complaint.complaint"].create(
            self._complaint_vals(user_id=self.complaint_user.id)
        )
        self._state("investigating", complaint=fresh)
        self._remedy(50, complaint=fresh)
        self.flush_tracking()
        self.assertFalse(self._proposals_sent(fresh))

    def test_the_clock_runs_while_a_manager_revises_the_proposal(self):
        """The customer cannot answer a proposal being revised: its time
        waits for the company, not for them."""
        self._state("investigating")
        self._remedy(50)
        self._state("proposed")
        resolution = self.complaint.sla_line_ids.filtered(
            lambda line: line.milestone == "resolution"
        )
        self.assertEqual(resolution.state, "paused", "waits for the answer")
        added = self._remedy(900, user=self.complaint_manager)
        self.assertEqual(resolution.state, "running")
        self.assertTrue(self.complaint._proposal_being_revised())
        self.assertTrue(self.complaint._sla_next_update_text())
        # control: the revised proposal decided, it waits for the answer again
        added.with_user(self.manager_two).action_approve()
        self.assertFalse(self.complaint._proposal_being_revised())
        self.assertEqual(resolution.state, "paused")
        self.assertFalse(self.complaint._sla_next_update_text())

    def test_the_clock_runs_when_a_manager_changes_an_approved_remedys_terms(self):
        """Changed above the fast track, an approved remedy goes back to
        approval: the proposal is being revised, its clock runs (it stayed
        paused, the revision never counted), as when a remedy is added."""
        self._state("investigating")
        refund = self._remedy(50)
        self._state("proposed")
        resolution = self.complaint.sla_line_ids.filtered(
            lambda line: line.milestone == "resolution"
        )
        self.assertEqual(resolution.state, "paused", "control: waits for the answer")
        refund.with_user(self.complaint_manager).write({"amount": 900})
        self.assertEqual(refund.state, "proposed", "back to approval")
        self.assertTrue(self.complaint._proposal_being_revised())
        self.assertEqual(resolution.state, "running")

    def test_one_change_sends_one_revised_proposal(self):
        """A save that changed an approved remedy and added another sent the
        proposal twice, the first time without the added remedy; deleting
        the remedy a manager was deciding sent none."""
        self._state("investigating")
        refund = self._remedy(100)
        self._state("proposed")
        before = self._proposals_sent()
        manager = self.complaint.with_user(self.complaint_manager)
        manager.write(
            {
                "remedy_ids": [
                    fields.Command.update(refund.id, {"amount": 120}),
                    fields.Command.create(
                        {
                            "type_id": self.env.ref(
                                "complaint_management.complaint_remedy_type_apology"
                            ).id,
                            "amount": 0,
                        }
                    ),
                ]
            }
        )
        self.flush_tracking()
        sent = self._proposals_sent() - before
        self.assertEqual(len(sent), 1)
        # a remedy awaiting approval withdrawn: the proposal stands again, sent
        waiting = self._remedy(900, user=self.complaint_manager)
        self.flush_tracking()
        before = self._proposals_sent()
        waiting.with_user(self.complaint_manager).unlink()
        self.flush_tracking()
        self.assertEqual(len(self._proposals_sent() - before), 1)

    def test_a_merge_into_a_proposal_held_sends_the_revised_one(self):
        """A duplicate's approved remedy joins the proposal the customer
        holds: they are sent the proposal they may now accept."""
        self._state("investigating")
        self._remedy(50)
        self._state("proposed")
        duplicate = self.env["complaint.complaint"].create(
            self._complaint_vals(user_id=self.complaint_user.id)
        )
        self._state("investigating", complaint=duplicate)
        added = self._remedy(60, complaint=duplicate)
        self.assertEqual(added.state, "approved")
        self.flush_tracking()
        before = self._proposals_sent()
        self.complaint.with_user(self.complaint_manager)._merge(duplicate)
        self.flush_tracking()
        self.assertEqual(added.complaint_id, self.complaint)
        self.assertEqual(len(self._proposals_sent() - before), 1)

    def test_a_remedy_moved_away_revises_the_proposal_it_left(self):
        """A manager gives a remedy of a proposal the customer holds to
        another complaint: the proposal it left is sent again, without it."""
        self._state("investigating")
        self._remedy(50)
        moved = self._remedy(70)
        self._state("proposed")
        other = self.env["complaint.complaint"].create(
            self._complaint_vals(user_id=self.complaint_user.id)
        )
        self._state("investigating", complaint=other)
        self.flush_tracking()
        before = self._proposals_sent()
        moved.with_user(self.complaint_manager).complaint_id = other
        self.flush_tracking()
        self.assertEqual(len(self._proposals_sent() - before), 1)

    def test_cancelling_a_complaint_withdraws_its_approved_remedies(self):
        """A gift fast-tracked at intake stayed approved on a complaint
        cancelled as a duplicate: promised, never carried out, and counted
        against the customer's fast track."""
        self._state("acknowledged")
        gift = self._remedy(150)
        self.assertEqual(gift.state, "approved")
        self.complaint.with_user(self.complaint_user).action_cancel()
        self.assertEqual(gift.state, "cancelled")
        # control: the customer's next complaint has the whole limit again
        other = self.env["complaint.complaint"].create(
            self._complaint_vals(user_id=self.complaint_user.id)
        )
        self._state("acknowledged", complaint=other)
        self.assertEqual(self._remedy(190, complaint=other).state, "approved")

    def test_a_remedy_of_no_stated_value_waits_for_a_manager(self):
        replacement = self.env.ref(
            "complaint_management.complaint_remedy_type_replacement"
        )
        apology = self.env.ref("complaint_management.complaint_remedy_type_apology")
        self._state("investigating")
        fridge = self._remedy(0, kind=replacement)
        self.assertEqual(fridge.state, "proposed")
        self.assertFalse(fridge.is_fast_track)
        # control: what costs nothing, and a replacement of a stated small
        # value, are fast-tracked
        self.assertEqual(self._remedy(0, kind=apology).state, "approved")
        self.assertEqual(self._remedy(60, kind=replacement).state, "approved")

    def test_a_closed_complaint_moved_keeps_its_remedies(self):
        other_company = self.env["res.company"].create(
            {"name": "Macau Branch", "complaint_fast_track_amount": 0}
        )
        team = self.env["complaint.team"].create(
            {
                "name": "Macau Desk",
                "company_id": other_company.id,
                "leader_id": self.complaint_manager.id,
            }
        )
        self.complaint_manager.company_ids |= other_company
        self._state("investigating")
        remedy = self._remedy(50)
        self._state("closed", decision="rejected")
        self.complaint.with_user(self.complaint_manager).with_context(
            allowed_company_ids=(self.company | other_company).ids
        ).write({"company_id": other_company.id, "team_id": team.id, "user_id": False})
        self.assertEqual(remedy.sudo().state, "approved", "its record, as it was")
        # control: an open complaint moved has its approval weighed again
        # under the new company's limit (none there: a manager's)
        moving = self.env["complaint.complaint"].create(
            self._complaint_vals(user_id=self.complaint_user.id)
        )
        self._state("investigating", complaint=moving)
        open_remedy = self._remedy(50, complaint=moving)
        moving.with_user(self.complaint_manager).with_context(
            allowed_company_ids=(self.company | other_company).ids
        ).write({"company_id": other_company.id, "team_id": team.id, "user_id": False})
        self.assertEqual(open_remedy.sudo().state, "proposed")

    def test_remedies_proposed_in_one_go_send_one_proposal(self):
        """A script (the demo data) adding the remedies and sending the
        proposal in one transaction sent it twice: the second as a revision."""
        self._state("investigating")
        self._remedy(50)
        self.complaint.with_user(self.complaint_user).action_propose()
        self.flush_tracking()
        self.assertEqual(len(self._proposals_sent()), 1)
