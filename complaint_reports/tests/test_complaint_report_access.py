import json

from odoo.exceptions import AccessError, ValidationError
from odoo.service.model import get_public_method
from odoo.tests import new_test_user, tagged
from odoo.tools.json import json_default

from odoo.addons.complaint_management.tools.dates import local_date

from .common import ComplaintReportCommon


@tagged("post_install", "-at_install")
class TestComplaintReportAccess(ComplaintReportCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Complaint = cls.env["complaint.complaint"]
        cls.own = Complaint.create(cls._complaint_vals(subject="Own team"))
        cls.other = Complaint.create(
            cls._complaint_vals(subject="Other team", team_id=cls.team_other.id)
        )
        cls.received = Complaint.create(
            cls._complaint_vals(
                subject="Received for another team",
                team_id=cls.team_other.id,
                receiver_id=cls.complaint_user.id,
            )
        )
        cls.company_b = cls.env["res.company"].create({"name": "Complaints B Ltd"})
        team_b = cls.env["complaint.team"].create(
            {"name": "Team B", "company_id": cls.company_b.id}
        )
        cls.foreign = Complaint.create(
            cls._complaint_vals(
                subject="Other company",
                team_id=team_b.id,
                company_id=cls.company_b.id,
            )
        )
        cls.complaint_officer.company_ids = [(4, cls.company_b.id)]
        cls.mine = cls.own | cls.other | cls.received | cls.foreign

    def _seen(self, user, companies=None):
        Report = self.env["complaint.report"].with_user(user)
        if companies:
            Report = Report.with_context(allowed_company_ids=companies.ids)
        return Report.search([("complaint_id", "in", self.mine.ids)]).complaint_id

    def _day(self, company):
        """The day the complaint was received where ``company`` works: the
        figures count days there (at 23:30 UTC it is already tomorrow in
        Brussels)."""
        return local_date(self.own.date_received, company._complaint_tz())

    def test_user_sees_own_team_and_received_only(self):
        self.assertEqual(self._seen(self.complaint_user), self.own | self.received)
        self.assertEqual(
            self._seen(self.complaint_user_other), self.other | self.received
        )

    def test_officer_sees_all_of_allowed_companies(self):
        self.assertEqual(
            self._seen(self.complaint_officer, self.env.company),
            self.own | self.other | self.received,
        )
        self.assertEqual(
            self._seen(self.complaint_officer, self.env.company | self.company_b),
            self.mine,
        )

    def test_what_json_rpc_reaches_of_the_indicators_answers_in_json(self):
        """The figures with records in them answered every JSON-RPC call with
        a server error (a record is no JSON key): they are not reachable;
        what the screen calls is plain data."""
        day = self._day(self.env.company)
        user_env = self.env(user=self.complaint_user)
        for model, method, args in (
            ("complaint.indicator.dashboard", "get_data", (day, day)),
            (
                "complaint.improvement.indicator",
                "get_figures",
                (day, day, self.env.company.ids),
            ),
        ):
            model = user_env[model]
            answer = get_public_method(model, method)(model, *args)
            json.dumps(answer, default=json_default)
        with self.assertRaises(AccessError):
            get_public_method(user_env["complaint.indicator"], "_get_indicators")

    def test_user_indicators_count_what_the_user_sees(self):
        day = self._day(self.env.company)
        result = (
            self.env["complaint.indicator"]
            .with_user(self.complaint_user)
            ._get_indicators(day, day, self.env.company.ids)
        )
        count = next(row for row in result["kpis"] if row["key"] == "count")
        # own team's and the one received, not the other team's nor company's
        self.assertEqual(count["current"], 2)

    def test_no_figures_of_a_company_the_user_does_not_work_in(self):
        """Some counts are read as superuser (sales orders, staff): asked for
        another company's over JSON-RPC, a user gets none of them."""
        customer = self.env["res.partner"].create({"name": "Customer of B"})
        order = self.env["sale.order"].create(
            {"partner_id": customer.id, "company_id": self.company_b.id}
        )
        order.write({"state": "sale", "date_order": self.own.date_received})

        def orders(user, company, active=None):
            indicator = self.env["complaint.indicator"].with_user(user)
            if active:
                indicator = indicator.with_context(allowed_company_ids=active.ids)
            day = self._day(company)
            figures = indicator._get_indicators(day, day, company.ids)
            return figures["current"]["order_count"]

        self.assertNotIn(self.company_b, self.complaint_user.company_ids)
        # a frontline user, who counts their own and their teams' complaints,
        # gets no complaints-per-order rate, of any company
        self.assertIsNone(orders(self.complaint_user, self.company_b))
        self.assertIsNone(orders(self.complaint_user, self.env.company))
        # an officer of that company not working in it now (switcher): its
        # orders are not counted beside complaints the rules leave out
        self.assertEqual(
            orders(self.complaint_officer, self.company_b, self.env.company), 0
        )
        # control: working in it, the officer counts its orders
        self.assertEqual(
            orders(self.complaint_officer, self.company_b, self.company_b), 1
        )

    def test_portal_user_gets_no_indicators(self):
        portal = new_test_user(
            self.env, login="report_portal", groups="base.group_portal"
        )
        day = self._day(self.env.company)
        companies = self.env.company.ids
        calls = (
            lambda env: env["complaint.indicator"]._get_indicators(day, day, companies),
            lambda env: env["complaint.indicator.dashboard"].get_data(),
            lambda env: env["complaint.improvement.indicator"].get_figures(
                day, day, companies
            ),
            lambda env: env["complaint.indicator.dashboard"].action_open_figure(
                "category", False, str(day), str(day), companies
            ),
        )
        for call in calls:
            with self.assertRaisesRegex(AccessError, "complaint staff"):
                call(self.env(user=portal))
        # control: complaint staff get them (their record rules apply)
        for call in calls:
            self.assertTrue(call(self.env(user=self.complaint_user)))

    def test_analysis_is_read_only_and_review_for_managers(self):
        Report = self.env["complaint.report"].with_user(self.complaint_officer)
        with self.assertRaises(AccessError):
            Report.browse(self.own.id).write({"name": "x"})
        with self.assertRaises(AccessError):
            self.env["complaint.review"].with_user(self.complaint_officer).create({})
        review = (
            self.env["complaint.review"].with_user(self.complaint_manager).create({})
        )
        self.assertTrue(review.action_print())

    def test_a_review_names_only_the_companies_it_counts(self):
        """The figures count the companies selected in the switcher: a review
        of another allowed company printed its letterhead with no figure."""
        manager = self.complaint_manager
        manager.company_ids |= self.company_b
        Review = self.env["complaint.review"].with_user(manager)
        only_a = Review.with_context(allowed_company_ids=self.company.ids)
        with self.assertRaisesRegex(ValidationError, "company switcher"):
            only_a.create(
                {"company_ids": [(6, 0, (self.company | self.company_b).ids)]}
            )
        # control: selected in the switcher, both are reviewed
        both = Review.with_context(
            allowed_company_ids=(self.company | self.company_b).ids
        ).create({"company_ids": [(6, 0, (self.company | self.company_b).ids)]})
        self.assertEqual(both.company_ids, self.company | self.company_b)

    def test_a_dialog_is_its_creators_alone(self):
        """A dialog's record kept what its user typed until the daily
        clean-up, readable by every colleague over JSON-RPC."""
        wizard = (
            self.env["complaint.party.answer.wizard"]
            .with_user(self.complaint_officer)
            .create({"complaint_id": self.own.id, "answer": "We refunded it."})
        )
        Wizard = self.env["complaint.party.answer.wizard"].with_user(
            self.complaint_user
        )
        self.assertFalse(Wizard.search_read([], ["answer"]))
        with self.assertRaises(AccessError):
            wizard.with_user(self.complaint_user).write({"answer": "Nothing."})
        review = (
            self.env["complaint.review"].with_user(self.complaint_manager).create({})
        )
        other_manager = new_test_user(
            self.env,
            login="cm_review_manager_two",
            groups="complaint_management.complaint_management_group_manager",
        )
        self.assertFalse(
            self.env["complaint.review"].with_user(other_manager).search([])
        )
        # control: its creator reads it
        self.assertEqual(
            wizard.with_user(self.complaint_officer).read(["answer"])[0]["answer"],
            "We refunded it.",
        )
        self.assertTrue(review.with_user(self.complaint_manager).read(["date_from"]))
