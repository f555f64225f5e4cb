"""Probes through the doors an attacker uses: JSON-RPC with a real session."""

import json

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import ComplaintPortalCase

INTERNAL_FIELDS = (
    "findings",
    "root_cause",
    "handling_plan",
    "high_risk_reason",
    "validity",
    "reply_script_id",
    "reply_script_body",
    "user_id",
    "receiver_id",
)


@tagged("post_install", "-at_install")
class TestPortalTrust(ComplaintPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.handler = new_test_user(
            cls.env,
            login="trust_handler",
            password="trust_handler_pw",
            groups="complaint_management.complaint_management_group_user",
            name="Real Handler Name",
        )
        cls.team.member_ids = cls.handler
        cls.complaint_alice.write(
            {
                "user_id": cls.handler.id,
                "receiver_id": cls.handler.id,
                "findings": "<p>Supplier batch 42 is faulty</p>",
                "root_cause": "Bad seal from supplier",
                "validity": "founded",
            }
        )

    def test_portal_user_cannot_read_internal_fields(self):
        complaint = self.complaint_alice.with_user(self.alice)
        for field in INTERNAL_FIELDS:
            with self.subTest(field=field), self.assertRaises(AccessError):
                complaint.read([field])
        # control: what the portal shows her is readable
        [values] = complaint.read(["subject", "state", "handler_public_name"])
        self.assertEqual(values["subject"], "Kettle leaks")
        self.assertNotIn("Real Handler Name", str(values))

    def test_portal_user_read_over_http_leaks_nothing_internal(self):
        self.authenticate("por_alice", "por_alice")
        result = self._rpc(
            "complaint.complaint",
            "read",
            [self.complaint_alice.ids, list(INTERNAL_FIELDS)],
        )
        self.assertIn("error", result)
        # control: what her portal page shows is readable, and names no one inside
        result = self._rpc(
            "complaint.complaint",
            "read",
            [self.complaint_alice.ids, ["subject", "state", "handler_public_name"]],
        )
        [values] = result["result"]
        self.assertEqual(values["subject"], "Kettle leaks")
        self.assertNotIn("Supplier batch 42", str(values))
        self.assertNotIn("Real Handler Name", str(values))

    def test_staff_cannot_close_over_json_rpc(self):
        self.authenticate("trust_handler", "trust_handler_pw")
        result = self._rpc(
            "complaint.complaint",
            "write",
            [
                self.complaint_alice.ids,
                {"state": "closed", "date_closed": "2026-01-01"},
            ],
        )
        self.assertIn("workflow", result["error"]["data"]["message"])
        self.assertEqual(self.complaint_alice.state, "new")
        # control: the workflow action over the same door works
        result = self._rpc(
            "complaint.complaint", "action_register", [self.complaint_alice.ids]
        )
        self.assertNotIn("error", result)
        self.assertIn(self.complaint_alice.state, ("registered", "acknowledged"))

    def test_staff_cannot_approve_a_remedy_over_json_rpc(self):
        remedy = self.env["complaint.remedy"].create(
            {
                "complaint_id": self.complaint_carl.id,
                "type_id": self.env.ref(
                    "complaint_management.complaint_remedy_type_refund"
                ).id,
                "amount": 50000,
            }
        )
        self.assertEqual(remedy.state, "proposed")
        self.authenticate("trust_handler", "trust_handler_pw")
        result = self._rpc(
            "complaint.remedy", "write", [remedy.ids, {"state": "approved"}]
        )
        self.assertIn("error", result)
        result = self._rpc("complaint.remedy", "action_approve", [remedy.ids])
        self.assertIn("manager", result["error"]["data"]["message"])
        self.assertEqual(remedy.state, "proposed")

    def test_portal_post_is_a_public_comment_to_the_followers_only(self):
        outsider = self.env["res.partner"].create(
            {"name": "Outsider", "email": "outsider@example.com"}
        )
        self.complaint_alice.message_subscribe(self.handler.partner_id.ids)
        self.authenticate("por_alice", "por_alice")
        for subtype in ("mail.mt_note", "mail.mt_comment"):
            with self.subTest(subtype=subtype):
                text = f"Posted as {subtype}"
                result = self._chatter_post(
                    self.complaint_alice,
                    {
                        "body": text,
                        "message_type": "comment",
                        "subtype_xmlid": subtype,
                        "partner_ids": [outsider.id, self.handler.partner_id.id],
                    },
                )
                self.assertNotIn("error", result)
                message = self._posted(self.complaint_alice, text)
                self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))
                self.assertFalse(message.subtype_id.internal)
                self.assertEqual(message.author_id, self.alice.partner_id)
                self.assertNotIn(
                    outsider, message.partner_ids | message.notified_partner_ids
                )

    def test_portal_message_post_over_json_rpc_is_a_public_comment(self):
        """Called directly (not through the chatter route), with another
        message type, an internal subtype and recipients of the caller's choice:
        still a public comment to the followers, nobody else notified."""
        outsider = self.env["res.partner"].create(
            {"name": "Outsider", "email": "outsider@example.com"}
        )
        self.authenticate("por_alice", "por_alice")
        for message_type in ("notification", "email", "comment"):
            with self.subTest(message_type=message_type):
                text = f"Direct {message_type}"
                result = self._rpc(
                    "complaint.complaint",
                    "message_post",
                    [self.complaint_alice.ids],
                    {
                        "body": text,
                        "message_type": message_type,
                        "subtype_xmlid": "mail.mt_note",
                        "partner_ids": [outsider.id],
                    },
                )
                self.assertNotIn("error", result)
                message = self._posted(self.complaint_alice, text)
                self.assertEqual(message.message_type, "comment")
                self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))
                self.assertNotIn(
                    outsider, message.partner_ids | message.notified_partner_ids
                )

    def test_portal_message_notify_over_json_rpc_is_refused(self):
        outsider = self.env["res.partner"].create(
            {"name": "Outsider", "email": "outsider@example.com"}
        )
        self.authenticate("por_alice", "por_alice")
        result = self._rpc(
            "complaint.complaint",
            "message_notify",
            [self.complaint_alice.ids],
            {"body": "Spam", "partner_ids": [outsider.id]},
        )
        self.assertIn("error", result)
        self.assertFalse(
            self.env["mail.message"].search(
                [("partner_ids", "in", outsider.ids), ("body", "ilike", "Spam")]
            )
        )
        # control: staff notify whom they choose
        self.authenticate("trust_handler", "trust_handler_pw")
        result = self._rpc(
            "complaint.complaint",
            "message_notify",
            [self.complaint_alice.ids],
            {"body": "Staff notice", "partner_ids": [outsider.id]},
        )
        self.assertNotIn("error", result)

    def test_visitor_post_with_token_is_a_public_comment(self):
        result = self._chatter_post(
            self.complaint_bob,
            {
                "body": "Token note",
                "message_type": "comment",
                "subtype_xmlid": "mail.mt_note",
            },
            token=self.complaint_bob.access_token,
        )
        self.assertNotIn("error", result)
        message = self._posted(self.complaint_bob, "Token note")
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))
        self.assertEqual(message.author_id, self.bob.partner_id)

    def test_control_staff_still_write_internal_notes(self):
        self.authenticate("trust_handler", "trust_handler_pw")
        result = self._chatter_post(
            self.complaint_alice,
            {
                "body": "Staff only",
                "message_type": "comment",
                "subtype_xmlid": "mail.mt_note",
            },
        )
        self.assertNotIn("error", result)
        message = self._posted(self.complaint_alice, "Staff only")
        self.assertTrue(message.subtype_id.internal)

    def _email_in(self, sender, subject):
        return self.env["complaint.complaint"].message_new(
            {
                "email_from": sender,
                "subject": subject,
                "body": "<p>My kettle leaks</p>",
                "message_id": f"<{subject.replace(' ', '')}@example.com>",
            },
            {"team_id": self.team.id},
        )

    def test_email_in_a_customers_name_stays_out_of_their_portal(self):
        """Anyone can forge the sender of an email: a complaint emailed from an
        existing customer's address is not shown in that customer's portal
        until staff confirm the sender."""
        complaint = self._email_in("Alice <por_alice@example.com>", "Forged kettle")
        self.assertEqual(complaint.partner_id, self.alice.partner_id)
        self.assertTrue(complaint.sender_unverified)
        Portal = self.env["complaint.complaint"].with_user(self.alice)
        self.assertNotIn(complaint, Portal.search([]))
        with self.assertRaises(AccessError):
            complaint.with_user(self.alice).read(["subject"])
        # the flag itself is the workflow's: no one sets it back by writing
        with self.assertRaises(UserError):
            complaint.with_user(self.handler).write({"sender_unverified": False})
        # control: confirmed by staff, it appears in her portal
        complaint.with_user(self.handler).action_confirm_sender()
        self.assertIn(complaint, Portal.search([]))

    def test_control_email_from_a_new_address_is_not_flagged(self):
        complaint = self._email_in("New Person <new.person@example.com>", "New kettle")
        self.assertFalse(complaint.sender_unverified)
        self.assertEqual(complaint.partner_id.email, "new.person@example.com")

    def test_who_changed_the_complaint_is_shown_by_public_name(self):
        self.complaint_alice.with_user(self.handler).write({"subject": "Kettle leaks!"})
        self.assertEqual(self.complaint_alice.write_uid, self.handler)
        self.authenticate("por_alice", "por_alice")
        for method, args, kwargs in (
            ("read", [self.complaint_alice.ids, ["write_uid", "create_uid"]], {}),
            (
                "web_read",
                [self.complaint_alice.ids],
                {"specification": {"write_uid": {"fields": {"display_name": {}}}}},
            ),
        ):
            with self.subTest(method=method):
                result = self._rpc("complaint.complaint", method, args, kwargs)
                self.assertNotIn("error", result)
                self.assertNotIn("Real Handler Name", json.dumps(result))
        # control: a colleague reads the real name
        [values] = self.complaint_alice.with_user(self.handler).read(["write_uid"])
        self.assertEqual(values["write_uid"][1], "Real Handler Name")
