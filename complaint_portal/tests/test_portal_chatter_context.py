"""The chatter route posts in superuser mode with the context the request
sends: what a complainant sends there does no staff step and writes no
internal note."""

from odoo.tests import new_test_user, tagged

from .common import ComplaintPortalCase


@tagged("post_install", "-at_install")
class TestPortalChatterContext(ComplaintPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.handler = new_test_user(
            cls.env,
            login="ctx_handler",
            password="ctx_handler_pw",
            groups="complaint_management.complaint_management_group_user",
            name="Context Handler",
        )
        cls.team.member_ids = cls.handler
        # the steps below are done by hand, not by the channel's receipt
        cls.company.complaint_auto_acknowledge = False
        cls.complaint_bob.action_register()
        cls.complaint_alice.write({"validity": "founded"})
        cls.complaint_alice.action_register()
        cls.complaint_alice.action_acknowledge()
        cls.complaint_alice.action_assess()
        cls.complaint_alice.action_investigate()
        cls.env["complaint.remedy"].create(
            {
                "complaint_id": cls.complaint_alice.id,
                "type_id": cls.env.ref(
                    "complaint_management.complaint_remedy_type_refund"
                ).id,
                "description": "Refund of the kettle",
                "amount": 50.0,
            }
        )

    def test_portal_user_cannot_send_the_proposal(self):
        self.assertTrue(self.complaint_alice.can_propose)
        self.authenticate("por_alice", "por_alice")
        result = self._chatter_post(
            self.complaint_alice,
            {"body": "Send it", "message_type": "comment"},
            context={"complaint_step": "propose"},
        )
        self.assertNotIn("error", result)
        self.assertEqual(self.complaint_alice.state, "investigating")
        self.assertFalse(self.complaint_alice.date_proposed)
        # her message is kept, as a public comment
        message = self._posted(self.complaint_alice, "Send it")
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))

    def test_visitor_with_token_cannot_acknowledge(self):
        self.assertEqual(self.complaint_bob.state, "registered")
        result = self._chatter_post(
            self.complaint_bob,
            {"body": "Ack please", "message_type": "comment"},
            token=self.complaint_bob.access_token,
            context={"complaint_step": "acknowledge"},
        )
        self.assertNotIn("error", result)
        self.assertEqual(self.complaint_bob.state, "registered")
        self.assertFalse(self.complaint_bob.date_acknowledged)

    def test_control_staff_send_the_proposal_from_the_chatter(self):
        """The composer's context on the same route: staff with the step's
        rights do it."""
        self.authenticate("ctx_handler", "ctx_handler_pw")
        result = self._chatter_post(
            self.complaint_alice,
            {"body": "Our proposal", "message_type": "comment"},
            context={"complaint_step": "propose"},
        )
        self.assertNotIn("error", result)
        self.assertEqual(self.complaint_alice.state, "proposed")

    def test_staff_step_keeps_its_guard_on_the_route(self):
        """In superuser mode the step's own checks still apply: a step the
        complaint is not ready for is refused, nothing is posted."""
        self.authenticate("ctx_handler", "ctx_handler_pw")
        result = self._chatter_post(
            self.complaint_bob,
            {"body": "Too early", "message_type": "comment"},
            context={"complaint_step": "propose"},
        )
        self.assertIn("error", result)
        self.assertEqual(self.complaint_bob.state, "registered")
        self.assertFalse(self._posted(self.complaint_bob, "Too early"))

    def test_portal_user_cannot_post_an_internal_note(self):
        self.authenticate("por_alice", "por_alice")
        for message_type in ("notification", "comment"):
            with self.subTest(message_type=message_type):
                text = f"Hidden {message_type}"
                result = self._chatter_post(
                    self.complaint_alice,
                    {
                        "body": text,
                        "message_type": message_type,
                        "subtype_xmlid": "mail.mt_note",
                    },
                )
                self.assertNotIn("error", result)
                message = self._posted(self.complaint_alice, text)
                self.assertEqual(message.message_type, "comment")
                self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))
                self.assertFalse(message.is_internal)

    def test_visitor_with_token_cannot_post_an_internal_note(self):
        result = self._chatter_post(
            self.complaint_bob,
            {
                "body": "Visitor note",
                "message_type": "notification",
                "subtype_xmlid": "mail.mt_note",
            },
            token=self.complaint_bob.access_token,
        )
        self.assertNotIn("error", result)
        message = self._posted(self.complaint_bob, "Visitor note")
        self.assertEqual(message.message_type, "comment")
        self.assertEqual(message.subtype_id, self.env.ref("mail.mt_comment"))

    def test_control_staff_post_internal_notes(self):
        self.authenticate("ctx_handler", "ctx_handler_pw")
        result = self._chatter_post(
            self.complaint_alice,
            {
                "body": "Staff notification",
                "message_type": "notification",
                "subtype_xmlid": "mail.mt_note",
            },
        )
        self.assertNotIn("error", result)
        message = self._posted(self.complaint_alice, "Staff notification")
        self.assertTrue(message.subtype_id.internal)

    def test_control_complainant_reopens_with_a_message(self):
        """Her message on a closed complaint reopens it: the system's note on
        it stays internal, her message is a public comment."""
        complaint = self._closed_alice()
        self.assertEqual(complaint.state, "closed")
        self.authenticate("por_alice", "por_alice")
        result = self._chatter_post(
            complaint,
            {"body": "Broken again", "message_type": "comment"},
        )
        self.assertNotIn("error", result)
        self.assertEqual(complaint.state, "investigating")
        note = self._posted(complaint, "Reopened by a new message")
        self.assertTrue(note.is_internal)
        self.assertEqual(note.author_id, self.env.ref("base.partner_root"))
        message = self._posted(complaint, "Broken again")
        self.assertFalse(message.is_internal)
        self.assertEqual(self._state_tracking(complaint), ["Closed"])

    def test_complainant_cannot_untrack_the_reopening(self):
        """Her message reopens the complaint whatever context she sends: the
        status change is tracked for staff, as any reopening is (control: the
        test above, without context)."""
        complaint = self._closed_alice()
        self.authenticate("por_alice", "por_alice")
        result = self._chatter_post(
            complaint,
            {"body": "Broken again", "message_type": "comment"},
            context={"tracking_disable": True, "mail_notrack": True},
        )
        self.assertNotIn("error", result)
        self.assertEqual(complaint.state, "investigating")
        self.assertEqual(self._state_tracking(complaint), ["Closed"])

    def _closed_alice(self):
        """Alice's complaint, refunded and closed."""
        complaint = self.complaint_alice
        complaint.action_propose()
        complaint.action_accept_proposal()
        complaint.remedy_ids.action_done()
        complaint.resolution_summary = "<p>Refunded.</p>"
        complaint.action_close()
        return complaint

    def _state_tracking(self, complaint):
        """The states the complaint's tracked status changes left."""
        values = complaint.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "state"
        )
        return values.mapped("old_value_char")
