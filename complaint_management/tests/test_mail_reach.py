"""Who follows a complaint is the complaint's: a colleague who may not read
it (a salesman, another team's officer, another company's manager) does not
list its complainant through core's followers, which every internal user
reads."""

from datetime import timedelta

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestMailReach(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.salesman = new_test_user(
            cls.env, login="reach_salesman", groups="sales_team.group_sale_salesman"
        )
        cls.complainant = cls.env["res.partner"].create(
            {"name": "Zhou Min", "email": "zhou.min@example.com"}
        )
        cls.complaint = cls.env["complaint.complaint"].create(
            cls._complaint_vals(partner_id=cls.complainant.id)
        )
        cls.complaint.message_subscribe(partner_ids=cls.complainant.ids)
        cls.complaint.message_post(
            body="We are looking into it.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=cls.complainant.ids,
        )

    def test_a_colleague_who_cannot_read_it_lists_nobody(self):
        Followers = self.env["mail.followers"].with_user(self.salesman)
        domain = [("res_model", "=", "complaint.complaint")]
        self.assertFalse(Followers.search_read(domain, ["name", "email"]))
        # nor through a search of every row (no domain)
        self.assertNotIn(self.complainant, Followers.search([]).mapped("partner_id"))
        self.assertFalse(Followers.search_count(domain))
        follower = self.env["mail.followers"].search(
            domain
            + [
                ("res_id", "=", self.complaint.id),
                ("partner_id", "=", self.complainant.id),
            ]
        )
        self.assertTrue(follower)
        with self.assertRaises(AccessError):
            follower.with_user(self.salesman).read(["name", "email"])

    def test_control_the_handler_and_other_documents(self):
        handler = self.env["mail.followers"].with_user(self.complaint_user)
        rows = handler.search_read(
            [
                ("res_model", "=", "complaint.complaint"),
                ("res_id", "=", self.complaint.id),
            ],
            ["email"],
        )
        self.assertIn("zhou.min@example.com", [row["email"] for row in rows])
        # a contact's followers stay core's, for the salesman too
        self.complainant.message_subscribe(partner_ids=self.salesman.partner_id.ids)
        self.assertTrue(
            self.env["mail.followers"]
            .with_user(self.salesman)
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "=", self.complainant.id),
                ]
            )
        )

    def test_a_colleague_who_cannot_read_it_lists_no_recipient(self):
        """Core lets every internal user read every notification: the
        complainant's name, the complaint's number and the bounce reason."""
        notification = self.env["mail.notification"].search(
            [
                ("res_partner_id", "=", self.complainant.id),
                ("mail_message_id.model", "=", "complaint.complaint"),
            ]
        )
        self.assertTrue(notification)
        Notifications = self.env["mail.notification"].with_user(self.salesman)
        self.assertNotIn(notification, Notifications.search([]))
        self.assertFalse(
            Notifications.search_read(
                [("res_partner_id", "=", self.complainant.id)], ["mail_message_id"]
            )
        )
        with self.assertRaises(AccessError):
            notification.with_user(self.salesman).read(["res_partner_id"])
        # control: the handler reads them; the salesman their own inbox
        handler = self.env["mail.notification"].with_user(self.complaint_user)
        self.assertEqual(handler.search([("id", "=", notification.id)]), notification)
        notification.with_user(self.complaint_user).read(["res_partner_id"])
        contact = self.env["res.partner"].create({"name": "Some contact"})
        message = contact.message_post(
            body="For you",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.salesman.partner_id.ids,
        )
        own = Notifications.search([("mail_message_id", "=", message.id)])
        self.assertEqual(own.res_partner_id, self.salesman.partner_id)

    def test_a_scheduled_message_is_its_author_s(self):
        """A colleague who reads the complaint cancelled the handler's
        scheduled message, or scheduled one under the handler's name."""
        Scheduled = self.env["mail.scheduled.message"]
        values = {
            "model": "complaint.complaint",
            "res_id": self.complaint.id,
            "author_id": self.complaint_user.partner_id.id,
            "body": "We will refund you.",
            "scheduled_date": fields.Datetime.now() + timedelta(hours=1),
        }
        message = Scheduled.with_user(self.complaint_user).create(values)
        # an officer who handles the company's complaints (core lets whoever
        # may post on the complaint cancel it)
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            message.with_user(self.complaint_officer).unlink()
        # nor is one scheduled under a colleague's name
        with self.assertRaises(AccessError):
            Scheduled.with_user(self.complaint_officer).create(values)
        self.assertTrue(message.exists())
        # control: its author changes it, one of the officer's own is
        # scheduled, and a manager cancels it (its author gone, it would
        # still go out under their name)
        message.with_user(self.complaint_user).write({"body": "Refund on Friday."})
        self.assertIn("Friday", message.body)
        own = Scheduled.with_user(self.complaint_officer).create(
            dict(values, author_id=self.complaint_officer.partner_id.id)
        )
        self.assertTrue(own)
        message.with_user(self.complaint_manager).unlink()
        self.assertFalse(message.exists())
