from ast import literal_eval
from datetime import datetime
from unittest.mock import patch

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import config, mute_logger

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
    def _customer_reply(self, ours, subject, msg_id, header=""):
        """The complainant's email replying to our message ``ours``
        (``header``: one more header line)."""
        extra = f"In-Reply-To: {ours.message_id}" + (f"\n{header}" if header else "")
        with self.mock_mail_gateway():
            self.format_and_process(
                MAIL_TEMPLATE,
                self.customer.email,
                self.alias_email,
                subject=subject,
                msg_id=msg_id,
                extra=extra,
                target_model="complaint.complaint",
                target_field="subject",
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
    def test_a_teams_email_defaults_classify_only(self):
        """The gateway files as superuser: a manager (who may change the
        team, so its alias's defaults) set a status, a legal hold, another
        company or team there, and every email filed a complaint past the
        workflow's guards."""
        other = self.env["res.company"].create({"name": "Other Co"})
        team = self.team.with_user(self.complaint_manager)
        base = literal_eval(self.team.alias_defaults)
        for extra in (
            {"state": "closed"},
            {"keep_permanently": True},
            {"company_id": other.id},
            {"team_id": self.team_other.id},
        ):
            with self.subTest(extra=extra), self.assertRaises(ValidationError):
                team.alias_defaults = repr(dict(base, **extra))
        self.assertEqual(literal_eval(self.team.alias_defaults), base)
        # an alias written before (or by an administrator on the alias): the
        # gateway keeps the classification only
        self.team.alias_id.alias_defaults = repr(
            dict(base, state="closed", company_id=other.id, date_received="2020-01-01")
        )
        self._email("stranger@example.com", "Broken lid", "<lid@example.com>")
        complaint = self.env["complaint.complaint"].search(
            [("subject", "=", "Broken lid")]
        )
        self.assertIn(complaint.state, ("registered", "acknowledged"))
        self.assertEqual(complaint.company_id, self.team.company_id)
        self.assertEqual(complaint.team_id, self.team)
        self.assertEqual(complaint.date_received.year, datetime.now().year)
        # control: the category is the team's to set
        category = self.env["complaint.category"].search([], limit=1)
        team.alias_defaults = repr(dict(base, category_id=category.id))
        self.assertEqual(
            literal_eval(self.team.alias_defaults)["category_id"], category.id
        )

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

    def test_sender_falls_back_to_the_servers_never_the_handlers(self):
        """A company without an email, a team without an alias: the server's
        own sender, rather than the handler's address Odoo would take."""
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(team_id=self.team_other.id)
        )
        self.company.email = False
        self.company.sudo().alias_domain_id = False
        with patch.dict(config.options, {"email_from": "noreply@server.example"}):
            self.assertIn(
                "noreply@server.example", complaint._complaint_email_from() or ""
            )

    def test_staff_post_on_a_complaint_of_a_language_no_longer_installed(self):
        """Odoo deactivates a language only archived contacts have: the
        sender's name was read in it, and every staff post on their
        complaints (a note too) stopped on "Invalid language code"."""
        french = self.env["res.lang"]._activate_lang("fr_FR")
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(team_id=self.team_other.id)
        )
        self.customer.write({"lang": "fr_FR", "active": False})
        french.active = False
        complaint.with_user(self.complaint_officer).message_post(
            body="Called the carrier.", subtype_xmlid="mail.mt_note"
        )
        self.assertIn("Called the carrier", complaint.message_ids[:1].body, "posted")
        # in the company's language instead
        self.assertIn(
            self.team_other.with_context(
                lang=complaint.company_id._complaint_lang()
            ).name,
            complaint._complaint_email_from(),
        )

    def test_sender_name_is_in_the_complainants_language(self):
        """The team signs the email as the complainant reads it, whoever
        sends it (an English-speaking handler to a Chinese complainant)."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.team_other.with_context(lang="zh_CN").name = "客服部"
        self.team_other.with_context(lang="en_US").name = "Customer Service"
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(team_id=self.team_other.id)
        )
        self.customer.lang = "zh_CN"
        as_english = complaint.with_context(lang="en_US")
        self.assertIn("客服部", as_english._complaint_email_from())
        # control: an English complainant reads the English name
        self.customer.lang = "en_US"
        self.assertIn(
            "Customer Service",
            complaint.with_context(lang="zh_CN")._complaint_email_from(),
        )
