from datetime import date, datetime, timedelta

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestPrivacyConsent(ComplaintCommon):
    """Staff intake records the consent the complainant gave; sensitive data
    needs its own consent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.notice = cls.env["complaint.privacy.notice"]._current()

    def test_default_notice_is_current(self):
        self.assertEqual(
            self.notice,
            self.env.ref("complaint_management.complaint_privacy_notice_default"),
        )
        self.assertIn("Your rights", self.notice.body)

    def test_staff_consent_recorded_on_create(self):
        Complaint = self.env["complaint.complaint"].with_user(self.complaint_user)
        complaint = Complaint.create(self._complaint_vals(privacy_consent_given=True))
        consent = complaint.consent_ids
        self.assertEqual(len(consent), 1)
        self.assertEqual(consent.consent_type, "processing")
        self.assertEqual(consent.channel, "staff")
        self.assertEqual(consent.notice_id, self.notice)
        self.assertEqual(consent.user_id, self.complaint_user)
        self.assertEqual(consent.partner_id, self.customer)
        self.assertFalse(complaint.privacy_consent_missing)

    def test_staff_intake_without_consent_is_flagged(self):
        """Not blocked (urgent calls are filed), but warned and listed."""
        complaint = self.env["complaint.complaint"].create(self._complaint_vals())
        self.assertFalse(complaint.consent_ids)
        self.assertTrue(complaint.privacy_consent_missing)
        missing = self.env["complaint.complaint"].search(
            [("privacy_consent_missing", "=", True)]
        )
        self.assertIn(complaint, missing)
        # ticking it later records it once
        complaint.privacy_consent_given = True
        complaint.privacy_consent_given = True
        self.assertEqual(len(complaint.consent_ids), 1)
        self.assertFalse(complaint.privacy_consent_missing)
        # unticking is not how a consent is withdrawn
        with self.assertRaises(UserError):
            complaint.privacy_consent_given = False

    def test_anonymous_needs_no_consent(self):
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(partner_id=False, is_anonymous=True)
        )
        self.assertFalse(complaint.privacy_consent_missing)

    def test_sensitive_data_needs_sensitive_consent(self):
        Complaint = self.env["complaint.complaint"].with_user(self.complaint_user)
        with self.assertRaises(ValidationError):
            Complaint.create(self._complaint_vals(has_sensitive_data=True))
        complaint = Complaint.create(self._complaint_vals(privacy_consent_given=True))
        with self.assertRaises(ValidationError):
            complaint.has_sensitive_data = True
        # control: with the separate consent, the flag is accepted and recorded
        complaint.write({"has_sensitive_data": True, "sensitive_consent_given": True})
        self.assertEqual(
            sorted(complaint.consent_ids.mapped("consent_type")),
            ["processing", "sensitive"],
        )

    def test_staff_form(self):
        with Form(
            self.env["complaint.complaint"].with_user(self.complaint_user)
        ) as form:
            form.subject = "Phone call"
            form.partner_id = self.customer
            form.team_id = self.team
            form.privacy_consent_given = True
        self.assertEqual(form.record.consent_ids.channel, "staff")

    def test_consent_is_evidence(self):
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(privacy_consent_given=True)
        )
        with self.assertRaises(UserError):
            complaint.consent_ids.write({"channel": "email"})
        with self.assertRaises(ValidationError):
            self.notice.body = "<p>Another text</p>"
        with self.assertRaises(AccessError):
            complaint.consent_ids.with_user(self.complaint_user).unlink()
        # consents are written by the intake only, never created directly
        with self.assertRaises(AccessError):
            self.env["complaint.privacy.consent"].with_user(self.complaint_user).create(
                {
                    "complaint_id": complaint.id,
                    "consent_type": "sensitive",
                    "channel": "staff",
                }
            )
        # control: the handler reads the consents of their complaint
        self.assertEqual(
            complaint.consent_ids.with_user(self.complaint_user).channel, "staff"
        )

    def test_a_handler_sees_whether_a_notice_was_agreed_to_not_how_often(self):
        """The count is of every company's and team's consents: a handler
        reading it over JSON-RPC would learn other teams' volumes."""
        self.env["complaint.complaint"].create(
            self._complaint_vals(privacy_consent_given=True)
        )
        notice = self.notice.with_user(self.complaint_user)
        with self.assertRaises(AccessError):
            notice.read(["consent_count"])
        self.assertEqual(notice.read(["is_agreed"])[0]["is_agreed"], True)
        # their screens open without the figure
        views = notice.get_views([(False, "list"), (False, "form")])["views"]
        self.assertNotIn("consent_count", views["form"]["arch"])
        self.assertIn("is_agreed", views["form"]["arch"])
        # control: the managers keeping the register read it
        count = self.notice.with_user(self.complaint_manager).read(["consent_count"])
        self.assertGreaterEqual(count[0]["consent_count"], 1)

    def test_context_keys_prove_nothing_to_a_caller(self):
        """JSON-RPC sets any context: the channel, the notice and the silent
        sync are the superuser intake's only."""
        other_notice = self.env["complaint.privacy.notice"].create(
            {"version": "0.9", "body": "<p>Old</p>", "is_current": False}
        )
        Complaint = (
            self.env["complaint.complaint"]
            .with_user(self.complaint_user)
            .with_context(
                complaint_consent_channel="portal",
                complaint_privacy_notice_id=other_notice.id,
                complaint_consent_sync=True,
            )
        )
        complaint = Complaint.create(self._complaint_vals(privacy_consent_given=True))
        self.assertEqual(complaint.consent_ids.channel, "staff")
        self.assertEqual(complaint.consent_ids.notice_id, self.notice)
        with self.assertRaises(UserError):
            complaint.privacy_consent_given = False
        # consents change only by withdrawal and de-identification, as superuser
        with self.assertRaises(UserError):
            complaint.consent_ids.with_user(self.complaint_user).sudo(False).write(
                {"date_withdrawn": datetime(2026, 1, 1)}
            )
        with self.assertRaises(UserError):
            complaint.consent_ids.write({"partner_id": self.customer.id})
        # control: the portal's intake, as superuser, says its channel
        portal = (
            self.env["complaint.complaint"]
            .sudo()
            .with_context(complaint_consent_channel="portal")
            .create(self._complaint_vals(privacy_consent_given=True))
        )
        self.assertEqual(portal.consent_ids.channel, "portal")

    def test_notice_translations_are_frozen_and_sanitized(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        draft = self.env["complaint.privacy.notice"].create(
            {"version": "2.0", "body": "<p>Draft</p>", "is_current": False}
        )
        draft.update_field_translations(
            "body", {"zh_CN": {"Draft": "草稿<script>alert(1)</script>"}}
        )
        text = draft.with_context(lang="zh_CN").body
        self.assertIn("草稿", text)
        self.assertNotIn("<script", text)
        # agreed to: no new translation either
        self.env["complaint.complaint"].create(
            self._complaint_vals(privacy_consent_given=True)
        )
        with self.assertRaises(ValidationError):
            self.notice.update_field_translations(
                "body", {"zh_CN": {"Your rights.": "改写"}}
            )

    def test_one_current_notice_per_company_whoever_edits(self):
        """An officer of one company cannot give another company a second
        current notice by moving one there: the check counts the other
        company's notices, which the officer does not read."""
        branch = self.env["res.company"].create({"name": "Hong Kong Branch"})
        self.env["complaint.privacy.notice"].create(
            {
                "version": "HK-1",
                "body": "<p>Branch notice</p>",
                "company_id": branch.id,
                "is_current": True,
            }
        )
        officer = new_test_user(
            self.env,
            login="cm_notice_officer",
            groups="complaint_management.complaint_management_group_privacy_officer",
        )
        Notice = self.env["complaint.privacy.notice"].with_user(officer)
        notice = Notice.create(
            {"version": "A-2", "body": "<p>Draft</p>", "company_id": self.company.id}
        )
        with self.assertRaises(ValidationError):
            notice.write({"company_id": branch.id, "is_current": True})
        self.assertEqual(
            self.env["complaint.privacy.notice"].search_count(
                [("company_id", "=", branch.id), ("is_current", "=", True)]
            ),
            1,
        )
        # control: in the officer's own company it becomes current
        notice.write({"is_current": True})
        self.assertTrue(notice.is_current)

    def test_a_notice_is_current_from_its_effective_date(self):
        """A version dated next month was made current: the forms and the
        API had complainants agree to it, and its link in their receipts
        was not found until that date."""
        Notice = self.env["complaint.privacy.notice"]
        self.notice.is_current = False
        upcoming = Notice.create(
            {
                "version": "NEXT",
                "body": "<p>Next month's notice</p>",
                "date": date.today() + timedelta(days=30),
                "is_current": False,
            }
        )
        with self.assertRaisesRegex(ValidationError, "takes effect on"):
            upcoming.is_current = True
        # control: in force from today, it is made current
        upcoming.date = date.today()
        upcoming.is_current = True
        self.assertEqual(Notice._current(), upcoming)
