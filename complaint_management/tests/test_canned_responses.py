from odoo.tests import new_test_user, tagged

from .common import ComplaintCommon


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
