from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from freezegun import freeze_time
from lxml import html

from odoo.exceptions import ValidationError
from odoo.tests import HttpCase, TransactionCase, tagged


class StatisticsData:
    """A company of its own (no demo complaints) and its categories: one under
    a parent, so the names shown are the display names."""

    @classmethod
    def _setup_statistics_company(cls, tz):
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.stats_company = cls.env["res.company"].create(
            {"name": "Statistics Co", "complaint_statistics_min_count": 2}
        )
        # where it works: its calendar's zone (its contact has none)
        cls.stats_company.resource_calendar_id.tz = tz
        cls.stats_company.partner_id.tz = False
        Category = cls.env["complaint.category"]
        products = Category.create({"name": "Stat Products"})
        cls.cat_broken = Category.create(
            {"name": "Broken on arrival", "parent_id": products.id}
        )
        cls.cat_late = Category.create({"name": "Late parcel"})
        cls.cat_wrong = Category.create({"name": "Wrong colour sent"})

    @classmethod
    def _make(cls, received, category=None, company=None, **vals):
        """A complaint received at ``received`` (UTC); status, dates and the
        time-limit outcome as the workflow and the SLA engine leave them."""
        sla = vals.pop("sla", None)
        rating = vals.pop("rating", None)
        complaint = cls.env["complaint.complaint"].create(
            {
                "subject": vals.pop("subject", "Statistics complaint"),
                "complainant_name": vals.pop("complainant_name", "Someone"),
                "category_id": category.id if category else False,
                "company_id": (company or cls.stats_company).id,
                "date_received": received,
                **{
                    key: vals.pop(key)
                    for key in ("partner_id", "description")
                    if key in vals
                },
            }
        )
        if vals:
            complaint.write(vals)
        if sla:
            # the resolution limit reached, as the engine leaves it
            cls.env.flush_all()
            cls.env.cr.execute(
                "INSERT INTO complaint_sla_line (complaint_id, milestone, state,"
                " time_unit, date_start, date_reached)"
                " VALUES (%s, 'resolution', %s, 'hours', %s, %s)",
                (complaint.id, sla, received, complaint.date_closed),
            )
            cls.env.cr.execute(
                "UPDATE complaint_complaint SET sla_state = %s, sla_met = %s "
                "WHERE id = %s",
                (sla, sla == "met", complaint.id),
            )
            cls.env.invalidate_all()
        if rating:
            complaint.rating_apply(rating, token=complaint._rating_get_access_token())
        return complaint


@tagged("post_install", "-at_install")
class TestStatisticsFigures(StatisticsData, TransactionCase):
    """The figures of the twelve whole months before 15 July 2026, in the
    company's time zone (Shanghai, UTC+8):

      broken  2025-06-30 16:30 UTC = 1 July 2025 00:30 in Shanghai, open
      broken  10 June 2026, closed within its limit, rated 5
      broken  20 June 2026, closed late, rated 3
      late    10 May 2026, closed within its limit, not rated
      late    1 April 2026, open
      wrong   1 June 2026, open (one complaint: under Other)
      none    15 April 2026, open (no category: under Other)
    Left out: a cancelled one, 2026-06-30 17:00 UTC (1 July in Shanghai, the
    current month), 2025-06-30 15:00 UTC (30 June 2025 in Shanghai), and a
    complaint of another company.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_statistics_company("Asia/Shanghai")
        closed = {"state": "closed"}
        cls._make("2025-06-30 16:30:00", cls.cat_broken)
        cls._make(
            "2026-06-10 02:00:00",
            cls.cat_broken,
            date_closed="2026-06-12 02:00:00",
            sla="met",
            rating=5,
            **closed,
        )
        cls._make(
            "2026-06-20 02:00:00",
            cls.cat_broken,
            date_closed="2026-07-02 02:00:00",
            sla="met_late",
            rating=3,
            **closed,
        )
        cls._make(
            "2026-05-10 02:00:00",
            cls.cat_late,
            date_closed="2026-05-11 02:00:00",
            sla="met",
            **closed,
        )
        cls._make("2026-04-01 02:00:00", cls.cat_late)

        cls._make("2026-06-01 02:00:00", cls.cat_wrong)
        cls._make("2026-04-15 02:00:00")
        cls._make("2026-06-11 02:00:00", cls.cat_broken, state="cancelled")
        cls._make("2026-06-30 17:00:00", cls.cat_broken)
        cls._make("2025-06-30 15:00:00", cls.cat_broken)
        cls._make("2026-06-10 02:00:00", cls.cat_broken, company=cls.env.company)

    def _statistics(self):
        # a request always has a language: without one, get_lang() reads the
        # user's company
        with freeze_time("2026-07-15 10:00:00"):
            return (
                self.env["complaint.public.statistics"]
                .with_context(lang="en_US")
                ._get_statistics(self.stats_company)
            )

    def test_figures(self):
        stats = self._statistics()
        self.assertEqual(stats["date_from"], date(2025, 7, 1))
        self.assertEqual(stats["date_to"], date(2026, 6, 30))
        self.assertEqual(
            stats["columns"],
            ["Late parcel", "Stat Products / Broken on arrival", "Other"],
        )
        months = {row["label"]: row for row in stats["months"]}
        self.assertEqual(len(months), 12)
        self.assertEqual(stats["months"][0]["label"], "July 2025")
        self.assertEqual(stats["months"][-1]["label"], "June 2026")
        expected = {
            "July 2025": ([0, 1, 0], 33),
            "April 2026": ([1, 0, 1], 67),
            "May 2026": ([1, 0, 0], 33),
            "June 2026": ([0, 2, 1], 100),
            "January 2026": ([0, 0, 0], 0),
        }
        for label, (counts, bar) in expected.items():
            with self.subTest(month=label):
                self.assertEqual(months[label]["counts"], counts)
                self.assertEqual(months[label]["total"], sum(counts))
                self.assertEqual(months[label]["bar"], bar)
        self.assertEqual(stats["column_totals"], [2, 3, 2])
        self.assertEqual(stats["received"], 7)
        self.assertEqual(stats["closed"], 3)
        self.assertAlmostEqual(stats["resolution_rate"], 3 / 7)
        self.assertEqual((stats["on_time"], stats["timed"]), (2, 3))
        self.assertAlmostEqual(stats["timeliness_rate"], 2 / 3)
        self.assertEqual(stats["rated"], 2)
        self.assertEqual(stats["average_rating"], 4.0)
        # each rate one whole sentence with its figures, for translators
        self.assertEqual(
            {k: v for k, v in stats["sentences"].items() if k != "caption"},
            {
                "resolution": "43% (3 closed of 7 received)",
                "timeliness": "67% (2 of 3 closed within the resolution time limit)",
                "satisfaction": "4.0 out of 5 (2 ratings)",
            },
        )
        self.assertEqual(
            stats["sentences"]["caption"],
            "Complaints received each month, by category, from %s to %s"
            % (stats["months"][0]["label"], stats["months"][-1]["label"]),
        )

    def test_timed_as_the_analysis_counts_them(self):
        """A complaint closed under a policy without a resolution limit is not
        timed: it could never count as resolved in time."""
        untimed = self._make(
            "2026-05-12 02:00:00",
            self.cat_late,
            date_closed="2026-05-13 02:00:00",
            state="closed",
        )
        # its policy set no resolution limit, its other limits were met
        self.env.flush_all()
        self.env.cr.execute(
            "DELETE FROM complaint_sla_line WHERE complaint_id = %s"
            " AND milestone = 'resolution'",
            (untimed.id,),
        )
        self.env.cr.execute(
            "UPDATE complaint_complaint SET sla_state = 'met' WHERE id = %s",
            (untimed.id,),
        )
        self.env.invalidate_all()
        stats = self._statistics()
        self.assertEqual(stats["closed"], 4)
        # control: the three with a resolution limit reached are still timed
        self.assertEqual((stats["on_time"], stats["timed"]), (2, 3))

    def test_minimum_sets_other_and_the_average(self):
        self.stats_company.complaint_statistics_min_count = 3
        stats = self._statistics()
        # the late parcels (2) join the wrong colour and the uncategorised
        self.assertEqual(
            stats["columns"], ["Stat Products / Broken on arrival", "Other"]
        )
        self.assertEqual(stats["column_totals"], [3, 4])
        self.assertIsNone(stats["average_rating"], "2 ratings, fewer than 3")
        # Other still counts the complaints without a category
        self.stats_company.complaint_statistics_min_count = 1
        self.assertEqual(
            self._statistics()["columns"],
            [
                "Late parcel",
                "Stat Products / Broken on arrival",
                "Wrong colour sent",
                "Other",
            ],
        )
        with self.assertRaises(ValidationError):
            self.stats_company.complaint_statistics_min_count = 0

    def test_chinese_month_names(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        with freeze_time("2026-07-15 10:00:00"):
            stats = (
                self.env["complaint.public.statistics"]
                .with_context(lang="zh_CN")
                ._get_statistics(self.stats_company)
            )
        self.assertEqual(stats["months"][-1]["label"], "2026年6月")

    def test_queries_do_not_grow_with_the_complaints(self):
        def count():
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            self._statistics()
            return self.cr.sql_log_count - start

        count()  # language and registry caches
        small = count()
        more = self.env["complaint.category"].create(
            [{"name": f"Extra {index}"} for index in range(5)]
        )
        for index in range(40):
            self._make(
                f"2026-{1 + index % 6:02d}-1{index % 9} 03:00:00",
                more[index % 5],
                state="closed",
                date_closed="2026-06-28 00:00:00",
                sla="met",
            )
        self.assertEqual(count(), small)
        # the company, its time zone, the grouped query, the categories and
        # their parents
        self.assertLessEqual(small, 5)


@tagged("post_install", "-at_install")
class TestStatisticsPage(StatisticsData, HttpCase):
    """The public page, seen by a visitor of the company that publishes it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._setup_statistics_company("UTC")
        # visitors see the public user's company
        public = cls.env.ref("base.public_user")
        public.company_ids |= cls.stats_company
        public.company_id = cls.stats_company
        last_month = date.today().replace(day=1) - relativedelta(months=1)
        before = last_month - relativedelta(months=1)

        def at(day, month=last_month):
            return datetime.combine(month.replace(day=day), datetime.min.time())

        cls.planted = cls.env["res.partner"].create(
            {
                "name": "Quillon Vexmoor",
                "email": "quillon.vexmoor@planted.example",
                "phone": "+86 139 7531 8642",
            }
        )
        cls.complaints = cls._make(
            at(3),
            cls.cat_broken,
            partner_id=cls.planted.id,
            subject="Zephyrine kettle melted",
            description="<p>Marzipan-coloured smoke everywhere</p>",
            state="closed",
            date_closed=at(5),
            sla="met",
        )
        cls.complaints |= cls._make(
            at(10),
            cls.cat_broken,
            complainant_name="Ottoline Brackwater",
            subject="Glimmerstone lid cracked",
        )
        cls.complaints |= cls._make(at(12, before), cls.cat_broken)
        cls.complaints |= cls._make(at(8), cls.cat_late)
        cls.complaints |= cls._make(at(9, before), cls.cat_late)
        # one complaint alone in its category: counted under Other
        cls.complaints |= cls._make(
            at(11), cls.cat_wrong, subject="Periwinkle sofa came orange"
        )
        cls.last_month, cls.before = last_month, before

    def _page(self):
        response = self.url_open("/complaint/statistics")
        return response, html.fromstring(response.content)

    def test_not_published_is_not_found(self):
        response = self.url_open("/complaint/statistics")
        self.assertEqual(response.status_code, 404)
        self.assertNotIn(
            "/complaint/statistics", self.url_open("/complaint/track").text
        )
        self.assertNotIn("/complaint/statistics", self.url_open("/complaint/new").text)
        self.stats_company.complaint_statistics_published = True
        self.assertEqual(self.url_open("/complaint/statistics").status_code, 200)
        self.assertIn("/complaint/statistics", self.url_open("/complaint/track").text)
        self.assertIn("/complaint/statistics", self.url_open("/complaint/new").text)

    def test_page_counts(self):
        self.stats_company.complaint_statistics_published = True
        response, page = self._page()
        self.assertEqual(response.status_code, 200)
        self.assertIn("Complaint statistics", page.xpath("//title")[0].text)
        table = page.xpath("//table[hasclass('o_complaint_statistics_table')]")[0]
        header = [cell.text_content().strip() for cell in table.xpath(".//thead//th")]
        self.assertEqual(
            header,
            [
                "Month",
                "Late parcel",
                "Stat Products / Broken on arrival",
                "Other",
                "Total",
            ],
        )
        rows = {
            row.xpath("./th")[0].text_content().strip(): [
                cell.text_content().strip() for cell in row.xpath("./td")
            ]
            for row in table.xpath("./tbody/tr")
        }
        self.assertEqual(len(rows), 12)
        label = self.last_month.strftime("%B %Y")
        self.assertEqual(rows[label], ["1", "2", "1", "4"])
        self.assertEqual(rows[self.before.strftime("%B %Y")], ["1", "1", "0", "2"])
        totals = [cell.text_content().strip() for cell in table.xpath("./tfoot//td")]
        self.assertEqual(totals, ["2", "3", "1", "6"])
        bars = table.xpath(".//div[hasclass('o_complaint_statistics_bar')]")
        self.assertIn("width: 100%", bars[-1].get("style"))
        self.assertEqual(
            page.xpath("//dd[hasclass('o_complaint_statistics_received')]")[
                0
            ].text_content(),
            "6",
        )
        resolution = page.xpath("//dd[hasclass('o_complaint_statistics_resolution')]")
        self.assertIn("17%", resolution[0].text_content())
        timeliness = page.xpath("//dd[hasclass('o_complaint_statistics_timeliness')]")
        self.assertIn("100%", timeliness[0].text_content())
        self.assertIn("Not enough ratings yet", page.text_content())

    def test_no_personal_data(self):
        self.stats_company.complaint_statistics_published = True
        self.authenticate(None, None)
        response, page = self._page()
        text = response.text
        # control: the page is there and counts these complaints
        self.assertEqual(response.status_code, 200)
        self.assertTrue(
            page.xpath("//dd[hasclass('o_complaint_statistics_resolution')]")
        )
        planted = [
            "Quillon",
            "Vexmoor",
            "quillon.vexmoor@planted.example",
            "7531",
            "Zephyrine",
            "Marzipan",
            "Ottoline",
            "Brackwater",
            "Glimmerstone",
            "Periwinkle",
            # the category of a single complaint is not named either
            "Wrong colour sent",
            *self.complaints.mapped("name"),
        ]
        for value in planted:
            with self.subTest(value=value):
                self.assertNotIn(value, text)
