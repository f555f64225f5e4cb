"""A customer's contact moves to another company: the complaints filed while
they were with the first one stay with it. The new employer's portal users do
not read them; the complainant (a follower) still does and still answers."""

from odoo.tests import tagged

from .common import ComplaintPortalCase


@tagged("post_install", "-at_install")
class TestPortalContactMoves(ComplaintPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.beta = cls.env["res.partner"].create(
            {"name": "Beta Corp", "is_company": True}
        )
        cls.dora = cls._portal_user("por_dora", "Dora Beta", cls.beta)

    def _readers(self, complaint):
        return {
            user.login
            for user in (self.alice, self.carl, self.dora)
            if complaint.with_user(user).search([("id", "=", complaint.id)])
        }

    def test_the_complaint_stays_with_the_company_it_was_filed_under(self):
        complaint = self.complaint_alice
        self.assertIn(self.alice.partner_id, complaint.message_partner_ids)
        self.assertEqual(self._readers(complaint), {"por_alice", "por_carl"}, "control")
        # Alice joins Beta
        self.alice.partner_id.parent_id = self.beta
        self.env.flush_all()
        self.assertEqual(complaint.commercial_partner_id, self.acme)
        self.assertEqual(self._readers(complaint), {"por_alice", "por_carl"})
        # the new employer's users answer no proposal of it either
        self.assertFalse(complaint.with_user(self.dora)._portal_is_decider())
        self.assertTrue(complaint.with_user(self.alice)._portal_is_decider())
        self.assertTrue(complaint.with_user(self.carl)._portal_is_decider())
        # control: what Alice files now is Beta's
        new = self._complaint(self.alice, subject="Beta's kettle")
        self.assertEqual(new.commercial_partner_id, self.beta)
        self.assertEqual(self._readers(new), {"por_alice", "por_dora"})
        # naming the complainant again takes her company of now
        complaint.partner_id = self.carl.partner_id
        complaint.partner_id = self.alice.partner_id
        self.assertEqual(complaint.commercial_partner_id, self.beta)
