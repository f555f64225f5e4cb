"""Closing tells the complainant the outcome through their channel: the
resolution summary, and for a complaint not founded the reasons and the
other routes (GB/T 19012: the result fed back; not founded, explained
tactfully)."""

from odoo.tests import tagged

from .common import ComplaintCommon
from .migration_loader import load_migration


@tagged("post_install", "-at_install")
class TestClosingNotice(ComplaintCommon):
    def _ready_to_close(self, validity, **values):
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(user_id=self.complaint_user.id, **values)
        )
        complaint.write(
            {
                "state": "assessed" if validity == "unfounded" else "rejected",
                "level_id": self.level_normal.id,
                "validity": validity,
                "resolution_summary": "<p>The kettle was used without water.</p>",
            }
        )
        return complaint.with_user(self.complaint_user)

    def _notice(self, complaint):
        return complaint.message_ids.filtered(
            lambda m: m.subject and "is closed" in m.subject
        )

    def test_an_unfounded_complaint_is_closed_with_its_reasons_and_routes(self):
        complaint = self._ready_to_close("unfounded")
        with self.mock_mail_gateway():
            complaint.action_close()
        notice = self._notice(complaint)
        self.assertEqual(len(notice), 1)
        self.assertEqual(notice.message_type, "comment", "the complainant's")
        self.assertIn(self.customer, notice.notified_partner_ids)
        self.assertIn("used without water", notice.body)
        self.assertIn("could not find a fault", notice.body)
        self.assertIn("12315", notice.body)
        mail = self._new_mails.filtered(
            lambda m: self.customer in m.recipient_ids and "is closed" in m.subject
        )
        self.assertEqual(len(mail), 1)
        self.assertIn("used without water", mail.body_html)
        # the tracking form's notification step: the reasons were sent
        self.assertTrue(complaint._closed_unfounded())

    def test_a_founded_complaint_is_closed_with_its_outcome_only(self):
        complaint = self._ready_to_close("founded")
        with self.mock_mail_gateway():
            complaint.action_close()
        notice = self._notice(complaint)
        self.assertEqual(len(notice), 1)
        self.assertIn("used without water", notice.body)
        # control: the routes went with the rejection, not again
        self.assertNotIn("12315", notice.body)
        self.assertNotIn("could not find a fault", notice.body)
        self.assertFalse(complaint._closed_unfounded())

    def test_a_complainant_known_by_address_only_is_emailed(self):
        complaint = self._ready_to_close(
            "unfounded", partner_id=False, complainant_email="walkin@example.com"
        )
        with self.mock_mail_gateway():
            complaint.action_close()
        mail = self._new_mails.filtered(lambda m: "is closed" in (m.subject or ""))
        self.assertEqual(len(mail), 1)
        self.assertIn("walkin@example.com", mail.email_to)
        self.assertIn("used without water", mail.body_html)

    def test_an_anonymous_complainant_reads_it_in_the_conversation(self):
        """Filed with no contact nor address (the portal's or the API's
        anonymous filing): the outcome is in the public conversation their
        link shows."""
        complaint = self._ready_to_close(
            "unfounded", partner_id=False, is_anonymous=True
        )
        with self.mock_mail_gateway():
            complaint.action_close()
        notice = self._notice(complaint)
        self.assertEqual(len(notice), 1)
        self.assertEqual(notice.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertIn("used without water", notice.body)
        self.assertFalse(
            self._new_mails.filtered(lambda m: "is closed" in (m.subject or "")),
            "nobody to email",
        )
        self.assertTrue(complaint.date_outcome_told)

    def test_the_notice_is_in_the_complainants_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["complaint_management"], ["zh_CN"], overwrite=True
        )
        self.customer.lang = "zh_CN"
        complaint = self._ready_to_close("unfounded")
        complaint.action_close()
        notice = complaint.message_ids.filtered(
            lambda m: m.subject
            and complaint.name in m.subject
            and "已结案" in m.subject
        )
        self.assertEqual(len(notice), 1)
        self.assertIn("12315", notice.body)
        self.assertNotIn("is now closed", notice.body)

    def test_a_reply_reopens_until_the_day_the_emails_give(self):
        """The closing notice and the survey give the last day a reply
        reopens the complaint; with no reopening period, or once it is over
        (a survey asked for later), they promise nothing."""
        self.company.complaint_reopen_days = 30
        complaint = self._ready_to_close("unfounded")
        with self.mock_mail_gateway():
            complaint.action_close()
        until = complaint._reopen_until_text()
        self.assertTrue(until)
        mails = self._new_mails.filtered(lambda m: self.customer in m.recipient_ids)
        self.assertEqual(len(mails), 2, "the notice and the survey")
        for mail in mails:
            self.assertIn(f"reply to this email by {until}", mail.body_html)
        # control: no reopening period, no promise
        self.company.complaint_reopen_days = 0
        other = self._ready_to_close("unfounded")
        with self.mock_mail_gateway():
            other.action_close()
        self.assertFalse(other._reopen_until_text())
        for mail in self._new_mails.filtered(
            lambda m: self.customer in m.recipient_ids
        ):
            self.assertNotIn("reply to this email by", mail.body_html)
            self.assertNotIn("will be reopened", mail.body_html)

    def test_the_upgrade_gives_the_surveys_promise_its_condition(self):
        survey = self.env.ref("complaint_management.mail_template_complaint_rating")
        self.env["res.lang"]._activate_lang("zh_CN")
        migration = load_migration(__file__, "18.0.1.1.32")
        for lang, (old, _new) in zip(
            ("en_US", "zh_CN"), migration.SURVEY_SENTENCES, strict=True
        ):
            survey.with_context(lang=lang).body_html = f"<div>{old}</div>"
        self.env.flush_all()
        migration.migrate(self.env.cr, "18.0.1.1.31")
        self.env.invalidate_all()
        for lang in ("en_US", "zh_CN"):
            body = survey.with_context(lang=lang).body_html
            self.assertIn("object._reopen_until_text()", body)
            self.assertNotIn("直接回复本邮件", body)
            self.assertNotIn("simply reply", body)
