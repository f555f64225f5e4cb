import json
import re

from odoo.exceptions import AccessError
from odoo.tests import tagged

from odoo.addons.complaint_management.tests.common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestSpreadsheetDashboard(ComplaintCommon):
    """The Complaints dashboard of the Dashboards app reads fields that exist:
    a renamed measure would show #ERROR in every cell using it."""

    def setUp(self):
        super().setUp()
        self.dashboard = self.env.ref(
            "complaint_reports.spreadsheet_dashboard_complaints"
        )
        self.data = json.loads(self.dashboard.spreadsheet_data)

    def _check_fields(self, model, names):
        fields = self.env[model]._fields
        for name in names:
            with self.subTest(model=model, field=name):
                base = name.split(":")[0].split(".")[0]
                self.assertIn(base, fields)

    def test_pivots_and_charts_read_existing_fields(self):
        self.assertTrue(self.data["pivots"])
        for pivot in self.data["pivots"].values():
            self._check_fields(
                pivot["model"],
                [m["fieldName"] for m in pivot["measures"]]
                + [row["fieldName"] for row in pivot["rows"]],
            )
            for matching in pivot["fieldMatching"].values():
                self._check_fields(pivot["model"], [matching["chain"]])
        charts = [
            figure["data"]
            for sheet in self.data["sheets"]
            for figure in sheet["figures"]
            if figure["data"].get("metaData")
        ]
        self.assertEqual(len(charts), 5)
        for chart in charts:
            meta = chart["metaData"]
            measure = [] if meta["measure"] == "__count" else [meta["measure"]]
            self._check_fields(meta["resModel"], meta["groupBy"] + measure)
            for matching in chart["fieldMatching"].values():
                if matching:
                    self._check_fields(meta["resModel"], [matching["chain"]])
        # every global filter is matched by every pivot and chart
        filters = {f["id"] for f in self.data["globalFilters"]}
        for source in [*self.data["pivots"].values(), *charts]:
            self.assertEqual(set(source["fieldMatching"]), filters)
        # but the period: the open complaints' time limits are the whole
        # backlog, whenever a complaint was received (an old one still open
        # is the most overdue); the other charts count the period's
        period = next(
            f["id"] for f in self.data["globalFilters"] if f["type"] == "date"
        )
        for chart in charts:
            unmatched = not chart["fieldMatching"][period]
            with self.subTest(chart=chart["metaData"]["groupBy"]):
                self.assertEqual(
                    unmatched, chart["metaData"]["groupBy"] == ["sla_state"]
                )

    def test_a_parent_category_counts_its_children(self):
        """Complaints are filed under subcategories: a filter on "Product"
        without its children counted almost nothing."""
        relations = {
            f["modelName"]: f
            for f in self.data["globalFilters"]
            if f["type"] == "relation"
        }
        self.assertTrue(self.env["complaint.category"]._parent_store)
        self.assertTrue(relations["complaint.category"].get("includeChildren"))
        # control: a company's complaints are its own, not its branches'
        self.assertFalse(relations["res.company"].get("includeChildren"))

    def test_a_chart_s_link_opens_what_the_chart_counts(self):
        """The heading above a chart opens its records: the spill-over cases'
        link listed those of cancelled complaints, which the bars leave out."""
        links = {}
        for sheet in self.data["sheets"]:
            for cell in sheet["cells"].values():
                match = re.search(r"\(odoo://view/(.*)\)$", cell.get("content") or "")
                if match:
                    action = json.loads(match.group(1))["action"]
                    key = (action["modelName"], tuple(action["context"]["group_by"]))
                    links[key] = action["domain"]
        checked = 0
        for sheet in self.data["sheets"]:
            for figure in sheet["figures"]:
                meta = figure["data"].get("metaData")
                key = meta and (meta["resModel"], tuple(meta["groupBy"]))
                if key in links:
                    with self.subTest(chart=key):
                        self.assertEqual(
                            links[key], figure["data"]["searchParams"]["domain"]
                        )
                    checked += 1
        self.assertGreaterEqual(checked, 3, "the links and charts were found")

    def test_complaint_managers_only(self):
        snapshot = self.dashboard.with_user(
            self.complaint_manager
        ).get_readonly_dashboard()
        self.assertIn("snapshot", snapshot)
        self.assertIn(
            self.dashboard,
            self.env["spreadsheet.dashboard"]
            .with_user(self.complaint_manager)
            .search([]),
        )
        # control: a frontline user is not offered it
        with self.assertRaises(AccessError):
            self.dashboard.with_user(self.complaint_user).check_access("read")
