from odoo.tests import new_test_user, tagged

from .common import ComplaintCommon
from .migration_loader import load_migration


@tagged("post_install", "-at_install")
class TestCannedResponses(ComplaintCommon):
    def test_complaint_staff_share_replies_in_both_languages(self):
        Canned = self.env["mail.canned.response"]
        replies = Canned.with_user(self.complaint_user).search(
            ["|", ("source", "=like", "cm-%"), ("source", "=like", "ts-%")]
        )
        english = replies.filtered(lambda r: r.source.startswith("cm-"))
        chinese = replies.filtered(lambda r: r.source.startswith("ts-"))
        self.assertEqual(len(english), 6)
        self.assertEqual(len(chinese), 6, "each reply in Simplified Chinese too")
        for reply in chinese:
            self.assertRegex(reply.substitution, "[\u4e00-\u9fff]")
        # the routes reply names the outside bodies, as the seeds ask
        routes = replies.filtered(lambda r: r.source == "ts-tujing")
        self.assertIn("12315", routes.substitution)
        # control: an internal user without complaint access is not offered them
        clerk = new_test_user(self.env, login="canned_clerk", groups="base.group_user")
        self.assertFalse(Canned.with_user(clerk).search([("source", "=like", "cm-%")]))

    def test_no_reply_promises_a_reopening_period_of_its_own(self):
        """The reopening period is the company's (0: never): the closing reply
        leaves it to the closing notice, which reads it."""
        closing = self.env["mail.canned.response"].search(
            [("source", "in", ("cm-close", "ts-banjie"))]
        )
        self.assertEqual(len(closing), 2)
        for reply in closing:
            self.assertNotRegex(reply.substitution, r"\d+ ?(days|天)")
        # the upgrade replaces the shipped promise, not an administrator's text
        migration = load_migration(__file__, "18.0.1.1.33")
        (old_en, new_en), (old_zh, _new_zh) = migration.CLOSING_REPLIES
        english = closing.filtered(lambda r: r.source == "cm-close")
        chinese = closing - english
        english.substitution = old_en
        chinese.substitution = "我们自己的结案话术，30 天内可回复。"
        self.env.flush_all()
        migration.migrate(self.env.cr, "18.0.1.1.32")
        self.env.invalidate_all()
        self.assertEqual(english.substitution, new_en)
        self.assertEqual(chinese.substitution, "我们自己的结案话术，30 天内可回复。")
        self.assertNotEqual(old_zh, chinese.substitution)
