from datetime import date, timedelta

from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .corrective_common import CorrectiveActionCommon


@tagged("post_install", "-at_install")
class TestCorrectiveActionHolders(CorrectiveActionCommon):
    """Who carries an action out is not who verifies it, however the action
    is handed over; an action under way is dropped by a manager only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.second_user = new_test_user(
            cls.env,
            login="ca_second_user",
            groups="complaint_management.complaint_management_group_user",
            name="Second Complaint User",
        )

    def _open(self, **values):
        action = self._new_action(
            user_id=self.complaint_user,
            date_due=date.today() + timedelta(days=10),
            verifier_id=self.complaint_officer,
            **values,
        )
        action.with_user(self.complaint_user).action_start()
        return action

    def test_a_reader_who_may_not_change_it_is_offered_no_step(self):
        """A handler reads the actions of their complaints: the form offered
        them Start and Mark as Done, which ended in an access error."""
        action = self._new_action(
            user_id=self.second_user,
            date_due=date.today() + timedelta(days=10),
            verifier_id=self.complaint_officer,
        )
        reader = action.with_user(self.complaint_user)
        self.assertTrue(reader.has_access("read"))
        self.assertFalse(reader.can_write)
        # control: its owner may
        self.assertTrue(action.with_user(self.second_user).can_write)

    def test_the_verifier_does_not_mark_done_and_a_manager_names_another(self):
        action = self._open()
        with self.assertRaises(UserError):
            action.with_user(self.complaint_officer).action_done()
        self.assertEqual(action.state, "open")
        action.with_user(self.complaint_user).action_done()  # control: the owner
        # the verifier named left: a manager names another, who is asked
        with self.assertRaises(UserError):
            action.with_user(self.complaint_officer).verifier_id = self.second_user
        with self.assertRaises(UserError):  # nor the one who did it
            action.with_user(self.complaint_manager).verifier_id = self.complaint_user
        action.with_user(self.complaint_manager).verifier_id = self.second_user
        self.assertEqual(action.activity_ids.user_id, self.second_user)

    def test_the_owner_does_not_remove_the_verifier_s_to_do(self):
        """Who carried the action out removed or moved the to-do asking the
        verifier to check it: the action then waited for a verification
        nobody was reminded of."""
        action = self._open()
        action.with_user(self.complaint_user).action_done()
        todo = action.activity_ids
        self.assertEqual(todo.user_id, self.complaint_officer)
        owners = todo.with_user(self.complaint_user)
        for attempt in (
            owners.unlink,
            lambda: owners.write({"date_deadline": date.today() + timedelta(days=90)}),
            # nor made a to-do of no step first (which anyone may remove)
            lambda: owners.write({"automated": False}),
        ):
            with self.assertRaises(UserError), self.env.cr.savepoint():
                attempt()
        todo.invalidate_recordset()
        self.assertTrue(todo.exists())
        self.assertTrue(todo.automated)
        # control: a to-do the owner scheduled by hand is theirs to remove
        own = action.with_user(self.complaint_user).activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.complaint_officer.id
        )
        own.sudo().automated = False
        own.with_user(self.complaint_user).unlink()
        self.assertFalse(own.exists())

    def test_the_verifier_does_not_write_what_they_verify(self):
        """Named verifier, they may write the action (its record rule): they
        would rewrite its root cause and plan, then verify them."""
        action = self._open()
        verifier = action.with_user(self.complaint_officer)
        for vals in (
            {"root_cause": "Mine"},
            {"action_plan": "<p>Mine</p>"},
            {"date_due": date.today() + timedelta(days=90)},
            {"user_id": self.complaint_officer.id},
        ):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(UserError, "You verify"),
                self.env.cr.savepoint(),
            ):
                verifier.write(vals)
            action.invalidate_recordset()
        self.assertEqual(action.user_id, self.complaint_user)
        # nor from the complaint's side: unlinking a complaint it covers
        complaint = action.complaint_ids[:1]
        if complaint:
            with self.assertRaisesRegex(UserError, "You verify"):
                complaint.with_user(self.complaint_officer).write(
                    {"corrective_action_ids": [(3, action.id)]}
                )
            self.assertIn(complaint, action.complaint_ids)
        # control: the owner writes them, and so does a manager
        action.with_user(self.complaint_user).write({"root_cause": "Seal"})
        action.with_user(self.complaint_manager).write({"root_cause": "Seal batch"})
        self.assertEqual(action.root_cause, "Seal batch")

    def test_a_proposal_is_declined_by_its_owner_or_a_manager(self):
        """The verifier named on a proposal, or any officer, declined it in
        its owner's place (a recurring problem's then stays unproposed for
        the month)."""
        proposal = self._new_action(
            user_id=self.complaint_user, verifier_id=self.complaint_officer
        )
        for user in (self.complaint_officer, self.second_user):
            with self.assertRaises(UserError, msg=user.login):
                proposal.with_user(user).action_cancel()
        self.assertEqual(proposal.state, "draft")
        proposal.with_user(self.complaint_user).action_cancel()
        self.assertEqual(proposal.state, "cancelled")
        # control: a manager declines another's
        another = self._new_action(user_id=self.second_user)
        another.with_user(self.complaint_manager).action_cancel()
        self.assertEqual(another.state, "cancelled")

    def test_an_owner_does_not_name_themselves_verifier(self):
        action = self._open()
        with self.assertRaises(UserError):
            action.with_user(self.complaint_user).write(
                {"user_id": self.second_user.id, "verifier_id": self.complaint_user.id}
            )
        self.assertEqual(action.user_id, self.complaint_user)
        # control: a manager names the verifier
        action.with_user(self.complaint_manager).write(
            {"user_id": self.second_user.id, "verifier_id": self.complaint_user.id}
        )
        self.assertEqual(action.verifier_id, self.complaint_user)

    def test_a_creator_does_not_name_themselves_verifier(self):
        """Setting an action up names its verifier, not oneself: the creator
        wrote its root cause and plan (the write path refuses the same)."""
        with self.assertRaisesRegex(UserError, "cannot name yourself the verifier"):
            self._new_action(
                user=self.complaint_user,
                user_id=self.second_user,
                verifier_id=self.complaint_user,
            )
        # control: someone else verifies it; a manager may name themselves
        action = self._new_action(
            user=self.complaint_user,
            user_id=self.complaint_user,
            verifier_id=self.complaint_officer,
        )
        self.assertEqual(action.verifier_id, self.complaint_officer)
        action = self._new_action(
            user_id=self.second_user, verifier_id=self.complaint_manager
        )
        self.assertEqual(action.verifier_id, self.complaint_manager)

    def test_a_manager_names_a_new_verifier_after_the_owner_left(self):
        """The owner's part is done once the action awaits verification: their
        leaving does not stop a manager from naming another verifier."""
        action = self._open()
        action.with_user(self.complaint_user).action_done()
        self.complaint_user.active = False
        # on the form, as the manager opens it
        with Form(action.with_user(self.complaint_manager)) as form:
            form.verifier_id = self.second_user
        self.assertEqual(action.verifier_id, self.second_user)
        self.assertEqual(action.activity_ids.user_id, self.second_user)
        # control: a verifier who cannot verify is still refused
        self.second_user.active = False
        with self.assertRaises(ValidationError):
            action.with_user(self.complaint_manager).verifier_id = self.second_user

    def test_a_request_context_does_not_skip_the_verifiers_to_do(self):
        """Core's activity helpers do nothing under a context key any JSON-RPC
        request may send: marked done so, the owner's to-do would stay open
        and the verifier never be asked."""
        action = self._open()
        self.assertEqual(action.activity_ids.user_id, self.complaint_user)
        action.with_user(self.complaint_user).with_context(
            mail_activity_automation_skip=True
        ).action_done()
        self.assertEqual(action.activity_ids.user_id, self.complaint_officer)
        # and found not effective, back to its owner, whatever the context
        action.with_user(self.complaint_officer).with_context(
            mail_activity_automation_skip=True
        ).write({"verification_note": "Leaks again"})
        action.with_user(self.complaint_officer).with_context(
            mail_activity_automation_skip=True
        ).action_verify_not_effective()
        self.assertEqual(action.activity_ids.user_id, self.complaint_user)

    def test_an_action_under_way_is_cancelled_by_a_manager(self):
        action = self._open()
        with self.assertRaises(UserError):
            action.with_user(self.complaint_user).action_cancel()
        self.assertEqual(action.state, "open")
        action.with_user(self.complaint_manager).action_cancel()
        self.assertEqual(action.state, "cancelled")
        self.assertIn("Cancelled while under way", action.message_ids[0].body)
        # control: a proposal is declined by whoever holds it
        proposal = self._new_action(user_id=self.complaint_user)
        proposal.with_user(self.complaint_user).action_cancel()
        self.assertEqual(proposal.state, "cancelled")

    def test_a_proposal_handed_over_still_asks_to_start_or_cancel(self):
        proposal = self._new_action(user_id=self.complaint_user)
        proposal.activity_schedule(
            "mail.mail_activity_data_todo",
            summary=proposal._step_summary(self.complaint_user),
            user_id=self.complaint_user.id,
        )
        proposal.with_user(self.complaint_manager).user_id = self.second_user
        todo = proposal.activity_ids
        self.assertEqual(todo.user_id, self.second_user)
        self.assertEqual(todo.summary, "A problem keeps recurring: start or cancel")

    def test_a_merge_keeps_the_corrective_actions_on_the_kept_complaint(self):
        action = self._new_action(user_id=self.complaint_user)
        kept, duplicate = (
            self.complaints[0],
            self.env["complaint.complaint"].create(
                self._complaint_vals(subject="Kettle base leaks, again")
            ),
        )
        action.complaint_ids = [(6, 0, duplicate.ids)]
        self.assertNotIn(action, kept.corrective_action_ids)
        kept.sudo()._merge(duplicate)
        self.assertIn(action, kept.corrective_action_ids)
        self.assertIn(duplicate, action.complaint_ids, "the duplicate's history stays")

    def test_a_new_verifier_writes_their_own_note(self):
        """A verification handed to another verifier kept the first one's
        note: the new one clicked Effective on what they never checked."""
        action = self._open()
        action.with_user(self.complaint_user).action_done()
        action.with_user(self.complaint_officer).verification_note = "40 units"
        action.with_user(self.complaint_manager).verifier_id = self.second_user
        self.assertFalse(action.verification_note)
        second = action.with_user(self.second_user)
        with self.assertRaises(UserError), self.env.cr.savepoint():
            second.action_verify_effective()
        self.assertEqual(action.state, "done")
        # control: with their own note, they verify it
        second.verification_note = "No leak in the 40 kettles of batch 12"
        second.action_verify_effective()
        self.assertEqual(action.state, "effective")

    def test_done_needs_the_cause_found_and_the_action_taken(self):
        """An action was marked done, then verified effective, with no root
        cause and no action: nothing said what the verifier checked."""
        action = self._open(root_cause="", action_plan="<p><br></p>")
        owner = action.with_user(self.complaint_user)
        with self.assertRaisesRegex(UserError, "root cause"):
            owner.action_done()
        owner.root_cause = "The seal shrinks in the cold"
        with self.assertRaisesRegex(UserError, "root cause"):
            owner.action_done()
        self.assertEqual(action.state, "open")
        # control: with the action taken, it is done
        owner.action_plan = "<p>A seal of another rubber</p>"
        owner.action_done()
        self.assertEqual(action.state, "done")

    def test_a_step_does_not_hand_the_action_to_someone_who_left(self):
        """Found not effective after its owner left, an action went back to
        them: a to-do and emails for a former colleague, and the action
        stuck. Marked done, it asked a verifier who had left."""
        action = self._open()
        action.with_user(self.complaint_user).action_done()
        self.complaint_user.action_archive()
        officer = action.with_user(self.complaint_officer)
        officer.verification_note = "Still leaks"
        with self.assertRaisesRegex(ValidationError, "cannot own"):
            with self.env.cr.savepoint():
                officer.action_verify_not_effective()
        self.assertEqual(action.state, "done")
        # a manager names another owner, who gets it back
        action.with_user(self.complaint_manager).user_id = self.second_user
        officer.action_verify_not_effective()
        self.assertEqual(action.state, "open")
        self.assertEqual(action.activity_ids.user_id, self.second_user)
        # marked done, it does not ask a verifier who left
        self.complaint_officer.action_archive()
        with self.assertRaisesRegex(ValidationError, "cannot own"):
            with self.env.cr.savepoint():
                action.with_user(self.second_user).action_done()
        self.assertEqual(action.state, "open")
        # nor does it stop a manager dropping it
        action.with_user(self.complaint_manager).action_cancel()
        self.assertEqual(action.state, "cancelled")

    def test_a_manager_verifies_in_place_of_a_verifier_who_left(self):
        action = self._open()
        action.with_user(self.complaint_user).action_done()
        self.complaint_officer.action_archive()
        manager = action.with_user(self.complaint_manager)
        manager.verification_note = "No leak in the 40 kettles of batch 12"
        manager.action_verify_effective()
        self.assertEqual(action.state, "effective")
        self.assertEqual(action.verified_by_id, self.complaint_manager)

    def test_a_holder_who_leaves_asks_the_manager_on_duty_for_another(self):
        """Odoo deletes the to-dos of a user archived: the action stayed with
        someone gone, and nothing asked for a new owner."""
        action = self._open()
        manager = action.company_id._complaint_manager_on_duty()
        self.assertTrue(manager)

        def asked():
            return action.activity_ids.filtered(lambda a: a.user_id == manager)

        self.assertFalse(asked(), "control: its holders are here")
        self.complaint_user.action_archive()
        self.assertFalse(action.activity_ids.filtered(lambda a: not a.user_id.active))
        self.assertEqual(len(asked()), 1)
        self.assertIn(self.complaint_user.name, asked().summary)
        # told once, however often the user is edited
        self.complaint_user.action_unarchive()
        self.complaint_user.action_archive()
        self.assertEqual(len(asked()), 1)
        # the manager names another owner, who carries it on
        action.with_user(self.complaint_manager).user_id = self.second_user
        self.assertEqual(action.user_id, self.second_user)

    def test_a_request_goes_on_to_the_next_manager_and_ends_with_its_need(self):
        action = self._open()
        request = self.env.ref("complaint_management.mail_activity_type_new_holder")

        def requests():
            return action.activity_ids.filtered(lambda a: a.activity_type_id == request)

        self.complaint_user.action_archive()
        first = action.company_id._complaint_manager_on_duty()
        self.assertEqual(requests().user_id, first)
        # the manager on duty leaves before acting: Odoo deleted their
        # activities, the next one is asked
        first.sudo().action_archive()
        self.env.registry.clear_cache()
        second = action.company_id._complaint_manager_on_duty()
        self.assertNotEqual(second, first)
        self.assertEqual(requests().user_id, second)
        # a step after which the holder is no longer needed ends it
        action.with_user(self.complaint_manager).action_cancel()
        self.assertFalse(requests())

    def test_a_recurring_proposal_handed_on_asks_its_new_owner(self):
        action = self._new_action(
            user_id=self.complaint_user, verifier_id=self.complaint_officer
        )
        action.sudo()._workflow_write({"origin": "recurring"})
        self.complaint_user.action_archive()
        action.with_user(self.complaint_manager).user_id = self.second_user
        todo = self.env.ref("mail.mail_activity_data_todo")
        self.assertEqual(
            action.activity_ids.filtered(lambda a: a.activity_type_id == todo).user_id,
            self.second_user,
        )
