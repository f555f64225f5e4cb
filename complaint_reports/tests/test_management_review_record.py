from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import ComplaintReportCommon


@tagged("post_install", "-at_install")
class TestManagementReviewRecord(ComplaintReportCommon):
    """A held review keeps the figures of its whole period, on its company's
    day; a sent review stays its company's; a copy is a new review."""

    def _review(self, **values):
        return (
            self.env["complaint.management.review"]
            .with_user(self.complaint_manager)
            .create(
                {
                    "date_from": "2020-03-01",
                    "date_to": "2020-03-31",
                    "decisions": "<p>Audit the kettle supplier.</p>",
                    **values,
                }
            )
        )

    def test_a_review_printed_before_its_period_ended_is_printed_when_held(self):
        with freeze_time("2020-03-20 10:00:00"):
            review = self._review()
            review.action_refresh_report()
            early = review.report_attachment_id
        with freeze_time("2020-04-02 10:00:00"):
            review.action_hold()
        self.assertEqual(review.state, "held")
        self.assertNotEqual(review.report_attachment_id, early)
        self.assertFalse(early.exists(), "the early print was never sent")

    def test_held_on_is_the_company_s_day(self):
        self.company.resource_calendar_id.tz = "Asia/Shanghai"
        self.complaint_manager.tz = "America/Los_Angeles"
        review = self._review()
        # 10:00 on 1 April in Shanghai, still 31 March in Los Angeles
        with freeze_time("2020-04-01 02:00:00"):
            review.action_hold()
        self.assertEqual(str(review.date_held), "2020-04-01")

    def test_a_sent_review_stays_in_its_company_and_period(self):
        self.env.company.email = "complaints@example.com"
        other = self.env["res.company"].create({"name": "Other Company"})
        self.complaint_manager.company_ids |= other
        Review = self.env["complaint.management.review"]
        with freeze_time("2020-04-01 05:10:00"):
            sent = Review._cron_send_monthly_review().filtered(
                lambda r: r.company_id == self.env.company
            )
        sent = sent.with_user(self.complaint_manager)
        for values in ({"company_id": other.id}, {"date_from": "2020-03-02"}):
            with self.subTest(values=values), self.assertRaises(UserError):
                sent.write(values)
        self.assertEqual(sent.company_id, self.env.company)
        # control: its decisions are still written, and a draft not sent moves
        sent.decisions = "<p>Train the night shift.</p>"
        draft = self._review()
        draft.write({"date_from": "2020-03-02"})
        self.assertEqual(str(draft.date_from), "2020-03-02")

    def test_a_review_is_duplicated_as_a_new_draft(self):
        review = self._review()
        with freeze_time("2020-04-02 10:00:00"):
            review.action_hold()
        copy = review.with_user(self.complaint_manager).copy()
        self.assertEqual(copy.state, "draft")
        self.assertFalse(copy.date_held)

    def test_the_form_does_not_read_an_attachment_the_manager_cannot(self):
        # a file of no record, kept by whoever uploaded it (e.g. an export)
        private = self.env["ir.attachment"].create(
            {"name": "export.zip", "raw": b"private export"}
        )
        Review = self.env["complaint.management.review"].with_user(
            self.complaint_manager
        )
        spec = {"report_file": {}, "report_file_name": {}}
        with self.assertRaises(AccessError):
            Review.onchange(
                {"report_attachment_id": private.id}, ["report_attachment_id"], spec
            )
        # control: the review's own printed file shows on its form
        review = self._review()
        review.action_refresh_report()
        self.assertEqual(review.report_file_name, review.report_attachment_id.name)
        self.assertTrue(review.report_file)
