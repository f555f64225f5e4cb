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

    def test_numbers_are_the_companys_in_its_year(self):
        company_b = self.env["res.company"].create({"name": "Company B"})
        company_b.resource_calendar_id.tz = "Asia/Shanghai"
        self.env["ir.sequence"].create(
            {
                "name": "Corrective Action B",
                "code": "complaint.corrective.action",
                "prefix": "CAB/%(year)s/",
                "padding": 4,
                "company_id": company_b.id,
            }
        )
        self.company.partner_id.tz = "Asia/Shanghai"
        self.company.resource_calendar_id.tz = "Asia/Shanghai"
        Action = self.env["complaint.corrective.action"]
        # 31 December 2026, 17:00 UTC: already 1 January 2027 in Shanghai
        with freeze_time("2026-12-31 17:00:00"):
            action = Action.create({"title": "Seal", "company_id": company_b.id})
            self.assertTrue(action.name.startswith("CAB/2027/"), action.name)
            # control: the main company's own sequence (the shared one)
            other = Action.create({"title": "Seal", "company_id": self.company.id})
            self.assertTrue(other.name.startswith("CA/2027/"), other.name)
            complaint = self.env["complaint.complaint"].create(self._complaint_vals())
            self.assertIn("/2027/", complaint.name)

    def test_texts_read_in_another_language_are_in_it(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.team.update_field_translations("name", {"zh_CN": "一线团队"})
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(user_id=False)
        )
        complaint.user_id = False
        # read for the staff in English, then for a Chinese email or letter
        # in the same transaction
        self.assertEqual(
            complaint.with_context(lang="en_US").handler_public_name, self.team.name
        )
        self.assertEqual(
            complaint.with_context(lang="zh_CN").handler_public_name, "一线团队"
        )
        english = complaint.with_context(lang="en_US").next_step
        self.assertNotEqual(complaint.with_context(lang="zh_CN").next_step, english)
