"""What a portal user who reads a complaint without being its complainant
(a follower) cannot take from it: the complainant's token, who was told."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import ComplaintPortalCase


@tagged("post_install", "-at_install")
class TestPortalRpcRules(ComplaintPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Bob, of another company, is copied on Alice's complaint
        cls.complaint_alice.message_subscribe(partner_ids=cls.bob.partner_id.ids)
        cls.token = cls.complaint_alice.access_token

    def test_follower_gets_no_token(self):
        self.assertTrue(self.token)
        self.authenticate("por_bob", "por_bob")
        result = self._rpc(
            "complaint.complaint", "read", [self.complaint_alice.ids, ["access_token"]]
        )
        self.assertIn("error", result)
        as_bob = self.complaint_alice.with_user(self.bob)
        self.assertNotIn(self.token, as_bob.get_portal_url())
        page = self.url_open(f"/my/complaints/{self.complaint_alice.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Kettle leaks", page.text)
        self.assertNotIn(self.token, page.text)
        # signed in, the complainant needs no token either (her account lets
        # her in; a token would outlast her right, e.g. once she left the
        # customer's company), neither from core's record pager
        as_alice = self.complaint_alice.with_user(self.alice)
        self.assertNotIn(self.token, as_alice.get_portal_url())
        self.assertNotIn(self.token, as_alice.sudo().get_portal_url())
        # control: staff's links carry it (the emails they send), and staff read it
        admin = self.env.ref("base.user_admin")
        self.assertIn(
            self.token, self.complaint_alice.with_user(admin).get_portal_url()
        )
        self.assertEqual(self.complaint_alice.with_user(admin).access_token, self.token)

    def test_follower_gets_no_rating_link(self):
        self.complaint_alice.sudo()._workflow_write({"state": "closed"})
        # the page reads the complaint in superuser mode, as the reader
        as_bob = self.complaint_alice.with_user(self.bob).sudo()
        self.assertFalse(as_bob._portal_rating_token())
        # control: the complainant is invited to rate
        self.assertTrue(
            self.complaint_alice.with_user(self.alice).sudo()._portal_rating_token()
        )

    def test_portal_reads_only_its_own_notifications_of_complaints(self):
        handler = self.env.ref("base.user_admin")
        message = self.complaint_alice.with_user(handler).message_post(
            body="We are looking into it.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=(self.alice | self.bob | handler).partner_id.ids,
        )
        notified = self.env["mail.notification"].search(
            [("mail_message_id", "=", message.id)]
        )
        self.assertGreaterEqual(len(notified), 2)
        self.authenticate("por_bob", "por_bob")
        result = self._rpc(
            "mail.notification",
            "search_read",
            [[("mail_message_id", "=", message.id)], ["res_partner_id"]],
        )
        partners = {row["res_partner_id"][0] for row in result["result"]}
        self.assertEqual(partners, {self.bob.partner_id.id})

    def test_employee_gets_the_token_only_of_what_they_read(self):
        """Core's get_portal_url asks any record for its token: an employee
        without the complaint apps, by JSON-RPC, does not get one."""
        clerk = new_test_user(self.env, login="por_clerk", groups="base.group_user")
        self.authenticate("por_clerk", "por_clerk")
        result = self._rpc(
            "complaint.complaint", "get_portal_url", [self.complaint_alice.ids]
        )
        self.assertIn("error", result)
        self.assertNotIn(self.token, str(result))
        with self.assertRaises(AccessError):
            self.complaint_alice.with_user(clerk).get_portal_url()
        # control: a complaint manager's link to the complainant carries it
        manager = new_test_user(
            self.env,
            login="por_manager",
            groups="base.group_user,"
            "complaint_management.complaint_management_group_manager",
        )
        as_manager = self.complaint_alice.with_user(manager)
        self.assertIn(self.token, as_manager.get_portal_url())

    def test_follower_posts_under_their_own_name_only(self):
        """A follower by JSON-RPC: no staff name in the sender, no Reply-To
        of their own, no Message-Id a channel would take for its own."""
        self.authenticate("por_bob", "por_bob")
        for extra in (
            {"email_from": "Complaint Officer Li <li@nomatch.example>"},
            {"reply_to": "attacker@evil.example"},
            {"message_id": "<R7.42.100@complaint-api>"},
            {"subject": "Refund approved"},
        ):
            with self.subTest(extra=extra):
                result = self._rpc(
                    "complaint.complaint",
                    "message_post",
                    [self.complaint_alice.ids],
                    dict(extra, body="Send your bank details"),
                )
                self.assertIn("error", result)
        self.assertFalse(self._posted(self.complaint_alice, "bank details"))
        # control: a comment of their own
        result = self._rpc(
            "complaint.complaint",
            "message_post",
            [self.complaint_alice.ids],
            {"body": "Same problem here"},
        )
        self.assertNotIn("error", result)
        message = self._posted(self.complaint_alice, "Same problem here")
        self.assertEqual(message.author_id, self.bob.partner_id)

    def test_the_receipt_link_is_the_complainant_s(self):
        """The receipt carries the complainant's secure link: it goes to her
        by email; the discussion a follower reads never holds it."""
        complaint = self.complaint_alice
        Mail = self.env["mail.mail"].sudo()
        before = Mail.search([])
        complaint._message_to_complainant(
            "complaint_portal.mail_template_complaint_portal_receipt"
        )
        mails = Mail.search([]) - before
        self.assertEqual(mails.recipient_ids, self.alice.partner_id, "to her alone")
        self.assertIn(self.token, mails.body_html, "the complainant's email has it")
        bodies = (
            self.env["mail.message"]
            .with_user(self.bob)
            .search([("model", "=", complaint._name), ("res_id", "=", complaint.id)])
            .mapped("body")
        )
        self.assertTrue(bodies, "the follower reads the discussion")
        self.assertFalse([body for body in bodies if self.token in body])

    def test_staff_cannot_link_another_complaint_s_files_to_the_page(self):
        """A file linked to a complaint's page is shown to its complainant with
        its download token: a staff member who could link any file would
        read files of complaints, teams and companies they cannot see."""
        frontline = new_test_user(
            self.env,
            login="rpc_frontline",
            groups="complaint_management.complaint_management_group_user",
        )
        self.complaint_alice.user_id = frontline
        as_frontline = self.complaint_alice.with_user(frontline)
        with self.assertRaises(UserError):
            as_frontline.write({"portal_attachment_ids": [(4, self.attachment_bob.id)]})
        self.assertEqual(
            self.complaint_alice.portal_attachment_ids, self.attachment_alice
        )
        # a file of another record linked all the same is not listed
        self.complaint_alice.sudo().portal_attachment_ids |= self.attachment_bob
        self.assertEqual(self.complaint_alice._portal_files(), self.attachment_alice)
        self.authenticate("por_alice", "por_alice")
        page = self.url_open(f"/my/complaints/{self.complaint_alice.id}")
        self.assertIn("photo.png", page.text)
        self.assertNotIn("secret.png", page.text)
        self.assertNotIn(self.attachment_bob.access_token, page.text)

    def test_privacy_flags_are_staff_only(self):
        flags = ["has_sensitive_data", "sensitive_consent_given"]
        for user, complaint in (
            (self.alice, self.complaint_alice),
            (self.bob, self.complaint_bob),
        ):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                complaint.with_user(user).read(flags)
            # control: each reads their own complaint
            self.assertTrue(complaint.with_user(user).read(["subject"]))
        # control: staff read the flags
        handler = self.env.ref("base.user_admin")
        self.assertTrue(self.complaint_alice.with_user(handler).read(flags))

    def test_record_pager_gives_no_token_to_a_signed_in_customer(self):
        """Core's pager between the complaints of the list links to each
        neighbour with its token: a signed-in customer browses by their
        account, and takes no token away."""
        second = self.env["complaint.complaint"].create(
            {"subject": "Second kettle", "partner_id": self.alice.partner_id.id}
        )
        customer = self.alice.commercial_partner_id
        listed = self.env["complaint.complaint"].search(
            [("partner_id.commercial_partner_id", "=", customer.id)]
        )
        self.assertIn(second, listed)
        for complaint in listed:
            complaint._portal_ensure_token()  # each has its token before
        self.authenticate("por_alice", "por_alice")
        self.assertIn("Second kettle", self.url_open("/my/complaints").text)
        page = self.url_open(f"/my/complaints/{self.complaint_alice.id}").text
        self.assertIn("record_pager", page, "the pager links to the neighbours")
        for complaint in listed:
            self.assertTrue(complaint.access_token)
            self.assertNotIn(complaint.access_token, page)

    def test_a_colleague_writing_gives_the_complainant_a_working_button(self):
        """Carl, signed in, writes on the complaint of a colleague without an
        account: her notification's button carries the complaint's token (it
        goes to her inbox), though Carl's own links carry none."""
        dora = self.env["res.partner"].create(
            {
                "name": "Dora Acme",
                "email": "dora@acme.example.com",
                "parent_id": self.acme.id,
            }
        )
        complaint = self.env["complaint.complaint"].create(
            {"subject": "Kettle for Dora", "partner_id": dora.id}
        )
        as_carl = complaint.with_user(self.carl)
        self.assertNotIn(
            "access_token=" + (complaint.access_token or "-"), as_carl.get_portal_url()
        )
        as_carl.sudo().message_post(
            body="Dora asked me to add the receipt.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=dora.ids,
        )
        self.assertTrue(complaint.access_token)
        mail = (
            self.env["mail.mail"]
            .search([("model", "=", complaint._name), ("res_id", "=", complaint.id)])
            .filtered(lambda m: dora in m.recipient_ids)
        )
        self.assertIn(f"access_token={complaint.access_token}", mail.body_html)

    def test_a_forged_merge_leads_to_nobody_elses_page(self):
        """A complaint pointed at another complainant's (the merge joins one
        complainant's only): its link does not hand out the other's token."""
        forged = self.complaint_bob.sudo()
        forged._workflow_write(
            {"state": "cancelled", "merged_into_id": self.complaint_alice.id}
        )
        self.assertFalse(forged._portal_merged_url(forged.access_token or "x"))
        # control: a merge of one complainant's complaints leads on
        merged = self.complaint_carl.sudo()
        merged._workflow_write(
            {"state": "cancelled", "merged_into_id": self.complaint_alice.id}
        )
        self.assertIn(
            f"/my/complaints/{self.complaint_alice.id}",
            merged._portal_merged_url(merged.access_token or "x"),
        )
