import inspect

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.complaint_portal.controllers import api as api_controller

from ..models.complaint_complaint_submission import MAX_LENGTHS
from .common import API_GROUP, ComplaintApiCase


@tagged("post_install", "-at_install")
class TestComplaintApiAccess(ComplaintApiCase):
    """Who may call the API, what one channel may reach of another's
    complaints, and who makes a channel's key."""

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

    def test_refusals_before_the_route_speak_the_channels_language(self):
        """Odoo refuses a wrong key or an unknown address before the route
        runs: in the language the channel asks for, as the API's answers
        (core reads zh-CN, zh or zh_CN as English)."""
        self.env["res.lang"]._activate_lang("zh_CN")
        for accept in ("zh-CN", "zh", "zh_CN,en;q=0.5"):
            with self.subTest(accept=accept):
                headers = {"Accept-Language": accept}
                response = self._call("GET", "/nowhere", self.wechat_key, None, headers)
                self.assertEqual(response.status_code, 404, response.text)
                self.assertEqual(
                    response.json()["error"]["message"], "投诉 API 中不存在此地址。"
                )
                response = self._call(
                    "GET", "/complaints/WX-1", "0" * 40, None, headers
                )
                self.assertEqual(response.status_code, 401, response.text)
                self.assertIn("Bearer <key>", response.json()["error"]["message"])
                self.assertNotIn(
                    "Give the API key", response.json()["error"]["message"]
                )
        # control: in English when asked
        response = self._call(
            "GET", "/nowhere", self.wechat_key, None, {"Accept-Language": "en-US"}
        )
        self.assertEqual(
            response.json()["error"]["message"],
            "There is no such address in the complaint API.",
        )

    def test_controller_holds_no_logic(self):
        source = inspect.getsource(api_controller)
        self.assertNotIn("sudo(", source)
        self.assertNotIn(".search(", source)

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
        # nor given to a new complaint: a reference taken before the channel
        # files it would answer the channel with someone else's complaint
        Complaint = self.env["complaint.complaint"].with_user(officer)
        with self.assertRaises(AccessError):
            Complaint.create(
                {
                    "subject": "Squatted",
                    "partner_id": self.bob.partner_id.id,
                    "api_user_id": self.call_centre.id,
                    "api_external_ref": "CC-9",
                }
            )
        # control: the officer edits the complaint otherwise
        self.complaint_bob.with_user(officer).write({"subject": "Lamp flickers badly"})
        self.assertEqual(
            self._file(key=self.call_centre_key, external_ref="CC-9").status_code, 201
        )

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

    # ------------------------------------------------------------------
    # What a channel may still reach
    # ------------------------------------------------------------------
    def test_an_erased_complaint_is_gone_for_its_channel(self):
        """De-identified, the complaint is no longer the channel's: no page
        link brought back, no message taken in."""
        self._file()
        complaint = self._filed("WX-1001")
        # control: found before
        self.assertEqual(
            self._call("GET", "/complaints/WX-1001", self.wechat_key).status_code, 200
        )
        complaint.sudo()._workflow_write({"state": "closed"})
        complaint.sudo()._deidentify()
        self.assertEqual(
            self._call("GET", "/complaints/WX-1001", self.wechat_key).status_code, 404
        )
        count = len(complaint.sudo().message_ids)
        response = self._call(
            "POST", "/complaints/WX-1001/messages", self.wechat_key, {"body": "Hi"}
        )
        self.assertEqual(response.status_code, 404)
        self.assertEqual(len(complaint.sudo().message_ids), count)
        self.assertFalse(complaint.sudo().access_token)
        # its reference sent again (a retry): told, nothing filed
        before = self.Complaint.sudo().search_count([])
        response = self._file()
        self.assertEqual(response.status_code, 410, response.text)
        self.assertEqual(self.Complaint.sudo().search_count([]), before)

    def test_messages_of_a_channel_are_limited_as_the_portals(self):
        self.company.complaint_portal_limit_messages = 2
        self._file()
        for text in ("One", "Two"):
            response = self._call(
                "POST", "/complaints/WX-1001/messages", self.wechat_key, {"body": text}
            )
            self.assertEqual(response.status_code, 201, response.text)
        response = self._call(
            "POST", "/complaints/WX-1001/messages", self.wechat_key, {"body": "Three"}
        )
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response.json()["error"]["code"], "rate_limited")
        complaint = self._filed("WX-1001")
        self.assertFalse(
            complaint.message_ids.filtered(lambda m: "Three" in (m.body or ""))
        )

    def test_a_channel_s_own_rights_post_no_longer_message_than_the_portal(self):
        """The API caps a message's text before posting it as superuser; the
        channel's user calling message_post over JSON-RPC was never capped."""
        self._file()
        complaint = self._filed("WX-1001")
        too_long = "A" * (MAX_LENGTHS["description"] + 1)
        with self.assertRaisesRegex(UserError, "too long"):
            complaint.with_user(self.wechat).message_post(
                body=too_long, message_type="comment"
            )
        # control: through the API, a message of the longest length is posted
        fits = "B" * MAX_LENGTHS["description"]
        response = self._call(
            "POST", "/complaints/WX-1001/messages", self.wechat_key, {"body": fits}
        )
        self.assertEqual(response.status_code, 201, response.text)

    def test_a_reference_with_a_line_break_is_refused(self):
        """A reference ending in a line break passed the pattern: a retry
        differing by it filed a second complaint."""
        response = self._file(external_ref="WX-1001\n")
        self.assertEqual(response.status_code, 400, response.text)
        self.assertFalse(
            self.Complaint.search([("api_external_ref", "like", "WX-1001%")])
        )
        # control: the reference itself
        self.assertEqual(self._file().status_code, 201)
