from datetime import datetime, time, timedelta

import pytz
from freezegun import freeze_time

from odoo.tests import tagged

from .common import ComplaintCommon
from .test_mail_gateway import MAIL_TEMPLATE, MailGatewayCommon


@tagged("post_install", "-at_install")
class TestMailReopen(MailGatewayCommon):
    """A closed complaint reopens when the complainant writes within the
    reopening period, by message or email reply; not after it, not on staff
    messages or notes."""

    def _customer_writes(self, complaint):
        complaint.message_post(
            body="It is broken again!",
            author_id=self.customer.id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )

    def test_complainant_message_within_period_reopens(self):
        self.company.complaint_reopen_days = 30
        complaint = self._closed_complaint()
        with freeze_time(datetime(2026, 3, 25)):
            self._customer_writes(complaint)
        self.assertEqual(complaint.state, "investigating")
        self.assertEqual(complaint.reopen_count, 1)
        self.assertFalse(complaint.date_closed)

    def test_complainant_message_after_period_does_not_reopen(self):
        self.company.complaint_reopen_days = 30
        complaint = self._closed_complaint()
        with freeze_time(datetime(2026, 4, 15)):
            self._customer_writes(complaint)
        self.assertEqual(complaint.state, "closed")
        self.assertEqual(complaint.reopen_count, 0)
        self.assertIn(
            "reopening period", complaint.message_ids[0].body, "the handler is told"
        )

    def test_internal_message_or_note_does_not_reopen(self):
        complaint = self._closed_complaint()
        with freeze_time(datetime(2026, 3, 2)):
            complaint.with_user(self.complaint_user).message_post(
                body="Follow-up call done.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            complaint.message_post(
                body="note", author_id=self.customer.id, subtype_xmlid="mail.mt_note"
            )
        self.assertEqual(complaint.state, "closed")

    def _closed_with_our_email(self):
        complaint = self._closed_complaint()
        ours = complaint.message_post(
            body="Your complaint is closed.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return complaint, ours

    def _reply(self, complaint, ours, subject, msg_id, header=""):
        """The complainant's email replying to ``ours``, two days after the
        closing (``header``: one more header line)."""
        with freeze_time(datetime(2026, 3, 3)):
            self._customer_reply(ours, f"{subject} {complaint.name}", msg_id, header)

    def test_reply_by_email_reopens(self):
        complaint, ours = self._closed_with_our_email()
        self._reply(complaint, ours, "Re:", "<reply@example.com>")
        self.assertEqual(complaint.state, "investigating")
        self.assertEqual(
            self.env["complaint.complaint"].search_count(
                [("partner_id", "=", self.customer.id)]
            ),
            1,
            "the reply went to the complaint, no new complaint",
        )

    def test_a_reply_to_an_address_only_complaint_reopens_it(self):
        """Filed with an address only, its complainant known to the database
        as a contact of that address (they wrote in before): core takes that
        contact as the reply's author, which is no complainant of a complaint
        without one; the address is."""
        complaint, ours = self._closed_with_our_email()
        complaint.write({"partner_id": False, "complainant_email": self.customer.email})
        self.assertFalse(complaint.partner_id)
        self._reply(complaint, ours, "Re:", "<addr-only@example.com>")
        self.assertEqual(complaint.state, "investigating")
        # control: another address replying to our email reopens nothing
        complaint, ours = self._closed_with_our_email()
        complaint.write(
            {"partner_id": False, "complainant_email": "someone.else@example.com"}
        )
        self._reply(complaint, ours, "Re:", "<addr-other@example.com>")
        self.assertEqual(complaint.state, "closed")

    def test_an_automatic_reply_reopens_nothing(self):
        complaint, ours = self._closed_with_our_email()
        for header in (
            "Auto-Submitted: auto-replied",
            "X-Autoreply: yes",
            "Precedence: auto_reply",
        ):
            with self.subTest(header=header):
                msg_id = f"<auto-{len(header)}@example.com>"
                self._reply(complaint, ours, "Out of office:", msg_id, header)
                self.assertEqual(complaint.state, "closed")
        self.assertIn("Out of office", complaint.message_ids[0].subject or "")
        # control: "Auto-Submitted: no" is a person's reply, which reopens
        self._reply(
            complaint, ours, "Re:", "<person@example.com>", "Auto-Submitted: no"
        )
        self.assertEqual(complaint.state, "investigating")

    def test_an_automatic_reply_is_sent_to_no_follower(self):
        """An out-of-office is kept as a note, not sent on to the other
        followers (their own autoresponders would answer it back)."""
        complaint, ours = self._closed_with_our_email()
        colleague = self.env["res.partner"].create(
            {"name": "Buyer in copy", "email": "buyer@example.com"}
        )
        complaint.message_subscribe(colleague.ids)
        # (_reply processes the email under mock_mail_gateway: _new_mails)
        self._reply(
            complaint,
            ours,
            "Out of office:",
            "<auto-away@example.com>",
            "Auto-Submitted: auto-replied",
        )
        auto = complaint.message_ids[0]
        self.assertIn("Out of office", auto.subject or "")
        self.assertTrue(auto.is_internal or auto.subtype_id.internal)
        self.assertFalse(
            self._new_mails.filtered(lambda mail: colleague in mail.recipient_ids)
        )
        # nor to the author of the message it answers (core sends a reply
        # to a note to the note's author): the complainant's own message
        # notified the buyer, whose out-of-office answers it
        theirs = complaint.message_post(
            body="Still waiting.",
            author_id=self.customer.id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )
        with self.mock_mail_gateway():
            self.format_and_process(
                MAIL_TEMPLATE,
                colleague.email,
                self.alias_email,
                subject="Out of office: Still waiting",
                msg_id="<auto-buyer@example.com>",
                extra=f"In-Reply-To: {theirs.message_id}\nAuto-Submitted: auto-replied",
                target_model="complaint.complaint",
                target_field="subject",
            )
        self.assertFalse(
            self._new_mails.filtered(lambda mail: self.customer in mail.recipient_ids)
        )
        # control: a person's reply reaches the buyer in copy
        self._reply(complaint, ours, "Re:", "<person-2@example.com>")
        self.assertTrue(
            self._new_mails.filtered(lambda mail: colleague in mail.recipient_ids)
        )


@tagged("post_install", "-at_install")
class TestReopenPeriod(ComplaintCommon):
    def test_reopen_period_boundary(self):
        """A reply reopens until the end of the last day the closing emails
        give (where the complaint is handled), not to the minute of the
        closing ten days later."""
        self.company.complaint_reopen_days = 10
        complaint = self.env["complaint.complaint"].create(self._complaint_vals())
        closed_on = datetime(2026, 5, 1, 12, 0)
        complaint.write({"state": "closed", "date_closed": closed_on})
        tz = pytz.timezone(complaint._sla_tz() or "UTC")
        last_day = (
            pytz.utc.localize(closed_on).astimezone(tz) + timedelta(days=10)
        ).date()
        self.assertEqual(complaint._reopen_last_day(), last_day)
        end = (
            tz.localize(datetime.combine(last_day + timedelta(days=1), time.min))
            .astimezone(pytz.utc)
            .replace(tzinfo=None)
        )
        self.assertEqual(complaint._reopen_until(), end)
        with freeze_time(end + timedelta(minutes=1)):
            complaint.message_post(
                body="hello?",
                author_id=self.customer.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(complaint.state, "closed")
        # control: on the last day, after the minute of the closing
        with freeze_time(end - timedelta(minutes=1)):
            complaint.message_post(
                body="hello?",
                author_id=self.customer.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        self.assertEqual(complaint.state, "investigating")
