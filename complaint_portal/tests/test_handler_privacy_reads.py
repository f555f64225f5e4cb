import base64

from odoo.tests import tagged

from .test_handler_privacy import PUBLIC_NAME, RED, HandlerPrivacyCase, _center


@tagged("post_install", "-at_install")
class TestHandlerPrivacyReads(HandlerPrivacyCase):
    """A handler's real name, email and photo never reach the complainant
    through JSON-RPC reads of mail.message, of the handler's contact and user,
    or the author avatar routes."""

    # ------------------------------------------------------------------
    # JSON-RPC reads of mail.message
    # ------------------------------------------------------------------
    def test_orm_reads_as_portal_user(self):
        self.authenticate("por_alice", "por_alice")
        fields = ["author_id", "email_from", "author_avatar", "create_uid", "write_uid"]
        domain = [("id", "=", self.reply.id)]
        calls = {
            "search_read": (
                "search_read",
                [domain],
                {"fields": fields},
            ),
            "read": ("read", [self.reply.ids, fields], {}),
            "read bin_size": (
                "read",
                [self.reply.ids, fields],
                {"context": {"bin_size": True}},
            ),
            "web_read": (
                "web_read",
                [self.reply.ids],
                {
                    "specification": {
                        "author_id": {"fields": {"display_name": {}}},
                        "create_uid": {"fields": {"display_name": {}}},
                        "email_from": {},
                        "author_avatar": {},
                    }
                },
            ),
            "web_search_read": (
                "web_search_read",
                [],
                {
                    "domain": domain,
                    "specification": {"author_id": {"fields": {"display_name": {}}}},
                },
            ),
        }
        for label, (method, args, kwargs) in calls.items():
            response = self._call_kw("mail.message", method, args, kwargs)
            self.assertHidden(response, label)
            self.assertNotIn("error", response.json(), label)
            self.assertIn(PUBLIC_NAME, response.text, label)
        values = self._call_kw("mail.message", "read", [self.reply.ids, fields])
        values = values.json()["result"][0]
        self.assertEqual(values["author_id"], [self.handler.partner_id.id, PUBLIC_NAME])
        self.assertEqual(values["create_uid"], [self.handler.id, PUBLIC_NAME])
        self.assertEqual(values["email_from"], PUBLIC_NAME)
        avatar = base64.b64decode(values["author_avatar"])
        self.assertNotEqual(_center(avatar), RED)
        real = base64.b64decode(self.handler.partner_id.avatar_128)
        self.assertNotEqual(avatar, real)

    def test_read_group_as_portal_user(self):
        self.authenticate("por_alice", "por_alice")
        for fname in ("author_id", "create_uid"):
            response = self._call_kw(
                "mail.message",
                "read_group",
                [[("model", "=", "complaint.complaint")], [fname], [fname]],
            )
            self.assertHidden(response, f"read_group {fname}")
            labels = [group[fname][1] for group in response.json()["result"]]
            self.assertIn(PUBLIC_NAME, labels)

    def test_complaint_read_group_as_portal_user(self):
        """Grouped by who created or last changed them, the complainant's
        complaints are labelled with the handler's public name."""
        self.complaint_alice.with_user(self.handler).write({"subject": "Checked"})
        self.assertEqual(self.complaint_alice.write_uid, self.handler)
        self.authenticate("por_alice", "por_alice")
        for method, args, kwargs in (
            ("read_group", [[], ["write_uid"], ["write_uid"]], {}),
            (
                "web_read_group",
                [],
                {"domain": [], "fields": ["create_uid"], "groupby": ["write_uid"]},
            ),
        ):
            response = self._call_kw("complaint.complaint", method, args, kwargs)
            self.assertNotIn("error", response.json(), method)
            self.assertHidden(response, f"complaint {method}")
            self.assertIn(PUBLIC_NAME, response.text, method)
        # control: staff read the real name
        groups = (
            self.env["complaint.complaint"]
            .with_user(self.handler)
            .read_group(
                [("id", "=", self.complaint_alice.id)], ["write_uid"], ["write_uid"]
            )
        )
        self.assertEqual(groups[0]["write_uid"][1], self.handler.name)

    def test_orm_refused_to_visitors(self):
        response = self._call_kw(
            "mail.message", "search_read", [[("id", "=", self.reply.id)]]
        )
        self.assertIn("error", response.json())
        self.assertHidden(response, "call_kw as visitor")

    def test_handler_contact_not_readable_by_portal_user(self):
        """The ids in author_id/create_uid lead nowhere: core rules keep the
        handler's contact and user records from portal users."""
        self.authenticate("por_alice", "por_alice")
        partner = self.handler.partner_id
        calls = [
            ("res.partner", "read", [partner.ids, ["name", "email"]], {}),
            ("res.users", "read", [self.handler.ids, ["name", "email"]], {}),
            (
                "res.users",
                "name_search",
                [],
                {"name": "", "args": [("partner_id", "=", partner.id)]},
            ),
            ("res.partner", "name_search", [], {"name": "Wenceslas"}),
        ]
        for model, method, args, kwargs in calls:
            response = self._call_kw(model, method, args, kwargs)
            self.assertHidden(response, f"{model}.{method}")
        for url in (
            f"/web/image/res.partner/{partner.id}/avatar_128",
            f"/web/image/res.users/{self.handler.id}/avatar_128",
        ):
            self.assertRealAvatarHidden(self.url_open(url), url)

    def test_staff_logins_and_signatures_not_readable_by_portal_user(self):
        """A masked read still gives the staff user's id: the user's own
        fields (its login, its signature whose default is the real name) are
        kept from portal users by core's partner rule, which a user's record
        inherits (a review took them for readable)."""
        self.handler.sudo().signature = f"<p>--<br/>{self.handler.name}</p>"
        self.authenticate("por_alice", "por_alice")
        for method, args in (
            ("read", [self.handler.ids, ["login", "signature"]]),
            ("search_read", [[("share", "=", False)], ["login", "signature"]]),
        ):
            response = self._call_kw("res.users", method, args)
            self.assertHidden(response, f"res.users.{method}")
            self.assertNotIn("hp_handler", response.text)
        # control: their own login, and a colleague reading the handler's
        own = self._call_kw("res.users", "read", [self.alice.ids, ["login"]])
        self.assertEqual(own.json()["result"][0]["login"], "por_alice")
        self.assertEqual(
            self.handler.with_user(self.colleague).read(["login"])[0]["login"],
            "hp_handler",
        )

    # ------------------------------------------------------------------
    # Avatar routes
    # ------------------------------------------------------------------
    def test_author_avatar_routes(self):
        real = self._real_avatar()
        base = f"/mail/avatar/mail.message/{self.reply.id}/author_avatar/50x50"
        web_image = f"/web/image/mail.message/{self.reply.id}/author_avatar/50x50"
        self.assertRealAvatarHidden(
            self.url_open(f"{base}?access_token={self.token}"), "visitor token"
        )
        self.assertRealAvatarHidden(self.url_open(web_image), "visitor web/image")
        self.authenticate("por_alice", "por_alice")
        for url in (f"{base}?access_token={self.token}", base, web_image):
            response = self.url_open(url)
            self.assertRealAvatarHidden(response, url)
            self.assertNotEqual(response.content, real, url)
