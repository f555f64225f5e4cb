import json

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import PNG, ComplaintPortalCase

SECRET = "Bob's private message"


@tagged("post_install", "-at_install")
class TestPortalSecurity(ComplaintPortalCase):
    """Alice (portal) and visitors never reach Bob's complaint."""

    def _new_handler(self, login, name, email):
        """A complaint handler whose real name and email must stay hidden."""
        return new_test_user(
            self.env,
            login=login,
            groups="complaint_management.complaint_management_group_user",
            name=name,
            email=email,
        )

    def _json(self, route, params):
        response = self.url_open(
            route,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
            headers={"Content-Type": "application/json"},
        )
        return response

    def assertRefused(self, response, allow_empty_result=False):
        """403/404, a redirect to /my or to the login, or a JSON error; no data."""
        text = response.text
        self.assertNotIn(SECRET, text)
        self.assertNotIn("Lamp flickers", text)
        self.assertNotIn(self.complaint_bob.name, text)
        if response.headers.get("Content-Type", "").startswith("application/json"):
            payload = response.json()
            if "error" in payload or response.status_code in (403, 404):
                return
            self.assertTrue(allow_empty_result, f"not refused: {text[:300]}")
            return
        if response.status_code in (403, 404):
            return
        self.assertTrue(
            response.url.endswith("/my")
            or "/web/login" in response.url
            or response.history
            and response.history[0].status_code in (301, 302, 303),
            f"not refused: {response.status_code} {response.url}",
        )

    # ------------------------------------------------------------------
    # Pages
    # ------------------------------------------------------------------
    def test_portal_user_cannot_open_another_company_complaint(self):
        self.authenticate("por_alice", "por_alice")
        url = f"/my/complaints/{self.complaint_bob.id}"
        self.assertRefused(self.url_open(url))
        self.assertRefused(self.url_open(url + "?access_token=wrong"))
        self.assertRefused(
            self.url_open(url + f"?access_token={self.complaint_alice.access_token}")
        )
        self.assertRefused(self.url_open(url + "?report_type=pdf&download=true"))
        self.assertRefused(self.url_open("/my/complaints/999999"))

    def test_orm_as_portal_user(self):
        Complaint = self.env["complaint.complaint"].with_user(self.alice)
        self.assertEqual(
            Complaint.search([]), self.complaint_alice | self.complaint_carl
        )
        self.assertNotIn(
            self.complaint_bob, Complaint.search([("id", "=", self.complaint_bob.id)])
        )

    def test_portal_user_does_not_read_the_companys_internal_settings(self):
        """Her own company is readable to her (core): not its approval
        limits and approver (she would claim just under them), its rate
        limits or its detection thresholds."""
        company = self.env.company.with_user(self.alice)
        for name in (
            "complaint_fast_track_amount",
            "complaint_fast_track_customer_amount",
            "complaint_remedy_approver_id",
            "complaint_batch_count",
            "complaint_repeat_days",
            "complaint_portal_limit_ip",
            "complaint_api_limit_user",
        ):
            with self.subTest(field=name), self.assertRaises(AccessError):
                company.read([name])
        # control: what the portal shows her, and staff read all of it
        company.read(["name", "complaint_portal_file_types"])
        self.env.company.with_user(self.env.ref("base.user_admin")).read(
            ["complaint_fast_track_amount", "complaint_portal_limit_ip"]
        )

    def test_visitor_needs_the_right_token(self):
        url = f"/my/complaints/{self.complaint_bob.id}"
        no_token = self.url_open(url)
        self.assertRefused(no_token)
        self.assertRefused(self.url_open(url + "?access_token="))
        self.assertRefused(self.url_open(url + "?access_token=wrong"))
        self.assertRefused(
            self.url_open(url + f"?access_token={self.complaint_alice.access_token}")
        )
        good = self.url_open(url + f"?access_token={self.complaint_bob.access_token}")
        self.assertEqual(good.status_code, 200)
        self.assertIn(self.complaint_bob.name, good.text)
        # only that complaint: not Alice's, and no list of complaints
        self.assertNotIn(self.complaint_alice.name, good.text)
        self.assertNotIn("Kettle leaks", good.text)
        self.assertRefused(self.url_open("/my/complaints"))

    def test_decisions_refused_without_access(self):
        self._propose(self.complaint_bob)
        for login in (None, "por_alice"):
            if login:
                self.authenticate(login, login)
            csrf = self._csrf()
            for token in (None, "wrong", self.complaint_alice.access_token):
                data = {"csrf_token": csrf, "reason": "no"}
                if token:
                    data["access_token"] = token
                for action in ("accept", "reject"):
                    self.assertRefused(
                        self.url_open(
                            f"/my/complaints/{self.complaint_bob.id}/{action}",
                            data=data,
                        )
                    )
        self.assertEqual(self.complaint_bob.state, "proposed")

    # ------------------------------------------------------------------
    # Chatter routes
    # ------------------------------------------------------------------
    def _chatter_calls(self, token=None):
        thread = {
            "thread_model": "complaint.complaint",
            "thread_id": self.complaint_bob.id,
        }
        extra = {"token": token} if token else {}
        return {
            "/mail/chatter_fetch": {**thread, **extra},
            "/portal/chatter_init": {**thread, **extra},
            "/mail/thread/data": {**thread, "request_list": ["followers"], **extra},
            "/mail/thread/messages": thread,
            "/mail/message/post": {
                **thread,
                "post_data": {"body": "intrusion", "message_type": "comment"},
                **extra,
            },
        }

    def _assert_chatter_refused(self, token=None):
        for route, params in self._chatter_calls(token).items():
            response = self._json(route, params)
            self.assertRefused(response, allow_empty_result=True)
            payload = response.json()
            if "error" in payload:
                continue
            result = payload["result"]
            # the answers that are not errors hold an empty, inaccessible thread
            if route in ("/mail/chatter_fetch", "/mail/thread/messages"):
                self.assertEqual(result["messages"], [], route)
            elif route == "/portal/chatter_init":
                self.assertNotIn("mail.thread", result, route)
            elif route == "/mail/thread/data":
                self.assertNotIn("mail.followers", result, route)
                self.assertFalse(result["mail.thread"][0]["hasReadAccess"], route)
            else:
                self.fail(f"{route} accepted the call: {result}")
        self.assertFalse(
            self.complaint_bob.message_ids.filtered(
                lambda m: "intrusion" in (m.body or "")
            )
        )

    def test_chatter_routes_as_other_portal_user(self):
        self.authenticate("por_alice", "por_alice")
        for token in (None, "wrong", self.complaint_alice.access_token):
            self._assert_chatter_refused(token)

    def test_chatter_routes_as_visitor(self):
        for token in (None, "wrong", self.complaint_alice.access_token):
            self._assert_chatter_refused(token)

    def test_chatter_upload_refused(self):
        self.authenticate("por_alice", "por_alice")
        for token in (None, "wrong", self.complaint_alice.access_token):
            data = {
                "csrf_token": self._csrf(),
                "thread_model": "complaint.complaint",
                "thread_id": self.complaint_bob.id,
            }
            if token:
                data["token"] = token
            response = self.url_open(
                "/mail/attachment/upload",
                data=data,
                files={"ufile": ("x.png", PNG, "image/png")},
            )
            self.assertIn(response.status_code, (403, 404))

    def test_chatter_with_valid_token_works(self):
        token = self.complaint_bob.access_token
        fetched = self._json(
            "/mail/chatter_fetch",
            {
                "thread_model": "complaint.complaint",
                "thread_id": self.complaint_bob.id,
                "token": token,
            },
        ).json()
        self.assertIn(SECRET, json.dumps(fetched))
        init = self._json(
            "/portal/chatter_init",
            {
                "thread_model": "complaint.complaint",
                "thread_id": self.complaint_bob.id,
                "token": token,
            },
        ).json()
        self.assertIn("mail.thread", init["result"])
        posted = self._json(
            "/mail/message/post",
            {
                "thread_model": "complaint.complaint",
                "thread_id": self.complaint_bob.id,
                "post_data": {"body": "Any news?", "message_type": "comment"},
                "token": token,
            },
        ).json()
        self.assertNotIn("error", posted)
        message = self.complaint_bob.message_ids.filtered(
            lambda m: "Any news?" in (m.body or "")
        )
        self.assertEqual(message.author_id, self.bob.partner_id)

    def test_chatter_post_checks_attachment_types(self):
        """Files posted in the conversation obey the same rules as the form."""
        self.authenticate("por_alice", "por_alice")
        # her pending upload (as the composer's upload leaves it), made in
        # superuser mode past the upload's own check
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.alice)
            .sudo()
            .create(
                {
                    "name": "tool.exe",
                    "raw": b"MZ\x90\x00",
                    "res_model": "mail.compose.message",
                    "res_id": 0,
                    "access_token": "tok-exe",
                }
            )
        )
        response = self._json(
            "/mail/message/post",
            {
                "thread_model": "complaint.complaint",
                "thread_id": self.complaint_alice.id,
                "post_data": {
                    "body": "see file",
                    "message_type": "comment",
                    "attachment_ids": attachment.ids,
                },
                "attachment_tokens": ["tok-exe"],
            },
        ).json()
        self.assertIn("tool.exe", json.dumps(response.get("error", {})))
        self.assertFalse(
            self.complaint_alice.message_ids.filtered(
                lambda m: "see file" in (m.body or "")
            )
        )

    def test_thread_data_hides_staff_and_internal_files_from_token_holders(self):
        handler = self._new_handler(
            "por_handler2", "Qian Hiddenname", "qian.private@example.com"
        )
        self.complaint_bob.message_subscribe(handler.partner_id.ids)
        self.env["ir.attachment"].create(
            {
                "name": "internal-investigation.pdf",
                "raw": b"%PDF-1.4",
                "res_model": "complaint.complaint",
                "res_id": self.complaint_bob.id,
            }
        )
        response = self._json(
            "/mail/thread/data",
            {
                "thread_model": "complaint.complaint",
                "thread_id": self.complaint_bob.id,
                "request_list": ["followers", "attachments", "activities"],
                "token": self.complaint_bob.access_token,
            },
        )
        result = response.json()["result"]
        self.assertTrue(result["mail.thread"][0]["hasReadAccess"])
        for hidden in ("Hiddenname", "qian.private", "internal-investigation"):
            self.assertNotIn(hidden, response.text)

    def test_chatter_hides_the_handler_identity(self):
        handler = self._new_handler(
            "por_handler", "Zhou Secretname", "zhou.private@example.com"
        )
        handler.complaint_display_name = "Agent 7"
        self.complaint_alice.with_user(handler).sudo().message_post(
            body="We are looking into it.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.authenticate("por_alice", "por_alice")
        response = self._json(
            "/mail/chatter_fetch",
            {
                "thread_model": "complaint.complaint",
                "thread_id": self.complaint_alice.id,
            },
        )
        text = response.text
        self.assertIn("We are looking into it.", text)
        self.assertIn("Agent 7", text)
        self.assertNotIn("Secretname", text)
        self.assertNotIn("zhou.private", text)

    # ------------------------------------------------------------------
    # Attachments
    # ------------------------------------------------------------------
    def test_attachment_urls(self):
        bob_file = f"/web/content/{self.attachment_bob.id}?download=true"
        # visitor: no token, wrong token, another attachment's token
        for suffix in (
            "",
            "&access_token=wrong",
            f"&access_token={self.attachment_alice.access_token}",
        ):
            response = self.url_open(bob_file + suffix)
            self.assertIn(response.status_code, (403, 404), suffix)
        self.assertEqual(
            self.url_open(
                bob_file + f"&access_token={self.attachment_bob.access_token}"
            ).status_code,
            200,
        )
        # portal user of another company
        self.authenticate("por_alice", "por_alice")
        for suffix in (
            "",
            "&access_token=wrong",
            f"&access_token={self.attachment_alice.access_token}",
        ):
            response = self.url_open(bob_file + suffix)
            self.assertIn(response.status_code, (403, 404), suffix)
        # the link the detail page gives
        own = self.url_open(
            f"/web/content/{self.attachment_alice.id}?download=true"
            f"&access_token={self.attachment_alice.access_token}"
        )
        self.assertEqual(own.status_code, 200)
        self.assertEqual(own.content, PNG)

    def test_internal_attachments_not_listed(self):
        internal = self.env["ir.attachment"].create(
            {
                "name": "investigation-notes.pdf",
                "raw": b"%PDF-1.4",
                "res_model": "complaint.complaint",
                "res_id": self.complaint_alice.id,
            }
        )
        self.authenticate("por_alice", "por_alice")
        page = self.url_open(f"/my/complaints/{self.complaint_alice.id}").text
        self.assertIn("photo.png", page)
        self.assertNotIn(internal.name, page)
