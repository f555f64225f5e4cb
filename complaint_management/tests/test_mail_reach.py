"""Who follows a complaint is the complaint's: a colleague who may not read
it (a salesman, another team's officer, another company's manager) does not
list its complainant through core's followers, which every internal user
reads."""

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
