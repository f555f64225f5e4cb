from odoo.tests import tagged

from .test_portal_submit import PortalSubmitCase


@tagged("post_install", "-at_install")
class TestPortalLinkAddress(PortalSubmitCase):
    def test_the_link_goes_to_the_address_given_with_the_complaint(self):
        """Filed by phone for a contact without an address, with the email the
        complainant gave: the link asked for with that email was mailed to the
        contact (no address, the mail failed) and the note said it was sent."""
        contact = self.env["res.partner"].create({"name": "Zhang San"})
        complaint = self.env["complaint.complaint"].create(
            {
                "subject": "Fridge door",
                "partner_id": contact.id,
                "complainant_email": "zhang.san@example.com",
                "team_id": self.team.id,
            }
        )
        self.url_open(
            "/complaint/track",
            data={
                "csrf_token": self._csrf(),
                "number": complaint.name,
                "email": "zhang.san@example.com",
            },
        )
        Request = self.env["complaint.portal.link.request"]
        self.assertEqual(Request.search([]).complaint_id, complaint)
        mails = self.env["mail.mail"].search([])
        Request._cron_send_links()
        sent = self.env["mail.mail"].search([]) - mails
        self.assertEqual(len(sent), 1)
        self.assertEqual(sent.email_to, "zhang.san@example.com")
        self.assertFalse(sent.recipient_ids, "not the contact without an address")
        self.assertIn(complaint.access_token, sent.body_html)
        # control: the contact given an address is the one mailed
        contact.email = "zhang.san@example.com"
        self.url_open(
            "/complaint/track",
            data={
                "csrf_token": self._csrf(),
                "number": complaint.name,
                "email": "zhang.san@example.com",
            },
        )
        complaint.sudo().portal_link_sent = False
        mails = self.env["mail.mail"].search([])
        Request._cron_send_links()
        sent = self.env["mail.mail"].search([]) - mails
        self.assertEqual(sent.recipient_ids, contact)
