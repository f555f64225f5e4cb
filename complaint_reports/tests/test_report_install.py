from odoo.tests import tagged

from odoo.addons.complaint_management.tests.common import ComplaintCommon

from ..report.complaint_report_tuning import (
    REPORT_INDEX,
    STATISTICS_PREFIX,
    create_report_indexes,
)


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

    def _index_definition(self):
        self.env.cr.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s", [REPORT_INDEX]
        )
        row = self.env.cr.fetchone()
        return row and row[0]

    def test_an_earlier_versions_index_is_made_anew(self):
        """Upgraded from a version whose index included fewer columns, the
        index kept them: "IF NOT EXISTS" under the same name."""
        cr = self.env.cr
        cr.execute(f"DROP INDEX {REPORT_INDEX}")  # noqa: S608
        cr.execute(
            f"CREATE INDEX {REPORT_INDEX} ON complaint_complaint "  # noqa: S608
            "(company_id, date_received, category_id) INCLUDE (id, state) "
            "WHERE state != 'cancelled'"
        )
        create_report_indexes(cr)
        self.assertIn("is_spilled_over", self._index_definition())
        # control: made again as it is, it stays the same
        before = self._index_definition()
        create_report_indexes(cr)
        self.assertEqual(self._index_definition(), before)

    def test_the_tuning_goes_with_the_addon(self):
        from .. import uninstall_hook

        def statistics():
            self.env.cr.execute(
                "SELECT count(*) FROM pg_statistic_ext WHERE stxname LIKE %s",
                [STATISTICS_PREFIX + "%"],
            )
            return self.env.cr.fetchone()[0]

        self.assertTrue(self._index_definition())
        self.assertTrue(statistics() or self.env.cr._cnx.server_version < 140000)
        uninstall_hook(self.env)
        self.assertFalse(self._index_definition())
        self.assertEqual(statistics(), 0)
        # (the test's transaction is rolled back: they are back after it)
