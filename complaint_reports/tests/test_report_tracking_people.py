from freezegun import freeze_time

from odoo import fields
from odoo.tests import tagged

from odoo.addons.complaint_management.tests.common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestReportTrackingPeople(ComplaintCommon):
    """The tracking form names who took each step, when colleagues (or the
    complainant in the portal) take the next one minutes later."""

    def _step(self, complaint, user, moment, state, date_field):
        with freeze_time(moment):
            complaint.with_context(tracking_disable=False).with_user(
                user
            ).sudo()._workflow_write(
                {"state": state, date_field: fields.Datetime.now()}
            )
            self.env.flush_all()
            self.env.cr.precommit.run()

    def test_each_step_names_who_took_it(self):
        complaint = self.env["complaint.complaint"].create(self._complaint_vals())
        self._step(
            complaint,
            self.complaint_user,
            "2024-03-04 02:00:00",
            "acknowledged",
            "date_acknowledged",
        )
        self._step(
            complaint,
            self.complaint_officer,
            "2024-03-04 02:02:00",
            "assessed",
            "date_assessed",
        )
        self._step(
            complaint,
            self.complaint_manager,
            "2024-03-04 02:03:00",
            "investigating",
            "date_investigation",
        )
        steps = {step["name"]: step for step in complaint._report_tracking_steps()}
        self.assertEqual(steps["Acknowledgement"]["person"], "Complaint User")
        self.assertEqual(steps["Assessment"]["person"], "Complaint Officer")
        self.assertEqual(steps["Investigation"]["person"], "Complaint Manager")
