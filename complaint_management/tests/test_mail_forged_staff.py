from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .test_mail_gateway import MailGatewayCommon


@tagged("post_install", "-at_install")
class TestMailForgedStaff(MailGatewayCommon):
    """What an email claims about its sender is checked against who may read
    the complaint: any colleague's address would do for a forged From, and a
    copy line names anyone."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # a colleague without the complaint rights (sales, the warehouse)
        cls.clerk = new_test_user(
            cls.env,
            login="cm_mail_clerk",
            groups="base.group_user",
            email="clerk@kettle-shop.example.com",
        )

    def _filed(self, message_id):
        with self.mock_mail_gateway():
            self._email(self.customer.email, "Kettle leaks", message_id)
        return self._customer_complaints()

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_a_reply_in_a_colleagues_name_is_not_sent_to_the_complainant(self):
        complaint = self._filed("<seed@evil.example>")
        with self.mock_mail_gateway():
            self._email(
                self.clerk.email,
                "Re: Kettle leaks",
                "<phish@evil.example>",
                extra="In-Reply-To: <seed@evil.example>",
            )
            self.assertFalse(
                self._new_mails.filtered(lambda m: self.customer in m.recipient_ids),
                "the company's address carried nobody's text",
            )
        note = complaint.message_ids.filtered(
            lambda m: m.message_id == "<phish@evil.example>"
        )
        self.assertTrue(note.is_internal)
        self.assertIn("not verified", str(note.body))
        # control: the handler's reply by email reaches the complainant
        with self.mock_mail_gateway():
            self._email(
                self.complaint_user.email,
                "Re: Kettle leaks",
                "<handler-reply@example.com>",
                extra="In-Reply-To: <seed@evil.example>",
            )
            self.assertTrue(
                self._new_mails.filtered(lambda m: self.customer in m.recipient_ids)
            )

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_a_reply_to_a_strangers_note_is_checked_too(self):
        """The note kept of a stranger's email keeps its Message-Id: a reply
        to it in a colleague's name was a note credited to that colleague."""
        complaint = self._filed("<seed2@evil.example>")
        with self.mock_mail_gateway():
            self._email(
                "mallory@evil.example",
                "Re: Kettle leaks",
                "<phish2@evil.example>",
                extra="In-Reply-To: <seed2@evil.example>",
            )
            self._email(
                self.clerk.email,
                "Re: Kettle leaks",
                "<m2@evil.example>",
                extra="In-Reply-To: <phish2@evil.example>",
            )
        note = complaint.message_ids.filtered(
            lambda m: m.message_id == "<m2@evil.example>"
        )
        self.assertTrue(note.is_internal)
        self.assertFalse(note.author_id)
        self.assertIn("not verified", str(note.body))
        # control: the handler's reply to the note is theirs
        with self.mock_mail_gateway():
            self._email(
                self.complaint_user.email,
                "Re: Kettle leaks",
                "<handler-note@example.com>",
                extra="In-Reply-To: <phish2@evil.example>",
            )
        note = complaint.message_ids.filtered(
            lambda m: m.message_id == "<handler-note@example.com>"
        )
        self.assertEqual(note.author_id, self.complaint_user.partner_id)
        self.assertNotIn("not verified", str(note.body))

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_a_copy_line_makes_followers_only_of_who_may_follow(self):
        sister = self.env["res.company"].create({"name": "Sister Co"})
        stranger = self.env["res.partner"].create(
            {
                "name": "Sister's contact",
                "email": "other@sister.example",
                "company_id": sister.id,
            }
        )
        colleague = self.env["res.partner"].create(
            {"name": "Wang's colleague", "email": "colleague@example.com"}
        )
        # a colleague who left: their contact stays, their user is archived
        left = new_test_user(
            self.env,
            login="cm_mail_left",
            groups="complaint_management.complaint_management_group_officer",
            email="left@kettle-shop.example.com",
        )
        left.action_archive()
        # a new sender: nobody's name is taken, the copy line counts
        with self.mock_mail_gateway():
            self._email(
                "Zhao Lei <zhao.lei@example.com>",
                "Toaster sparks",
                "<cc-1@example.com>",
                cc=f"{self.clerk.email}, {stranger.email}, {colleague.email}, "
                f"{left.partner_id.email}",
            )
        complaint = self.env["complaint.complaint"].search(
            [("subject", "=", "Toaster sparks")]
        )
        followers = complaint.message_partner_ids
        self.assertNotIn(self.clerk.partner_id, followers, "may not read it")
        self.assertNotIn(stranger, followers, "another company's contact")
        self.assertNotIn(left.partner_id, followers, "a colleague who left")
        self.assertIn(colleague, followers, "control: a shared contact follows")

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_an_email_quoting_a_number_is_no_new_complaint_for_the_team(self):
        complaint = self.env["complaint.complaint"].create(self._complaint_vals())
        self.team.message_subscribe(partner_ids=self.complaint_officer.partner_id.ids)
        with self.mock_mail_gateway():
            self._email(
                self.customer.email,
                f"Photos for {complaint.name}",
                "<quoted-team@example.com>",
            )
        note = complaint.message_ids.filtered(
            lambda m: m.message_id == "<quoted-team@example.com>"
        )
        self.assertEqual(note.subtype_id, self.env.ref("mail.mt_note"))
        self.assertNotIn(
            self.complaint_officer.partner_id, note.notification_ids.res_partner_id
        )
        # control: a new complaint is told to the team's follower
        fresh = self._filed("<fresh-team@example.com>")
        self.assertEqual(
            fresh.message_ids.filtered(
                lambda m: m.message_id == "<fresh-team@example.com>"
            ).subtype_id,
            self.env.ref("complaint_management.mt_complaint_new"),
        )
