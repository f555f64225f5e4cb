from odoo.tests import tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestFollowersCache(ComplaintCommon):
    """Followers the transaction already knows are not looked up again; any
    other subscription goes through Odoo's."""

    def _new_complaint(self):
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(user_id=self.complaint_user.id)
        )
        self.env.flush_all()
        return complaint

    def _count(self, function):
        start = self.cr.sql_log_count
        function()
        self.env.flush_all()
        return self.cr.sql_log_count - start

    def test_the_reminder_of_a_new_complaint_finds_its_handler_following(self):
        complaint = self._new_complaint()
        handler = self.complaint_user.partner_id
        self.assertEqual(complaint.activity_ids.user_id, self.complaint_user)
        self.assertEqual(
            complaint.message_follower_ids.partner_id, handler | self.customer
        )
        resubscribe = lambda: complaint._message_subscribe(handler.ids)  # noqa: E731
        self.assertEqual(self._count(resubscribe), 0, "known from the creation")
        # control: from a cold cache, Odoo looks the followers up
        self.env.invalidate_all()
        self.assertGreater(self._count(resubscribe), 0)
        self.assertEqual(
            complaint.message_follower_ids.partner_id, handler | self.customer
        )

    def test_a_new_follower_and_new_subtypes_still_go_through_odoo(self):
        complaint = self._new_complaint()
        colleague = self.complaint_user_other.partner_id
        complaint._message_subscribe(colleague.ids)
        self.assertIn(colleague, complaint.message_follower_ids.partner_id)
        # a known follower with subtypes given: Odoo replaces them
        note = self.env.ref("mail.mt_note")
        complaint._message_subscribe(self.customer.ids, subtype_ids=note.ids)
        follower = complaint.message_follower_ids.filtered(
            lambda f: f.partner_id == self.customer
        )
        self.assertEqual(follower.subtype_ids, note)
        # a follower removed in the transaction is subscribed again
        complaint.message_unsubscribe(colleague.ids)
        complaint._message_subscribe(colleague.ids)
        self.assertIn(colleague, complaint.message_follower_ids.partner_id)
