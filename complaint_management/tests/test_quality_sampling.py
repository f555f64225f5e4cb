from datetime import date, datetime

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestQualitySampling(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write({"complaint_batch_count": 1000, "complaint_sample_rate": 25})
        cls.ann = new_test_user(
            cls.env,
            login="sample_ann",
            groups="complaint_management.complaint_management_group_user",
            name="Ann Handler",
        )
        cls.team.member_ids = [Command.link(cls.ann.id)]
        # ten complaints closed in April 2026: eight by Ann, two by the leader
        Complaint = cls.env["complaint.complaint"]
        cls.closed = Complaint.browse()
        for n in range(10):
            handler = cls.complaint_manager if n < 2 else cls.ann
            complaint = Complaint.create(
                cls._complaint_vals(subject=f"Closed {n}", user_id=handler.id)
            )
            complaint.sudo()._workflow_write(
                {"state": "closed", "date_closed": datetime(2026, 4, 3 + n, 10)}
            )
            cls.closed |= complaint
        cls.Sample = cls.env["complaint.sample"]

    def test_draws_the_share_never_to_the_handler_and_again_the_same(self):
        with freeze_time("2026-05-01 03:00:00"):
            samples = self.Sample._cron_draw_samples()
        self.assertEqual(len(samples), 3, "25 % of 10, rounded up")
        self.assertTrue(samples.complaint_id <= self.closed)
        self.assertEqual(set(samples.mapped("period")), {date(2026, 4, 1)})
        for sample in samples:
            self.assertNotEqual(sample.reviewer_id, sample.handler_id)
            self.assertEqual(len(sample.line_ids), 6, "one score per criterion")
            self.assertEqual(sample.activity_ids.user_id, sample.reviewer_id)
        # the leader's own complaints go to a complaint manager who is not him
        drawn = samples.complaint_id
        # reproducible within the period: drawn again, the same complaints
        samples.unlink()
        with freeze_time("2026-05-01 05:00:00"):
            again = self.Sample._cron_draw_samples()
        self.assertEqual(again.complaint_id, drawn)
        # running twice in the month adds nothing
        with freeze_time("2026-05-01 06:00:00"):
            self.assertFalse(self.Sample._cron_draw_samples())

    def test_reviewer_scores_and_handler_cannot_review(self):
        # all drawn, and one of a frontline handler's (the draw's seed holds
        # the team's id, which other tests move)
        self.company.complaint_sample_rate = 100
        with freeze_time("2026-05-01 03:00:00"):
            samples = self.Sample._cron_draw_samples()
        sample = samples.filtered(lambda s: s.handler_id == self.ann)[:1]
        self.assertTrue(sample)
        with self.assertRaises(ValidationError):
            sample.reviewer_id = sample.handler_id
        reviewer = sample.with_user(sample.reviewer_id)
        with self.assertRaises(UserError):
            reviewer.action_done()  # criteria not scored
        results = ["pass", "pass", "fail", "pass", "na", "pass"]
        for line, result in zip(sample.line_ids, results, strict=True):
            line.with_user(sample.reviewer_id).result = result
        reviewer.action_done()
        self.assertEqual(sample.state, "done")
        self.assertAlmostEqual(sample.score, 80.0, msg="4 met of 5 applicable")
        # the handler sees no review of their own work; control: the
        # reviewer reads its score
        with self.assertRaises(AccessError):
            sample.with_user(self.ann).read(["score"])
        self.assertEqual(reviewer.read(["score"])[0]["score"], 80.0)

    def test_the_average_score_counts_reviews_done_only(self):
        """A review drawn and not scored yet is no 0 %: grouped by handler,
        the average is that of the reviews done."""
        # all drawn: which a quarter would hold depends on the records' ids
        # (the draw's seed), which other tests move
        self.company.complaint_sample_rate = 100
        with freeze_time("2026-05-01 03:00:00"):
            samples = self.Sample._cron_draw_samples()
        ann = samples.filtered(lambda s: s.handler_id == self.ann)
        self.assertGreaterEqual(len(ann), 2)
        done, waiting = ann[0], ann[1:]
        for line in done.line_ids:
            line.with_user(done.reviewer_id).result = "pass"
        done.with_user(done.reviewer_id).action_done()
        self.assertEqual(done.score, 100.0)
        self.assertEqual(set(waiting.mapped("state")), {"to_review"})
        [(average,)] = self.Sample._read_group(
            [("id", "in", ann.ids)], aggregates=["score:avg"]
        )
        self.assertEqual(average, 100.0)
        groups = self.Sample.read_group(
            [("id", "in", ann.ids)], ["score:avg"], ["handler_id"]
        )
        self.assertEqual(groups[0]["score"], 100.0)

    def test_no_draw_without_a_rate(self):
        self.company.complaint_sample_rate = 0
        with freeze_time("2026-05-01 03:00:00"):
            self.assertFalse(self.Sample._cron_draw_samples())

    def test_a_de_identified_complaints_review_keeps_its_scores_only(self):
        """The reviewer's notes on a complaint (its review's, each score's)
        and the review's messages stayed after the complaint was
        de-identified, readable by every specialist."""
        with freeze_time("2026-05-01 03:00:00"):
            samples = self.Sample._cron_draw_samples()
        sample, other = samples[0], samples[1]
        reviewer = sample.with_user(sample.reviewer_id)
        reviewer.note = "Called Mr Zhang on 13800000000"
        sample.line_ids[0].with_user(sample.reviewer_id).write(
            {"result": "fail", "note": "Zhang was not called back"}
        )
        reviewer.message_post(body="Zhang's address: 1 Nanjing Road")
        other.with_user(other.reviewer_id).note = "Fine"
        sample.complaint_id.sudo()._deidentify()
        self.assertFalse(sample.note)
        self.assertFalse(sample.line_ids.filtered("note"))
        self.assertEqual(sample.line_ids[0].result, "fail", "the score stays")
        self.assertFalse(
            sample.message_ids.filtered(lambda m: "Nanjing" in str(m.body))
        )
        # control: another complaint's review is untouched
        self.assertEqual(other.note, "Fine")

    def test_a_reviewer_who_leaves_asks_the_manager_on_duty_for_another(self):
        with freeze_time("2026-05-01 03:00:00"):
            samples = self.Sample._cron_draw_samples()
        sample, other = samples[:2]
        manager = sample.company_id._complaint_manager_on_duty()
        reviewer, second = (
            new_test_user(
                self.env,
                login=login,
                groups="complaint_management.complaint_management_group_user",
                name=login,
            )
            for login in ("sample_rob", "sample_sue")
        )
        self.team.member_ids = [Command.link(reviewer.id), Command.link(second.id)]
        sample.reviewer_id = reviewer
        other.reviewer_id = second
        self.assertFalse(sample.activity_ids.filtered(lambda a: a.user_id == manager))
        reviewer.action_archive()
        asked = sample.activity_ids.filtered(lambda a: a.user_id == manager)
        self.assertEqual(len(asked), 1)
        self.assertIn(reviewer.name, asked.summary)
        # control: a review done asks for nobody
        done = other
        for line in done.line_ids:
            line.with_user(done.reviewer_id).result = "pass"
        done.with_user(done.reviewer_id).action_done()
        done.reviewer_id.action_archive()
        self.assertFalse(done.activity_ids.filtered(lambda a: a.user_id == manager))
