from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import ComplaintPortalCase

MAIL = """To: complaints@example.com
Cc: {cc}
From: Eve Walker <eve.walker@example.net>
Subject: Broken kettle
MIME-Version: 1.0
Content-Type: text/plain; charset=utf-8
Message-ID: <{msg_id}@example.net>

The kettle leaks. My husband is in copy.
"""


@tagged("post_install", "-at_install")
class TestPortalFollowers(ComplaintPortalCase):
    """The people around a complaint see and answer it in their portal: a
    follower a handler adds, a known contact in copy of the intake email.
    Access follows the followers (a record rule, not controller code)."""

    def _bob_reads(self, complaint):
        Complaint = self.env["complaint.complaint"].with_user(self.bob)
        return complaint in Complaint.search([("id", "=", complaint.id)])

    def test_follower_added_by_handler_sees_and_answers(self):
        complaint = self.complaint_alice
        # control: another company's customer does not see it
        self.assertFalse(self._bob_reads(complaint))
        with self.assertRaises(AccessError):
            complaint.with_user(self.bob).read(["subject"])

        complaint.message_subscribe(partner_ids=self.bob.partner_id.ids)
        self.assertTrue(self._bob_reads(complaint))
        self.authenticate("por_bob", "por_bob")
        page = self.url_open(f"/my/complaints/{complaint.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Kettle leaks", page.text)
        listing = self.url_open("/my/complaints")
        self.assertIn(complaint.name, listing.text)
        message = complaint.with_user(self.bob).message_post(
            body="I am Alice's husband; the kettle was a gift.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertEqual(message.author_id, self.bob.partner_id)

        complaint.message_unsubscribe(partner_ids=self.bob.partner_id.ids)
        self.assertFalse(self._bob_reads(complaint))
        page = self.url_open(f"/my/complaints/{complaint.id}", allow_redirects=False)
        self.assertIn(page.status_code, (302, 303))
        self.assertNotIn(complaint.name, self.url_open("/my/complaints").text)

    def test_follower_of_unverified_complaint_waits(self):
        complaint = self.complaint_alice
        complaint.message_subscribe(partner_ids=self.bob.partner_id.ids)
        complaint.sudo()._workflow_write({"sender_unverified": True})
        self.assertFalse(self._bob_reads(complaint))
        complaint.sudo()._workflow_write({"sender_unverified": False})
        self.assertTrue(self._bob_reads(complaint))

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_known_contact_in_copy_follows_the_new_complaint(self):
        stranger = self.env["res.partner"].create(
            {"name": "Nobody Known", "email": "nobody@example.org"}
        )
        thread_id = self.env["mail.thread"].message_process(
            "complaint.complaint",
            MAIL.format(
                cc=f"Bob Other <{self.bob.email}>, Unknown <unknown@example.org>",
                msg_id="cc-1",
            ),
        )
        complaint = self.env["complaint.complaint"].browse(thread_id)
        self.assertEqual(complaint.subject, "Broken kettle")
        self.assertIn(self.bob.partner_id, complaint.message_partner_ids)
        self.assertTrue(self._bob_reads(complaint))
        # a copy line creates nobody, and who was not in copy does not follow
        self.assertFalse(
            self.env["res.partner"].search([("email", "=", "unknown@example.org")])
        )
        self.assertNotIn(stranger, complaint.message_partner_ids)
        self.assertFalse(
            complaint.with_user(self.carl).search([("id", "=", complaint.id)])
        )
