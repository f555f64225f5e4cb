import base64
import io
import json

from PIL import Image

from odoo.tests import new_test_user, tagged

from .common import ComplaintPortalCase

REAL_NAME = "Wenceslas Realname"
REAL_EMAIL = "wenceslas.private@example.com"
PUBLIC_NAME = "Agent 9"
RED = (255, 0, 0)
NEUTRAL_AVATAR_URL = "/complaint_portal/static/src/img/handler_avatar.png"


def _png(color):
    buffer = io.BytesIO()
    Image.new("RGB", (64, 64), color).save(buffer, format="PNG")
    return buffer.getvalue()


def _center(content):
    image = Image.open(io.BytesIO(content)).convert("RGB")
    return image.getpixel((image.width // 2, image.height // 2))


class HandlerPrivacyCase(ComplaintPortalCase):
    """A handler with a public name and a red photo answers Alice, with a
    colleague in copy, likes her message, and writes on her sale order."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        groups = "complaint_management.complaint_management_group_user"
        cls.handler = new_test_user(
            cls.env, login="hp_handler", groups=groups, name=REAL_NAME, email=REAL_EMAIL
        )
        cls.handler.partner_id.image_1920 = base64.b64encode(_png(RED))
        cls.handler.complaint_display_name = PUBLIC_NAME
        cls.colleague = new_test_user(
            cls.env,
            login="hp_colleague",
            groups=groups,
            name="Colleague Insider",
            email="colleague@example.com",
        )
        cls.team.member_ids = cls.handler | cls.colleague
        cls.alice_note = cls.complaint_alice.sudo().message_post(
            body="It still leaks.",
            author_id=cls.alice.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        # the handler answers, with a colleague in copy, and likes her message
        complaint_as_handler = cls.complaint_alice.with_user(cls.handler).sudo()
        cls.reply = complaint_as_handler.message_post(
            body="We are on it.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=cls.colleague.partner_id.ids,
        )
        cls.env["mail.message.reaction"].create(
            {
                "message_id": cls.alice_note.id,
                "content": "👍",
                "partner_id": cls.handler.partner_id.id,
            }
        )
        # the same handler writes on Alice's sale order: not a complaint
        cls.order_reply = (
            cls.order_alice.with_user(cls.handler)
            .sudo()
            .message_post(
                body="Your order ships tomorrow.",
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
        )
        cls.token = cls.complaint_alice.access_token

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _json(self, route, params):
        response = self.url_open(
            route,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200, route)
        return response

    def _call_kw(self, model, method, args, kwargs=None):
        return self._json(
            f"/web/dataset/call_kw/{model}/{method}",
            {"model": model, "method": method, "args": args, "kwargs": kwargs or {}},
        )

    def _thread(self, **extra):
        return {
            "thread_model": "complaint.complaint",
            "thread_id": self.complaint_alice.id,
            **extra,
        }

    def assertHidden(self, response, label):
        text = response.text.lower()
        for secret in ("wenceslas", "realname", "insider", "colleague@"):
            self.assertNotIn(secret, text, f"{label} reveals the handler")

    def assertRealAvatarHidden(self, response, label):
        self.assertEqual(response.status_code, 200, label)
        self.assertTrue(response.headers["Content-Type"].startswith("image/"), label)
        self.assertNotEqual(_center(response.content), RED, label)

    def _real_avatar(self):
        """The handler's photo as a colleague gets it (ends logged out)."""
        self.authenticate("hp_colleague", "hp_colleague")
        response = self.url_open(
            f"/web/image/mail.message/{self.reply.id}/author_avatar/50x50"
        )
        self.assertEqual(_center(response.content), RED)
        self.logout()
        return response.content

    def _message(self, store_result, message):
        return next(m for m in store_result["mail.message"] if m["id"] == message.id)


@tagged("post_install", "-at_install")
class TestHandlerPrivacy(HandlerPrivacyCase):
    """A handler's real name, email and photo never reach the complainant on
    the Store (web/portal chatter) and portal chatter routes; colleagues, the
    complainant's own messages and other models are unchanged. JSON-RPC reads
    and avatar routes: test_handler_privacy_reads."""

    # ------------------------------------------------------------------
    # Store and portal chatter routes
    # ------------------------------------------------------------------
    def test_thread_messages_as_portal_user(self):
        self.authenticate("por_alice", "por_alice")
        response = self._json("/mail/thread/messages", self._thread())
        self.assertHidden(response, "/mail/thread/messages")
        data = response.json()["result"]["data"]
        reply = self._message(data, self.reply)
        self.assertIn("We are on it.", reply["body"])
        self.assertFalse(reply["author"])
        self.assertEqual(reply["email_from"], PUBLIC_NAME)
        self.assertEqual(reply["author_avatar_url"], NEUTRAL_AVATAR_URL)
        # the handler's like on Alice's message and the colleague in copy: only
        # their public names
        partners = {p["id"]: p for p in data.get("res.partner", [])}
        staff = {
            self.handler.partner_id.id: PUBLIC_NAME,
            self.colleague.partner_id.id: "Complaint Handler",
        }
        for partner_id, name in staff.items():
            self.assertEqual(partners[partner_id], {"id": partner_id, "name": name})
        [reaction] = data["MessageReactions"]
        self.assertEqual(reaction["count"], 1)
        self.assertEqual(
            reaction["personas"],
            [{"id": self.handler.partner_id.id, "type": "partner"}],
        )
        self.assertEqual(
            reply["recipients"],
            [{"id": self.colleague.partner_id.id, "type": "partner"}],
        )

    def test_thread_messages_as_visitor(self):
        # auth="user": a visitor with the link is refused, and learns nothing
        response = self._json("/mail/thread/messages", self._thread())
        self.assertIn("error", response.json())
        self.assertHidden(response, "/mail/thread/messages")

    def test_chatter_fetch(self):
        for who in ("visitor", "por_alice"):
            if who != "visitor":
                self.authenticate(who, who)
            for extra in ({"token": self.token}, {}):
                response = self._json("/mail/chatter_fetch", self._thread(**extra))
                label = f"/mail/chatter_fetch {who} {extra}"
                self.assertHidden(response, label)
                result = response.json().get("result")
                if who == "visitor" and not extra:
                    continue  # no token, no messages
                reply = next(
                    m
                    for m in result["data"]["mail.message"]
                    if m["id"] == self.reply.id
                )
                self.assertEqual(reply["author"]["name"], PUBLIC_NAME, label)
                self.assertEqual(reply["author_id"][1], PUBLIC_NAME, label)
                self.assertEqual(reply["author_avatar_url"], NEUTRAL_AVATAR_URL)
                note = next(
                    m
                    for m in result["data"]["mail.message"]
                    if m["id"] == self.alice_note.id
                )
                self.assertIn("Alice Acme", note["author"]["name"])
                [reaction] = note["reactions"]
                self.assertEqual(
                    [p["name"] for p in reaction["personas"]], [PUBLIC_NAME]
                )

    def test_chatter_init(self):
        for who in ("visitor", "por_alice"):
            if who != "visitor":
                self.authenticate(who, who)
            response = self._json(
                "/portal/chatter_init", self._thread(token=self.token)
            )
            self.assertHidden(response, f"/portal/chatter_init {who}")
            self.assertIn("mail.thread", response.json()["result"])

    def test_message_post_answer(self):
        self.authenticate("por_alice", "por_alice")
        response = self._json(
            "/mail/message/post",
            self._thread(
                post_data={"body": "Thanks!", "message_type": "comment"},
            ),
        )
        self.assertHidden(response, "/mail/message/post")
        self.assertNotIn("error", response.json())

    def test_rating_answer_in_portal_chatter(self):
        if "publisher_comment" not in self.env["rating.rating"]._fields:
            self.skipTest("portal_rating is not installed")
        feedback = self.complaint_alice.sudo().message_post(
            body="Well handled",
            author_id=self.alice.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        rating = self.env["rating.rating"].create(
            {
                "res_model_id": self.env["ir.model"]._get_id("complaint.complaint"),
                "res_id": self.complaint_alice.id,
                "partner_id": self.alice.partner_id.id,
                "rating": 5,
                "consumed": True,
                "message_id": feedback.id,
            }
        )
        rating.with_user(self.handler).sudo().publisher_comment = "Glad it helped"
        self.assertEqual(rating.publisher_id, self.handler.partner_id)
        self.authenticate("por_alice", "por_alice")
        response = self._json("/mail/chatter_fetch", self._thread(rating_include=True))
        self.assertHidden(response, "/mail/chatter_fetch rating_include")
        self.assertIn("Glad it helped", response.text)
        self.assertIn(PUBLIC_NAME, response.text)

    # ------------------------------------------------------------------
    # Unchanged: colleagues, the complainant's own messages, other models
    # ------------------------------------------------------------------
    def test_colleague_sees_the_handler(self):
        self.authenticate("hp_colleague", "hp_colleague")
        response = self._json("/mail/thread/messages", self._thread())
        data = response.json()["result"]["data"]
        reply = self._message(data, self.reply)
        self.assertEqual(
            reply["author"], {"id": self.handler.partner_id.id, "type": "partner"}
        )
        names = {p["id"]: p.get("name") for p in data["res.partner"]}
        self.assertEqual(names[self.handler.partner_id.id], REAL_NAME)
        values = self._call_kw(
            "mail.message", "read", [self.reply.ids, ["author_id", "create_uid"]]
        ).json()["result"][0]
        self.assertEqual(values["author_id"][1], REAL_NAME)
        self.assertEqual(values["create_uid"][1], REAL_NAME)
        avatar = self.url_open(
            f"/web/image/mail.message/{self.reply.id}/author_avatar/50x50"
        )
        self.assertEqual(_center(avatar.content), RED)

    def test_complainant_own_messages_keep_her_name(self):
        self.authenticate("por_alice", "por_alice")
        posted = self._json(
            "/mail/message/post",
            self._thread(
                post_data={"body": "Still leaking", "message_type": "comment"}
            ),
        ).json()["result"]
        own = next(
            m for m in posted["mail.message"] if "Still leaking" in (m["body"] or "")
        )
        self.assertEqual(
            own["author"], {"id": self.alice.partner_id.id, "type": "partner"}
        )
        response = self._json("/mail/thread/messages", self._thread())
        data = response.json()["result"]["data"]
        own = self._message(data, self.env["mail.message"].browse(own["id"]))
        self.assertEqual(own["author"]["id"], self.alice.partner_id.id)
        names = {p["id"]: p.get("name") for p in data["res.partner"]}
        self.assertEqual(names[self.alice.partner_id.id], "Alice Acme")
        values = self._call_kw(
            "mail.message", "read", [[own["id"]], ["author_id", "email_from"]]
        ).json()["result"][0]
        self.assertIn("Alice Acme", values["author_id"][1])
        self.assertIn("por_alice@example.com", values["email_from"])

    def test_other_models_unchanged(self):
        self.authenticate("por_alice", "por_alice")
        values = self._call_kw(
            "mail.message", "read", [self.order_reply.ids, ["author_id"]]
        ).json()["result"][0]
        self.assertEqual(values["author_id"][1], REAL_NAME)
        response = self._json(
            "/mail/thread/messages",
            {"thread_model": "sale.order", "thread_id": self.order_alice.id},
        )
        data = response.json()["result"]["data"]
        reply = self._message(data, self.order_reply)
        self.assertEqual(reply["author"]["id"], self.handler.partner_id.id)
