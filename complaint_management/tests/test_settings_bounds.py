"""Settings and rules an administrator or a manager types: a value past any
real promise (a period of a million days, a limit of a century) is
refused with its reason, where the intake, the proposals and the daily jobs
failed with a traceback; 0 turns a detection off, a negative value does not
do it silently."""

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestSettingsBounds(ComplaintCommon):
    def _refused(self, record, vals):
        with (
            self.subTest(vals=vals),
            self.assertRaises(ValidationError),
            self.env.cr.savepoint(),
        ):
            record.write(vals)
        self.env.invalidate_all()

    def test_company_periods_are_at_most_a_hundred_years(self):
        for vals in (
            {"complaint_fast_track_days": 999999},
            {"complaint_repeat_days": 36501},
            {"complaint_batch_hours": 876001},
            {"complaint_reopen_days": 36501},
            {"complaint_party_response_days": 36501},
            {"complaint_retention_months": 1201},
            {"complaint_privacy_request_days": 36501},
        ):
            self._refused(self.company, vals)
        # control: the longest periods allowed
        self.company.write(
            {
                "complaint_fast_track_days": 36500,
                "complaint_repeat_days": 36500,
                "complaint_batch_hours": 876000,
                "complaint_retention_months": 1200,
            }
        )
        remedy_type = self.env.ref("complaint_management.complaint_remedy_type_refund")
        complaint = self.env["complaint.complaint"].create(self._complaint_vals())
        # the fast track counts the customer's grants over a hundred years
        self.env["complaint.remedy"].create(
            {"complaint_id": complaint.id, "type_id": remedy_type.id, "amount": 1}
        )

    def test_detection_is_turned_off_by_zero_not_by_a_negative_value(self):
        for vals in (
            {"complaint_repeat_days": -1},
            {"complaint_batch_hours": -24},
            {"complaint_batch_count": 1},
            {"complaint_batch_count": -5},
        ):
            self._refused(self.company, vals)
        # a value set before the bounds existed does not block the others
        self.env.cr.execute(
            "UPDATE res_company SET complaint_retention_months = 5000 WHERE id = %s",
            [self.company.id],
        )
        self.company.invalidate_recordset()
        self.company.complaint_reopen_days = 30
        # control: 0 is off, as the settings say
        self.company.write(
            {
                "complaint_repeat_days": 0,
                "complaint_batch_hours": 0,
                "complaint_batch_count": 0,
            }
        )

    def test_a_policy_limit_is_at_most_a_year(self):
        policy = self.env["complaint.sla.policy"].create(
            {"name": "Bounded", "resolution_time": 7, "resolution_unit": "working_days"}
        )
        for vals in (
            {"resolution_time": 366, "resolution_unit": "working_days"},
            {"resolution_time": 99999999, "resolution_unit": "hours"},
            {"acknowledge_time": 2921, "acknowledge_unit": "working_hours"},
        ):
            self._refused(policy, vals)
        # control: a year in each unit
        policy.write(
            {
                "resolution_time": 365,
                "resolution_unit": "working_days",
                "acknowledge_time": 2920,
                "acknowledge_unit": "working_hours",
                "response_time": 8760,
                "response_unit": "hours",
            }
        )

    def test_an_outside_bodys_limit_is_at_most_ten_years(self):
        body = self.env["complaint.external.body"].create(
            {"name": "Bounded body", "code": "bounded", "time_limit": 10}
        )
        for vals in ({"time_limit": 3651}, {"warning_days": 3651}):
            self._refused(body, vals)
        body.write({"time_limit": 3650, "warning_days": 30})  # control
