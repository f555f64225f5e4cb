from odoo.tests import tagged

from odoo.addons.complaint_management.tests.browser import ChromiumRetryMixin

from .common import ComplaintPortalCase


@tagged("post_install", "-at_install")
class TestPortalFormBrowser(ChromiumRetryMixin, ComplaintPortalCase):
    """The complaint form's behaviour in a real browser (headless Chromium)."""

    def test_products_narrowed_to_the_chosen_order(self):
        self._order(self.alice, self.lamp)
        Complaint = self.env["complaint.complaint"]
        before = Complaint.search([])
        self.start_tour(
            "/complaint/new",
            "complaint_portal_customer_order_products",
            login="por_alice",
        )
        complaint = Complaint.search([]) - before
        self.assertEqual(complaint.sale_order_id, self.order_alice)
        self.assertEqual(complaint.product_ids, self.toaster)

    def test_refused_submission_focuses_the_error_summary(self):
        Complaint = self.env["complaint.complaint"]
        before = Complaint.search_count([])
        self.start_tour("/complaint/new", "complaint_portal_errors_focus")
        self.assertEqual(Complaint.search_count([]), before)

    def test_error_summary_markup_is_focusable(self):
        response = self.url_open(
            "/complaint/new", data=self._form(subject="", name="", email="")
        )
        self.assertEqual(response.status_code, 400)
        self.assertRegex(
            response.text,
            r'<div [^>]*id="complaint_form_errors" tabindex="-1" autofocus="autofocus"',
        )
        # nothing to focus when the form is shown the first time
        self.assertNotIn("complaint_form_errors", self.url_open("/complaint/new").text)
