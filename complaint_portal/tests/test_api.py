import base64
import inspect
from datetime import timedelta
from unittest.mock import patch

import psycopg2

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from odoo.addons.complaint_portal.controllers import api as api_controller
from odoo.addons.complaint_portal.models.complaint_api import ComplaintApi

from .common import PNG, ComplaintPortalCase

API = "/api/complaints/v1"
API_GROUP = "complaint_portal.complaint_portal_group_api"


@tagged("post_install", "-at_install")
class TestComplaintApi(ComplaintPortalCase):
    """Other intake channels file and follow complaints over HTTP with an API key."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Complaint = cls.env["complaint.complaint"]
        cls.wechat = cls._api_user("api_wechat", "WeChat Mini-Program")
        cls.call_centre = cls._api_user("api_call_centre", "Call Centre")
        cls.wechat_key = cls._key(cls.wechat)
        cls.call_centre_key = cls._key(cls.call_centre)
        cls.alice_key = cls._key(cls.alice)  # a portal customer, not a channel
        cls.channel_api = cls.env.ref("complaint_portal.complaint_channel_api")

    @classmethod
    def _api_user(cls, login, name):
        return new_test_user(
            cls.env, login=login, groups=f"base.group_portal,{API_GROUP}", name=name
        )

    @classmethod
    def _key(cls, user):
        return (
            cls.env["res.users.apikeys"]
            .with_user(user)
            ._generate(None, "test", fields.Datetime.now() + timedelta(hours=12))
        )

    def setUp(self):
        super().setUp()
        # hits of earlier runs on this database must not count here
        self.env["complaint.portal.rate.log"].search([]).unlink()

    def _call(self, method, path, key=None, payload=None, headers=None):
        headers = dict(headers or {})
        if key:
            headers["Authorization"] = f"Bearer {key}"
        return self.opener.request(
            method,
            self.base_url() + API + path,
            json=payload,
            headers=headers,
            timeout=60,
        )

    def _file(self, key=None, **values):
        payload = {
            "external_ref": "WX-1001",
            "subject": "Kettle stopped heating",
            "description": "It stopped after <b>two</b> days.",
            "date_problem": "2026-01-05",
            "requested_remedy": "A new kettle",
            "complainant": {
                "name": "Zhang Wei",
                "email": "zhang.wei@example.com",
                "phone": "+86 138 0000 1111",
            },
            "privacy_consent": True,
        }
        payload.update(values)
        key = self.wechat_key if key is None else key
        return self._call("POST", "/complaints", key, payload)

    def _filed(self, ref, user=None):
        return self.Complaint.search(
            [
                ("api_user_id", "=", (user or self.wechat).id),
                ("api_external_ref", "=", ref),
            ]
        )

    # ------------------------------------------------------------------
    # Who may call
    # ------------------------------------------------------------------
    def test_key_required_and_group_checked(self):
        before = self.Complaint.search_count([])
        response = self._file(key="")
        self.assertEqual(response.status_code, 401)
        self.assertEqual(response.json()["error"]["code"], "unauthorized")
        self.assertEqual(response.headers["WWW-Authenticate"], "Bearer")
        self.assertEqual(self._file(key="0" * 40).status_code, 401)
        response = self._file(key=self.alice_key)
        self.assertEqual(response.status_code, 403, response.text)
        self.assertEqual(response.json()["error"]["code"], "forbidden")
        self.assertEqual(self.Complaint.search_count([]), before)
        # control: the channel's user files
        response = self._file()
        self.assertEqual(response.status_code, 201, response.text)
        self.assertEqual(self.Complaint.search_count([]), before + 1)

    def test_controller_holds_no_logic(self):
        source = inspect.getsource(api_controller)
        self.assertNotIn("sudo(", source)
        self.assertNotIn(".search(", source)

    # ------------------------------------------------------------------
    # Filing
    # ------------------------------------------------------------------
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
        self.assertTrue(
            self.env["mail.mail"]
            .search([("model", "=", complaint._name), ("res_id", "=", complaint.id)])
            .filtered(lambda mail: partner in mail.recipient_ids)
        )
        self.assertNotIn(self.wechat.partner_id, complaint.message_partner_ids)
        self.assertEqual(
            [limit["label"] for limit in data["time_limits"]],
            [label for label, _deadline in complaint._portal_time_limits()],
        )
        # sent again (a retry after a lost answer): the same complaint, nothing new
        partners = self.env["res.partner"].search_count([])
        again = self._file(subject="Changed in the meantime")
        self.assertEqual(again.status_code, 200, again.text)
        self.assertEqual(again.json()["id"], complaint.id)
        self.assertEqual(len(self._filed("WX-1001")), 1)
        self.assertEqual(complaint.subject, "Kettle stopped heating")
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
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
        self.assertEqual(self.Complaint.search_count([]), before)
        self.assertEqual(self.env["res.partner"].search_count([]), partners)

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
        self.assertEqual(self._file().status_code, 201)
        before = self.Complaint.search_count([])
        Api = self.env["complaint.api"].with_user(self.wechat)
        payload = {
            "external_ref": "WX-1001",
            "subject": "Sent twice",
            "description": "At once.",
            "complainant": {"name": "Zhang Wei"},
            "privacy_consent": True,
        }
        with (
            mute_logger("odoo.sql_db"),
            patch.object(ComplaintApi, "_api_find", return_value=self.Complaint),
            patch.object(ComplaintApi, "_api_hit_rate_limit", return_value=True),
            self.assertRaises(psycopg2.errors.SerializationFailure) as failure,
        ):
            Api._api_submit(payload, "192.0.2.1")
        self.assertEqual(failure.exception.pgcode, "40001", "Odoo's retry logs it")
        self.assertEqual(self.Complaint.search_count([]), before)
        # the retry finds it
        body, status = Api._api_submit(payload, "192.0.2.1")
        self.assertEqual((status, body["id"]), (200, self._filed("WX-1001").id))

    # ------------------------------------------------------------------
    # Reading and answering
    # ------------------------------------------------------------------
    def test_read_shows_the_public_conversation_only(self):
        self._file()
        complaint = self._filed("WX-1001")
        complaint.message_post(
            body="Internal: check the supplier batch",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        complaint.with_context(tracking_disable=False).priority = "2"
        complaint.message_post(
            body="We will replace the kettle.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        response = self._call("GET", "/complaints/WX-1001", self.wechat_key)
        self.assertEqual(response.status_code, 200, response.text)
        data = response.json()
        self.assertEqual(data["id"], complaint.id)
        texts = [message["text"] for message in data["messages"]]
        self.assertIn("We will replace the kettle.", texts)
        self.assertNotIn("Internal: check the supplier batch", response.text)
        # no tracking (the priority changed), no empty message: the receipt and
        # the answer, as on the portal page
        self.assertEqual(len(texts), 2, texts)
        self.assertIn(complaint.name, texts[0])
        # staff under the public handler name, a mail under its sender's name
        authors = [message["author"] for message in data["messages"]]
        self.assertNotIn("OdooBot", response.text)
        self.assertFalse(any("@" in author for author in authors), authors)
        self.assertFalse(any(m["from_complainant"] for m in data["messages"]))
        self.assertEqual(
            data["dates"]["received"][:10], str(complaint.date_received)[:10]
        )
        self.assertIsNone(data["dates"]["closed"])

    def test_message_from_the_complainant_with_a_file(self):
        self._file()
        complaint = self._filed("WX-1001")
        photo = base64.b64encode(PNG).decode()
        response = self._call(
            "POST",
            "/complaints/WX-1001/messages",
            self.wechat_key,
            {
                "body": "Here is the <photo> of the label.",
                "attachments": [{"name": "label.png", "content": photo}],
            },
        )
        self.assertEqual(response.status_code, 201, response.text)
        answer = response.json()["message"]
        self.assertTrue(answer["from_complainant"])
        message = complaint.message_ids.filtered(lambda m: m.id == answer["id"])
        self.assertEqual(message.author_id, complaint.partner_id)
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertIn("&lt;photo&gt;", message.body)
        self.assertEqual(message.attachment_ids.name, "label.png")
        read = self._call("GET", "/complaints/WX-1001", self.wechat_key).json()
        self.assertIn(answer["id"], [m["id"] for m in read["messages"]])
        # refused: a program, or nothing at all; nothing is posted
        count = len(complaint.message_ids)
        program = base64.b64encode(b"\x7fELF" + b"\x00" * 64).decode()
        response = self._call(
            "POST",
            "/complaints/WX-1001/messages",
            self.wechat_key,
            {"body": "x", "attachments": [{"name": "a.pdf", "content": program}]},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("a.pdf", response.json()["errors"]["attachments"])
        response = self._call(
            "POST", "/complaints/WX-1001/messages", self.wechat_key, {"body": " "}
        )
        self.assertEqual(response.status_code, 400)
        self.assertEqual(len(complaint.message_ids), count)

    # ------------------------------------------------------------------
    # Isolation
    # ------------------------------------------------------------------
    def test_other_channels_complaints_are_not_found(self):
        self._file(key=self.call_centre_key, external_ref="CC-7")
        theirs = self._filed("CC-7", self.call_centre)
        for response in (
            self._call("GET", "/complaints/CC-7", self.wechat_key),
            self._call(
                "POST", "/complaints/CC-7/messages", self.wechat_key, {"body": "Hi"}
            ),
        ):
            self.assertEqual(response.status_code, 404, response.text)
            self.assertEqual(response.json()["error"]["code"], "not_found")
        self.assertNotIn("Hi", theirs.message_ids.mapped("body"))
        # the record rule holds for the ORM (JSON-RPC) too
        with self.assertRaises(AccessError):
            theirs.with_user(self.wechat).read(["subject"])
        Complaint = self.Complaint.with_user(self.wechat)
        self.assertFalse(Complaint.search([("id", "=", theirs.id)]))
        self.assertFalse(Complaint.search([("id", "=", self.complaint_bob.id)]))
        with self.assertRaises(AccessError):
            Complaint.create(
                {"subject": "Direct", "partner_id": self.bob.partner_id.id}
            )
        # control: its own user reads it, over HTTP and the ORM
        self.assertEqual(
            theirs.with_user(self.call_centre).read(["subject"])[0]["id"], theirs.id
        )
        response = self._call("GET", "/complaints/CC-7", self.call_centre_key)
        self.assertEqual(response.status_code, 200)

    def test_owner_and_reference_are_not_editable(self):
        self._file(key=self.call_centre_key, external_ref="CC-8")
        officer = new_test_user(
            self.env,
            login="api_officer",
            groups="complaint_management.complaint_management_group_officer",
        )
        with self.assertRaises(AccessError):
            self.complaint_bob.with_user(officer).write({"api_user_id": self.wechat.id})
        # control: the officer edits the complaint otherwise
        self.complaint_bob.with_user(officer).write({"subject": "Lamp flickers badly"})

    # ------------------------------------------------------------------
    # The channel user's key
    # ------------------------------------------------------------------
    def test_administrator_makes_the_channel_key(self):
        Wizard = self.env["complaint.api.key.wizard"]
        key = Wizard.create(
            {"user_id": self.wechat.id, "name": "WeChat"}
        )._generate_key()
        self.assertEqual(self._file(key=key).status_code, 201)
        # refused: a user outside the group, an internal user, a non-administrator
        internal = new_test_user(
            self.env, login="api_internal", groups=f"base.group_user,{API_GROUP}"
        )
        for user in (self.alice, internal):
            with self.assertRaises(UserError):
                Wizard.create({"user_id": user.id, "name": "x"})._generate_key()
        with self.assertRaises(AccessError):
            Wizard.with_user(self.wechat).create({"user_id": self.wechat.id})
