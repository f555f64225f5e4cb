import uuid
from datetime import timedelta
from unittest.mock import patch

from odoo import fields
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import format_date

from odoo.addons.complaint_portal.models.complaint_portal_rate_log import (
    ComplaintPortalRateLog,
)

from .common import ComplaintPortalCase

API = "/api/complaints/v1"


@tagged("post_install", "-at_install")
class TestPrivacyIntake(ComplaintPortalCase):
    """The portal form and the JSON API record the complainant's consent in
    the same transaction as the complaint, and refuse a complaint without it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Complaint = cls.env["complaint.complaint"]
        cls.notice = cls.env.ref(
            "complaint_management.complaint_privacy_notice_default"
        )
        cls.wechat = new_test_user(
            cls.env,
            login="api_privacy",
            groups="base.group_portal,complaint_portal.complaint_portal_group_api",
            name="WeChat Mini-Program",
        )
        cls.wechat_key = (
            cls.env["res.users.apikeys"]
            .with_user(cls.wechat)
            ._generate(None, "test", fields.Datetime.now() + timedelta(hours=12))
        )
        cls.company.complaint_portal_limit_ip = 100

    def setUp(self):
        super().setUp()
        # hits of earlier runs on this database must not count here
        self.env["complaint.portal.rate.log"].search([]).unlink()

    def _file(self, **values):
        payload = {
            "external_ref": "PRIV-0",
            "subject": "Kettle stopped heating",
            "description": "It stopped after two days.",
            "complainant": {"name": "Zhang Wei", "email": "zhang.wei@example.com"},
            "privacy_consent": True,
        }
        payload.update(values)
        payload = {key: value for key, value in payload.items() if value is not None}
        return self.opener.post(
            self.base_url() + API + "/complaints",
            json=payload,
            headers={"Authorization": f"Bearer {self.wechat_key}"},
            timeout=60,
        )

    def _filed(self, ref):
        return self.Complaint.search(
            [("api_user_id", "=", self.wechat.id), ("api_external_ref", "=", ref)]
        )

    def _post(self, **values):
        form = self._form(
            name="Li Wei",
            email="li.wei@example.com",
            submission_key=uuid.uuid4().hex,
            **values,
        )
        response = self.url_open("/complaint/new", data=form)
        complaint = self.Complaint.search(
            [("portal_submission_key", "=like", f"{form['submission_key']}:%")]
        )
        return response, complaint

    def test_the_emails_link_the_notice_of_the_complaints_company(self):
        """The link showed the reader's company's current notice: a visitor
        of another company read the main company's, and a later version
        replaced the one they agreed to."""
        company_b = self.env["res.company"].create({"name": "Branch B"})
        own = self.env["complaint.privacy.notice"].create(
            {
                "version": "B-1",
                "body": "<p>What Branch B keeps.</p>",
                "company_id": company_b.id,
                "date": "2026-01-01",
            }
        )
        complaint = self.env["complaint.complaint"].create(
            {
                "subject": "Lamp",
                "complainant_email": "b@example.com",
                "company_id": company_b.id,
            }
        )
        url = complaint._privacy_notice_url()
        self.assertTrue(url.endswith(f"/complaint/privacy/{own.id}"), url)
        self.assertIn("What Branch B keeps.", self.url_open(url).text)
        # a version to come is not published by its link
        later = self.env["complaint.privacy.notice"].create(
            {
                "version": "B-2",
                "body": "<p>Next year.</p>",
                "company_id": company_b.id,
                "date": "2099-01-01",
                "is_current": False,
            }
        )
        self.assertEqual(
            self.url_open(f"/complaint/privacy/{later.id}").status_code, 404
        )

    def test_a_notice_is_in_force_from_its_company_s_day(self):
        """Made current on its date where the company works, a notice was
        not found by its link until that date came where the server runs
        (UTC), and made current on the server's date, agreed to before its
        day came where the company works. The company is put where its day
        differs from UTC's now: ahead of it from 10:00 UTC, behind before."""
        now = fields.Datetime.now()
        ahead = now.hour >= 10
        calendar = self.env["resource.calendar"].create(
            {
                "name": "Far away",
                "tz": "Pacific/Kiritimati" if ahead else "Pacific/Pago_Pago",
            }
        )
        company = self.env["res.company"].create(
            {"name": "Far Away Ltd", "resource_calendar_id": calendar.id}
        )
        company_day = company._complaint_today()
        self.assertNotEqual(company_day, now.date())
        notice = self.env["complaint.privacy.notice"].create(
            {
                "version": "FAR-1",
                "body": "<p>Far away.</p>",
                "company_id": company.id,
                "date": max(company_day, now.date()),
                "is_current": False,
            }
        )
        link = f"/complaint/privacy/{notice.id}"
        if ahead:
            # its day has come where the company works: current, and found
            notice.is_current = True
            self.assertEqual(self.url_open(link).status_code, 200)
        else:
            # the server's day is still tomorrow where the company works
            with self.assertRaisesRegex(ValidationError, "takes effect on"):
                notice.is_current = True
            self.assertEqual(self.url_open(link).status_code, 404)
            # control: dated the company's day, it is current and found
            notice.write({"date": company_day, "is_current": True})
            self.assertEqual(self.url_open(link).status_code, 200)

    def test_form_shows_the_notice(self):
        page = self.url_open("/complaint/new").text
        self.assertIn('name="privacy_consent"', page)
        self.assertIn('name="sensitive_consent"', page)
        self.assertIn("How we handle your personal information", page)
        notice_page = self.url_open("/complaint/privacy")
        self.assertEqual(notice_page.status_code, 200)
        self.assertIn("Your rights", notice_page.text)
        # its version and date in one sentence, the date as the language writes it
        notice = self.env["complaint.privacy.notice"]._current(self.env.company)
        self.assertIn(f"Read the privacy notice (version {notice.version})", page)
        self.assertIn(
            f"Version {notice.version}, effective from "
            f"{format_date(self.env, notice.date)}.",
            notice_page.text,
        )

    def test_portal_refused_without_consent_input_kept(self):
        before = self.Complaint.search_count([])
        response, complaint = self._post(
            privacy_consent="", subject="Kettle melted", sensitive_consent="on"
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(complaint)
        self.assertEqual(self.Complaint.search_count([]), before)
        self.assertIn("agree to the processing of your personal", response.text)
        self.assertIn('value="Kettle melted"', response.text)
        self.assertIn("It leaks since the first day.", response.text)
        self.assertIn('id="complaint_privacy_consent_error"', response.text)
        # control: with the box ticked it is filed, with its consent
        response, complaint = self._post()
        self.assertEqual(response.status_code, 200, response.text[-1000:])
        self.assertEqual(len(complaint), 1)
        consent = complaint.consent_ids
        self.assertEqual(consent.consent_type, "processing")
        self.assertEqual(consent.channel, "portal")
        self.assertEqual(consent.notice_id, self.notice)
        self.assertEqual(consent.partner_id, complaint.partner_id)
        self.assertFalse(complaint.has_sensitive_data)

    def test_consent_to_a_notice_replaced_meanwhile_is_asked_again(self):
        """A new version published while the form was open: the box ticked
        was for the old one; the form comes back with the new, unticked."""
        shown = self._shown_notice_id()
        self.notice.is_current = False
        new = self.env["complaint.privacy.notice"].create(
            {
                "version": "9.0",
                "company_id": self.notice.company_id.id,
                "body": "<p>We now keep complaints for 24 months.</p>",
                "is_current": True,
            }
        )
        response, complaint = self._post(
            privacy_notice_id=shown, subject="Kettle melted", sensitive_consent="on"
        )
        self.assertEqual(response.status_code, 400)
        self.assertFalse(complaint)
        self.assertIn("Our privacy notice changed", response.text)
        self.assertIn("We now keep complaints for 24 months.", response.text)
        self.assertIn('value="Kettle melted"', response.text)
        self.assertNotIn(
            'name="privacy_consent" required="required" checked', response.text
        )
        # control: ticked under the new notice, it is filed with that notice
        response, complaint = self._post(privacy_notice_id=str(new.id))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(complaint.consent_ids.notice_id, new)

    def test_portal_sensitive_consent(self):
        response, complaint = self._post(sensitive_consent="on")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(complaint.has_sensitive_data)
        self.assertEqual(
            sorted(complaint.consent_ids.mapped("consent_type")),
            ["processing", "sensitive"],
        )

    def test_portal_model_layer_refuses_too(self):
        """Whoever calls the submission method, the consent is required."""
        Complaint = self.env["complaint.complaint"].with_user(self.alice)
        complaint, errors = Complaint._portal_submit(
            {"subject": "No consent", "description": "Text"}, [], "192.0.2.7"
        )
        self.assertFalse(complaint)
        self.assertIn("privacy_consent", errors)
        # outside a request the rate limit commits its hits: not counted here
        with patch.object(ComplaintPortalRateLog, "_hit", return_value=True):
            complaint, errors = Complaint._portal_submit(
                {
                    "subject": "Consent",
                    "description": "Text",
                    "privacy_consent": "on",
                    "privacy_notice_id": self._shown_notice_id(),
                },
                [],
                "192.0.2.7",
            )
        self.assertFalse(errors)
        self.assertEqual(complaint.sudo().consent_ids.user_id, self.alice)

    def test_addresses_of_one_ipv6_network_count_as_one(self):
        """A subscriber gets a whole IPv6 /64: a robot changing addresses
        within it is counted as one address, by every public limit."""
        RateLog = self.env["complaint.portal.rate.log"]
        key = RateLog._address_key
        self.assertEqual(key("ip", "2001:db8::1"), key("ip", "2001:db8::ffff:2"))
        self.assertEqual(key("ip", "::ffff:192.0.2.7"), key("ip", "192.0.2.7"))
        self.assertEqual(key("ip", "192.0.2.7:51234"), key("ip", "192.0.2.7"))
        self.assertEqual(key("ip", "[2001:db8::9]:443"), key("ip", "2001:db8::1"))
        # control: other networks and other IPv4 addresses count apart
        self.assertNotEqual(key("ip", "2001:db8::1"), key("ip", "2001:db8:0:1::1"))
        self.assertNotEqual(key("ip", "192.0.2.7"), key("ip", "192.0.2.8"))
        self.assertNotEqual(key("ip", "2001:db8::1"), key("form", "2001:db8::1"))
        counted = []

        def hit(_self, limits, _window):
            counted.append(set(limits))
            return True

        Complaint = self.env["complaint.complaint"].with_user(self.alice)
        with patch.object(ComplaintPortalRateLog, "_hit", hit):
            for address in ("2001:db8::1", "2001:db8::2"):
                Complaint._portal_submit(
                    {
                        "subject": "Kettle",
                        "description": "Text",
                        "privacy_consent": "on",
                        "privacy_notice_id": self._shown_notice_id(),
                    },
                    [],
                    address,
                )
        self.assertEqual(counted[0], counted[2], "the form's tries")
        self.assertEqual(counted[1], counted[3], "the filings")

    def test_portal_users_read_no_consents(self):
        response, complaint = self._post()
        self.assertEqual(response.status_code, 200)
        consent = complaint.consent_ids
        with self.assertRaises(AccessError):
            consent.with_user(self.alice).read(["date"])
        with self.assertRaises(AccessError):
            consent.with_user(self.wechat).read(["date"])

    def test_api_requires_consent(self):
        response = self._file(external_ref="PRIV-1", privacy_consent=None)
        self.assertEqual(response.status_code, 400)
        self.assertIn("privacy_consent", response.json()["errors"])
        self.assertFalse(self._filed("PRIV-1"))
        response = self._file(external_ref="PRIV-2", privacy_consent=False)
        self.assertEqual(response.status_code, 400)
        self.assertFalse(self._filed("PRIV-2"))
        errors = self._file(external_ref="PRIV-3", privacy_consent="yes").json()
        self.assertIn("privacy_consent: true", errors["errors"]["privacy_consent"])
        # control
        response = self._file(external_ref="PRIV-4", sensitive_consent=True)
        self.assertEqual(response.status_code, 201, response.text)
        complaint = self._filed("PRIV-4")
        self.assertEqual(set(complaint.consent_ids.mapped("channel")), {"api"})
        self.assertEqual(
            sorted(complaint.consent_ids.mapped("consent_type")),
            ["processing", "sensitive"],
        )
        self.assertTrue(complaint.has_sensitive_data)

    def test_api_notice_version(self):
        old = self.env["complaint.privacy.notice"].create(
            {
                "version": "0.9",
                "body": "<p>Older text</p>",
                "is_current": False,
            }
        )
        response = self._file(external_ref="PRIV-5", privacy_notice_version="7.7")
        self.assertEqual(response.status_code, 400)
        self.assertIn("privacy_notice_version", response.json()["errors"])
        response = self._file(external_ref="PRIV-6", privacy_notice_version="0.9")
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(self._filed("PRIV-6").consent_ids.notice_id, old)

    def test_acknowledgement_links_the_notice(self):
        """Email intake records no consent (writing is not agreeing): the
        acknowledgement links to the notice and the complaint is flagged."""
        template = self.env.ref(
            "complaint_management.mail_template_complaint_acknowledgement"
        )
        complaint = self.complaint_alice
        body = template._render_field("body_html", complaint.ids)[complaint.id]
        self.assertIn(complaint._privacy_notice_url(), body)
        self.assertIn(f"{complaint.get_base_url()}/complaint/privacy", body)
        self.assertTrue(complaint.privacy_consent_missing)
