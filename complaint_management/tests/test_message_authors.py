from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestMessageAuthors(ComplaintCommon):
    """What was said on a complaint stays as said: core's chatter lets only a
    message's author (or an administrator) edit it, and JSON-RPC reaches
    ``mail.message`` write and unlink for anyone who may write the complaint."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = cls.env["complaint.complaint"].create(
            cls._complaint_vals(user_id=cls.complaint_user.id)
        )
        cls.customer_message = cls.complaint.message_post(
            body="The kettle leaked on the second day.",
            author_id=cls.customer.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        cls.colleague_note = cls.complaint.with_user(
            cls.complaint_officer
        ).message_post(body="Called the customer, no answer.", message_type="comment")

    def test_a_handler_does_not_rewrite_or_remove_the_customers_words(self):
        message = self.customer_message.with_user(self.complaint_user)
        with self.assertRaises(AccessError):
            message.write({"body": "<p>All fine, no complaint.</p>"})
        with self.assertRaises(AccessError):
            message.unlink()
        with self.assertRaises(AccessError):
            self.colleague_note.with_user(self.complaint_user).write(
                {"body": "<p>Customer withdrew.</p>"}
            )
        self.assertIn("second day", str(self.customer_message.body))
        self.assertTrue(self.colleague_note.exists())
        # control: the handler's own note is theirs to edit and delete, and
        # what is no content (starring, marking read) stays anyone's
        own = self.complaint.with_user(self.complaint_user).message_post(
            body="Replacement sent.", message_type="comment"
        )
        own.write({"body": "<p>Replacement sent by courier.</p>"})
        self.assertIn("courier", str(own.body))
        message.toggle_message_starred()
        self.assertTrue(message.starred)
        own.unlink()
        self.assertFalse(own.exists())

    def test_an_administrator_keeps_cores_rights(self):
        admin = new_test_user(
            self.env,
            login="cm_msg_admin",
            groups="base.group_system,complaint_management.complaint_management_group_manager",
        )
        self.customer_message.with_user(admin).write(
            {"body": "<p>[phone number removed]</p>"}
        )
        self.assertIn("removed", str(self.customer_message.body))
