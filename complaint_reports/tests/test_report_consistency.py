from datetime import date, datetime
from unittest.mock import patch

from lxml import etree

from odoo.tests import tagged
from odoo.tools.safe_eval import safe_eval

from odoo.addons.complaint_management.tests.common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestReportConsistency(ComplaintCommon):
    """A figure, a letter and a printed review say the same whoever prints
    them and however the screen was used to ask for them."""

    def test_letter_to_an_anonymous_complainant(self):
        Complaint = self.env["complaint.complaint"]
        anonymous = Complaint.create(
            self._complaint_vals(
                partner_id=False, is_anonymous=True, complainant_phone="13800000000"
            )
        )
        self.assertEqual(anonymous._report_salutation(), "Dear Customer,")
        # control: a named complainant is addressed by name
        named = Complaint.create(self._complaint_vals())
        self.assertEqual(named._report_salutation(), "Dear Wang Fang,")

    def test_amounts_in_the_current_company_currency_in_any_order(self):
        hkd = self.env.ref("base.HKD")
        hkd.active = True
        branch = self.env["res.company"].create(
            {"name": "Hong Kong Branch", "currency_id": hkd.id}
        )
        Indicator = self.env["complaint.indicator"]
        # the screen may send the companies in any order
        for ids in ([branch.id, self.company.id], [self.company.id, branch.id]):
            with self.subTest(ids=ids):
                self.assertEqual(Indicator._figures_company(ids), self.company)
                review = self.env["complaint.review"].new({"company_ids": ids})
                self.assertIn(
                    self.company.currency_id.symbol,
                    review._format_value(100.0, "amount"),
                )
        # control: the branch alone is counted in its own currency
        self.assertEqual(Indicator._figures_company([branch.id]), branch)
        review = self.env["complaint.review"].new({"company_ids": [branch.id]})
        self.assertIn(hkd.symbol, review._format_value(100.0, "amount"))

    def test_a_review_printed_again_counts_the_company_month(self):
        self.company.resource_calendar_id.tz = "Asia/Shanghai"
        self.complaint_manager.tz = "Europe/Paris"
        review = self.env["complaint.management.review"].create(
            {
                "company_id": self.company.id,
                "date_from": date(2026, 3, 1),
                "date_to": date(2026, 3, 31),
            }
        )
        zones = []

        def render(report_self, report_ref, res_ids=None, data=None):
            zones.append(report_self.env.context.get("tz"))
            return b"%PDF-1.4", "pdf"

        with patch.object(
            type(self.env["ir.actions.report"]), "_render_qweb_pdf", render
        ):
            review.with_user(self.complaint_manager).with_context(
                tz="Europe/Paris"
            ).action_refresh_report()
        self.assertEqual(zones, ["Asia/Shanghai"], "not the manager's Paris")

    def test_resolved_in_time_after_a_merge_counts_in_the_figures(self):
        """The kept complaint's own resolution limit was stopped by the merge;
        the merged one's, reached in time, is what it was resolved against:
        the analysis counts it as the complaint's "Resolved in Time" does."""
        Complaint = self.env["complaint.complaint"]
        kept = Complaint.create(self._complaint_vals())
        merged = Complaint.create(self._complaint_vals(subject="Same kettle"))
        own = kept.sla_line_ids.filtered(lambda line: line.milestone == "resolution")
        own.write({"state": "stopped", "date_stopped": datetime(2026, 3, 2)})
        kept.write({"state": "closed", "date_closed": datetime(2026, 3, 3)})
        self.env.flush_all()
        row = self.env["complaint.report"].browse(kept.id)
        # control: no limit reached, not timed, nor listed as resolved late
        self.assertFalse(kept.sla_met)
        self.assertEqual(row.timed_count, 0)
        self.assertNotIn(kept, self._resolved_late())
        moved = merged.sla_line_ids.filtered(
            lambda line: line.milestone == "resolution"
        )
        moved.write(
            {
                "complaint_id": kept.id,
                "merged_from_id": merged.id,
                "state": "met",
                "date_reached": moved.date_start,
            }
        )
        self.assertTrue(kept.sla_met)
        self.env.flush_all()
        self.env.invalidate_all()
        row = self.env["complaint.report"].browse(kept.id)
        self.assertEqual(row.timed_count, 1)
        self.assertEqual(row.on_time_count, 1)
        self.assertNotIn(kept, self._resolved_late())

    def _resolved_late(self):
        """The complaints the "Resolved Late" filter lists."""
        arch = self.env["complaint.complaint"].get_views([(False, "search")])
        search = etree.fromstring(arch["views"]["search"]["arch"])
        domain = search.xpath("//filter[@name='filter_sla_late']")[0].get("domain")
        return self.env["complaint.complaint"].search(safe_eval(domain))

    def test_resolved_late_lists_what_the_figures_count_late(self):
        """The complaints the "Resolved Late" filter lists are the analysis's
        timed ones not resolved in time, and no other."""
        Complaint = self.env["complaint.complaint"]
        late, on_time, untimed = (
            Complaint.create(self._complaint_vals(subject=subject))
            for subject in ("Late", "On time", "No resolution limit")
        )
        for complaint, state in ((late, "breached"), (on_time, "met")):
            line = complaint.sla_line_ids.filtered(
                lambda line: line.milestone == "resolution"
            )
            line.write({"state": state, "date_reached": datetime(2026, 3, 3)})
        untimed.sla_line_ids.filtered(
            lambda line: line.milestone == "resolution"
        ).unlink()
        (late | on_time | untimed).write(
            {"state": "closed", "date_closed": datetime(2026, 3, 3)}
        )
        self.env.flush_all()
        rows = self.env["complaint.report"].browse((late | on_time | untimed).ids)
        counted_late = rows.filtered(lambda row: row.timed_count > row.on_time_count)
        self.assertEqual(counted_late.complaint_id, late)
        self.assertEqual(self._resolved_late() & (late | on_time | untimed), late)
