from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import ComplaintCommon

GROUP_USER = "complaint_management.complaint_management_group_user"


@tagged("post_install", "-at_install")
class TestLeaverMail(ComplaintCommon):
    """A colleague who leaves keeps their contact (core archives the login
    only): the complaints they followed, open or closed, no longer email it
    the complainant's messages."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ann = new_test_user(cls.env, login="lv_ann", groups=GROUP_USER, name="Ann")
        cls.ben = new_test_user(cls.env, login="lv_ben", groups=GROUP_USER, name="Ben")
        cls.team.member_ids = [Command.set((cls.ann | cls.ben).ids)]

    def _complaint(self):
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(user_id=self.ann.id)
        )
        complaint.message_subscribe(partner_ids=self.ann.partner_id.ids)
        return complaint

    def test_a_colleague_who_leaves_stops_following(self):
        open_one = self._complaint()
        closed = self._complaint()
        closed.sudo()._workflow_write({"state": "closed"})
        self.ann.action_archive()
        for complaint in (open_one, closed):
            self.assertNotIn(self.ann.partner_id, complaint.message_partner_ids)
            message = complaint.message_post(
                body="The kettle still leaks",
                author_id=self.customer.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            )
            self.assertNotIn(
                self.ann.partner_id, message.notification_ids.res_partner_id
            )
        # control: a colleague still here keeps following
        closed.message_subscribe(partner_ids=self.ben.partner_id.ids)
        self.ann.action_unarchive()
        self.assertIn(self.ben.partner_id, closed.message_partner_ids)

    def test_a_colleague_who_loses_the_rights_stops_following(self):
        closed = self._complaint()
        closed.sudo()._workflow_write({"state": "closed"})
        own = self.env["complaint.complaint"].create(
            self._complaint_vals(partner_id=self.ann.partner_id.id)
        )
        own.message_subscribe(partner_ids=self.ann.partner_id.ids)
        self.ann.groups_id = [
            Command.unlink(self.env.ref(GROUP_USER).id),
        ]
        self.assertNotIn(self.ann.partner_id, closed.message_partner_ids)
        # their own complaint as the complainant they go on following (told
        # of its progress), as a customer does: not the staff's notes
        self.assertIn(self.ann.partner_id, own.message_partner_ids)
        following = own.message_follower_ids.filtered(
            lambda f: f.partner_id == self.ann.partner_id
        )
        self.assertTrue(following.subtype_ids)
        self.assertFalse(following.subtype_ids.filtered("internal"))

    def test_a_colleague_made_a_portal_user_stops_following(self):
        """A portal user reads on the portal what they follow: a colleague
        switched to a portal user would read the complaints they handled."""
        complaint = self._complaint()
        own = self.env["complaint.complaint"].create(
            self._complaint_vals(partner_id=self.ann.partner_id.id)
        )
        own.message_subscribe(partner_ids=self.ann.partner_id.ids)
        self.ann.groups_id = [Command.set([self.env.ref("base.group_portal").id])]
        self.assertTrue(self.ann.share)
        self.assertNotIn(self.ann.partner_id, complaint.message_partner_ids)
        with self.assertRaises(AccessError):
            complaint.with_user(self.ann).read(["subject"])
        # control: their own complaint as a customer they still follow
        self.assertIn(self.ann.partner_id, own.message_partner_ids)

    def test_a_colleague_who_wrote_as_staff_is_not_made_a_portal_user(self):
        """Complainants would read that colleague's own name on their replies:
        the masking of staff knows staff by their user."""
        complaint = self._complaint()
        complaint.with_user(self.ben).message_post(
            body="We are looking into it.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        portal = self.env.ref("base.group_portal")
        with (
            self.assertRaisesRegex(UserError, "Keep them an internal user"),
            self.env.cr.savepoint(),
        ):
            self.ben.groups_id = [Command.set([portal.id])]
        self.env.invalidate_all()
        self.assertFalse(self.ben.share)
        # nor by taking them off the internal users' group
        internal = self.env.ref("base.group_user")
        with (
            self.assertRaisesRegex(UserError, "Keep them an internal user"),
            self.env.cr.savepoint(),
        ):
            internal.users = [Command.unlink(self.ben.id)]
        self.env.invalidate_all()
        self.assertFalse(self.ben.share)
        # nor when made one together with the colleague whose complaint
        # they answered (each one's own complaints are theirs only)
        cal = new_test_user(self.env, login="lv_cal", groups=GROUP_USER, name="Cal")
        self.team.member_ids = [Command.link(cal.id)]
        own_ann = self.env["complaint.complaint"].create(
            self._complaint_vals(partner_id=self.ann.partner_id.id)
        )
        own_ann.with_user(cal).message_post(
            body="We call you back today.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        with (
            self.assertRaisesRegex(UserError, "Cal wrote on"),
            self.env.cr.savepoint(),
        ):
            (self.ann | cal).write({"groups_id": [Command.unlink(internal.id)]})
        # the savepoint rolled back: the groups' cache too (a request's
        # rollback resets it)
        self.env.invalidate_all()
        self.env.registry.clear_cache()
        own_ann.message_ids.filtered(lambda m: m.author_id == cal.partner_id).unlink()
        # control: a colleague who wrote as the complainant only is
        own = self.env["complaint.complaint"].create(
            self._complaint_vals(partner_id=self.ann.partner_id.id)
        )
        own.with_user(self.ann).message_post(
            body="My own kettle leaks too.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.ann.groups_id = [Command.set([portal.id])]
        self.assertTrue(self.ann.share)

    def test_a_deleted_colleague_s_contact_stops_following(self):
        """Core keeps a deleted user's contact: it would go on being emailed
        every message of the complaints it followed."""
        complaint = self._complaint()
        closed = self._complaint()
        # closed by a colleague (who closed one is archived, not deleted)
        closed.user_id = self.ben
        closed.sudo()._workflow_write({"state": "closed"})
        complaint.message_subscribe(partner_ids=self.ben.partner_id.ids)
        # a customer's colleague with a portal account follows it too
        buyer = new_test_user(
            self.env,
            login="lv_buyer",
            groups="base.group_portal",
            partner_id=self.env["res.partner"]
            .create({"name": "Buyer", "parent_id": self.customer.id})
            .id,
        )
        complaint.message_subscribe(partner_ids=buyer.partner_id.ids)
        partner = self.ann.partner_id
        self.ann.unlink()
        self.assertTrue(partner.exists())
        for followed in (complaint, closed):
            self.assertNotIn(partner, followed.message_partner_ids)
        # control: the colleague still here keeps following, and a customer
        # whose account is deleted (core's clean-up) keeps their own follows
        self.assertIn(self.ben.partner_id, complaint.message_partner_ids)
        buyer_partner = buyer.partner_id
        buyer.unlink()
        self.assertIn(buyer_partner, complaint.message_partner_ids)

    def test_a_colleague_taken_off_the_company_hands_its_complaints_over(self):
        """Removed from the company's users (an import, JSON-RPC on the
        company), not on the user: their complaints of that company stayed
        theirs, out of their reach, and new ones could still be given them."""
        branch = self.env["res.company"].create({"name": "Leaver Branch"})
        self.ann.write(
            {"company_ids": [Command.link(branch.id)], "company_id": branch.id}
        )
        complaint = self._complaint()
        self.assertEqual(complaint.user_id, self.ann)
        self.company.write({"user_ids": [Command.unlink(self.ann.id)]})
        self.assertNotIn(self.company, self.ann.company_ids)
        self.assertNotEqual(complaint.user_id, self.ann)
        with self.assertRaises(ValidationError):
            self.env["complaint.complaint"].create(
                self._complaint_vals(user_id=self.ann.id)
            )
        # control: a colleague still in the company is given one
        other = self.env["complaint.complaint"].create(
            self._complaint_vals(user_id=self.ben.id)
        )
        self.assertEqual(other.user_id, self.ben)
