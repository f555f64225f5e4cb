"""The monthly review is sent once the month is over where the company
works, and once only."""

from freezegun import freeze_time

from odoo.tests import tagged

from .common import ComplaintReportCommon


@tagged("post_install", "-at_install")
class TestManagementReviewCron(ComplaintReportCommon):
    def _run(self, moment):
        with freeze_time(moment):
            reviews = self.env[
                "complaint.management.review"
            ]._cron_send_monthly_review()
        return reviews.filtered(lambda r: r.company_id == self.env.company)

    def test_sent_when_the_month_is_over_in_the_companys_time_zone(self):
        self.env.company.write(
            {
                # February's review was sent
                "complaint_review_month": "2020-02-01",
                "resource_calendar_id": self.env.company.resource_calendar_id.copy(
                    {"tz": "America/Los_Angeles"}
                ).id,
            }
        )
        self.env.user.tz = False  # the job's user, without a time zone
        # 05:00 UTC on 1 April is 22:00 on 31 March in California
        self.assertFalse(self._run("2020-04-01 05:00:00"))
        review = self._run("2020-04-02 05:00:00")
        self.assertEqual(str(review.date_from), "2020-03-01")
        self.assertEqual(str(review.date_to), "2020-03-31")
        # the days after, nothing again
        self.assertFalse(self._run("2020-04-03 05:00:00"))

    def test_sent_on_the_first_in_china(self):
        self.env.company.resource_calendar_id.tz = "Asia/Shanghai"
        review = self._run("2020-04-01 05:00:00")
        self.assertEqual(str(review.date_from), "2020-03-01")

    def test_a_new_company_starts_with_its_first_month(self):
        with freeze_time("2020-03-15 08:00:00"):
            branch = self.env["res.company"].create({"name": "New Branch"})
        self.complaint_manager.company_ids |= branch
        with freeze_time("2020-04-01 05:00:00"):
            reviews = self.env[
                "complaint.management.review"
            ]._cron_send_monthly_review()
        # March, its first month; not February
        self.assertEqual(
            [str(r.date_from) for r in reviews if r.company_id == branch],
            ["2020-03-01"],
        )

    def test_a_deleted_review_is_not_made_again(self):
        review = self._run("2020-04-01 05:00:00")
        self.assertTrue(review)
        review.with_user(self.complaint_manager).unlink()
        self.assertFalse(self._run("2020-04-02 05:00:00"))
        # control: next month's comes
        self.assertEqual(str(self._run("2020-05-01 05:00:00").date_from), "2020-04-01")
