from dateutil.relativedelta import relativedelta

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.complaint_management.tests.browser import ChromiumRetryMixin


@tagged("post_install", "-at_install")
class TestIndicatorScreen(ChromiumRetryMixin, HttpCase):
    def test_indicator_screen_period_and_drill_down(self):
        # a company of its own: the figures are those of this test only
        company = self.env["res.company"].create({"name": "Indicator Screen Ltd"})
        company.complaint_batch_count = 1000
        manager = new_test_user(
            self.env,
            login="indicator_manager",
            groups="complaint_management.complaint_management_group_manager",
            name="Indicator Manager",
            company_id=company.id,
            company_ids=[Command.set(company.ids)],
        )
        now = fields.Datetime.now()
        # two this month, one last month
        earlier = now - relativedelta(months=1)
        partner = self.env["res.partner"].create({"name": "Dashboard Customer"})
        for date in (now, now, earlier):
            self.env["complaint.complaint"].create(
                {
                    "subject": "Dashboard tour: kettle leaks",
                    "partner_id": partner.id,
                    "date_received": date,
                    "company_id": company.id,
                }
            )
        self.start_tour(
            "/odoo/complaint-indicators",
            "complaint_indicator_dashboard_tour",
            login=manager.login,
        )
