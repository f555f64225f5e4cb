from datetime import date, datetime

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import ComplaintReportCommon


class IndicatorDataCommon(ComplaintReportCommon):
    """Indicators of March 2020 and February 2020 on a hand-built data set.

    Company A, March 2020 (the period):
      c1 cat X, phone, P1, 02 Mar 08:00 -> closed 04 Mar 08:00 (48 h), accepted,
         rated 5, resolution in time
      c2 cat X, email, P1, 10 Mar 10:00 -> closed 10 Mar 22:00 (12 h), rated 2,
         resolution late, reopened once
      c3 cat Y, phone, no product, 20 Mar, open, 12315 case settled in time
         (score 4)
      c4 cat X, phone, P1, 31 Mar 23:30, proposal rejected, escalated, media
         case pending
      cancelled (cat X, March) and 01 Apr 00:00 are left out
      5 confirmed sales orders (and a quotation) in March
    Company A, February 2020 (the previous period):
      p1 cat Y, phone, 05 Feb -> closed 06 Feb (24 h), accepted, rated 4, in time
      p2 cat X, email, P1, 28 Feb 23:59, open, 12315 case not settled, late
      no sales order
    Company B, March 2020: b1, cat X, phone, closed, accepted.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tz="UTC"))
        cls.company_a = cls.env.company
        cls.company_b = cls.env["res.company"].create({"name": "Complaints B Ltd"})
        cls.company_b.complaint_batch_count = 1000
        # the figures count the days where the companies work: in UTC here
        (cls.company_a | cls.company_b).resource_calendar_id.tz = "UTC"
        cls.cat_x = cls.category
        cls.cat_y = cls.env.ref(
            "complaint_management.complaint_category_annex_late_delivery"
        )
        cls.product = cls.env["product.product"].create({"name": "Kettle K1"})
        cls.team_b = cls.env["complaint.team"].create(
            {"name": "Team B", "company_id": cls.company_b.id}
        )
        phone, email = cls.channel_phone, cls.channel_email
        c1 = cls._make(
            "2020-03-02 08:00:00",
            cat=cls.cat_x,
            channel=phone,
            product=True,
            state="closed",
            date_closed="2020-03-04 08:00:00",
            decision="accepted",
        )
        c2 = cls._make(
            "2020-03-10 10:00:00",
            cat=cls.cat_x,
            channel=email,
            product=True,
            state="closed",
            date_closed="2020-03-10 22:00:00",
            reopen_count=1,
        )
        c3 = cls._make("2020-03-20 09:00:00", cat=cls.cat_y, channel=phone)
        c4 = cls._make(
            "2020-03-31 23:30:00",
            cat=cls.cat_x,
            channel=phone,
            product=True,
            state="rejected",
            decision="rejected",
            rejection_reason="Too little",
        )
        cls._make(
            "2020-03-15 09:00:00", cat=cls.cat_x, channel=phone, state="cancelled"
        )
        cls._make("2020-04-01 00:00:00", cat=cls.cat_x, channel=phone)
        p1 = cls._make(
            "2020-02-05 08:00:00",
            cat=cls.cat_y,
            channel=phone,
            state="closed",
            date_closed="2020-02-06 08:00:00",
            decision="accepted",
        )
        p2 = cls._make(
            "2020-02-28 23:59:00", cat=cls.cat_x, channel=email, product=True
        )
        cls._make(
            "2020-03-15 09:00:00",
            cat=cls.cat_x,
            channel=phone,
            state="closed",
            date_closed="2020-03-16 09:00:00",
            decision="accepted",
            company=cls.company_b,
            team=cls.team_b,
        )
        cls._rate(c1, 5)
        cls._rate(c2, 2)
        cls._rate(p1, 4)
        c4._escalate(reason="Customer threatens the media")
        Case = cls.env["complaint.external.case"]
        Case.create(
            [
                {
                    "complaint_id": c3.id,
                    "body": "12315",
                    "date_received": "2020-03-25",
                    "deadline": "2020-03-30",
                    "outcome": "settled",
                    "date_settled": "2020-03-28",
                    "consumer_score": 4.0,
                    # what the 12315 platform asks back before settling
                    "negotiation_date": "2020-03-27",
                    "negotiation_process": "Called the customer",
                    "negotiation_method": "phone",
                    "negotiation_result": "Refund agreed",
                },
                {
                    "complaint_id": c4.id,
                    "body": "media",
                    "date_received": "2020-03-31",
                },
                {
                    "complaint_id": p2.id,
                    "body": "12315",
                    "date_received": "2020-02-28",
                    "deadline": "2020-03-01",
                    "outcome": "not_settled",
                    "date_settled": "2020-03-05",
                },
            ]
        )
        # The time-limit outcome is the SLA engine's business (tested there);
        # here it is set as the engine leaves it on resolved complaints.
        cls._set_sla(c1 | p1, "met", True)
        cls._set_sla(c2, "met_late", False)
        cls._make_orders("2020-03-", 5, cls.company_a)
        cls._make_orders("2020-03-", 1, cls.company_a, confirm=False)

    @classmethod
    def _make(
        cls, received, cat, channel, product=False, company=None, team=None, **vals
    ):
        values = {
            "subject": f"Complaint of {received}",
            "partner_id": cls.customer.id,
            "category_id": cat.id,
            "channel_id": channel.id,
            "team_id": (team or cls.team).id,
            "company_id": (company or cls.company_a).id,
            "date_received": received,
            "product_ids": [(6, 0, cls.product.ids)] if product else [],
        }
        state = vals.pop("state", "new")
        complaint = cls.env["complaint.complaint"].create(values)
        # Status and dates as the workflow leaves them, without running it.
        complaint.write(dict(vals, state=state))
        return complaint

    @classmethod
    def _rate(cls, complaint, value):
        token = complaint._rating_get_access_token()
        complaint.rating_apply(value, token=token)

    @classmethod
    def _set_sla(cls, complaints, state, met):
        cls.env.flush_all()
        cls.env.cr.execute(
            "UPDATE complaint_complaint SET sla_state = %s, sla_met = %s "
            "WHERE id IN %s",
            (state, met, tuple(complaints.ids)),
        )
        cls.env.invalidate_all()

    @classmethod
    def _make_orders(cls, month, count, company, confirm=True):
        partner = cls.env["res.partner"].create({"name": "Buyer"})
        product = cls.env["product.product"].create({"name": "Item", "list_price": 10})
        for day in range(1, count + 1):
            order = (
                cls.env["sale.order"]
                .with_company(company)
                .create(
                    {
                        "partner_id": partner.id,
                        "company_id": company.id,
                        "order_line": [(0, 0, {"product_id": product.id})],
                    }
                )
            )
            if confirm:
                order.action_confirm()
            order.date_order = datetime.fromisoformat(f"{month}{day:02d} 12:00:00")

    def _get(self, date_from, date_to, companies):
        return self.env["complaint.indicator"]._get_indicators(
            date_from, date_to, companies.ids
        )

    def _kpis(self, result):
        return {row["key"]: row for row in result["kpis"]}


@tagged("post_install", "-at_install")
class TestComplaintIndicator(IndicatorDataCommon):
    """The figures of a period beside its previous one: counts, rates and
    shares, per company and in the user's time zone."""

    def test_period_and_previous_figures(self):
        result = self._get("2020-03-01", "2020-03-31", self.company_a)
        self.assertEqual(
            result["periods"],
            {
                "current": (date(2020, 3, 1), date(2020, 3, 31)),
                "previous": (date(2020, 2, 1), date(2020, 2, 29)),
            },
        )
        kpis = self._kpis(result)
        expected = {
            # key: (current, previous, change)
            "count": (4, 2, 2),
            "order_count": (5, 0, 5),
            "complaint_rate": (0.8, None, None),
            "timeliness_rate": (0.5, 1.0, -0.5),
            "satisfaction_rate": (0.5, 1.0, -0.5),
            "settlement_rate": (0.5, 0.5, 0.0),
            "resolution_rate": (0.5, 0.5, 0.0),
            "avg_handling_hours": (30.0, 24.0, 6.0),
            "escalated": (1, 0, 1),
            "reopened": (1, 0, 1),
            "external_count": (2, 1, 1),
            "external_settlement_rate": (1.0, 0.0, 1.0),
            "external_on_time_rate": (1.0, 0.0, 1.0),
            "external_score": (4.0, None, None),
        }
        for key, (current, previous, change) in expected.items():
            row = kpis[key]
            with self.subTest(indicator=key):
                for got, want in (
                    (row["current"], current),
                    (row["previous"], previous),
                    (row["change"], change),
                ):
                    if want is None:
                        self.assertIsNone(got)
                    else:
                        self.assertAlmostEqual(got, want)

    def test_shares_top_problems_and_spill_over(self):
        result = self._get("2020-03-01", "2020-03-31", self.company_a)
        by_category = {
            row["record"]: (row["current"], row["current_share"], row["previous"])
            for row in result["by_category"]
        }
        self.assertEqual(
            by_category, {self.cat_x: (3, 0.75, 1), self.cat_y: (1, 0.25, 1)}
        )
        by_channel = {
            row["record"]: (row["current"], row["previous"], row["change"])
            for row in result["by_channel"]
        }
        self.assertEqual(
            by_channel,
            {self.channel_phone: (3, 1, 2), self.channel_email: (1, 1, 0)},
        )
        self.assertEqual(
            [
                (row["category"], row["product"], row["current"], row["previous"])
                for row in result["top_problems"]
            ],
            [(self.cat_x, self.product, 3, 1)],
            "only the problem seen twice or more in the period recurs",
        )
        self.assertEqual(
            [
                (row["body"], row["current"], row["previous"])
                for row in result["spill_over"]
            ],
            [("12315", 1, 1), ("media", 1, 0)],
        )

    def test_a_bodys_name_is_the_counted_companys(self):
        """Each company names its own 12315 office: the figures of company B,
        read from company A (the monthly review runs there), name B's."""
        Body = self.env["complaint.external.body"]
        for company, name in (
            (self.company_a, "上海12315"),
            (self.company_b, "北京12315"),
        ):
            Body.create({"name": name, "code": "12315", "company_id": company.id})
        figures = {"external_by_body": {"12315": 2}}
        Indicator = self.env["complaint.indicator"].with_company(self.company_a)
        rows = Indicator._spill_over_rows(figures, figures, self.company_b)
        self.assertEqual([row["name"] for row in rows], ["北京12315"])
        # control: company A's figures name A's
        rows = Indicator._spill_over_rows(figures, figures, self.company_a)
        self.assertEqual([row["name"] for row in rows], ["上海12315"])

    def test_empty_period_divides_by_nothing(self):
        result = self._get("2019-06-01", "2019-06-30", self.company_a)
        kpis = self._kpis(result)
        for key in (
            "complaint_rate",
            "timeliness_rate",
            "satisfaction_rate",
            "settlement_rate",
            "resolution_rate",
            "avg_handling_hours",
            "external_settlement_rate",
            "external_on_time_rate",
            "external_score",
        ):
            self.assertIsNone(kpis[key]["current"], key)
            self.assertIsNone(kpis[key]["change"], key)
        self.assertEqual(kpis["count"]["current"], 0)
        self.assertFalse(result["by_category"] or result["top_problems"])
        self.assertFalse(result["spill_over"])

    def test_the_screen_refuses_a_period_out_of_range_with_a_message(self):
        """A year typed into the screen's From date is 0202 a moment: a
        message, not a traceback; nor does a period end in year 9999."""
        Dashboard = self.env["complaint.indicator.dashboard"]
        for date_from, date_to in (
            ("0202-03-01", "2020-03-31"),
            ("2020-03-01", "9999-12-31"),
            ("2020-04-01", "2020-03-31"),
            # compared with the period before, which would start before year 1
            ("2000-01-01", "4500-12-31"),
            ("2000-01-05", "4500-12-31"),
        ):
            with self.assertRaises(ValidationError, msg=date_from):
                Dashboard.get_data(date_from=date_from, date_to=date_to)
            with self.assertRaises(ValidationError, msg=date_from):
                Dashboard.action_open_figure(
                    "kpi", "count", date_from, date_to, self.company_a.ids
                )
        # control: a period of the range is shown
        data = Dashboard.get_data(date_from="2020-03-01", date_to="2020-03-31")
        self.assertTrue(data)

    def test_the_figures_called_directly_refuse_a_bad_period_with_a_message(self):
        """Any complaint user calls the figures over JSON-RPC with what they
        like: a message, not a traceback, nor figures of a reversed period."""
        Indicator = self.env["complaint.indicator"]
        Improvement = self.env["complaint.improvement.indicator"]
        companies = self.company_a.ids
        for date_from, date_to in (
            ("0001-01-01", "0001-01-31"),
            ("2020-01-01", "9999-12-31"),
            ("9999-12-01", "9999-12-31"),
            ("2020-03-31", "2020-03-01"),
            (None, None),
            ("soon", "2020-03-31"),
            (5, "2020-03-31"),
        ):
            with self.subTest(period=(date_from, date_to)):
                with self.assertRaises(ValidationError):
                    Indicator._get_indicators(date_from, date_to, companies)
                with self.assertRaises(ValidationError):
                    Improvement.get_figures(date_from, date_to, companies)
        # control: a period of the range is counted, the last centuries too
        # (its century's check counted forward past the year 9999: an error)
        for date_from, date_to in (
            ("2020-03-01", "2020-03-31"),
            ("9950-01-01", "9950-01-31"),
        ):
            self.assertTrue(Indicator._get_indicators(date_from, date_to, companies))
            self.assertTrue(Improvement.get_figures(date_from, date_to, companies))

    def test_a_figure_the_screen_does_not_send_is_refused_with_a_message(self):
        Dashboard = self.env["complaint.indicator.dashboard"]
        period = ("2020-03-01", "2020-03-31", self.company_a.ids)
        for figure, value in (
            ("kpi", None),
            ("kpi", 5),
            ("problem", 7),
            ("problem", "x"),
            ("problem", [1, 2, 3]),
            ("improvement", "nope"),
            ("month", "garbage"),
            ("month", "0001-01-01"),
            ("month", "2020-03-15"),
            ("category", "1"),
            ("nothing", 1),
        ):
            with self.subTest(figure=figure, value=value):
                with self.assertRaises(UserError):
                    Dashboard.action_open_figure(figure, value, *period)
        # control: the screen's own figures open their lists
        for figure, value in (
            ("kpi", "count"),
            ("month", "2020-03-01"),
            ("month", "2019-10-01"),
            ("category", False),
            ("category", self.env["complaint.category"].search([], limit=1).id),
            ("problem", [False, False]),
            ("body", "12315"),
        ):
            with self.subTest(figure=figure, value=value):
                action = Dashboard.action_open_figure(figure, value, *period)
                self.assertIn(action["type"], ("ir.actions.act_window",))

    def test_companies_are_kept_apart(self):
        only_b = self._kpis(self._get("2020-03-01", "2020-03-31", self.company_b))
        self.assertEqual(only_b["count"]["current"], 1)
        self.assertEqual(only_b["settlement_rate"]["current"], 1.0)
        self.assertEqual(only_b["external_count"]["current"], 0)
        self.assertEqual(only_b["order_count"]["current"], 0)
        both = self._kpis(
            self._get("2020-03-01", "2020-03-31", self.company_a | self.company_b)
        )
        self.assertEqual(both["count"]["current"], 5)
        self.assertAlmostEqual(both["settlement_rate"]["current"], 3 / 5)

    def test_amounts_of_other_currencies_are_converted(self):
        """Two companies of two currencies: the total remedy amount is in the
        first company's currency at Odoo's rate, not the two added as one."""
        own = self.company_a.currency_id
        euro, dollar = self.env.ref("base.EUR"), self.env.ref("base.USD")
        other = euro if own != euro else dollar
        other.active = True
        self.company_b.currency_id = other
        # the rate of the period's last day, not the one of the day after
        self.env["res.currency.rate"].create(
            [
                {
                    "name": day,
                    "currency_id": other.id,
                    "rate": rate,
                    "company_id": self.company_a.id,
                }
                for day, rate in (("2020-03-31", 0.5), ("2020-04-01", 0.25))
            ]
        )
        Complaint = self.env["complaint.complaint"]
        in_a = Complaint.search([("subject", "=", "Complaint of 2020-03-02 08:00:00")])
        in_b = Complaint.search([("company_id", "=", self.company_b.id)])
        compensation = self.env["complaint.remedy.type"].search(
            [("code", "=", "compensation")], limit=1
        )
        remedies = self.env["complaint.remedy"].create(
            [
                {"complaint_id": in_a.id, "type_id": compensation.id, "amount": 50},
                {"complaint_id": in_a.id, "type_id": compensation.id, "amount": 7},
                {"complaint_id": in_b.id, "type_id": compensation.id, "amount": 100},
            ]
        )
        # given: the remedies carried out (50 and 100); 7 only offered
        (remedies[0] | remedies[2])._workflow_write({"state": "done"})
        self.env.flush_all()
        converted = other._convert(100, own, self.company_a, date(2020, 3, 31))
        self.assertNotAlmostEqual(converted, 100)
        both = self._kpis(
            self._get("2020-03-01", "2020-03-31", self.company_a | self.company_b)
        )
        self.assertAlmostEqual(both["remedy_amount"]["current"], 57 + converted)
        self.assertAlmostEqual(both["remedy_amount_done"]["current"], 50 + converted)
        # control: one company, its own amounts
        only_a = self._kpis(self._get("2020-03-01", "2020-03-31", self.company_a))
        self.assertEqual(only_a["remedy_amount"]["current"], 57)
        self.assertEqual(only_a["remedy_amount_done"]["current"], 50)
        # the analysis (pivot, graph, list totals): in the current
        # company's currency at today's rate, for the manager as for the
        # screen
        manager = self.env["res.users"].create(
            {
                "name": "Analysis reader",
                "login": "analysis_reader",
                "company_id": self.company_a.id,
                "company_ids": [(6, 0, (self.company_a | self.company_b).ids)],
                "groups_id": [
                    (
                        6,
                        0,
                        [
                            self.env.ref("base.group_user").id,
                            self.env.ref(
                                "complaint_management.complaint_management_group_manager"
                            ).id,
                        ],
                    )
                ],
            }
        )
        today = other._convert(100, own, self.company_a, date.today())
        self.assertNotAlmostEqual(today, converted)
        Report = (
            self.env["complaint.report"]
            .with_user(manager)
            .with_context(allowed_company_ids=(self.company_a | self.company_b).ids)
        )
        domain = [("complaint_id", "in", (in_a | in_b).ids)]
        [(currency, offered, given)] = Report._read_group(
            domain,
            [],
            ["currency_id:array_agg", "remedy_amount:sum", "remedy_amount_done:sum"],
        )
        self.assertEqual(set(currency), {own.id})
        self.assertAlmostEqual(offered, 57 + today)
        self.assertAlmostEqual(given, 50 + today)
        row_b = Report.search([("complaint_id", "=", in_b.id)])
        self.assertEqual(row_b.currency_id, own)
        self.assertAlmostEqual(row_b.remedy_amount, today)
        # a context no screen sends: the reader's own company and today
        for forged in (
            {"complaint_report_currency_company": "x"},
            {"complaint_report_currency_date": "soon"},
        ):
            with self.subTest(context=forged):
                [(total,)] = Report.with_context(**forged)._read_group(
                    domain, [], ["remedy_amount:sum"]
                )
                self.assertAlmostEqual(total, 57 + today)
        # control: read from company B, the amounts are B's currency
        in_b_currency = Report.with_context(
            allowed_company_ids=(self.company_b | self.company_a).ids
        )._read_group(domain, [], ["remedy_amount:sum"])[0][0]
        self.assertAlmostEqual(
            in_b_currency, 100 + own._convert(57, other, self.company_b, date.today())
        )

    def test_period_is_counted_where_the_company_works(self):
        # 31 Mar 23:30 UTC is 1 Apr 07:30 in Shanghai: out of March there,
        # for a reader in Paris as for the monthly review
        self.company_a.resource_calendar_id.tz = "Asia/Shanghai"
        indicator = self.env["complaint.indicator"].with_context(tz="Europe/Paris")
        result = indicator._get_indicators(
            "2020-03-01", "2020-03-31", self.company_a.ids
        )
        self.assertEqual(self._kpis(result)["count"]["current"], 3)
        # control: a company working on UTC counts it in March
        self.company_a.resource_calendar_id.tz = "UTC"
        result = indicator._get_indicators(
            "2020-03-01", "2020-03-31", self.company_a.ids
        )
        self.assertEqual(self._kpis(result)["count"]["current"], 4)

    def test_previous_period_of_days(self):
        previous = self.env["complaint.indicator"]._previous_period(
            date(2020, 3, 10), date(2020, 3, 16)
        )
        self.assertEqual(previous, (date(2020, 3, 3), date(2020, 3, 9)))
