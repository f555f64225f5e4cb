from odoo.tests import tagged
from odoo.tools import SQL

from .test_complaint_indicator import IndicatorDataCommon


@tagged("post_install", "-at_install")
class TestComplaintIndicatorRecords(IndicatorDataCommon):
    """The records behind the figures: the analysis report's rows, what each
    figure of the screen opens, and an erasure leaving the figures as they
    were."""

    def test_analysis_measures(self):
        Report = self.env["complaint.report"]
        rows = Report._read_group(
            [
                ("company_id", "=", self.company_a.id),
                ("date_received", ">=", "2020-03-01"),
                ("date_received", "<", "2020-04-01"),
            ],
            ["date_received:month", "category_id"],
            ["complaint_count:sum", "hours_to_close:avg", "settled_count:sum"],
        )
        self.assertEqual(
            {
                (category, count, hours, settled)
                for _m, category, count, hours, settled in rows
            },
            {(self.cat_x, 3, 30.0, 1), (self.cat_y, 1, 0.0, 1)},
        )
        line = Report.search(
            [("complaint_id.date_received", "=", "2020-03-02 08:00:00")]
        )
        self.assertEqual(line.product_id, self.product)
        self.assertEqual(line.product_categ_id, self.product.categ_id)
        self.assertTrue(line.is_settled and line.sla_met and line.is_rated)
        # a complaint without a decision is not settled: false, not unknown
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "SELECT COUNT(*) FILTER (WHERE is_settled IS NULL),"
                " COUNT(*) FILTER (WHERE NOT is_settled) FROM %s AS report",
                Report._table_sql,
            )
        )
        unknown, unsettled = self.env.cr.fetchone()
        self.assertEqual(unknown, 0)
        self.assertTrue(unsettled)
        self.assertEqual(line.rating, 5)

    def test_each_figure_opens_what_it_counts(self):
        Screen = self.env["complaint.indicator.dashboard"]
        period = ("2020-03-01", "2020-03-31", self.company_a.ids)
        data = Screen.get_data(*period)
        kpis = {row["key"]: row for row in data["kpis"]}
        self.assertEqual(kpis["count"]["value"], "4")
        self.assertEqual(kpis["settlement_rate"]["value"], "50.0 %")
        self.assertEqual(kpis["settlement_rate"]["direction"], "")
        self.assertEqual(kpis["complaint_rate"]["direction"], "")
        self.assertEqual(kpis["escalated"]["direction"], "worse")

        def opened(figure, value):
            action = Screen.action_open_figure(figure, value, *period)
            return self.env[action["res_model"]].search_count(action["domain"])

        expected = [
            # a figure, and how many records it counts
            (("kpi", "count"), 4),
            (("kpi", "settlement_rate"), 2),
            (("kpi", "timeliness_rate"), 1),
            (("kpi", "satisfaction_rate"), 1),
            (("kpi", "resolution_rate"), 2),
            (("kpi", "escalated"), 1),
            (("kpi", "reopened"), 1),
            (("kpi", "external_count"), 2),
            (("kpi", "external_12315_count"), 1),
            (("kpi", "external_settlement_rate"), 1),
            (("category", self.cat_x.id), 3),
            (("channel", self.channel_phone.id), 3),
            (("month", "2020-03-01"), 4),
            (("month", "2020-02-01"), 2),
            (("problem", [self.cat_x.id, self.product.id]), 3),
            (("body", "media"), 1),
        ]
        for (figure, value), count in expected:
            with self.subTest(figure=figure, value=value):
                self.assertEqual(opened(figure, value), count)
        # the period's own last month: its bar stops at the period's end
        action = Screen.action_open_figure(
            "month", "2020-03-01", "2020-03-01", "2020-03-15", self.company_a.ids
        )
        self.assertEqual(
            self.env["complaint.complaint"].search_count(action["domain"]), 2
        )
        # the figures of the screen are those of the category share
        category = {row["id"]: row["current"] for row in data["by_category"]}
        self.assertEqual(category[self.cat_x.id], 3)
        # both companies when both are asked for, never one the user lacks
        both = Screen.action_open_figure(
            "kpi",
            "count",
            "2020-03-01",
            "2020-03-31",
            self.company_a.ids + self.company_b.ids,
        )
        self.assertEqual(
            self.env["complaint.complaint"].search_count(both["domain"]), 5
        )
        stranger = self.env["res.company"].create({"name": "Not Mine Ltd"})
        user = self.complaint_manager
        user.company_ids = self.company_a
        own = Screen.with_user(user).action_open_figure(
            "kpi", "count", "2020-03-01", "2020-03-31", stranger.ids
        )
        self.assertIn(("company_id", "in", self.company_a.ids), own["domain"])

    def test_erasure_keeps_the_indicators(self):
        """A complainant's erasure request (PIPL) de-identifies their closed
        complaints; every figure stays as it was."""

        def figures():
            return {
                companies: {
                    key: (row["current"], row["previous"])
                    for key, row in self._kpis(
                        self._get("2020-03-01", "2020-03-31", companies)
                    ).items()
                }
                for companies in (self.company_a, self.company_b)
            }

        before = figures()
        request = self.env["complaint.privacy.request"].create(
            {"partner_id": self.customer.id, "request_type": "deletion"}
        )
        request.action_erase()
        erased = self.env["complaint.complaint"].search(
            [
                ("is_deidentified", "=", True),
                ("subject", "=", "De-identified complaint"),
            ]
        )
        self.assertTrue(erased, "closed complaints were de-identified")
        self.assertIn("still being handled", request.outcome)
        self.assertEqual(figures(), before)

    def test_screen_offers_the_companies_active_in_the_switcher(self):
        """A user of two companies with one active in the switcher gets that
        one's figures, whatever the screen asks for: the other's would be
        half-read (its complaints hidden by the record rules, its company
        refused)."""
        user = self.env["res.users"].create(
            {
                "name": "Two Companies Manager",
                "login": "two_companies_manager",
                "company_id": self.company_a.id,
                "company_ids": [(6, 0, (self.company_a | self.company_b).ids)],
                "groups_id": [
                    (
                        4,
                        self.env.ref(
                            "complaint_management.complaint_management_group_manager"
                        ).id,
                    )
                ],
            }
        )
        period = ("2020-03-01", "2020-03-31")
        Screen = self.env["complaint.indicator.dashboard"].with_user(user)
        only_a = Screen.with_context(allowed_company_ids=self.company_a.ids)
        data = only_a.get_data(*period, (self.company_a | self.company_b).ids)
        self.assertEqual([c["id"] for c in data["companies"]], self.company_a.ids)
        kpis = {row["key"]: row for row in data["kpis"]}
        self.assertEqual(kpis["count"]["value"], "4", "company A's complaints only")
        # control: both active in the switcher, both are offered and counted
        both = Screen.with_context(
            allowed_company_ids=(self.company_a | self.company_b).ids
        ).get_data(*period, (self.company_a | self.company_b).ids)
        self.assertEqual(len(both["companies"]), 2)
        kpis = {row["key"]: row for row in both["kpis"]}
        self.assertEqual(kpis["count"]["value"], "5")

    def test_trend_months_read_as_the_language_writes_them(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        Screen = self.env["complaint.indicator.dashboard"]
        period = ("2020-03-01", "2020-03-31", self.company_a.ids)
        months = {
            lang: {
                row["month"]: row["label"]
                for row in Screen.with_context(lang=lang).get_data(*period)["trend"]
            }
            for lang in ("en_US", "zh_CN")
        }
        self.assertEqual(months["en_US"]["2020-03-01"], "Mar 2020")
        self.assertEqual(months["zh_CN"]["2020-03-01"], "2020年3月")

    def test_timeliness_counts_complaints_with_a_resolution_limit(self):
        """Resolved in time is measured against a reached resolution limit: a
        complaint closed without one (its rule sets none) is not in the
        denominator; a limit moved in by a merge measures nothing here."""
        Report = self.env["complaint.report"]
        line = Report.search(
            [("complaint_id.date_received", "=", "2020-03-02 08:00:00")]
        )
        complaint = line.complaint_id
        self.assertEqual((line.timed_count, line.on_time_count), (1, 1))
        lines = complaint.sla_line_ids.sudo()
        first_response = lines.filtered(lambda ln: ln.milestone == "first_response")
        self.assertTrue(first_response.date_reached)
        hours = line.hours_to_first_response
        # a limit a merge moved in: the merged complaint's, not this one's
        self.env.cr.execute(
            "UPDATE complaint_sla_line SET merged_from_id = %s WHERE id IN %s",
            [complaint.id, tuple(first_response.ids)],
        )
        # no resolution limit reached on it (its rule set none)
        self.env.cr.execute(
            "DELETE FROM complaint_sla_line WHERE id IN %s",
            [tuple(lines.filtered(lambda ln: ln.milestone == "resolution").ids)],
        )
        self.env.invalidate_all()
        line = Report.search([("complaint_id", "=", complaint.id)])
        self.assertTrue(line.sla_state, "the complaint still has a time-limit status")
        self.assertEqual((line.timed_count, line.on_time_count), (0, 0))
        self.assertNotEqual(line.hours_to_first_response, hours)
