from datetime import date, timedelta

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .corrective_common import CorrectiveActionCommon


@tagged("post_install", "-at_install")
class TestCorrectiveActionRecord(CorrectiveActionCommon):
    """What a verification judged stays as it was judged; an action under way
    is someone's, due on a day; its holders are complaint staff of its
    company; the holder's to-do follows the step."""

    def _done(self, **values):
        action = self._new_action(
            user_id=self.complaint_user,
            date_due=date.today() + timedelta(days=10),
            verifier_id=self.complaint_officer,
            **values,
        )
        owner = action.with_user(self.complaint_user)
        owner.action_start()
        owner.action_done()
        return action

    def test_what_was_verified_no_longer_changes(self):
        """The management review lists the systemic problems, effective ones
        among them, by product and category: what the verification judged
        stays."""
        action = self._done(is_systemic=True)
        verifier = action.with_user(self.complaint_officer)
        verifier.verification_note = "No leak in the 40 kettles of batch 12"
        verifier.action_verify_effective()
        supplier = self.env["res.partner"].create({"name": "Glue Co"})
        for vals in (
            {"is_systemic": False},
            {"product_id": self.env["product.product"].create({"name": "K9"}).id},
            {"category_id": False},
            {"supplier_id": supplier.id},
            {"department": "Purchasing"},
            {"date_due": date.today() + timedelta(days=60)},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                action.with_user(self.complaint_manager).write(vals)
        self.assertTrue(action.is_systemic)
        self.assertEqual(action.category_id, self.category)
        # control: before it is done, the owner reclassifies it
        other = self._new_action(
            user_id=self.complaint_user, date_due=date.today() + timedelta(days=5)
        )
        other.with_user(self.complaint_user).write(
            {"is_systemic": True, "department": "Purchasing"}
        )
        self.assertTrue(other.is_systemic)

    def test_what_awaits_verification_is_what_is_verified(self):
        """The verifier checks what the owner did: the owner does not rewrite
        it (or drop its complaints) meanwhile; found not effective, the action
        is the owner's to change again."""
        action = self._done()
        owner = action.with_user(self.complaint_user)
        for vals in (
            {"action_plan": "<p>Something else</p>"},
            {"root_cause": "Nobody knows"},
            {"complaint_ids": [Command.unlink(self.complaints[0].id)]},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                owner.write(vals)
        # nor from the complaint's side
        with self.assertRaises(UserError):
            self.complaints[0].with_user(self.complaint_manager).write(
                {"corrective_action_ids": [Command.unlink(action.id)]}
            )
        self.assertEqual(action.complaint_ids, self.complaints)
        # the verifier writes what they checked
        verifier = action.with_user(self.complaint_officer)
        verifier.verification_note = "Still leaks in batch 13"
        verifier.action_verify_not_effective()
        # control: back in progress, the owner changes the plan
        owner.action_plan = "<p>Another glue</p>"
        self.assertIn("Another glue", action.action_plan)

    def test_an_action_under_way_keeps_its_owner_and_due_date(self):
        """Cleared, the action would leave the overdue figure and its to-do
        would go with its owner."""
        action = self._new_action(
            user_id=self.complaint_user, date_due=date.today() - timedelta(days=3)
        )
        action.with_user(self.complaint_user).action_start()
        self.assertIn(action, self.Action.search([("is_overdue", "=", True)]))
        for vals in ({"date_due": False}, {"user_id": False}):
            with self.subTest(vals=vals), self.assertRaises(ValidationError):
                action.with_user(self.complaint_manager).write(vals)
        self.assertIn(action, self.Action.search([("is_overdue", "=", True)]))
        # control: a proposal may wait for its owner and date
        draft = self._new_action()
        draft.write({"user_id": False, "date_due": False})
        self.assertFalse(draft.user_id)

    def test_owner_and_verifier_are_complaint_staff_of_its_company(self):
        """Core gives the named user a to-do and makes them a follower: a
        customer, a colleague without complaint rights or of another company
        would read the action, and nobody of the complaint staff would verify
        it."""
        action = self._new_action(
            user_id=self.complaint_user, date_due=date.today() + timedelta(days=5)
        )
        portal = new_test_user(self.env, login="ca_portal", groups="base.group_portal")
        clerk = new_test_user(self.env, login="ca_clerk", groups="base.group_user")
        branch = self.env["res.company"].create({"name": "Branch"})
        abroad = new_test_user(
            self.env,
            login="ca_abroad",
            groups="complaint_management.complaint_management_group_officer",
            company_id=branch.id,
            company_ids=[Command.set(branch.ids)],
        )
        for user in (portal, clerk, abroad):
            for fname in ("user_id", "verifier_id"):
                with (
                    self.subTest(user=user.login, field=fname),
                    self.assertRaises(ValidationError),
                ):
                    action.with_user(self.complaint_manager).write({fname: user.id})
        # control: complaint staff of the company
        action.with_user(self.complaint_manager).verifier_id = self.complaint_officer
        self.assertEqual(action.verifier_id, self.complaint_officer)

    def test_starting_a_proposal_closes_its_to_do(self):
        """The recurring problem's "start or cancel" to-do is done once the
        action is started: the owner has one to-do, carrying it out."""
        action = self._new_action(
            user_id=self.complaint_user, date_due=date.today() + timedelta(days=5)
        )
        action.activity_schedule(
            "mail.mail_activity_data_todo",
            summary="A problem keeps recurring: start or cancel",
            user_id=self.complaint_user.id,
        )
        action.with_user(self.complaint_user).action_start()
        self.assertEqual(len(action.activity_ids), 1)
        self.assertEqual(action.activity_ids.summary, "Carry out the corrective action")

    def test_a_new_due_date_moves_the_owners_to_do(self):
        action = self._new_action(
            user_id=self.complaint_user, date_due=date.today() + timedelta(days=5)
        )
        action.with_user(self.complaint_user).action_start()
        later = date.today() + timedelta(days=30)
        action.with_user(self.complaint_manager).date_due = later
        self.assertEqual(action.activity_ids.date_deadline, later)
        # an officer (who changes the actions, not the owner's to-do by
        # hand) moves it with the date too
        action.with_user(self.complaint_officer).date_due = later + timedelta(days=3)
        self.assertEqual(action.activity_ids.date_deadline, later + timedelta(days=3))
        action.with_user(self.complaint_manager).date_due = later
        # control: a colleague's own to-do keeps its date
        own = action.activity_schedule(
            "mail.mail_activity_data_todo",
            user_id=self.complaint_officer.id,
            date_deadline=date.today() + timedelta(days=2),
        )
        own.automated = False
        action.with_user(self.complaint_manager).date_due = later + timedelta(days=1)
        self.assertEqual(own.date_deadline, date.today() + timedelta(days=2))
        self.assertEqual(
            action.activity_ids.filtered("automated").date_deadline,
            later + timedelta(days=1),
        )
