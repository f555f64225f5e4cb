from odoo.tests import tagged

from odoo.addons.complaint_management.tests.common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestReportInstall(ComplaintCommon):
    def test_analysis_counts_the_users_complaints(self):
        Complaint = self.env["complaint.complaint"]
        Complaint.create(self._complaint_vals())
        Complaint.create(self._complaint_vals(team_id=self.team_other.id))
        Report = self.env["complaint.report"].with_user(self.complaint_user)
        groups = Report._read_group([], [], ["complaint_count:sum"])
        self.assertEqual(groups[0][0], 1)
        self.assertTrue(self.env.ref("complaint_reports.complaint_report_menu"))
