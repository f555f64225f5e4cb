from odoo import fields
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
        cls.photo = cls.env["ir.attachment"].create(
            {
                "name": "leak.jpg",
                "raw": b"jpg",
                "res_model": "complaint.complaint",
                "res_id": cls.complaint.id,
            }
        )
        cls.customer_message = cls.complaint.message_post(
            body="The kettle leaked on the second day.",
            author_id=cls.customer.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachment_ids=cls.photo.ids,
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
        # nor the files they sent with it
        photo = self.photo.with_user(self.complaint_user)
        with self.assertRaises(AccessError):
            photo.write({"raw": b"another picture"})
        with self.assertRaises(AccessError):
            photo.unlink()
        self.assertIn("second day", str(self.customer_message.body))
        self.assertEqual(self.photo.raw, b"jpg")
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

    def test_the_logged_steps_and_who_said_what_stay(self):
        """The tracking form names who did each step from the status
        changes: their author deleted, re-signed or backdated them."""
        complaint = self.complaint.with_context(tracking_disable=False)
        complaint.with_user(self.complaint_user).action_register()
        self.flush_tracking()
        step = self.env["mail.message"].search(
            [
                ("model", "=", complaint._name),
                ("res_id", "=", complaint.id),
                ("tracking_value_ids", "!=", False),
            ],
            limit=1,
        )
        self.assertEqual(step.author_id, self.complaint_user.partner_id)
        logged = step.with_user(self.complaint_user)
        for vals in (
            {"author_id": self.complaint_officer.partner_id.id},
            {"date": "2025-01-02 09:00:00"},
            {"body": "<p>Registered by someone else</p>"},
        ):
            with self.subTest(vals=vals), self.assertRaises(AccessError):
                logged.write(vals)
        with self.assertRaises(AccessError):
            logged.unlink()
        with self.assertRaises(AccessError):
            complaint.with_user(self.complaint_user).write(
                {"message_ids": [(2, step.id)]}
            )
        self.assertTrue(step.exists())
        # nor is one's own comment re-signed or backdated; its text changes
        own = complaint.with_user(self.complaint_user).message_post(
            body="Called back.", message_type="comment"
        )
        with self.assertRaises(AccessError):
            own.write({"date": "2025-01-02 09:00:00"})
        own.write({"body": "<p>Called back twice.</p>"})
        self.assertIn("twice", str(own.body))

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

    def test_a_colleague_does_not_post_as_the_customer_or_backdated(self):
        """Over JSON-RPC core takes any author and date from staff: a handler
        posting "as the customer" reopened a closed, rated complaint (its
        rating left the figures), and a colleague's or a backdated message
        stood in the record as said by them, or then."""
        self.complaint._workflow_write(
            {"state": "closed", "date_closed": fields.Datetime.now()}
        )
        complaint = self.complaint.with_user(self.complaint_user)
        before = len(self.complaint.message_ids)
        attempts = {
            "as the customer": lambda: complaint.message_post(
                body="Not fixed.",
                author_id=self.customer.id,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
            ),
            # core finds the author from the address
            "from the customer's address": lambda: complaint.message_post(
                body="Not fixed.", email_from=self.customer.email
            ),
            "as a colleague": lambda: complaint.message_post(
                body="Approved.", author_id=self.complaint_officer.partner_id.id
            ),
            "backdated": lambda: complaint.message_post(
                body="Customer called.", date="2025-01-02 09:00:00"
            ),
            "created as the customer": lambda: self.env["mail.message"]
            .with_user(self.complaint_user)
            .create(
                {
                    "model": complaint._name,
                    "res_id": complaint.id,
                    "body": "Not fixed.",
                    "author_id": self.customer.id,
                    "message_type": "email",
                }
            ),
            "created backdated": lambda: self.env["mail.message"]
            .with_user(self.complaint_user)
            .create(
                {
                    "model": complaint._name,
                    "res_id": complaint.id,
                    "body": "Escalated.",
                    "date": "2025-01-02 09:00:00",
                }
            ),
            # no author: the chatter shows the address's name
            "created from another address": lambda: self.env["mail.message"]
            .with_user(self.complaint_user)
            .create(
                {
                    "model": complaint._name,
                    "res_id": complaint.id,
                    "body": "I withdraw my complaint.",
                    "author_id": False,
                    "email_from": "Zhang Wei <zhang.wei@example.net>",
                }
            ),
            # a bare name finds no contact: shown as written
            "from a bare name": lambda: complaint.message_post(
                body="我撤回投诉", email_from="张伟", message_type="comment"
            ),
            "from the company's address under the customer's name": lambda: (
                complaint.message_post(
                    body="I withdraw my complaint.",
                    email_from=f"Zhang Wei <{self.env.company.email or 'x@y.z'}>",
                )
            ),
            "a status change written": lambda: complaint.message_post(
                body="",
                tracking_value_ids=[
                    (
                        0,
                        0,
                        {
                            "field_id": self.env["ir.model.fields"]
                            ._get(complaint._name, "state")
                            .id,
                            "old_value_char": "New",
                            "new_value_char": "Closed",
                        },
                    )
                ],
            ),
            "mailed in mass mode as the customer": lambda: self.env[
                "mail.compose.message"
            ]
            .with_user(self.complaint_user)
            .create(
                {
                    "composition_mode": "mass_mail",
                    "model": complaint._name,
                    "res_ids": str(complaint.ids),
                    "author_id": self.customer.id,
                    "email_from": self.customer.email_formatted,
                    "subject": "Withdrawn",
                    "body": "<p>I withdraw my complaint.</p>",
                }
            )
            .action_send_mail(),
            "by a context default": lambda: self.env["mail.message"]
            .with_user(self.complaint_user)
            .with_context(default_author_id=self.customer.id)
            .create({"model": complaint._name, "res_id": complaint.id, "body": "x"}),
        }
        for name, attempt in attempts.items():
            with (
                self.subTest(name),
                self.assertRaises(AccessError),
                self.env.cr.savepoint(),
            ):
                attempt()
        self.complaint.invalidate_recordset()
        self.assertEqual(len(self.complaint.message_ids), before)
        self.assertEqual(self.complaint.state, "closed")
        # control: their own note, now, under their name; and the message
        # created without an author is theirs
        note = complaint.message_post(body="Called the customer back.")
        self.assertEqual(note.author_id, self.complaint_user.partner_id)
        created = (
            self.env["mail.message"]
            .with_user(self.complaint_user)
            .create({"model": complaint._name, "res_id": complaint.id, "body": "y"})
        )
        self.assertEqual(created.author_id, self.complaint_user.partner_id)
        # control: the customer's own message (the portal and the mail
        # gateway post in superuser mode) reopens it
        self.complaint.sudo().message_post(
            body="Still not fixed.",
            author_id=self.customer.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertEqual(self.complaint.state, "investigating")

    def test_a_template_sent_under_an_address_another_contact_shares(self):
        """The composer finds its author from the template's sender (users
        first): a colleague or contact that shares the team's address is no
        author of the handler's; the email goes out under the address alone,
        not refused."""
        complaint = self.complaint.with_user(self.complaint_user)
        desk = self.env["res.partner"].create(
            {"name": "Service Desk", "email": "desk@example.com"}
        )
        template = self.env.ref(
            "complaint_management.mail_template_complaint_acknowledgement"
        )
        composer = (
            self.env["mail.compose.message"]
            .with_user(self.complaint_user)
            .with_context(default_model=complaint._name, default_res_ids=complaint.ids)
            .create({"template_id": template.id, "composition_mode": "comment"})
        )
        # (what core's look-up of the address found)
        composer.author_id = desk
        composer.action_send_mail()
        sent = complaint.message_ids.filtered(lambda m: m.subject)[:1]
        self.assertTrue(sent)
        self.assertNotEqual(sent.author_id, desk)
