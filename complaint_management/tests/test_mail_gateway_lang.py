import re

from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_mail_gateway import MAIL_TEMPLATE, MailGatewayCommon

CJK = re.compile("[\u4e00-\u9fff]")


@tagged("post_install", "-at_install")
class TestMailGatewayLanguage(MailGatewayCommon):
    """The mail gateway runs without a language: an email to a Chinese
    company's alias is answered, noted and filed in Chinese."""

    def _email_in(self, name, email):
        """An email without a subject from a new sender."""
        with self.mock_mail_gateway():
            self.format_and_process(
                MAIL_TEMPLATE,
                f"{name} <{email}>",
                self.alias_email,
                subject="",
                target_model="complaint.complaint",
            )
        complaint = self.env["complaint.complaint"].search(
            [("partner_id.email", "=", email)]
        )
        self.assertEqual(len(complaint), 1)
        ack = self._new_mails.filtered(
            lambda m: complaint.partner_id in m.recipient_ids
            and complaint.name in (m.subject or "")
        )
        return complaint, ack

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_new_sender_is_answered_in_the_companys_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "=", "complaint_management")]
        )._update_translations(["zh_CN"])
        self.company.partner_id.lang = "zh_CN"
        complaint, ack = self._email_in("Zhang Wei", "zhang.wei@example.com")
        self.assertEqual(complaint.partner_id.lang, "zh_CN")
        self.assertRegex(complaint.subject, CJK, "the subject given to a blank one")
        self.assertEqual(len(ack), 1, "the acknowledgement, not their email back")
        self.assertRegex(ack.subject, CJK)
        # control: an English-speaking company answers in English
        self.company.partner_id.lang = "en_US"
        complaint, ack = self._email_in("Li Na", "li.na@example.com")
        self.assertEqual(complaint.partner_id.lang, "en_US")
        self.assertEqual(complaint.subject, "Complaint by email")
        self.assertNotRegex(ack.subject, CJK)
