from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import ComplaintPortalCase


@tagged("post_install", "-at_install")
class TestPortalDecisionAuthor(ComplaintPortalCase):
    """The complainant's decision is recorded as theirs, not OdooBot's."""

    def _decision_messages(self, complaint, before):
        return complaint.message_ids.filtered(lambda m: m.id > before)

    def _check_authored_by(self, complaint, before, partner):
        messages = self._decision_messages(complaint, before)
        self.assertTrue(messages)
        tracking = messages.filtered("tracking_value_ids")
        self.assertTrue(tracking, "the status change is in the history")
        self.assertEqual(
            messages.author_id,
            partner,
            [
                (
                    m.author_id.name,
                    m.body,
                    m.message_type,
                    m.tracking_value_ids.mapped("field_id.name"),
                )
                for m in messages
            ],
        )

    def test_portal_user_decision_is_hers(self):
        self._propose(self.complaint_alice)
        before = max(self.complaint_alice.message_ids.ids)
        self.authenticate("por_alice", "por_alice")
        self.url_open(
            f"/my/complaints/{self.complaint_alice.id}/accept",
            data={"csrf_token": self._csrf()},
        )
        self.assertEqual(self.complaint_alice.state, "accepted")
        self._check_authored_by(self.complaint_alice, before, self.alice.partner_id)

    def test_visitor_decision_is_the_complainants(self):
        self._propose(self.complaint_bob)
        before = max(self.complaint_bob.message_ids.ids)
        self.url_open(
            f"/my/complaints/{self.complaint_bob.id}/reject",
            data={
                "csrf_token": self._csrf(),
                "access_token": self.complaint_bob.access_token,
                "reason": "Not enough",
            },
        )
        self.assertEqual(self.complaint_bob.state, "rejected")
        self._check_authored_by(self.complaint_bob, before, self.bob.partner_id)

    def test_only_the_complainant_answers_the_proposal(self):
        """A reader who is not the complainant (a contact in copy who follows
        the complaint, from another company) sees the proposal but does not
        answer it, by the page or by a request; a colleague of the
        complainant's company does."""
        complaint = self.complaint_alice
        self._propose(complaint)
        complaint.message_subscribe(self.bob.partner_id.ids)
        self.authenticate("por_bob", "por_bob")
        page = self.url_open(complaint.access_url).text
        self.assertIn("The complainant answers this proposal.", page)
        self.assertNotIn("o_complaint_accept", page)
        for route, data in (
            ("accept", {}),
            ("reject", {"reason": "Not my money"}),
        ):
            self.url_open(
                f"/my/complaints/{complaint.id}/{route}",
                data={"csrf_token": self._csrf(), **data},
            )
            self.assertEqual(complaint.state, "proposed", route)
        with self.assertRaisesRegex(UserError, "Only the complainant"):
            complaint.with_user(self.bob).sudo().action_portal_accept(
                proposal=complaint._portal_proposal_digest()
            )
        # control: the complainant's colleague at Acme answers
        self.authenticate("por_carl", "por_carl")
        page = self.url_open(complaint.access_url).text
        self.assertIn("o_complaint_accept", page)
        self.url_open(
            f"/my/complaints/{complaint.id}/accept", data={"csrf_token": self._csrf()}
        )
        self.assertEqual(complaint.state, "accepted")

    def test_the_answer_stays_as_given(self):
        """The complainant's "I accept" is the record of their answer: they
        cannot rewrite or empty it afterwards; their other messages they can."""
        self._propose(self.complaint_alice)
        self.authenticate("por_alice", "por_alice")
        self.url_open(
            f"/my/complaints/{self.complaint_alice.id}/accept",
            data={"csrf_token": self._csrf()},
        )
        answer = self._posted(self.complaint_alice, "I accept the proposal.")
        self.assertEqual(answer.author_id, self.alice.partner_id)
        for body in ("I never accepted anything.", ""):
            result = self._json_route(
                "/mail/message/update_content",
                {"message_id": answer.id, "body": body, "attachment_ids": []},
            )
            self.assertIn("cannot be changed", str(result.get("error")))
            self.assertIn("I accept the proposal.", answer.body)
        # nor through the ORM, by her (JSON-RPC: rewritten or hidden) or by staff
        for values in ({"body": "I never accepted anything."}, {"is_internal": True}):
            result = self._json_route(
                "/web/dataset/call_kw/mail.message/write",
                {
                    "model": "mail.message",
                    "method": "write",
                    "args": [answer.ids, values],
                    "kwargs": {},
                },
            )
            self.assertIn("cannot be changed", str(result.get("error")))
        self.assertFalse(answer.is_internal)
        manager = new_test_user(
            self.env,
            login="dec_manager",
            groups="complaint_management.complaint_management_group_manager",
        )
        for change in (
            lambda message: message.write({"body": "Accepted by phone."}),
            lambda message: message.write({"is_internal": True}),  # hidden
            lambda message: message.unlink(),
        ):
            with self.assertRaisesRegex(UserError, "cannot be changed"):
                change(answer.with_user(manager))
        self.assertIn("I accept the proposal.", answer.body)
        # (refused as a field of administrators, or as the answer's mark)
        with self.assertRaises(UserError):
            self.complaint_alice.with_user(manager).portal_answer_message_ids = False
        # nor by an administrator, who could then rewrite it
        admin = new_test_user(
            self.env,
            login="dec_admin",
            groups="base.group_system,complaint_management.complaint_management_group_manager",
        )
        with self.assertRaisesRegex(UserError, "answer"):
            self.complaint_alice.with_user(admin).write(
                {"portal_answer_message_ids": [(3, answer.id)]}
            )
        self.assertIn(answer, self.complaint_alice.portal_answer_message_ids)
        # control: a message of hers that is not an answer
        self._chatter_post(
            self.complaint_alice, {"body": "The refund can go to my card."}
        )
        note = self._posted(self.complaint_alice, "go to my card")
        result = self._json_route(
            "/mail/message/update_content",
            {"message_id": note.id, "body": "To my account.", "attachment_ids": []},
        )
        self.assertNotIn("error", result)
        self.assertIn("To my account.", note.body)
        # the web chatter and the portal page's (their own route and format)
        # are told which message is an answer: no edit or delete there
        for route in ("/mail/thread/messages", "/mail/chatter_fetch"):
            data = self._json_route(
                route,
                {
                    "thread_model": "complaint.complaint",
                    "thread_id": self.complaint_alice.id,
                },
            )["result"]
            flags = {
                message["id"]: message.get("complaint_is_answer")
                for message in data["data"]["mail.message"]
            }
            self.assertTrue(flags[answer.id], route)
            self.assertFalse(flags[note.id], route)

    def test_the_answer_is_tracked_in_the_companys_language(self):
        """A complainant reading the portal in Chinese accepted: the status
        change in the history read 方案已发送 → 方案已接受 for English staff."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.alice.lang = "zh_CN"
        self.complaint_alice.company_id.partner_id.lang = "en_US"
        self._propose(self.complaint_alice)
        before = max(self.complaint_alice.message_ids.ids)
        self.authenticate("por_alice", "por_alice")
        self.url_open(
            f"/my/complaints/{self.complaint_alice.id}/accept",
            data={"csrf_token": self._csrf()},
        )
        self.assertEqual(self.complaint_alice.state, "accepted")
        tracked = self._decision_messages(
            self.complaint_alice, before
        ).tracking_value_ids.filtered(lambda t: t.field_id.name == "state")
        self.assertEqual(tracked.new_value_char, "Proposal Accepted")
        # control: the step is still hers, in the history as hers
        self._check_authored_by(self.complaint_alice, before, self.alice.partner_id)
