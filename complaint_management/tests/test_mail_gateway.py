from ast import literal_eval
from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import ComplaintCommon

MAIL_TEMPLATE = """Return-Path: {return_path}
To: {to}
cc: {cc}
From: {email_from}
Subject: {subject}
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Message-ID: {msg_id}
{extra}

The kettle I bought last week leaks. I want a replacement.
"""


class MailGatewayCommon(ComplaintCommon):
    """A team alias, a handler with a private signature and a public name,
    and a closed complaint the complainant may write to again."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team.alias_name = "kettle-complaints"
        cls.alias_email = f"kettle-complaints@{cls.alias_domain}"
        cls.complaint_user.write(
            {
                "signature": "<p>Private signature 13800138000</p>",
                "complaint_display_name": "Specialist Lin",
            }
        )

    def _closed_complaint(self):
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(user_id=self.complaint_user.id)
        )
        complaint.write(
            {
                "state": "closed",
                "date_closed": datetime(2026, 3, 1, 9, 0),
                "resolution_summary": "<p>Replaced.</p>",
            }
        )
        return complaint


@tagged("post_install", "-at_install")
class TestMailGateway(MailGatewayCommon):
    """Email intake through a team alias, threading by tracking number, and
    the handler's privacy in everything sent to the complainant."""

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_email_creates_complaint_and_acknowledges(self):
        with self.mock_mail_gateway():
            complaint = self.format_and_process(
                MAIL_TEMPLATE,
                "Zhang Wei <zhang.wei@example.com>",
                self.alias_email,
                subject="Leaking kettle",
                target_model="complaint.complaint",
                target_field="subject",
            )
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.team_id, self.team)
        self.assertEqual(complaint.channel_id, self.channel_email)
        self.assertEqual(complaint.partner_id.email, "zhang.wei@example.com")
        self.assertEqual(complaint.partner_id.name, "Zhang Wei")
        self.assertRegex(complaint.name, r"^CMP/\d{4}/\d{5}$")
        self.assertIn("leaks", complaint.description)
        self.assertEqual(complaint.state, "acknowledged")
        self.assertTrue(complaint.date_registered)
        # the incoming email is kept in the chatter, as the new contact's
        incoming = complaint.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertEqual(incoming.author_id, complaint.partner_id)
        # and not sent back to them
        echo = self._new_mails.filtered(
            lambda m: complaint.partner_id in m.recipient_ids
            and "The kettle I bought last week" in (m.body_html or "")
        )
        self.assertFalse(echo)
        # the acknowledgement goes back with the tracking number
        ack = self._new_mails.filtered(
            lambda m: complaint.partner_id in m.recipient_ids
            and complaint.name in (m.subject or "")
        )
        self.assertEqual(len(ack), 1)
        self.assertIn(complaint.name, ack.body_html)
        self.assertIn(self.alias_email, ack.email_from)
        self.assertIn(self.alias_email, ack.reply_to)

    def test_email_to_two_teams_files_one_complaint(self):
        self.team_other.alias_name = "quality-complaints"
        other_alias = f"quality-complaints@{self.alias_domain}"
        Complaint = self.env["complaint.complaint"]
        before = Complaint.search_count([])
        with self.mock_mail_gateway():
            self.format_and_process(
                MAIL_TEMPLATE,
                "Zhang Wei <zhang.wei@example.com>",
                self.alias_email,
                cc=other_alias,
                subject="Leaking kettle",
                target_model="complaint.complaint",
                target_field="subject",
            )
        complaint = Complaint.search([("subject", "=", "Leaking kettle")])
        self.assertEqual(len(complaint), 1)
        self.assertEqual(Complaint.search_count([]), before + 1)
        self.assertEqual(complaint.team_id, self.team, "the first alias it went to")
        self.assertFalse(complaint.sender_unverified)
        acks = self._new_mails.filtered(
            lambda m: complaint.name in (m.subject or "")
            and complaint.partner_id in m.recipient_ids
        )
        self.assertEqual(len(acks), 1, "one acknowledgement")
        # control: to one alias only, as before
        with self.mock_mail_gateway():
            self.format_and_process(
                MAIL_TEMPLATE,
                "Li Na <li.na@example.com>",
                other_alias,
                subject="Broken toaster",
                target_model="complaint.complaint",
                target_field="subject",
            )
        toaster = Complaint.search([("subject", "=", "Broken toaster")])
        self.assertEqual(toaster.team_id, self.team_other)
        # the alias in To wins, whichever alias's name sorts first
        with self.mock_mail_gateway():
            self.format_and_process(
                MAIL_TEMPLATE,
                "Wang Fang <wang.fang@example.com>",
                other_alias,
                cc=self.alias_email,
                subject="Cracked lid",
                target_model="complaint.complaint",
                target_field="subject",
            )
        lid = Complaint.search([("subject", "=", "Cracked lid")])
        self.assertEqual(len(lid), 1)
        self.assertEqual(lid.team_id, self.team_other)
        # both in To: the first one listed
        for to, team in (
            (f"{other_alias}, {self.alias_email}", self.team_other),
            (f"{self.alias_email}, {other_alias}", self.team),
        ):
            subject = f"Loose handle {team.id}"
            with self.subTest(to=to), self.mock_mail_gateway():
                self.format_and_process(
                    MAIL_TEMPLATE,
                    "Wang Fang <wang.fang@example.com>",
                    to,
                    subject=subject,
                    target_model="complaint.complaint",
                    target_field="subject",
                )
                handle = Complaint.search([("subject", "=", subject)])
                self.assertEqual(handle.team_id, team)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_an_email_without_sender_is_filed_anonymous(self):
        with self.mock_mail_gateway():
            self.format_and_process(
                MAIL_TEMPLATE,
                "",
                self.alias_email,
                subject="Nobody signs this",
                target_model="complaint.complaint",
                target_field="subject",
            )
        complaint = self.env["complaint.complaint"].search(
            [("subject", "=", "Nobody signs this")]
        )
        self.assertEqual(len(complaint), 1, "filed, not lost")
        self.assertTrue(complaint.is_anonymous)
        self.assertFalse(complaint.partner_id)
        self.assertIn("leaks", complaint.description)
        self.assertFalse(
            self.env["complaint.job.failure"].search([("res_id", "=", complaint.id)])
        )

    def test_a_team_moved_to_another_company_files_there(self):
        branch = self.env["res.company"].create({"name": "Branch Co"})
        self.team.company_id = branch
        defaults = literal_eval(self.team.alias_id.alias_defaults)
        self.assertEqual(defaults["company_id"], branch.id)
        self.assertEqual(defaults["team_id"], self.team.id)
        # control: a change of something else leaves the alias as it is
        self.team.name = "Kettle Desk"
        self.assertEqual(literal_eval(self.team.alias_id.alias_defaults), defaults)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_email_from_known_contact(self):
        with self.mock_mail_gateway():
            complaint = self.format_and_process(
                MAIL_TEMPLATE,
                self.customer.email,
                self.alias_email,
                subject="Second kettle",
                target_model="complaint.complaint",
                target_field="subject",
            )
        self.assertEqual(complaint.partner_id, self.customer)

    # ------------------------------------------------------------------
    # Threading by tracking number
    # ------------------------------------------------------------------
    def _email(self, sender, subject, message_id, **headers):
        """Process an email to the team alias (``headers``: cc, extra)."""
        self.format_and_process(
            MAIL_TEMPLATE,
            sender,
            self.alias_email,
            subject=subject,
            msg_id=message_id,
            target_model="complaint.complaint",
            target_field="subject",
            **headers,
        )

    def _customer_complaints(self):
        return self.env["complaint.complaint"].search(
            [("partner_id", "=", self.customer.id)]
        )

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
        self.assertEqual(complaint.message_ids[0].author_id, stranger)
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

    # ------------------------------------------------------------------
    # Privacy
    # ------------------------------------------------------------------
    def test_handler_data_never_reaches_the_complainant(self):
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(
                user_id=self.complaint_user.id, channel_id=self.channel_email.id
            )
        )
        with self.mock_mail_gateway():
            complaint.with_user(self.complaint_user).message_post(
                body="We are looking into it.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            complaint.with_user(self.complaint_user).action_register()
        mails = self._new_mails.filtered(lambda m: self.customer in m.recipient_ids)
        self.assertEqual(len(mails), 2, "the reply and the acknowledgement")
        for mail in mails:
            for private in ("cm_user@example.com", "Complaint User", "13800138000"):
                self.assertNotIn(private, mail.email_from or "")
                self.assertNotIn(private, mail.reply_to or "")
                self.assertNotIn(private, mail.body_html or "")
            self.assertIn(self.alias_email, mail.email_from)
        ack = mails.filtered(lambda m: "We received" in (m.subject or ""))
        self.assertIn("Specialist Lin", ack.body_html)
        # internally, the chatter still knows who wrote
        reply = complaint.message_ids.filtered(
            lambda m: "looking into it" in (m.body or "")
        )
        self.assertEqual(reply.author_id, self.complaint_user.partner_id)

    def test_sender_falls_back_to_company_without_alias(self):
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(team_id=self.team_other.id)
        )
        self.assertIn(self.company.email, complaint._complaint_email_from())
        self.assertNotIn("cm_user", complaint._complaint_email_from())


@tagged("post_install", "-at_install")
class TestMailIntakeSurvivesErrors(ComplaintCommon):
    """An email that cannot be processed whole is kept on a complaint and
    reported, never lost."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team.alias_name = "kettle-intake"
        cls.alias_email = f"kettle-intake@{cls.alias_domain}"

    def _receive(self, subject):
        with self.mock_mail_gateway():
            return self.format_and_process(
                MAIL_TEMPLATE,
                "Zhang Wei <zhang.wei@example.com>",
                self.alias_email,
                subject=subject,
                target_model="complaint.complaint",
                target_field="subject",
            )

    @mute_logger(
        "odoo.addons.mail.models.mail_thread",
        "odoo.addons.complaint_management.models.complaint_job_failure",
    )
    def test_registration_error_keeps_the_complaint(self):
        Complaint = self.env.registry["complaint.complaint"]
        with patch.object(
            Complaint, "action_register", side_effect=UserError("template broken")
        ):
            complaint = self._receive("Kettle leaks, template broken")
        self.assertEqual(complaint.state, "new", "filed, waiting for staff")
        self.assertIn("leaks", complaint.description)
        failure = self.env["complaint.job.failure"].search(
            [("job", "=", "mail_intake"), ("res_id", "=", complaint.id)]
        )
        self.assertIn("template broken", failure.error)
        self.assertTrue(failure.message_ids.partner_ids, "the managers are told")

    @mute_logger(
        "odoo.addons.mail.models.mail_thread",
        "odoo.addons.complaint_management.models.complaint_job_failure",
    )
    def test_creation_error_keeps_a_bare_complaint(self):
        Complaint = self.env.registry["complaint.complaint"]
        original = Complaint.create
        calls = []

        def create(records, vals_list):
            calls.append(vals_list)
            if len(calls) == 1:
                raise ValueError("a rule of the team refuses it")
            return original(records, vals_list)

        with patch.object(Complaint, "create", create):
            complaint = self._receive("Kettle leaks, refused at first")
        self.assertEqual(complaint.subject, "Kettle leaks, refused at first")
        self.assertEqual(complaint.partner_id.email, "zhang.wei@example.com")
        self.assertTrue(
            complaint.message_ids.filtered(lambda m: m.message_type == "email"),
            "the email itself is on the complaint",
        )
        self.assertTrue(
            self.env["complaint.job.failure"].search([("res_id", "=", complaint.id)])
        )

    @mute_logger(
        "odoo.addons.mail.models.mail_thread",
        "odoo.addons.complaint_management.models.complaint_job_failure",
        "odoo.sql_db",
    )
    def test_creation_error_keeps_the_alias_company_and_team(self):
        """The alias of a branch's team names a category deleted since: the
        bare complaint still lands in the branch, with its team, and the
        branch's managers are told."""
        branch = self.env["res.company"].create({"name": "Branch Co"})
        branch.alias_domain_id = self.env["mail.alias.domain"].create(
            {"name": "branch.example.com", "company_ids": [(4, branch.id)]}
        )
        branch_manager = new_test_user(
            self.env,
            login="branch_manager",
            groups="complaint_management.complaint_management_group_manager",
            company_id=branch.id,
            company_ids=[(6, 0, branch.ids)],
        )
        team = self.env["complaint.team"].create(
            {"name": "Branch Team", "company_id": branch.id}
        )
        team.alias_name = "branch-intake"
        category = self.env["complaint.category"].create({"name": "Gone soon"})
        defaults = dict(literal_eval(team.alias_defaults), category_id=category.id)
        team.alias_defaults = repr(defaults)
        category.unlink()
        with self.mock_mail_gateway():
            complaint = self.format_and_process(
                MAIL_TEMPLATE,
                "Zhang Wei <zhang.wei@example.com>",
                "branch-intake@branch.example.com",
                subject="Branch kettle leaks",
                target_model="complaint.complaint",
                target_field="subject",
            )
        self.assertEqual(complaint.company_id, branch)
        self.assertEqual(complaint.team_id, team)
        self.assertFalse(complaint.category_id)
        failure = self.env["complaint.job.failure"].search(
            [("job", "=", "mail_intake"), ("res_id", "=", complaint.id)]
        )
        self.assertEqual(failure.company_id, branch)
        told = failure.message_ids.partner_ids
        self.assertIn(branch_manager.partner_id, told)
        self.assertNotIn(self.complaint_manager.partner_id, told)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_control_clean_intake_registers_nothing(self):
        complaint = self._receive("Kettle leaks")
        self.assertEqual(complaint.state, "acknowledged")
        self.assertFalse(self.env["complaint.job.failure"].search([]))
