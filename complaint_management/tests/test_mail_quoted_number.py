from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_mail_gateway import MailGatewayCommon


@tagged("post_install", "-at_install")
class TestMailQuotedNumber(MailGatewayCommon):
    """An email quoting a tracking number threads on its complaint, and
    only a verified sender speaks for the complainant."""

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_new_email_quoting_the_number_goes_to_the_complaint(self):
        complaint = self.env["complaint.complaint"].create(self._complaint_vals())
        with self.mock_mail_gateway():
            self._email(
                self.customer.email,
                f"About my complaint {complaint.name}",
                "<quote-1@example.com>",
            )
        self.assertEqual(self._customer_complaints(), complaint, "no new complaint")
        note = complaint.message_ids[0]
        self.assertIn("leaks", note.body)
        # its From could be forged: kept for staff, not shown nor sent to the
        # complainant (a reply to our messages is public: test_mail_reopen)
        self.assertTrue(note.is_internal or note.subtype_id.internal)
        self.assertIn("not verified", note.body)
        self.assertNotIn(self.customer, note.notification_ids.res_partner_id)
        self.assertFalse(note.author_id, "its sender is not verified")
        # a reply to it (its Message-Id was the sender's choice) reaches staff
        # only, from a stranger or under a handler's address alike
        for sender in ("mallory@example.com", self.complaint_user.email):
            with self.subTest(sender=sender), self.mock_mail_gateway():
                self._email(
                    sender,
                    "Re: About my complaint",
                    f"<reply-{sender}>",
                    extra="In-Reply-To: <quote-1@example.com>",
                )
                self.assertFalse(
                    self._new_mails.filtered(
                        lambda mail: self.customer in mail.recipient_ids
                    )
                )
        self.assertEqual(complaint.message_ids[0].parent_id, note)
        # control: the same email without the number is a new complaint
        with self.mock_mail_gateway():
            self._email(self.customer.email, "Another problem", "<quote-2@example.com>")
        self.assertEqual(len(self._customer_complaints()), 2)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_a_number_typed_in_chinese_text_is_found(self):
        """Typed between Chinese characters, full-width or in lower case (the
        portal's lookup takes them all), the number is found: it was not,
        and a second complaint was filed and acknowledged."""
        complaint = self.env["complaint.complaint"].create(self._complaint_vals())
        full_width = complaint.name.translate(
            {code: code + 0xFEE0 for code in range(0x21, 0x7F)}
        )
        for index, subject in enumerate(
            (
                f"我的投诉编号{complaint.name}还没处理",
                f"投诉{full_width}进展如何",
                f"about {complaint.name.lower()}",
            )
        ):
            with self.subTest(subject=subject), self.mock_mail_gateway():
                self._email(self.customer.email, subject, f"<zh-{index}@example.com>")
                self.assertEqual(self._customer_complaints(), complaint)
                self.assertIn("not verified", complaint.message_ids[0].body)
        # control: a longer number is another one
        self._email(
            self.customer.email, f"编号{complaint.name}9还没处理", "<zh-9@example.com>"
        )
        self.assertEqual(len(self._customer_complaints()), 2)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_a_reply_from_a_stranger_is_a_note_for_staff(self):
        """A complaint filed in the customer's name: its first email's
        Message-Id was the sender's choice. A stranger's reply to it was
        posted as a public comment, emailed to the customer under the
        company's address, and reopened the complaint once closed."""
        with self.mock_mail_gateway():
            self._email(self.customer.email, "Kettle leaks", "<seed@evil.example>")
        complaint = self._customer_complaints()
        complaint.write({"user_id": self.complaint_user.id})
        complaint._workflow_write({"state": "closed", "date_closed": datetime.now()})
        with self.mock_mail_gateway():
            self._email(
                "mallory@evil.example",
                "Re: Kettle leaks",
                "<phish@evil.example>",
                extra="In-Reply-To: <seed@evil.example>",
            )
            self.assertFalse(
                self._new_mails.filtered(lambda m: self.customer in m.recipient_ids)
            )
        note = complaint.message_ids[0]
        self.assertIn("leaks", note.body)
        self.assertIn("does not know", note.body)
        self.assertTrue(note.subtype_id.internal)
        self.assertFalse(note.author_id)
        self.assertIn(
            self.complaint_user.partner_id, note.notification_ids.res_partner_id
        )
        self.assertEqual(complaint.state, "closed", "a stranger reopens nothing")
        # a colleague of the complainant's company is the complainant's side
        colleague = self.env["res.partner"].create(
            {
                "name": "Colleague",
                "email": "colleague@customer.example",
                "parent_id": self.customer.commercial_partner_id.id,
            }
        )
        with self.mock_mail_gateway():
            self._email(
                colleague.email,
                "Re: Kettle leaks",
                "<colleague@customer.example>",
                extra="In-Reply-To: <seed@evil.example>",
            )
        reply = complaint.message_ids.filtered(
            lambda m: m.message_id == "<colleague@customer.example>"
        )
        self.assertEqual(reply.author_id, colleague)
        self.assertFalse(reply.subtype_id.internal)
        complaint._workflow_write({"state": "closed", "date_closed": datetime.now()})
        # control: the complainant's own reply is theirs, and reopens it
        with self.mock_mail_gateway():
            self._email(
                self.customer.email,
                "Re: Kettle leaks",
                "<again@example.com>",
                extra="In-Reply-To: <seed@evil.example>",
            )
        reply = complaint.message_ids.filtered(
            lambda m: m.message_id == "<again@example.com>"
        )
        self.assertEqual(reply.author_id, self.customer)
        self.assertFalse(reply.subtype_id.internal)
        self.assertNotEqual(complaint.state, "closed")

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_the_owner_is_told_of_an_email_quoting_the_number(self):
        """The customer sends the photos asked for in a new email quoting the
        number, as the acknowledgement says: its handler is told (the note
        would otherwise wait unseen while the complaint waits for them)."""
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(user_id=self.complaint_user.id)
        )
        with self.mock_mail_gateway():
            self._email(
                self.customer.email,
                f"Photos for {complaint.name}",
                "<quote-told@example.com>",
            )
        note = complaint.message_ids[0]
        self.assertIn("not verified", note.body)
        self.assertIn(
            self.complaint_user.partner_id, note.notification_ids.res_partner_id
        )
        self.assertNotIn(self.customer, note.notification_ids.res_partner_id)
        # control: a note staff write tells nobody unless they name someone
        staff_note = complaint.message_post(
            body="Checked the photos.", subtype_xmlid="mail.mt_note"
        )
        self.assertFalse(staff_note.notification_ids)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_quoted_number_alone_does_not_reopen(self):
        """Anyone can write the complainant's address in From and a number
        (they are sequential) in the subject: that reopens nothing and shows
        nothing to the complainant; staff read it and decide. A reply to our
        messages reopens (test_mail_reopen.test_reply_by_email_reopens)."""
        complaint = self._closed_complaint()
        with freeze_time(datetime(2026, 3, 3)), self.mock_mail_gateway():
            self._email(
                self.customer.email,
                f"Still broken ({complaint.name})",
                "<quote-3@example.com>",
            )
        self.assertEqual(complaint.state, "closed")
        self.assertEqual(self._customer_complaints(), complaint)
        self.assertIn("not verified", complaint.message_ids[0].body)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_emailing_in_makes_nobody_a_follower(self):
        complaint = self.env["complaint.complaint"].create(self._complaint_vals())
        first = complaint.message_post(
            body="We are looking into it.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        stranger = self.env["res.partner"].create(
            {"name": "Mallory", "email": "mallory@example.com"}
        )
        with self.mock_mail_gateway():
            self._email(
                "Mallory <mallory@example.com>",
                f"Re: {complaint.name}",
                "<reply-mallory@example.com>",
                extra=f"In-Reply-To: {first.message_id}",
            )
        # a stranger's reply: a note for staff, theirs by address only
        self.assertFalse(complaint.message_ids[0].author_id)
        self.assertTrue(complaint.message_ids[0].subtype_id.internal)
        self.assertNotIn(stranger, complaint.message_partner_ids)
        # control: the complainant still follows their complaint
        self.assertIn(self.customer, complaint.message_partner_ids)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_copy_of_an_unverified_sender_follows_nothing(self):
        """An email in an existing contact's name may be forged: a contact in
        copy does not follow it (they would get the acknowledgement and every
        reply) until staff confirm the sender."""
        colleague = self.env["res.partner"].create(
            {"name": "Colleague", "email": "colleague@example.com"}
        )
        with self.mock_mail_gateway():
            self._email(
                self.customer.email,
                "Kettle leaks",
                "<cc-unverified@example.com>",
                cc="colleague@example.com",
            )
        complaint = self._customer_complaints()
        self.assertTrue(complaint.sender_unverified)
        self.assertNotIn(colleague, complaint.message_partner_ids)
        # control: from a new address, the known contact in copy follows
        with self.mock_mail_gateway():
            self._email(
                "New Person <new.person@example.com>",
                "Toaster broken",
                "<cc-new@example.com>",
                cc="colleague@example.com",
            )
        new = self.env["complaint.complaint"].search(
            [("partner_id.email", "=", "new.person@example.com")]
        )
        self.assertFalse(new.sender_unverified)
        self.assertIn(colleague, new.message_partner_ids)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_quoting_a_complaint_closed_long_ago_opens_a_linked_one(self):
        complaint = self._closed_complaint()
        with freeze_time(datetime(2026, 9, 3)), self.mock_mail_gateway():
            self._email(
                self.customer.email,
                f"Again {complaint.name}",
                "<quote-4@example.com>",
            )
        self.assertEqual(complaint.state, "closed")
        new = self._customer_complaints() - complaint
        self.assertEqual(len(new), 1)
        self.assertEqual(new.repeat_of_ids, complaint)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_stranger_quoting_a_number_opens_a_linked_complaint(self):
        complaint = self.env["complaint.complaint"].create(self._complaint_vals())
        with self.mock_mail_gateway():
            self._email(
                "Mallory <mallory@example.com>",
                f"I know about {complaint.name}",
                "<quote-5@example.com>",
            )
        new = self.env["complaint.complaint"].search(
            [("partner_id.email", "=", "mallory@example.com")]
        )
        self.assertEqual(len(new), 1)
        self.assertEqual(new.repeat_of_ids, complaint, "linked, not merged")
        self.assertFalse(
            any(
                "leaks" in (body or "") for body in complaint.message_ids.mapped("body")
            )
        )
        # a follower the handler added is no stranger
        colleague = self.env["res.partner"].create(
            {"name": "Colleague", "email": "colleague@example.com"}
        )
        complaint.message_subscribe(partner_ids=colleague.ids)
        with self.mock_mail_gateway():
            self._email(
                "Colleague <colleague@example.com>",
                f"Photos for {complaint.name}",
                "<quote-6@example.com>",
            )
        self.assertFalse(
            self.env["complaint.complaint"].search([("partner_id", "=", colleague.id)])
        )
        # filed on the complaint under the address it came from, unverified
        note = complaint.message_ids[0]
        self.assertIn("colleague@example.com", note.email_from)
        self.assertFalse(note.author_id)
        self.assertIn("not verified", note.body)

    def test_a_deidentified_complaint_quoted_is_linked_to_nobody(self):
        """A link to or from a complaint naming someone leads back to the
        person a de-identified complaint no longer names."""
        old = self.env["complaint.complaint"].create(self._complaint_vals())
        old.sudo()._workflow_write(
            {"state": "closed", "date_closed": "2025-01-05 09:00:00"}
        )
        old.sudo()._deidentify()
        self.assertTrue(old.is_deidentified)
        with self.mock_mail_gateway():
            self._email(
                "Mallory <mallory@example.com>",
                f"Again about {old.name}",
                "<quote-deid@example.com>",
            )
        new = self.env["complaint.complaint"].search(
            [("partner_id.email", "=", "mallory@example.com")]
        )
        self.assertEqual(len(new), 1)
        self.assertFalse(new.repeat_of_ids)
        # control: a complaint still naming its complainant is linked
        other = self.env["complaint.complaint"].create(self._complaint_vals())
        with self.mock_mail_gateway():
            self._email(
                "Mallory <mallory@example.com>",
                f"And about {other.name}",
                "<quote-live@example.com>",
            )
        newer = (
            self.env["complaint.complaint"].search(
                [("partner_id.email", "=", "mallory@example.com")]
            )
            - new
        )
        self.assertEqual(newer.repeat_of_ids, other)
