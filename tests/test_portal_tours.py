from odoo.tests import tagged

from odoo.addons.complaint_management.tests.browser import ChromiumRetryMixin
from odoo.addons.complaint_portal.tests.common import ComplaintPortalCase


@tagged("post_install", "-at_install")
class TestPortalTours(ChromiumRetryMixin, ComplaintPortalCase):
    """Complainants in a real browser (headless Chromium)."""

    def test_visitor_submits_with_an_attachment(self):
        Complaint = self.env["complaint.complaint"]
        before = Complaint.search([])
        self.start_tour("/complaint/new", "complaint_portal_visitor_submit")
        complaint = Complaint.search([]) - before
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.subject, "Parcel arrived crushed")
        self.assertEqual(complaint.partner_id.email, "zhang.san@example.com")
        self.assertEqual(complaint.portal_attachment_ids.name, "receipt.txt")
        self.assertEqual(complaint.portal_attachment_ids.raw, b"Receipt 42")

    def test_visitor_with_phone_only_follows_with_passcode(self):
        Complaint = self.env["complaint.complaint"]
        heaters = self.env["complaint.category"].create({"name": "Tour heaters"})
        self.env["complaint.known.answer"].create(
            {
                "name": "My heater smells",
                "answer": "<p>Unplug the heater and let it cool down.</p>",
                "category_ids": [(6, 0, heaters.ids)],
            }
        )
        before = Complaint.search([])
        self.start_tour("/complaint/new", "complaint_portal_phone_only_passcode")
        complaint = Complaint.search([]) - before
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.category_id, heaters)
        self.assertEqual(complaint.partner_id.phone, "139 0013 9000")
        self.assertFalse(complaint.partner_id.email)
        self.assertTrue(complaint.sudo().portal_passcode_hash)

    def test_customer_submits_from_an_order(self):
        Complaint = self.env["complaint.complaint"]
        before = Complaint.search([])
        self.start_tour(
            "/complaint/new", "complaint_portal_customer_submit", login="por_alice"
        )
        complaint = Complaint.search([]) - before
        self.assertEqual(len(complaint), 1)
        self.assertEqual(complaint.partner_id, self.alice.partner_id)
        self.assertEqual(complaint.sale_order_id, self.order_alice)
        self.assertEqual(len(complaint.product_ids), 1)
        self.assertIn(complaint.product_ids, self.order_alice.order_line.product_id)

    def test_reply_accept_and_rate(self):
        complaint = self.complaint_alice
        self._propose(complaint)
        self.start_tour(
            complaint.access_url, "complaint_portal_reply_accept", login="por_alice"
        )
        self.assertEqual(complaint.state, "accepted")
        reply = complaint.message_ids.filtered(
            lambda m: "When will I get the money?" in (m.body or "")
        )
        self.assertEqual(reply.author_id, self.alice.partner_id)
        # the team carries the remedy out and closes the complaint
        complaint.remedy_ids.action_done()
        complaint.resolution_summary = "<p>Refunded.</p>"
        complaint.action_close()
        self.start_tour(
            complaint.access_url, "complaint_portal_rate", login="por_alice"
        )
        rating = complaint.rating_ids.filtered("consumed")
        self.assertEqual(rating.rating, 5)
        self.assertEqual(rating.feedback, "Fast and fair.")
        self.assertEqual(rating.partner_id, self.alice.partner_id)
