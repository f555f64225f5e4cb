from datetime import date

from freezegun import freeze_time
from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError
from odoo.tools import mute_logger

from .sla_common import SlaCommon, at
from .test_job_failure import JOB_LOGGER, BrokenRecords
from .test_mail_gateway import MAIL_TEMPLATE

PARTY_ACTIVITY = "complaint_management.mail_activity_type_party_answer"
# the party's answer by email, in the gateway tests' email
REPLY = MAIL_TEMPLATE.replace(
    "The kettle I bought last week leaks. I want a replacement.",
    "We refunded the customer on 12 March.",
)


class PartyCommon(SlaCommon):
    """A merchant (a company with a contact) complained about by Wang Fang."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer.write({"phone": "+86 138 0000 1111", "street": "1 Secret Road"})
        cls.company.email = "service@platform.example.com"
        Partner = cls.env["res.partner"]
        cls.merchant = Partner.create(
            {"name": "Kettle Shop Ltd", "is_company": True, "email": "shop@example.com"}
        )
        cls.merchant_contact = Partner.create(
            {
                "name": "Shop Manager",
                "parent_id": cls.merchant.id,
                "email": "manager@kettle-shop.example.com",
            }
        )
        cls.carrier = Partner.create({"name": "Fast Parcel", "is_company": True})
        # the party answers on the company's working days
        cls.company.resource_calendar_id = cls.calendar

    def _complaint(self, **values):
        vals = self._complaint_vals(
            user_id=self.handler.id,
            party_id=self.merchant.id,
            party_role="merchant",
            complainant_phone="+86 138 0000 1111",
            description="<p>The kettle leaks after one week.</p>",
        )
        vals.update(values)
        return self.env["complaint.complaint"].create(vals)

    def _party_email_answer(self, complaint, msg_id):
        """The party's manager answers the forward of ``complaint`` by email."""
        forward = self._new_mails.filtered(lambda m: m.res_id == complaint.id)
        with self.mock_mail_gateway():
            self.format_and_process(
                REPLY,
                "manager@kettle-shop.example.com",
                "service@platform.example.com",
                subject=f"Re: Complaint {complaint.name} about you",
                msg_id=msg_id,
                extra=f"In-Reply-To: {forward.message_id}",
                target_model="complaint.complaint",
            )

    def _forward(self, complaint, user=None):
        with self.mock_mail_gateway(), freeze_time(at(4, 10)):  # a Friday
            complaint.with_user(
                user or self.complaint_officer
            ).action_forward_to_party()


class TestForward(PartyCommon):
    def test_the_answer_due_follows_the_complaint_to_its_new_handler(self):
        complaint = self._complaint()
        self._forward(complaint)
        reminder = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(PARTY_ACTIVITY)
        )
        self.assertEqual(reminder.user_id, self.handler)
        complaint.with_user(self.complaint_manager).write(
            {"user_id": self.complaint_user.id}
        )
        self.assertEqual(reminder.user_id, self.complaint_user)
        # erased for good, nobody chases the party's answer any more
        complaint.sudo()._workflow_write({"state": "closed"})
        complaint.sudo()._deidentify()
        self.assertFalse(reminder.exists())

    def test_the_answer_due_is_not_moved_or_done_by_hand(self):
        """Postponed, given to someone else or marked done by hand, the
        reminder no longer said when the party's answer was due (nothing
        hung it again before the owner changed)."""
        complaint = self._complaint()
        self._forward(complaint)
        reminder = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(PARTY_ACTIVITY)
        )
        mine = reminder.with_user(self.handler)
        for change in (
            lambda: mine.write({"date_deadline": date(2026, 4, 30)}),
            lambda: mine.write({"user_id": self.complaint_user.id}),
            lambda: mine.action_feedback(feedback="Called them"),
        ):
            with (
                self.assertRaisesRegex(UserError, "follows its deadline"),
                self.env.cr.savepoint(),
            ):
                change()
            reminder.invalidate_recordset()
        self.assertEqual(reminder.date_deadline, complaint.party_response_deadline)
        self.assertEqual(reminder.user_id, self.handler)
        # control: its note is the handler's; a change of owner moves it
        mine.write({"note": "<p>Called their manager</p>"})
        complaint.with_user(self.complaint_manager).write(
            {"user_id": self.complaint_user.id}
        )
        self.assertEqual(reminder.user_id, self.complaint_user)

    def test_the_answer_due_outlives_a_handler_who_leaves(self):
        complaint = self._complaint(user_id=self.handler_other.id)
        self._forward(complaint)
        party_answer = self.env.ref(PARTY_ACTIVITY)
        # Odoo deletes an archived user's activities; the complaint gets an
        # owner again, and the reminder with it
        self.handler_other.action_archive()
        self.assertNotEqual(complaint.user_id, self.handler_other)
        reminder = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == party_answer
        )
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.user_id, complaint._sla_activity_user())
        self.assertEqual(reminder.date_deadline, complaint.party_response_deadline)
        # cancelled, it waits for nobody's answer, whoever it goes to
        complaint.sudo()._workflow_write({"state": "cancelled"})
        complaint.activity_unlink([PARTY_ACTIVITY])
        complaint.user_id = self.handler
        self.assertNotIn(party_answer, complaint.activity_ids.activity_type_id)

    def test_forward_sets_deadline_mails_party_and_reminds_handler(self):
        complaint = self._complaint()
        self._forward(complaint)
        self.assertEqual(complaint.party_state, "forwarded")
        self.assertEqual(complaint.party_forwarded_date, at(4, 10))
        # Friday + 3 working days of the team's calendar: Wednesday
        self.assertEqual(complaint.party_response_deadline, date(2026, 3, 11))
        activity = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(PARTY_ACTIVITY)
        )
        self.assertEqual(activity.user_id, self.handler)
        self.assertEqual(activity.date_deadline, date(2026, 3, 11))
        mail = self._new_mails.filtered(
            lambda m: m.model == "complaint.complaint" and m.res_id == complaint.id
        )
        self.assertEqual(len(mail), 1)
        self.assertEqual(mail.recipient_ids, self.merchant_contact)
        self.assertEqual(
            mail.email_from, self.company.email_formatted, "not the officer"
        )
        self.assertEqual(
            mail.reply_to,
            self.company.email_formatted,
            "a reply stays out of the conversation the complainant reads",
        )
        content = f"{mail.subject} {mail.body_html} {mail.email_to or ''}"
        self.assertIn(complaint.name, content)
        self.assertIn("The kettle leaks", content)
        for private in (
            "Wang Fang",
            "wang.fang@example.com",
            "138 0000 1111",
            "Secret Road",
        ):
            self.assertNotIn(private, content)
        # the party follows nothing: followers read the complaint in the portal
        self.assertNotIn(self.merchant_contact, complaint.message_partner_ids)
        self.assertIn(
            "Kettle Shop Ltd", complaint.message_ids[0].body, "the forward is logged"
        )

    def test_forward_refused_to_a_complaint_user(self):
        complaint = self._complaint()
        with self.assertRaises(UserError):
            self._forward(complaint, user=self.handler)
        self.assertEqual(complaint.party_state, "not_forwarded")
        self.assertFalse(complaint.with_user(self.handler).can_forward_to_party)
        self.assertTrue(
            complaint.with_user(self.complaint_officer).can_forward_to_party
        )
        self._forward(complaint, user=self.complaint_officer)
        self.assertEqual(complaint.party_state, "forwarded")

    def test_forward_button_for_officers_only(self):
        Complaint = self.env["complaint.complaint"]
        for user, shown in ((self.complaint_officer, True), (self.handler, False)):
            arch = Complaint.with_user(user).get_views([(False, "form")])["views"][
                "form"
            ]["arch"]
            self.assertEqual('name="action_forward_to_party"' in arch, shown)
            self.assertEqual('name="recovery_amount"' in arch, shown)
            self.assertIn('name="party_id"', arch)

    def test_forward_refused_when_not_open(self):
        complaint = self._complaint()
        complaint.with_user(self.complaint_manager).action_cancel()
        with self.assertRaises(UserError):
            self._forward(complaint)
        self.assertEqual(complaint.party_state, "not_forwarded")
        self.assertFalse(
            complaint.with_user(self.complaint_officer).can_forward_to_party
        )

    def test_forward_refused_without_a_party_to_mail(self):
        for party in (False, self.carrier, self.customer):
            complaint = self._complaint(party_id=party and party.id)
            with self.assertRaises(UserError):
                self._forward(complaint)
            self.assertEqual(complaint.party_state, "not_forwarded")

    def test_forward_refused_to_our_own_company_or_staff(self):
        """A forward gives the party's contacts portal accounts: never to the
        company itself or to its staff."""
        colleague = self.complaint_user_other.partner_id
        colleague.email = "colleague@example.com"
        for party in (self.company.partner_id, colleague):
            complaint = self._complaint(party_id=party.id)
            with self.subTest(party=party.name), self.assertRaises(UserError):
                self._forward(complaint)
            self.assertEqual(complaint.party_state, "not_forwarded")
        # control: the merchant gets it
        complaint = self._complaint()
        self._forward(complaint)
        self.assertEqual(complaint.party_state, "forwarded")

    def test_party_fields_only_through_the_workflow(self):
        complaint = self._complaint()
        for vals in (
            {"party_state": "answered"},
            {"party_response": "All fine"},
            {"party_response_deadline": "2030-01-01"},
        ):
            with self.assertRaises(UserError):
                complaint.with_user(self.complaint_manager).write(vals)
        self.assertEqual(complaint.party_state, "not_forwarded")

    def test_other_party_takes_the_case_back(self):
        complaint = self._complaint()
        self._forward(complaint)
        complaint.with_user(self.complaint_officer).party_id = self.carrier
        self.assertEqual(complaint.party_state, "not_forwarded")
        self.assertFalse(complaint.party_response_deadline)
        self.assertFalse(
            complaint.activity_ids.filtered(
                lambda a: a.activity_type_id == self.env.ref(PARTY_ACTIVITY)
            )
        )

    def test_a_handler_names_the_party_in_a_fresh_request(self):
        """The check of a recovery read the officers' recovery status as the
        handler: naming a party failed with an access error, unless a read
        earlier in the same transaction had filled the cache."""
        complaint = self._complaint(party_id=False)
        self.env.invalidate_all()
        complaint.with_user(self.handler).write({"party_id": self.merchant.id})
        self.assertEqual(complaint.party_id, self.merchant)
        # control: a recovery recorded from it keeps the party
        complaint.sudo().write({"recovery_state": "to_claim", "recovery_amount": 80})
        self.env.invalidate_all()
        with self.assertRaisesRegex(UserError, "set its recovery status back"):
            complaint.with_user(self.handler).write({"party_id": self.carrier.id})

    def test_forward_kept_unless_an_officer_moves_it(self):
        complaint = self._complaint()
        self._forward(complaint)
        deadline = complaint.party_response_deadline
        handler = complaint.with_user(self.handler)
        # the same party written again (a form saved as it was) moves nothing
        handler.write({"party_id": self.merchant.id, "subject": "Leaking kettle"})
        self.assertEqual(complaint.party_state, "forwarded")
        self.assertEqual(complaint.party_response_deadline, deadline)
        with self.assertRaisesRegex(UserError, "only complaint officers"):
            handler.write({"party_id": self.carrier.id})
        self.assertEqual(complaint.party_id, self.merchant)
        self.assertEqual(complaint.party_state, "forwarded")


class TestPartyAnswer(PartyCommon):
    def test_answer_recorded_and_handler_told(self):
        complaint = self._complaint()
        self._forward(complaint)
        with self.mock_mail_gateway():
            complaint.sudo()._party_record_answer(
                "We send a new kettle.", self.merchant_contact
            )
        self.assertEqual(complaint.party_state, "answered")
        self.assertEqual(complaint.party_response, "We send a new kettle.")
        self.assertTrue(complaint.party_response_date)
        note = complaint.message_ids[0]
        self.assertEqual(note.author_id, self.merchant_contact)
        self.assertIn(self.handler.partner_id, note.partner_ids)
        self.assertTrue(note.subtype_id.internal, "the complainant does not see it")
        self.assertFalse(
            complaint.activity_ids.filtered(
                lambda a: a.activity_type_id == self.env.ref(PARTY_ACTIVITY)
            ),
            "the reminder is done",
        )

    def test_cancelled_complaint_waits_for_no_answer(self):
        complaint, other = self._complaint(), self._complaint()
        self._forward(complaint | other)
        party_answer = self.env.ref(PARTY_ACTIVITY)
        complaint.with_user(self.handler).action_cancel()
        self.assertNotIn(party_answer, complaint.activity_ids.activity_type_id)
        # control: the other one still waits
        self.assertIn(party_answer, other.activity_ids.activity_type_id)

    def test_answer_refused_when_not_forwarded_empty_or_twice(self):
        complaint = self._complaint()
        with self.assertRaises(UserError):
            complaint.sudo()._party_record_answer("Answer", self.merchant_contact)
        self._forward(complaint)
        with self.assertRaises(UserError):
            complaint.sudo()._party_record_answer("  ", self.merchant_contact)
        self.assertEqual(complaint.party_state, "forwarded")
        with self.assertRaisesRegex(UserError, "limited to 10000 characters"):
            complaint.sudo()._party_record_answer("z" * 10001, self.merchant_contact)
        self.assertEqual(complaint.party_state, "forwarded")
        # the form's 10,000 characters, its line breaks sent as two
        full = "\r\n".join(["y" * 99] * 100)
        complaint.sudo()._party_record_answer(full, self.merchant_contact)
        self.assertEqual(complaint.party_response, full.replace("\r\n", "\n"))
        complaint = self._complaint()
        self._forward(complaint)
        complaint.sudo()._party_record_answer("First", self.merchant_contact)
        with self.assertRaises(UserError):
            complaint.sudo()._party_record_answer("Second", self.merchant_contact)
        self.assertEqual(complaint.party_response, "First")

    def test_answer_without_handler_tells_the_team_leader(self):
        complaint = self._complaint()
        complaint.user_id = False
        self._forward(complaint)
        complaint.sudo()._party_record_answer("Done", self.merchant_contact)
        note = complaint.message_ids.filtered(lambda m: "Done" in (m.body or ""))
        self.assertEqual(note.partner_ids, self.leader.partner_id)

    def test_sweep_marks_unanswered_cases_overdue(self):
        late = self._complaint()
        answered = self._complaint()
        self._forward(late | answered)
        answered.sudo()._party_record_answer("Done", self.merchant_contact)
        Line = self.env["complaint.sla.line"]
        with freeze_time(at(9, 10)):  # Wednesday the 11th: still in time
            Line._cron_sla_sweep(commit=False)
            self.assertEqual(late.party_state, "forwarded")
            self.assertFalse(self.env["complaint.complaint"]._party_mark_overdue())
        with freeze_time(at(10, 9)):  # Thursday
            Line._cron_sla_sweep(commit=False)
        self.assertEqual(late.party_state, "overdue")
        self.assertEqual(answered.party_state, "answered")

        # the overdue case is forwarded again (a reminder with a new deadline);
        # the answered one is not: its answer would be wiped
        with self.mock_mail_gateway(), freeze_time(at(10, 10)):
            late.with_user(self.complaint_officer).action_forward_to_party()
            self.assertEqual(late.party_state, "forwarded")
            self.assertGreater(late.party_response_deadline, at(10, 10).date())
            self.assertFalse(
                answered.with_user(self.complaint_officer).can_forward_to_party
            )
            with self.assertRaisesRegex(UserError, "answer is kept"):
                answered.with_user(self.complaint_officer).action_forward_to_party()
        self.assertEqual(answered.party_response, "Done")
        self.assertEqual(answered.party_state, "answered")

    def test_a_forward_is_sent_once(self):
        """Sent again (a replay, a second tab) while its answer is awaited,
        the forward would email the party again and push its deadline."""
        complaint = self._complaint()
        self._forward(complaint)
        deadline = complaint.party_response_deadline
        self.assertFalse(
            complaint.with_user(self.complaint_officer).can_forward_to_party
        )
        # the case it reads on its portal page stays the officer's to correct
        self.assertTrue(complaint.with_user(self.complaint_officer).can_edit_party_case)
        with self.mock_mail_gateway(), freeze_time(at(5, 10)):
            with self.assertRaisesRegex(UserError, "forwarded to the party already"):
                complaint.with_user(self.complaint_officer).action_forward_to_party()
            self.assertNotSentEmail()
        self.assertEqual(complaint.party_response_deadline, deadline)
        # control: another party takes the case back, and it is forwarded anew
        other = self.env["res.partner"].create(
            {"name": "Other Carrier", "email": "desk@carrier.example"}
        )
        complaint.with_user(self.complaint_officer).party_id = other
        self.assertTrue(
            complaint.with_user(self.complaint_officer).can_forward_to_party
        )
        self._forward(complaint)
        self.assertEqual(complaint.party_state, "forwarded")


class TestRecovery(PartyCommon):
    def test_recovery_written_by_officers_only(self):
        complaint = self._complaint()
        with self.assertRaises(AccessError):
            complaint.with_user(self.handler).write({"recovery_amount": 30.0})
        with self.assertRaises(AccessError):
            complaint.with_user(self.handler).read(["recovery_state"])
        complaint.with_user(self.complaint_officer).write(
            {"recovery_amount": 30.0, "recovery_state": "to_claim"}
        )
        self.assertEqual(complaint.recovery_amount, 30.0)
        self.assertEqual(complaint.recovery_state, "to_claim")

    @mute_logger("odoo.sql_db")
    def test_recovery_amount_not_negative(self):
        complaint = self._complaint()
        with self.assertRaises(IntegrityError):
            complaint.write({"recovery_amount": -1.0})
            complaint.flush_recordset()

    def test_partner_counts_complaints_against_it(self):
        self._complaint()
        self._complaint(party_id=self.merchant_contact.id)
        self._complaint(party_id=False)
        merchant = self.merchant.with_user(self.complaint_officer)
        self.assertEqual(merchant.complaint_party_count, 2)
        action = merchant.action_view_party_complaints()
        self.assertEqual(
            self.env["complaint.complaint"].search_count(action["domain"]), 2
        )


class TestPartyOverdueLocalDate(PartyCommon):
    """The party has until the end of its deadline where the company works
    (its calendar's time zone); the sweep runs in UTC."""

    def _forwarded_on(self, tz):
        self.company.resource_calendar_id = self._make_calendar(tz, tz, 8, 12, 13, 17)
        complaint = self._complaint()
        self._forward(complaint)
        complaint._workflow_write({"party_response_deadline": date(2026, 3, 11)})
        return complaint

    def _sweep(self, moment):
        with freeze_time(moment):
            self.env["complaint.sla.line"]._cron_sla_sweep(commit=False)

    def test_overdue_once_the_day_is_over_in_shanghai(self):
        complaint = self._forwarded_on("Asia/Shanghai")
        self._sweep(at(9, 15))  # 23:00 on the 11th in Shanghai: still in time
        self.assertEqual(complaint.party_state, "forwarded")
        self._sweep(at(9, 17))  # 01:00 on the 12th in Shanghai, the 11th in UTC
        self.assertEqual(complaint.party_state, "overdue")

    def test_still_in_time_until_the_day_is_over_in_new_york(self):
        complaint = self._forwarded_on("America/New_York")
        self._sweep(at(10, 2))  # 22:00 on the 11th in New York, the 12th in UTC
        self.assertEqual(complaint.party_state, "forwarded")
        self._sweep(at(10, 5))  # 01:00 on the 12th in New York
        self.assertEqual(complaint.party_state, "overdue")


class TestPartyStepOfTheSweep(PartyCommon):
    def _sweep(self, moment, broken):
        with (
            freeze_time(moment),
            BrokenRecords("_sla_escalate", broken),
            self.assertLogs(JOB_LOGGER, "ERROR"),
        ):
            self.env["complaint.sla.line"]._cron_sla_sweep(commit=False)

    def test_party_marked_overdue_keeps_the_time_limit_failure(self):
        self._policy(
            team_ids=[(6, 0, self.team.ids)],
            acknowledge_time=2,
            acknowledge_unit="working_hours",
        )
        with freeze_time(at(0, 9)):
            complaint = self._complaint(date_received=at(0, 9))
        self._sweep(at(2, 12), complaint)  # its breach cannot be escalated
        failure = self.env["complaint.job.failure"].search(
            [("job", "=", "sla_sweep"), ("res_id", "=", complaint.id)]
        )
        self.assertEqual(len(failure.message_ids), 1, "the managers are told")
        self._forward(complaint)
        # still failing its escalation, while its party's answer is late
        self._sweep(at(10, 9), complaint)
        self.assertEqual(complaint.party_state, "overdue")
        self.assertTrue(failure.exists(), "the escalation still fails")
        self.assertEqual(failure.fail_count, 2)
        self._sweep(at(10, 10), complaint)
        self.assertEqual(failure.fail_count, 3)
        self.assertEqual(len(failure.message_ids), 1, "told once, not again")

    def test_a_failure_of_a_party_answered_since_leaves_the_register(self):
        """Marking a late party's complaint failed; the party answered since:
        the failure leaves the register, and a later failure (forwarded to
        another party, late again) is told to the managers anew."""
        complaint = self._complaint()
        self._forward(complaint)
        Failure = self.env["complaint.job.failure"]

        def mark(moment):
            with (
                freeze_time(moment),
                BrokenRecords("_workflow_write", complaint),
                self.assertLogs(JOB_LOGGER, "ERROR"),
            ):
                self.env["complaint.complaint"]._party_mark_overdue(
                    Failure._job_start("party_overdue", "complaint.complaint")
                )
            return Failure.search(
                [("job", "=", "party_overdue"), ("res_id", "=", complaint.id)]
            )

        failure = mark(at(10, 9))
        self.assertEqual(len(failure.message_ids), 1, "the managers are told")
        complaint.sudo()._party_record_answer("Refunded", self.merchant_contact)
        with freeze_time(at(10, 10)):
            self.env["complaint.complaint"]._party_mark_overdue(
                Failure._job_start("party_overdue", "complaint.complaint")
            )
        self.assertFalse(failure.exists(), "nothing left to do for it")
        # control: late again after a new forward, the failure is told anew
        complaint.sudo()._workflow_write({"party_state": "not_forwarded"})
        self._forward(complaint)
        again = mark(at(10, 11))
        self.assertEqual(len(again.message_ids), 1)
        self.assertEqual(again.fail_count, 1)
