"""The monthly draw of quality reviews: a share of the closed complaints,
company by company, for a reviewer who is still with the company."""

from datetime import datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import ComplaintCommon

JOB_LOGGER = "odoo.addons.complaint_management.models.complaint_job_failure"


@tagged("post_install", "-at_install")
class TestQualityReviewDraw(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"complaint_batch_count": 1000, "complaint_sample_rate": 25})
        cls.company_b = cls.env["res.company"].create(
            {"name": "Draw B Ltd", "complaint_sample_rate": 50}
        )
        cls.ann = new_test_user(
            cls.env,
            login="draw_ann",
            groups="complaint_management.complaint_management_group_user",
            name="Ann Handler",
        )
        cls.team.member_ids = [Command.link(cls.ann.id)]
        cls.manager_two = new_test_user(
            cls.env,
            login="draw_manager_two",
            groups="complaint_management.complaint_management_group_manager",
            name="Second Manager",
        )
        cls.manager_b = new_test_user(
            cls.env,
            login="draw_manager_b",
            groups="complaint_management.complaint_management_group_manager",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        Complaint = cls.env["complaint.complaint"]
        cls.closed_a = Complaint.create(
            [
                cls._complaint_vals(subject=f"Closed A{n}", user_id=cls.ann.id)
                for n in range(4)
            ]
        )
        cls.closed_b = Complaint.with_company(cls.company_b).create(
            [
                cls._complaint_vals(
                    subject=f"Closed B{n}", team_id=False, company_id=cls.company_b.id
                )
                for n in range(2)
            ]
        )
        for complaint in cls.closed_a | cls.closed_b:
            complaint.sudo()._workflow_write(
                {"state": "closed", "date_closed": datetime(2026, 4, 6, 10)}
            )
        cls.Sample = cls.env["complaint.sample"]

    def _draw(self):
        with freeze_time("2026-05-02 03:00:00"):  # the job runs on the 2nd
            return self.Sample._cron_draw_samples()

    def test_the_rate_is_a_percentage(self):
        for rate in (150, 101, -5):
            with self.subTest(rate=rate), self.assertRaises(ValidationError):
                self.company.write({"complaint_sample_rate": rate})
        # control: none and all are rates
        for rate in (0, 100):
            self.company.write({"complaint_sample_rate": rate})
            self.assertEqual(self.company.complaint_sample_rate, rate)

    def test_a_rate_above_100_stored_earlier_draws_every_complaint(self):
        # a rate written before the 0-100 rule existed
        self.env.cr.execute(
            "UPDATE res_company SET complaint_sample_rate = 150 WHERE id = %s",
            [self.company_b.id],
        )
        self.company_b.invalidate_recordset(["complaint_sample_rate"])
        samples = self._draw()
        self.assertEqual(samples.complaint_id & self.closed_b, self.closed_b)
        # control: the other company gets its share
        self.assertEqual(len(samples.complaint_id & self.closed_a), 1, "25 % of 4")

    def _draw_failing_for_b(self):
        """The monthly draw, B's draw raising."""
        Sample = self.env.registry["complaint.sample"]
        original, company_b = Sample._draw, self.company_b

        def draw(samples, company, period):
            if company == company_b:
                raise ValueError("The review criteria of B are broken")
            return original(samples, company, period)

        with patch.object(Sample, "_draw", draw), mute_logger(JOB_LOGGER):
            return self._draw()

    def test_a_company_whose_draw_fails_does_not_stop_the_others(self):
        company_b = self.company_b
        samples = self._draw_failing_for_b()
        self.assertEqual(len(samples.complaint_id & self.closed_a), 1, "25 % of 4")
        self.assertFalse(samples.complaint_id & self.closed_b)
        failure = self.env["complaint.job.failure"].search(
            [("job", "=", "sample_draw"), ("res_model", "=", "res.company")]
        )
        self.assertEqual(failure.res_id, company_b.id)
        # B's managers hear of it, not those of the company running the job
        self.assertEqual(failure.company_id, company_b)
        self.assertIn(
            self.manager_b.partner_id,
            failure.message_ids.notification_ids.res_partner_id,
        )
        # control: repaired, B's draw is made at the next run and forgotten
        samples = self._draw()
        self.assertEqual(len(samples), 1, "50 % of 2, A's drawn already")
        self.assertLessEqual(samples.complaint_id, self.closed_b)
        self.assertFalse(failure.exists())

    def test_a_month_missed_is_drawn_at_the_next_monthly_run(self):
        company_b = self.company_b
        self._draw_failing_for_b()
        # repaired by June's run: April's draw is made with May's
        with freeze_time("2026-06-02 03:00:00"):
            samples = self.Sample._cron_draw_samples()
        april = samples.filtered(lambda s: s.company_id == company_b)
        self.assertEqual(len(april), 1, "50 % of B's 2 closed in April")
        self.assertEqual(str(april.period), "2026-04-01")
        # control: A, which did not fail, gets June's run's month only
        self.assertFalse(samples.filtered(lambda s: s.company_id == self.company))

    def test_a_company_that_stopped_sampling_forgets_its_failed_draw(self):
        """Its managers stopped sampling after the failure: switched on
        again months later, it draws from then on, not the months it chose
        not to sample."""
        company_b = self.company_b
        self._draw_failing_for_b()
        company_b.complaint_sample_rate = 0
        with freeze_time("2026-06-02 03:00:00"):
            self.Sample._cron_draw_samples()
        failures = self.env["complaint.job.failure"].search(
            [("job", "=", "sample_draw"), ("res_id", "=", company_b.id)]
        )
        self.assertFalse(failures)
        company_b.complaint_sample_rate = 50
        with freeze_time("2026-07-02 03:00:00"):
            samples = self.Sample._cron_draw_samples()
        self.assertFalse(
            samples.filtered(
                lambda s: s.company_id == company_b and str(s.period) < "2026-06-01"
            )
        )

    def test_a_de_identified_complaint_is_not_drawn(self):
        """Its messages and texts are gone: a reviewer would score nothing
        (and pull the handler's score down)."""
        self.company.complaint_sample_rate = 100
        erased = self.closed_a[:1]
        erased.sudo()._deidentify()
        drawn = self._draw().complaint_id
        self.assertNotIn(erased, drawn)
        # control: the others of the month are drawn
        self.assertTrue((self.closed_a - erased) <= drawn)

    def test_an_archived_leader_is_not_the_reviewer(self):
        self.complaint_manager.active = False
        samples = self._draw().filtered(lambda s: s.complaint_id in self.closed_a)
        self.assertTrue(samples)
        for sample in samples:
            self.assertTrue(sample.reviewer_id.active)
            self.assertNotEqual(sample.reviewer_id, self.complaint_manager)
            self.assertNotEqual(sample.reviewer_id, sample.handler_id)
        # control: an active leader reviews their team's complaints
        self.complaint_manager.active = True
        samples.unlink()
        samples = self._draw().filtered(lambda s: s.complaint_id in self.closed_a)
        self.assertEqual(samples.reviewer_id, self.complaint_manager)

    def test_a_leader_no_longer_of_the_company_is_not_the_reviewer(self):
        # the team's leader now works for company B only
        self.complaint_manager.write(
            {
                "company_ids": [Command.set(self.company_b.ids)],
                "company_id": self.company_b.id,
            }
        )
        samples = self._draw().filtered(lambda s: s.complaint_id in self.closed_a)
        self.assertTrue(samples)
        self.assertNotIn(self.complaint_manager, samples.reviewer_id)
        managers = self.env["complaint.complaint"]._get_complaint_managers(self.company)
        self.assertTrue(samples.reviewer_id <= managers)

    def test_the_month_is_the_one_where_the_company_works(self):
        """A complaint belongs to the month it was closed in where its
        company works, as the indicators count it, not to the UTC month."""
        self.company.write({"complaint_sample_rate": 100})
        self.company_b.write({"complaint_sample_rate": 100})
        self.company.resource_calendar_id.tz = "Asia/Shanghai"
        self.company_b.resource_calendar_id.tz = "America/Los_Angeles"
        first_of_may, first_of_april = self.closed_a[:2]
        for complaint, closed_on in (
            (first_of_may, datetime(2026, 4, 30, 23)),  # 1 May, 07:00 there
            (first_of_april, datetime(2026, 3, 31, 17)),  # 1 April, 01:00 there
            (self.closed_b[0], datetime(2026, 5, 1, 3)),  # 30 April, 20:00 there
            (self.closed_b[1], datetime(2026, 4, 1, 6)),  # 31 March, 23:00 there
        ):
            complaint.sudo()._workflow_write({"date_closed": closed_on})
        # 1 May 03:00 UTC: April is over in Shanghai, not in Los Angeles
        with freeze_time("2026-05-01 03:00:00"):
            early = self.Sample._cron_draw_samples()
        early_b = early.filtered(lambda sample: sample.company_id == self.company_b)
        # there, the month over is March: its complaint closed on 31 March
        self.assertEqual(early_b.complaint_id, self.closed_b[1])
        self.assertEqual(str(early_b.period), "2026-03-01")
        early.unlink()
        samples = self._draw()
        self.assertEqual(
            {str(period) for period in samples.mapped("period")}, {"2026-04-01"}
        )
        self.assertIn(first_of_april, samples.complaint_id)
        self.assertNotIn(first_of_may, samples.complaint_id)
        self.assertIn(self.closed_b[0], samples.complaint_id)
        self.assertNotIn(self.closed_b[1], samples.complaint_id)
        # control: the other complaints closed in April are drawn
        self.assertEqual(
            samples.complaint_id, (self.closed_a - first_of_may) | self.closed_b[0]
        )
