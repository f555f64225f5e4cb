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

    def _ask_link(self, number, email):
        """What the tracking page does, from an address of its own each time
        (the page's own rate limit is not what these tests are about)."""
        self._asked = getattr(self, "_asked", 0) + 1
        self.assertTrue(
            self.env["complaint.portal.link.request"]._ask(
                number, email, f"10.9.8.{self._asked}"
            )
        )

    def _sent(self, run):
        mails = self.env["mail.mail"].search([])
        run()
        return self.env["mail.mail"].search([]) - mails

    def test_a_link_asked_for_after_the_links_were_cut_is_sent(self):
        """Staff cut the links (a passcode replaced) right after one was sent: the
        new link asked for was taken for the old one within the rate limit's
        period, and dropped while the page said it was sent."""
        Request = self.env["complaint.portal.link.request"]
        complaint = self.env["complaint.complaint"].create(
            {
                "subject": "Fridge door",
                "complainant_email": "zhang.san@example.com",
                "team_id": self.team.id,
            }
        )
        self._ask_link(complaint.name, "zhang.san@example.com")
        self.assertEqual(len(self._sent(Request._cron_send_links)), 1)
        # control: asked again at once, the rate limit holds it back
        self._ask_link(complaint.name, "zhang.san@example.com")
        self.assertFalse(self._sent(Request._cron_send_links))
        complaint.action_portal_new_passcode()
        # a new passcode replaces the first: what the first opened is cut
        complaint.action_portal_new_passcode()
        self._ask_link(complaint.name, "zhang.san@example.com")
        sent = self._sent(Request._cron_send_links)
        self.assertEqual(len(sent), 1)
        self.assertIn(complaint.access_token, sent.body_html)

    def test_a_merged_number_sends_its_own_link_to_its_complainant(self):
        """Merged into another complainant's complaint (a colleague's, of the
        same customer), the number asked for with its own address sent the
        kept complaint's link to the colleague."""
        colleague = self.env["res.partner"].create(
            {"name": "Wang Wu", "email": "wang.wu@example.com"}
        )
        mine = self.env["complaint.complaint"].create(
            {
                "subject": "Fridge door",
                "complainant_email": "zhang.san@example.com",
                "team_id": self.team.id,
            }
        )
        kept = self.env["complaint.complaint"].create(
            {"subject": "Fridge", "partner_id": colleague.id, "team_id": self.team.id}
        )
        mine.write({"state": "cancelled"})
        mine.sudo()._workflow_write({"merged_into_id": kept.id})
        self._ask_link(mine.name, "zhang.san@example.com")
        Request = self.env["complaint.portal.link.request"]
        self.assertEqual(Request.search([]).complaint_id, mine)
        sent = self._sent(Request._cron_send_links)
        self.assertEqual(sent.email_to, "zhang.san@example.com")
        self.assertNotIn(colleague, sent.recipient_ids)
