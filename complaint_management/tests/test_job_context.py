from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from .sla_common import SlaCommon


@tagged("post_install", "-at_install")
class TestJobContext(SlaCommon):
    """What a scheduled job computes for a record is the record's company's
    (its time zone, its numbering, its language), not that of whoever runs
    the job (OdooBot, the main company) or presses the button."""

    def test_without_a_calendar_the_day_is_where_the_company_works(self):
        self.company.resource_calendar_id = False
        self.team.resource_calendar_id = False
        self.company.partner_id.tz = "America/New_York"
        complaint = self.env["complaint.complaint"].create(self._complaint_vals())
        self.handler.tz = "Asia/Shanghai"
        as_handler = complaint.with_user(self.handler).with_context(tz="Asia/Shanghai")
        self.assertEqual(as_handler._sla_tz(), "America/New_York")
        case = self.env["complaint.external.case"].create(
            {
                "complaint_id": complaint.id,
                "body_id": self.env.ref(
                    "complaint_management.complaint_external_body_12315"
                ).id,
                "reference": "WO-TZ",
                "date_received": date(2026, 3, 2),
            }
        )
        # 02:00 UTC on 6 March: still 5 March in New York, 6 March in Shanghai
        with freeze_time("2026-03-06 02:00:00"):
            self.assertEqual(
                case.with_context(tz="Asia/Shanghai")._deadline_today(),
                date(2026, 3, 5),
            )
        # control: the calendar's time zone, where there is one
        self.company.resource_calendar_id = self._make_calendar(
            "Shanghai", "Asia/Shanghai", 9, 12, 13, 18
        )
        complaint.invalidate_recordset()
        self.assertEqual(as_handler._sla_tz(), "Asia/Shanghai")
