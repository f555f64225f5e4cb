"""The complaint record (the complainant's copy), printed from the portal or
by staff, names staff the way the portal page does: by their public name,
never their own."""

from odoo.tests import new_test_user, tagged

from .common import ComplaintPortalCase

REPORT = "complaint_reports.action_report_complaint_registration"


@tagged("post_install", "-at_install")
class TestPortalReportNames(ComplaintPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.receiver = new_test_user(
            cls.env,
            login="report_receiver",
            groups="complaint_management.complaint_management_group_user",
            name="Real Receiver Name",
        )
        cls.receiver.complaint_display_name = "Service Desk Lin"
        cls.team.member_ids = cls.receiver
        cls.complaint_carl.receiver_id = cls.receiver

    def setUp(self):
        super().setUp()
        if not self.env.ref(REPORT, raise_if_not_found=False):
            self.skipTest("the printed forms come with complaint_reports")

    def _portal_report(self, **params):
        query = "&".join(f"{key}={value}" for key, value in params.items())
        response = self.url_open(
            f"/my/complaints/{self.complaint_carl.id}?report_type=html&{query}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(self.complaint_carl.name, response.text, "not the form")
        return response.text

    def test_portal_user_reads_the_public_name_of_the_receiver(self):
        self.authenticate("por_carl", "por_carl")
        page = self._portal_report()
        self.assertFalse("Real Receiver Name" in page, "the receiver's own name")
        self.assertTrue("Service Desk Lin" in page, "no public name")

    def test_access_link_reads_the_public_name_of_the_receiver(self):
        page = self._portal_report(access_token=self.complaint_carl.access_token)
        self.assertFalse("Real Receiver Name" in page, "the receiver's own name")
        self.assertTrue("Service Desk Lin" in page, "no public name")

    def test_staff_print_the_complainants_copy_and_their_own_record(self):
        """The registration form is the complainant's copy, whoever prints it
        (handed over at the desk, it names staff as the portal does); the
        tracking form is staff's record, with their real names."""
        self.authenticate("report_receiver", "report_receiver")
        response = self.url_open(
            "/report/html/complaint_reports.report_complaint_registration/"
            f"{self.complaint_carl.id}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertFalse("Real Receiver Name" in response.text, "the own name")
        self.assertTrue("Service Desk Lin" in response.text, "no public name")
        # control: the tracking form
        response = self.url_open(
            "/report/html/complaint_reports.report_complaint_tracking/"
            f"{self.complaint_carl.id}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertTrue("Real Receiver Name" in response.text, "no real name")
