import base64
from unittest.mock import patch

import psycopg2

from odoo import fields
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.complaint_portal.models.complaint_api import ComplaintApi
from odoo.addons.complaint_portal.models.complaint_portal_rate_log import (
    ComplaintPortalRateLog as RateLog,
)

from .common import PNG, ComplaintApiCase


@tagged("post_install", "-at_install")
class TestComplaintApiFiling(ComplaintApiCase):
    """Other intake channels file complaints over HTTP with an API key: once
    per reference, validated, within the portal's file policy and rate
    limits."""

    # ------------------------------------------------------------------
    # Filing
    # ------------------------------------------------------------------
    def test_a_reference_out_of_reach_is_refused_not_filed_again(self):
        self.assertEqual(self._file().status_code, 201)
        complaint = self._filed("WX-1001")
        # staff move it to a company the channel does not serve
        elsewhere = self.env["res.company"].create({"name": "Elsewhere Ltd"})
        complaint.sudo().write(
            {"company_id": elsewhere.id, "team_id": False, "user_id": False}
        )
        with mute_logger("odoo.http"):
            response = self._file()
        self.assertEqual(response.status_code, 409, response.text)
        self.assertEqual(response.json()["error"]["code"], "conflict")
        self.assertEqual(len(self._filed("WX-1001")), 1, "not filed twice")
        # control: a new reference files
        self.assertEqual(self._file(external_ref="WX-1002").status_code, 201)

    def test_file_then_same_reference_gives_the_same_complaint(self):
        response = self._file()
        self.assertEqual(response.status_code, 201, response.text)
        data = response.json()
        complaint = self._filed("WX-1001")
        self.assertEqual(len(complaint), 1)
        self.assertEqual(data["id"], complaint.id)
        self.assertEqual(data["tracking_number"], complaint.name)
        self.assertEqual(data["external_ref"], "WX-1001")
        self.assertEqual((data["state"], data["state_label"]), ("new", "Received"))
        self.assertEqual(data["channel"], "api")
        self.assertEqual(complaint.channel_id, self.channel_api)
        self.assertEqual(complaint.date_problem, fields.Date.to_date("2026-01-05"))
        # typed text is escaped, never markup
        self.assertIn("&lt;b&gt;two&lt;/b&gt;", complaint.description)
        partner = complaint.partner_id
        self.assertEqual(
            (partner.name, partner.email, partner.phone),
            ("Zhang Wei", "zhang.wei@example.com", "+86 138 0000 1111"),
        )
        # the receipt goes to the complainant as on the portal; the channel's
        # user follows nothing
        self.assertTrue(complaint.date_receipt_sent)
        receipt = (
            self.env["mail.mail"]
            .search([("model", "=", complaint._name), ("res_id", "=", complaint.id)])
            .filtered(lambda mail: partner in mail.recipient_ids)
        )
        self.assertTrue(receipt)
        self.assertNotIn(self.wechat.partner_id, complaint.message_partner_ids)
        # the link the channel hands on opens the complaint, logged out
        token = complaint.sudo().access_token
        self.assertTrue(token)
        self.assertTrue(data["portal_url"].endswith(f"access_token={token}"))
        self.assertIn(f"access_token={token}", receipt.body_html)
        self.authenticate(None, None)
        page = self.url_open(data["portal_url"])
        self.assertIn(complaint.name, page.text)
        self.assertEqual(
            [limit["label"] for limit in data["time_limits"]],
            [label for label, _deadline in complaint._portal_time_limits()],
        )
        # sent again (a retry after a lost answer): the same complaint, nothing
        # new, whatever the order of its keys
        partners = self.env["res.partner"].search_count([])
        payload = self._call_payload()
        again = self._call(
            "POST",
            "/complaints",
            self.wechat_key,
            dict(reversed(list(payload.items()))),
        )
        self.assertEqual(again.status_code, 200, again.text)
        self.assertEqual(again.json()["id"], complaint.id)
        # the reference used again for another complaint: refused, not taken
        # as filed (the channel would believe the new one was)
        other = self._file(subject="My fridge is noisy")
        self.assertEqual(other.status_code, 409, other.text)
        self.assertEqual(other.json()["error"]["code"], "conflict")
        self.assertIn("other content", other.json()["error"]["message"])
        self.assertEqual(len(self._filed("WX-1001")), 1)
        self.assertEqual(complaint.subject, "Kettle stopped heating")
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        # filed before fingerprints were kept: given back as before
        complaint.sudo().api_request_hash = False
        old = self._file(subject="My fridge is noisy")
        self.assertEqual(old.status_code, 200, old.text)
        self.assertEqual(old.json()["id"], complaint.id)
        # the reference is the channel's own: another channel may use it too
        other = self._file(key=self.call_centre_key)
        self.assertEqual(other.status_code, 201, other.text)
        self.assertNotEqual(other.json()["id"], complaint.id)

    def test_phone_only_and_no_contact_complainants(self):
        response = self._file(
            external_ref="CC-1",
            complainant={"name": "Li Na", "phone": "021-5555 0101"},
        )
        self.assertEqual(response.status_code, 201, response.text)
        complaint = self._filed("CC-1")
        self.assertEqual(complaint.partner_id.phone, "021-5555 0101")
        self.assertFalse(complaint.partner_id.email)
        self.assertFalse(complaint.date_receipt_sent, "no address, no receipt")
        response = self._file(external_ref="CC-2", complainant={"name": "Wang Min"})
        self.assertEqual(response.status_code, 201, response.text)
        partner = self._filed("CC-2").partner_id
        self.assertEqual(partner.name, "Wang Min")
        self.assertFalse(partner.email or partner.phone)
        response = self._file(external_ref="CC-3", complainant={})
        self.assertEqual(response.status_code, 201, response.text)
        anonymous = self._filed("CC-3")
        self.assertTrue(anonymous.is_anonymous)
        self.assertFalse(anonymous.partner_id)

    def test_invalid_input_is_answered_and_creates_nothing(self):
        before = self.Complaint.search_count([])
        partners = self.env["res.partner"].search_count([])
        response = self._file(
            subject="  ",
            complainant={"name": "Zhang Wei", "email": "not-an-address"},
            channel="no-such-channel",
            date_problem="2999-01-01",
        )
        self.assertEqual(response.status_code, 400)
        errors = response.json()["errors"]
        self.assertEqual(
            set(errors), {"subject", "complainant.email", "channel", "date_problem"}
        )
        self.assertEqual(
            errors["complainant.email"], "Give a valid email address, or none."
        )
        response = self._file(external_ref="bad/ref", complainant="Zhang Wei")
        self.assertEqual(
            set(response.json()["errors"]), {"external_ref", "complainant"}
        )
        response = self._call(
            "POST",
            "/complaints",
            self.wechat_key,
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("body", response.json()["errors"])
        # JSON nested deeper than Python parses is no JSON object either
        response = self.opener.post(
            self.base_url() + "/api/complaints/v1/complaints",
            data="[" * 100000,
            headers={
                "Authorization": f"Bearer {self.wechat_key}",
                "Content-Type": "application/json",
            },
            timeout=60,
        )
        self.assertEqual(response.status_code, 400, response.text[:300])
        self.assertIn("body", response.json()["errors"])
        self.assertEqual(self.Complaint.search_count([]), before)
        self.assertEqual(self.env["res.partner"].search_count([]), partners)

    def test_nul_characters_are_dropped_not_a_server_error(self):
        """PostgreSQL refuses NUL characters in text: a payload carrying one
        is filed without it, not answered with a server error."""
        response = self._file(
            external_ref="WX-NUL",
            subject="Kettle\u0000 leaks",
            privacy_notice_version="\u0000",
        )
        self.assertEqual(response.status_code, 400, response.text[:300])
        self.assertEqual(set(response.json()["errors"]), {"privacy_notice_version"})
        # control: without the unknown version it is filed, the NUL dropped
        response = self._file(external_ref="WX-NUL", subject="Kettle\u0000 leaks")
        self.assertEqual(response.status_code, 201, response.text[:300])
        self.assertEqual(self._filed("WX-NUL").subject, "Kettle leaks")

    def test_errors_in_the_channels_language_else_its_users(self):
        response = self._file(subject="", complainant={"name": "Z", "email": "x"})
        self.assertEqual(
            response.json()["errors"]["subject"], "Give your complaint a short title."
        )
        zh = self._call(
            "POST",
            "/complaints",
            self.wechat_key,
            {"external_ref": "WX-9", "complainant": {"name": "Z", "email": "x"}},
            headers={"Accept-Language": "zh-CN,zh;q=0.9"},
        ).json()["errors"]
        self.assertEqual(zh["complainant.email"], "请填写有效的电子邮箱地址，或不填。")
        self.assertEqual(zh["subject"], "请为您的投诉填写一个简短的标题。")
        # without the header, the user's language
        self.wechat.lang = "zh_CN"
        errors = self._file(subject="").json()["errors"]
        self.assertEqual(errors["subject"], "请为您的投诉填写一个简短的标题。")

    def test_the_complainant_gets_the_company_s_language(self):
        """The request's language is the channel software's (its errors are
        answered in it): the new contact took it, and every receipt and
        letter after it went out in the software's language."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.company.partner_id.lang = "zh_CN"
        self.assertEqual(self.company._complaint_lang(), "zh_CN")
        response = self._call(
            "POST",
            "/complaints",
            self.wechat_key,
            self._call_payload(external_ref="WX-LANG"),
            headers={"Accept-Language": "en-US,en;q=0.9"},
        )
        self.assertEqual(response.status_code, 201, response.text[:300])
        self.assertEqual(self._filed("WX-LANG").partner_id.lang, "zh_CN")

    def test_attachments_follow_the_portal_policy(self):
        before = self.Complaint.search_count([])
        program = base64.b64encode(b"MZ\x90\x00" + b"\x00" * 64).decode()
        response = self._file(attachments=[{"name": "setup.exe", "content": program}])
        self.assertEqual(response.status_code, 400)
        self.assertIn("setup.exe", response.json()["errors"]["attachments"])
        response = self._file(attachments=[{"name": "a.png", "content": "%%%"}])
        self.assertEqual(response.status_code, 400)
        self.assertIn("base64", response.json()["errors"]["attachments"])
        self.assertEqual(self.Complaint.search_count([]), before)
        # control: a photo is accepted and shown on the portal page
        photo = base64.b64encode(PNG).decode()
        response = self._file(attachments=[{"name": "photo.png", "content": photo}])
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(self._filed("WX-1001").portal_attachment_ids.name, "photo.png")

    def test_rate_limit_per_channel_user_and_address(self):
        self.company.complaint_api_limit_user = 2
        before = self.Complaint.search_count([])
        for index in range(2):
            response = self._file(external_ref=f"RL-{index}")
            self.assertEqual(response.status_code, 201, response.text)
        response = self._file(external_ref="RL-2")
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response.json()["error"]["code"], "rate_limited")
        self.assertEqual(self.Complaint.search_count([]), before + 2)
        # a resent complaint is found, not filed: not counted, not refused
        self.assertEqual(self._file(external_ref="RL-0").status_code, 200)
        # per address: another channel's user from the same address
        self.company.complaint_api_limit_ip = 2
        response = self._file(key=self.call_centre_key, external_ref="RL-3")
        self.assertEqual(response.status_code, 429)
        self.company.complaint_api_limit_ip = 3
        response = self._file(key=self.call_centre_key, external_ref="RL-3")
        self.assertEqual(response.status_code, 201, response.text)

    def test_same_reference_at_the_same_moment_files_once(self):
        """The other request filed it between the look-up and the insert: this
        one is retried by Odoo (serialization failure), with nothing written."""
        Api = self.env["complaint.api"].with_user(self.wechat)
        payload = {
            "external_ref": "WX-1001",
            "subject": "Sent twice",
            "description": "At once.",
            "complainant": {"name": "Zhang Wei"},
            "privacy_consent": True,
        }
        self.assertEqual(Api._api_submit(payload, "192.0.2.1")[1], 201)
        before = self.Complaint.search_count([])
        with (
            mute_logger("odoo.sql_db"),
            patch.object(ComplaintApi, "_api_find", return_value=self.Complaint),
            patch.object(RateLog, "_api_filing_allowed", return_value=True),
            self.assertRaises(psycopg2.errors.SerializationFailure) as failure,
        ):
            Api._api_submit(payload, "192.0.2.1")
        self.assertEqual(failure.exception.pgcode, "40001", "Odoo's retry logs it")
        self.assertEqual(self.Complaint.search_count([]), before)
        # the retry finds it
        body, status = Api._api_submit(payload, "192.0.2.1")
        self.assertEqual((status, body["id"]), (200, self._filed("WX-1001").id))
