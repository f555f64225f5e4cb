from datetime import date, timedelta

from odoo import Command
from odoo.tests import new_test_user, tagged

from .test_complaint_indicator import IndicatorDataCommon


@tagged("post_install", "-at_install")
class TestComplaintIndicatorGuideline(IndicatorDataCommon):
    """The guideline's rows beyond the counts: the 12315 platform's figures
    and their on-time rate, and the set-up rows 1 to 4."""

    def test_odr_on_time_rate_uses_the_planned_deadline(self):
        """A 12315 case is on time when concluded on or before the deadline
        planned from its body's limit (10 working days on the company's
        calendar), without anyone typing a deadline."""
        complaint = self.env["complaint.complaint"].search(
            [("company_id", "=", self.company_a.id)], limit=1
        )
        report_back = {
            "negotiation_date": "2020-03-05",
            "negotiation_process": "Met the customer",
            "negotiation_method": "on_site",
            "negotiation_result": "Replacement agreed",
        }
        cases = self.env["complaint.external.case"].create(
            [
                {
                    "complaint_id": complaint.id,
                    "body": "12315",
                    "date_received": "2020-03-02",  # a Monday
                    "outcome": "settled",
                    "date_settled": date_settled,
                    **report_back,
                }
                for date_settled in ("2020-03-16", "2020-03-17")
            ]
        )
        self.assertEqual(cases.mapped("deadline"), [date(2020, 3, 16)] * 2)
        kpis = self._kpis(self._get("2020-03-01", "2020-03-31", self.company_a))
        # with the case of the set-up, settled on time: 2 of 3
        self.assertAlmostEqual(kpis["external_on_time_rate"]["current"], 2 / 3)
        # a case still pending past its deadline is already late: 2 of 4
        late = self.env["complaint.external.case"].create(
            {
                "complaint_id": complaint.id,
                "body": "12315",
                "date_received": "2020-03-02",
            }
        )
        self.assertEqual(late.deadline_state, "overdue")
        kpis = self._kpis(self._get("2020-03-01", "2020-03-31", self.company_a))
        self.assertAlmostEqual(kpis["external_on_time_rate"]["current"], 2 / 4)
        # the rate opens the cases it counts as on time, not its base
        action = self.env["complaint.indicator.dashboard"].action_open_figure(
            "kpi",
            "external_on_time_rate",
            "2020-03-01",
            "2020-03-31",
            self.company_a.ids,
        )
        opened = self.env["complaint.external.case"].search(action["domain"])
        self.assertEqual(len(opened), 2)
        self.assertIn(cases[0], opened)
        self.assertNotIn(cases[1], opened, "concluded a day late")
        self.assertNotIn(late, opened, "pending")
        # control: one pending within its deadline does not count yet
        late.deadline = date.today() + timedelta(days=30)
        self.assertEqual(late.deadline_state, "on_track")
        kpis = self._kpis(self._get("2020-03-01", "2020-03-31", self.company_a))
        self.assertAlmostEqual(kpis["external_on_time_rate"]["current"], 2 / 3)
        # concluded late once, re-opened and concluded within its new
        # deadline: late in the rate, and not among the cases it lists
        cases[1].action_reopen()
        cases[1].write(report_back)
        cases[1].action_settle()
        self.assertTrue(cases[1].was_late)
        self.assertLessEqual(cases[1].date_settled, cases[1].deadline)
        kpis = self._kpis(self._get("2020-03-01", "2020-03-31", self.company_a))
        self.assertAlmostEqual(kpis["external_on_time_rate"]["current"], 2 / 3)
        action = self.env["complaint.indicator.dashboard"].action_open_figure(
            "kpi",
            "external_on_time_rate",
            "2020-03-01",
            "2020-03-31",
            self.company_a.ids,
        )
        opened = self.env["complaint.external.case"].search(action["domain"])
        self.assertNotIn(cases[1], opened)

    def test_odr_figures_are_those_of_the_12315_platform(self):
        """Rows 7 to 9 of the guideline's table: a settled consumer-council
        case does not lift the 12315 settlement rate."""
        self.env["complaint.external.case"].create(
            {
                "complaint_id": self.env["complaint.complaint"]
                .search([("company_id", "=", self.company_a.id)], limit=1)
                .id,
                "body": "consumer_council",
                "date_received": "2020-03-15",
                "outcome": "settled",
                "date_settled": "2020-03-16",
                "consumer_score": 1.0,
            }
        )
        kpis = self._kpis(self._get("2020-03-01", "2020-03-31", self.company_a))
        self.assertEqual(kpis["external_count"]["current"], 3)
        self.assertEqual(kpis["external_12315_count"]["current"], 1)
        self.assertEqual(kpis["external_12315_count"]["number"], 5)
        self.assertEqual(kpis["external_12345_count"]["current"], 0)
        self.assertAlmostEqual(kpis["external_settlement_rate"]["current"], 1.0)
        self.assertAlmostEqual(kpis["external_score"]["current"], 4.0)
        numbered = [
            row["number"]
            for row in self._get("2020-03-01", "2020-03-31", self.company_a)["kpis"]
            if row["number"]
        ]
        self.assertEqual(numbered, list(range(5, 14)))

    def test_setup_indicators_read_the_companies_set_up(self):
        Setup = self.env["complaint.setup.indicator"]
        self.company_b.write(
            {"complaint_representative_id": False, "complaint_policy_date": False}
        )

        def values(companies):
            return {row["key"]: row["value"] for row in Setup._get_rows(companies.ids)}

        self.assertEqual(
            [row["number"] for row in Setup._get_rows(self.company_b.ids)], [1, 2, 3, 4]
        )
        before = values(self.company_b)
        self.assertTrue(before["setup_unit"], "Team B is company B's unit")
        self.assertFalse(before["setup_representative"])
        self.assertFalse(before["setup_policy"])
        self.company_b.write(
            {
                "complaint_representative_id": self.env.user.id,
                "complaint_policy_date": "2020-01-15",
            }
        )
        after = values(self.company_b)
        self.assertTrue(after["setup_representative"])
        self.assertTrue(after["setup_policy"])
        # a selection passes only when every company in it does
        self.company_a.complaint_policy_date = False
        self.assertFalse(values(self.company_a | self.company_b)["setup_policy"])
        # staff at each level: a manager, a specialist and a frontline user
        groups = "complaint_management.complaint_management_group_%s"
        staff = {
            level: new_test_user(
                self.env,
                login=f"setup_{level}",
                groups=groups % level,
                company_id=self.company_b.id,
                company_ids=[Command.set(self.company_b.ids)],
            )
            for level in ("manager", "officer", "user")
        }
        self.assertEqual(
            Setup._staff_counts(self.company_b.ids),
            {"managers": 1, "specialists": 1, "frontline": 1},
        )
        self.assertTrue(values(self.company_b)["setup_staff"])
        # a company without staff of its own fails the selection it is in
        empty = self.env["res.company"].create({"name": "No Staff Ltd"})
        self.assertFalse(values(self.company_b | empty)["setup_staff"])
        # control: without its frontline user, company B's staff is incomplete
        staff["user"].active = False
        self.assertFalse(values(self.company_b)["setup_staff"])
