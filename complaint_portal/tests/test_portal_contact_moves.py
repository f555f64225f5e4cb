"""A customer's contact moves to another company: the complaints filed while
they were with the first one stay with it. The new employer's portal users do
not read them; the complainant (a follower) still does and still answers."""

from datetime import timedelta

from odoo import fields
from odoo.tests import new_test_user, tagged

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
        cls.officer = new_test_user(
            cls.env,
            login="moves_officer",
            groups="complaint_management.complaint_management_group_officer",
            name="Moves Officer",
        )

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

    def test_what_stays_with_the_first_company_after_the_move(self):
        complaint = self.complaint_alice
        self._propose(complaint)
        remedy = complaint.remedy_ids
        self.alice.partner_id.parent_id = self.beta
        # her contact still lists it beside Beta's
        self.assertEqual(
            self.alice.partner_id.complaint_count,
            1
            + len(
                self.env["complaint.complaint"].search(
                    [("commercial_partner_id", "=", self.beta.id)]
                )
            ),
        )
        listed = self.env["complaint.complaint"].search(
            self.alice.partner_id.action_view_complaints()["domain"]
        )
        self.assertIn(complaint, listed)
        # a split part stays with Acme too
        complaint.product_ids = self.kettle | self.toaster
        part = complaint._split("The lid too", self.env["mail.message"], self.kettle)
        self.assertEqual(part.commercial_partner_id, self.acme)
        self.assertNotIn("por_dora", self._readers(part))
        # another contact of the same company: the terms hold, nobody
        # approves them again
        complaint.with_user(self.officer).partner_id = self.carl.partner_id
        self.assertEqual(complaint.commercial_partner_id, self.acme)
        self.assertFalse(remedy.terms_editor_ids)
        # control: a contact of another company, the terms are reconsidered
        complaint.with_user(self.officer).partner_id = self.dora.partner_id
        self.assertEqual(complaint.commercial_partner_id, self.beta)
        self.assertEqual(remedy.terms_editor_ids, self.officer)

    def test_naming_the_same_complainant_again_moves_nothing(self):
        """An import writes every column: the complainant written again is
        no new complainant."""
        complaint = self.complaint_alice
        self._propose(complaint)
        remedy = complaint.remedy_ids
        # staff chose what she is told of
        comment = self.env.ref("mail.mt_comment")
        complaint.message_subscribe(self.alice.partner_id.ids, comment.ids)
        self.alice.partner_id.parent_id = self.beta
        complaint.with_user(self.officer).write(
            {"partner_id": self.alice.partner_id.id, "subject": "Kettle leaks badly"}
        )
        following = complaint.message_follower_ids.filtered(
            lambda f: f.partner_id == self.alice.partner_id
        )
        self.assertEqual(following.subtype_ids, comment)
        self.assertEqual(complaint.commercial_partner_id, self.acme)
        self.assertFalse(remedy.terms_editor_ids)
        self.assertNotIn("por_dora", self._readers(complaint))

    def test_a_split_part_is_compared_with_its_company_s_complaints(self):
        category = self.env.ref(
            "complaint_management.complaint_category_type_product_malfunction"
        )
        self.company.complaint_repeat_days = 90
        complaint = self.complaint_alice
        complaint.write(
            {"category_id": category.id, "product_ids": self.kettle | self.toaster}
        )
        acme_earlier = self._complaint(self.carl, subject="Acme's earlier")
        beta_earlier = self._complaint(self.dora, subject="Beta's earlier")
        (acme_earlier | beta_earlier).write(
            {
                "category_id": category.id,
                "date_received": fields.Datetime.now() - timedelta(days=2),
            }
        )
        self.alice.partner_id.parent_id = self.beta
        part = complaint._split("The lid too", self.env["mail.message"], self.kettle)
        self.assertNotIn(beta_earlier, part.repeat_of_ids)
        self.assertNotIn(complaint, part.repeat_of_ids, "its origin")
        self.assertIn(acme_earlier, part.repeat_of_ids)
