"""The party's answer given by email is recorded by staff; the answer is
told to who owns the complaint now."""

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .sla_common import at
from .test_party import PARTY_ACTIVITY, REPLY, PartyCommon


@tagged("post_install", "-at_install")
class TestPartyEmailAnswer(PartyCommon):
    def _record(self, complaint, user):
        action = complaint.with_user(user).action_party_record_answer()
        wizard = self.env[action["res_model"]].with_user(user)
        return Form(wizard.with_context(**action["context"]))

    def _reply(self, complaint, sender, forward, moment):
        """``sender`` answers ``forward`` (the forward's mail) by email."""
        with self.mock_mail_gateway(), freeze_time(moment):
            self.format_and_process(
                REPLY,
                sender,
                "service@platform.example.com",
                subject=f"Re: Complaint {complaint.name} about you",
                msg_id=f"<reply-{moment:%H%M}@{sender.split('@')[1]}>",
                extra=f"In-Reply-To: {forward.message_id}",
                target_model="complaint.complaint",
            )

    def test_an_answer_to_the_first_forward_counts_after_a_second_one(self):
        """Overdue, the case was forwarded again to the same party: its
        answer to the first email is still its answer."""
        complaint = self._complaint()
        self._forward(complaint)
        first = self._new_mails.filtered(lambda m: m.res_id == complaint.id)
        # unanswered by its deadline (the sweep's mark), forwarded again
        complaint.sudo()._workflow_write({"party_state": "overdue"})
        with self.mock_mail_gateway(), freeze_time(at(12, 10)):
            complaint.with_user(self.complaint_officer).action_forward_to_party()
        self._reply(complaint, "manager@kettle-shop.example.com", first, at(12, 11))
        self.assertIn(
            "We refunded the customer", self._record(complaint, self.handler).answer
        )

    def test_an_email_answer_is_recorded_by_staff(self):
        """Answered by email, the party's case stayed forwarded: the sweep
        marked it overdue and an officer could forward it again. The handler
        records the answer the email gave."""
        complaint = self._complaint()
        self._forward(complaint)
        self._party_email_answer(complaint, "<party-reply-9@kettle-shop.example.com>")
        form = self._record(complaint, self.handler)
        self.assertIn("We refunded the customer", form.answer, "the email's text")
        form.answer = "Refunded on 12 March."
        form.save().action_record()
        self.assertEqual(complaint.party_state, "answered")
        self.assertEqual(complaint.party_response, "Refunded on 12 March.")
        self.assertFalse(
            complaint.activity_ids.filtered(
                lambda a: a.activity_type_id.xml_id.endswith("party_answer")
            ),
            "the answer's reminder is done",
        )
        note = complaint.message_ids.filtered(
            lambda m: "Refunded on 12 March." in (m.body or "")
        )
        self.assertEqual(note.author_id, self.merchant)
        self.assertIn(self.handler.name, note.body, "who recorded it")
        self.assertTrue(note.subtype_id.internal)
        # once: a second recording is refused
        with self.assertRaises(UserError):
            complaint.with_user(self.handler).action_party_record_answer()

    def test_who_may_record_the_partys_answer(self):
        complaint = self._complaint()
        # not forwarded: nothing to record
        with self.assertRaises(UserError):
            complaint.with_user(self.handler).action_party_record_answer()
        self._forward(complaint)
        # staff of another team may not change the complaint
        outsider = self.env["res.users"].create(
            {
                "name": "Outsider",
                "login": "party_outsider",
                "groups_id": [
                    (
                        6,
                        0,
                        self.env.ref(
                            "complaint_management.complaint_management_group_user"
                        ).ids,
                    )
                ],
            }
        )
        with self.assertRaises(AccessError):
            complaint.with_user(outsider).action_party_record_answer()
        with self.assertRaises(AccessError):
            self.env["complaint.party.answer.wizard"].with_user(outsider).create(
                {"complaint_id": complaint.id, "answer": "Forged"}
            ).action_record()
        self.assertEqual(complaint.party_state, "forwarded")
        # control: the handler records it
        form = self._record(complaint, self.handler)
        form.answer = "Replaced the kettle."
        form.save().action_record()
        self.assertEqual(complaint.party_state, "answered")

    def test_the_answer_is_told_to_who_owns_the_complaint_now(self):
        """A party may answer after the complaint was closed and its handler
        left: the owner now (the team leader) is told, not the departed
        handler's mailbox."""
        complaint = self._complaint()
        self._forward(complaint)
        complaint.sudo()._workflow_write({"state": "closed"})
        self.handler.action_archive()
        complaint._party_record_answer("Refunded", self.merchant_contact)
        note = complaint.message_ids.filtered(lambda m: "Refunded" in (m.body or ""))
        self.assertEqual(note.partner_ids, self.leader.partner_id)

    def test_a_closed_complaint_reminds_nobody_of_the_partys_answer(self):
        """Closed before the party answered, the handler kept the reminder
        and the sweep marked the closed complaint overdue: closing stops
        them; reopened, the answer is awaited again."""
        complaint, other = self._complaint(), self._complaint()
        self._forward(complaint | other)
        party_answer = self.env.ref(PARTY_ACTIVITY)
        complaint._workflow_write({"state": "closed"})
        self.assertNotIn(party_answer, complaint.activity_ids.activity_type_id)
        with freeze_time(at(10, 9)):  # past the party's deadline
            self.env["complaint.sla.line"]._cron_sla_sweep(commit=False)
        self.assertEqual(complaint.party_state, "forwarded")
        # control: the open one is overdue and keeps its reminder
        self.assertEqual(other.party_state, "overdue")
        self.assertIn(party_answer, other.activity_ids.activity_type_id)
        # reopened, its owner is reminded again
        complaint.action_reopen()
        self.assertIn(party_answer, complaint.activity_ids.activity_type_id)

    def test_an_earlier_partys_email_is_not_the_new_partys_answer(self):
        """The merchant was named by mistake: the officer names the carrier
        and forwards it again. The merchant's reply to the first forward was
        offered as the carrier's answer (and recorded in its name), and the
        owner was told the party answered."""
        complaint = self._complaint()
        self._forward(complaint)
        first = self._new_mails.filtered(lambda m: m.res_id == complaint.id)
        self.carrier.email = "claims@fast-parcel.example.com"
        complaint.with_user(self.complaint_officer).write(
            {"party_id": self.carrier.id, "party_role": "carrier"}
        )
        with self.mock_mail_gateway(), freeze_time(at(5, 10)):
            complaint.with_user(self.complaint_officer).action_forward_to_party()
        second = self._new_mails.filtered(lambda m: m.res_id == complaint.id)
        told = complaint.message_ids.filtered(
            lambda m: "answered the forward by email" in (m.body or "")
        )
        self._reply(complaint, "manager@kettle-shop.example.com", first, at(5, 11))
        self.assertEqual(
            complaint.message_ids.filtered(
                lambda m: "answered the forward by email" in (m.body or "")
            ),
            told,
            "nobody is told the carrier answered",
        )
        form = self._record(complaint, self.handler)
        self.assertFalse(form.answer, "the merchant's text is not offered")
        # control: the carrier's own reply is
        self._reply(complaint, "claims@fast-parcel.example.com", second, at(5, 12))
        self.assertIn(
            "We refunded the customer", self._record(complaint, self.handler).answer
        )
