from odoo.tests import tagged

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
