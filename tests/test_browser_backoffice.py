from odoo.tests import HttpCase, tagged

from odoo.addons.complaint_management.tests.browser import ChromiumRetryMixin


@tagged("post_install", "-at_install")
class TestBackofficeBrowser(ChromiumRetryMixin, HttpCase):
    def test_complaints_app_opens_in_chromium(self):
        """The Complaints app opens in a real browser and shows a complaint."""
        self.start_tour("/odoo", "complaint_backoffice_tour", login="admin")
