"""A quality review's scores belong to its company and its reviewer, and stay
as they were once the review is done."""

from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestQualityReviewGuard(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Reviews B Ltd"})
        cls.reviewer_b = new_test_user(
            cls.env,
            login="review_b_manager",
            groups="complaint_management.complaint_management_group_manager",
            company_id=cls.company_b.id,
            company_ids=[Command.set(cls.company_b.ids)],
        )
        cls.criteria = cls.env["complaint.sample.criterion"].search([], limit=2)
        Complaint = cls.env["complaint.complaint"]
        complaint_a = Complaint.create(
            cls._complaint_vals(subject="Closed A", user_id=cls.complaint_user.id)
        )
        complaint_b = Complaint.with_company(cls.company_b).create(
            cls._complaint_vals(
                subject="Closed B", team_id=False, company_id=cls.company_b.id
            )
        )
        for complaint in complaint_a | complaint_b:
            complaint.sudo()._workflow_write(
                {"state": "closed", "date_closed": datetime(2026, 4, 3, 10)}
            )
        cls.sample_a = cls._sample(complaint_a, cls.complaint_officer)
        cls.sample_b = cls._sample(complaint_b, cls.reviewer_b)

    @classmethod
    def _sample(cls, complaint, reviewer):
        return cls.env["complaint.sample"].create(
            {
                "complaint_id": complaint.id,
                "period": date(2026, 4, 1),
                "reviewer_id": reviewer.id,
                "line_ids": [
                    Command.create({"criterion_id": criterion.id})
                    for criterion in cls.criteria
                ],
            }
        )

    def test_officer_reads_and_scores_only_their_companies_reviews(self):
        Line = self.env["complaint.sample.line"].with_user(self.complaint_officer)
        seen = {values["id"] for values in Line.search_read([], ["result"])}
        self.assertFalse(set(self.sample_b.line_ids.ids) & seen, "company B's scores")
        with self.assertRaises(AccessError):
            Line.browse(self.sample_b.line_ids[:1].id).write({"result": "fail"})
        self.assertFalse(self.sample_b.line_ids[:1].result)
        # control: the officer's own company's review
        self.assertLessEqual(set(self.sample_a.line_ids.ids), seen)
        Line.browse(self.sample_a.line_ids[:1].id).write({"result": "pass"})
        self.assertEqual(self.sample_a.line_ids[:1].result, "pass")

    def test_scores_are_frozen_once_the_review_is_done(self):
        reviewer = self.sample_a.with_user(self.complaint_officer)
        # control: scored while the review is open
        reviewer.line_ids.write({"result": "pass"})
        reviewer.action_done()
        self.assertEqual(self.sample_a.score, 100.0)
        for user in (self.complaint_officer, self.complaint_manager):
            with self.subTest(user=user.name), self.assertRaises(UserError):
                self.sample_a.line_ids[:1].with_user(user).write({"result": "fail"})
        with self.assertRaises(UserError):
            self.sample_a.with_user(self.complaint_manager).write(
                {
                    "line_ids": [
                        Command.update(self.sample_a.line_ids[0].id, {"note": "x"})
                    ]
                }
            )
        self.assertEqual(self.sample_a.score, 100.0)

    def test_a_score_is_not_moved_into_a_done_review(self):
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(subject="Closed A2", user_id=self.complaint_user.id)
        )
        complaint.sudo()._workflow_write(
            {"state": "closed", "date_closed": datetime(2026, 4, 8, 10)}
        )
        open_sample = self._sample(complaint, self.complaint_officer)
        self.sample_a.line_ids.write({"result": "pass"})
        self.sample_a.with_user(self.complaint_officer).action_done()
        line = open_sample.line_ids[:1].with_user(self.complaint_officer)
        with self.assertRaises(UserError):
            line.write({"sample_id": self.sample_a.id, "result": "fail"})
        self.assertEqual(line.sample_id, open_sample)
        self.assertEqual(self.sample_a.score, 100.0)
        # control: scored in its own open review
        line.write({"result": "fail"})
        self.assertEqual(line.result, "fail")

    def test_handler_of_a_review_is_not_for_the_reviewer_to_change(self):
        reviewer = self.sample_a.with_user(self.complaint_officer)
        self.assertEqual(self.sample_a.handler_id, self.complaint_user)
        with self.assertRaises(UserError):
            reviewer.write({"handler_id": self.complaint_manager.id})
        self.assertEqual(self.sample_a.handler_id, self.complaint_user)
        # control: the reviewer writes their note
        reviewer.write({"note": "Handled by the book"})
        self.assertEqual(self.sample_a.note, "Handled by the book")

    def test_a_done_review_is_not_deleted(self):
        self.sample_a.line_ids.write({"result": "pass"})
        self.sample_a.with_user(self.complaint_manager).action_done()
        with self.assertRaises(UserError):
            self.sample_a.with_user(self.complaint_manager).unlink()
        self.assertTrue(self.sample_a.exists())
        # control: a review not done yet is removed by a manager
        self.sample_b.with_user(self.reviewer_b).unlink()
        self.assertFalse(self.sample_b.exists())

    def test_a_done_review_and_its_draw_do_not_change(self):
        reviewer = self.sample_a.with_user(self.complaint_officer)
        for vals in (
            {"score": 100},
            {"complaint_id": self.sample_b.complaint_id.id},
            {"period": date(2026, 5, 1)},
            {"reviewer_id": self.complaint_user.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                reviewer.write(vals)
        # control: a manager hands the open review to another reviewer
        self.sample_a.with_user(self.complaint_manager).write(
            {"reviewer_id": self.complaint_manager.id}
        )
        self.assertEqual(self.sample_a.reviewer_id, self.complaint_manager)
        manager = self.sample_a.with_user(self.complaint_manager)
        manager.line_ids.write({"result": "fail"})
        manager.action_done()
        self.assertEqual(self.sample_a.score, 0.0)
        for vals in ({"note": "Fine after all"}, {"score": 100}):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, "done"):
                manager.write(vals)
        self.assertEqual(self.sample_a.score, 0.0)

    def test_a_score_moves_only_into_a_review_of_its_reviewer(self):
        closed = self.env["complaint.complaint"].create(
            # in the reviewer's team: they read what they review
            self._complaint_vals(
                subject="Closed too",
                user_id=self.complaint_user.id,
                team_id=self.team_other.id,
            )
        )
        closed.sudo()._workflow_write(
            {"state": "closed", "date_closed": datetime(2026, 4, 6, 10)}
        )
        own = self._sample(closed, self.complaint_user_other)
        line = own.line_ids[:1].with_user(self.complaint_user_other)
        with self.assertRaises(AccessError):
            line.write({"sample_id": self.sample_a.id})
        line.invalidate_recordset()
        self.assertEqual(line.sudo().sample_id, own)
        # control: the reviewer scores their own review
        line.write({"result": "pass", "note": "Answered on time"})
        self.assertEqual(line.result, "pass")

    def test_a_review_with_nothing_that_applies_has_no_score(self):
        reviewer = self.sample_a.with_user(self.complaint_officer)
        reviewer.line_ids.write({"result": "na"})
        with self.assertRaises(UserError):
            reviewer.action_done()
        self.assertEqual(self.sample_a.state, "to_review")
        # control: one criterion that applies gives the review its score
        reviewer.line_ids[:1].write({"result": "fail"})
        reviewer.action_done()
        self.assertEqual(self.sample_a.score, 0.0)
        self.assertEqual(self.sample_a.state, "done")

    def test_only_the_drawn_reviewer_or_a_manager_scores_and_signs(self):
        colleague = new_test_user(
            self.env,
            login="review_other_officer",
            groups="complaint_management.complaint_management_group_officer",
        )
        other = self.sample_a.with_user(colleague)
        self.assertEqual(other.score, 0.0, "a specialist reads every review")
        other.message_post(body="Handled the call well", message_type="comment")
        with self.assertRaises(AccessError):
            other.line_ids.write({"result": "pass"})
        with self.assertRaises(AccessError):
            other.write({"note": "Fine"})
        self.sample_a.line_ids.write({"result": "pass"})
        with self.assertRaises(AccessError):
            other.action_done()
        self.assertEqual(self.sample_a.state, "to_review")
        # control: the reviewer signs, and the review says who did
        self.sample_a.with_user(self.complaint_officer).action_done()
        self.assertEqual(self.sample_a.state, "done")
        self.assertEqual(self.sample_a.reviewed_by_id, self.complaint_officer)

    def test_the_handler_reviewed_is_who_handled_it_when_drawn(self):
        complaint = self.sample_a.complaint_id
        # a frontline user or a specialist does not hand a closed complaint on
        for user in (self.complaint_user, self.complaint_officer):
            with self.subTest(user=user.name), self.assertRaises(UserError):
                complaint.with_user(user).write({"user_id": self.complaint_officer.id})
        self.assertEqual(complaint.user_id, self.complaint_user)
        # control: a manager does; the review still scores the first handler
        complaint.with_user(self.complaint_manager).write(
            {"user_id": self.complaint_manager.id}
        )
        self.assertEqual(complaint.user_id, self.complaint_manager)
        self.assertEqual(self.sample_a.handler_id, self.complaint_user)

    def test_a_manager_hands_a_review_over_with_its_to_do(self):
        sample = self.sample_a
        sample._schedule_review_activity()
        other = new_test_user(
            self.env,
            login="review_other_officer",
            groups="complaint_management.complaint_management_group_officer",
        )
        # the reviewer left: Odoo deleted their to-do, and the manager on
        # duty is asked for another reviewer
        self.complaint_officer.action_archive()
        request = self.env.ref("complaint_management.mail_activity_type_new_holder")
        self.assertEqual(sample.activity_ids.activity_type_id, request)
        sample.with_user(self.complaint_manager).reviewer_id = other
        # named: the request is done
        self.assertEqual(sample.activity_ids.user_id, other)
        # handed on again: moved, not doubled
        sample.with_user(self.complaint_manager).reviewer_id = self.complaint_manager
        self.assertEqual(sample.activity_ids.user_id, self.complaint_manager)
        self.assertEqual(len(sample.activity_ids), 1)
        # in the words of who reviews it, whoever hands it over
        self.env["res.lang"]._activate_lang("zh_CN")
        self.complaint_manager.lang = "en_US"
        other.lang = "zh_CN"
        sample.with_user(self.complaint_manager).reviewer_id = other
        self.assertEqual(sample.activity_ids.summary, "评审抽中投诉的处理情况")
        sample.with_user(self.complaint_manager).reviewer_id = self.complaint_manager
        self.assertEqual(
            sample.activity_ids.summary, "Review the handling of a sampled complaint"
        )
        # control: a specialist does not hand it over
        with self.assertRaises(UserError):
            sample.with_user(other).reviewer_id = other
        # nor is it handed to a colleague without the complaint rights
        accountant = new_test_user(self.env, login="review_accountant")
        with self.assertRaises(ValidationError):
            sample.with_user(self.complaint_manager).reviewer_id = accountant

    def test_the_reviewer_s_to_do_is_theirs_or_a_manager_s(self):
        """An officer who reads the reviews (whose own handling may be under
        review) deleted, moved or marked done the reviewer's to-do (core lets
        whoever may post on the record), and the review waited with nobody
        reminded."""
        self.sample_a._schedule_review_activity()
        todo = self.sample_a.activity_ids
        other = new_test_user(
            self.env,
            login="review_nosy_officer",
            groups="complaint_management.complaint_management_group_officer",
        )
        mine = todo.with_user(other)
        for attempt in (
            mine.unlink,
            lambda: mine.write({"user_id": other.id}),
            lambda: mine.action_feedback(feedback="Looks fine"),
        ):
            with self.assertRaises(UserError), self.env.cr.savepoint():
                attempt()
        todo.invalidate_recordset()
        self.assertEqual(todo.user_id, self.complaint_officer)
        # control: the reviewer closes it
        todo.with_user(self.complaint_officer).action_feedback(feedback="Reviewed")
        self.assertFalse(todo.exists())

    def test_a_review_goes_only_to_a_reviewer_who_reads_the_complaint(self):
        outsider = new_test_user(
            self.env,
            login="review_outsider",
            groups="complaint_management.complaint_management_group_user",
        )
        with self.assertRaises(ValidationError):
            self.sample_a.with_user(self.complaint_manager).reviewer_id = outsider
        self.assertEqual(self.sample_a.reviewer_id, self.complaint_officer)
        # control: once in the complaint's team, they read it and review it
        self.team.member_ids |= outsider
        self.sample_a.with_user(self.complaint_manager).reviewer_id = outsider
        self.assertEqual(self.sample_a.reviewer_id, outsider)

    def test_a_reviewer_who_lost_the_complaint_still_reads_their_review(self):
        """The reviewer leaves the complaint's team after the draw: their
        review still lists and opens, named by the complaint's number."""
        reviewer = new_test_user(
            self.env,
            login="review_leaver",
            groups="complaint_management.complaint_management_group_user",
        )
        self.team.member_ids |= reviewer
        self.sample_a.with_user(self.complaint_manager).reviewer_id = reviewer
        self.team.member_ids -= reviewer
        complaint = self.sample_a.complaint_id
        self.assertFalse(complaint.with_user(reviewer).has_access("read"))
        Sample = self.env["complaint.sample"].with_user(reviewer)
        rows = Sample.search_read([], ["display_name", "state"])
        self.assertEqual([row["id"] for row in rows], self.sample_a.ids)
        self.assertIn(complaint.name, rows[0]["display_name"])
        self.sample_a.with_user(reviewer).invalidate_recordset()
        self.assertIn(complaint.name, self.sample_a.with_user(reviewer).display_name)
        # the form, as the web client reads it
        form = Form(self.sample_a.with_user(reviewer))
        self.assertEqual(form.complaint_id, complaint)
        # control: the complaint itself stays out of their reach
        with self.assertRaises(AccessError):
            complaint.with_user(reviewer).read(["subject"])

    def test_a_reviewed_complaint_stays_in_its_company(self):
        """Moved to another company, a complaint took its review along: A's
        figures lost the review, B's counted it, and A's reviewer lost it."""
        complaint = self.sample_a.complaint_id
        manager = self.complaint_manager
        manager.company_ids |= self.company_b
        as_manager = complaint.with_user(manager).with_context(
            allowed_company_ids=[self.env.company.id, self.company_b.id]
        )
        with self.assertRaisesRegex(UserError, "quality review"):
            as_manager.write(
                {"company_id": self.company_b.id, "team_id": False, "user_id": False}
            )
        self.assertEqual(self.sample_a.company_id, self.env.company)
        # control: a complaint never drawn moves
        other = self.env["complaint.complaint"].create(
            self._complaint_vals(subject="Filed in the wrong company")
        )
        other.with_user(manager).with_context(
            allowed_company_ids=[self.env.company.id, self.company_b.id]
        ).write({"company_id": self.company_b.id, "team_id": False, "user_id": False})
        self.assertEqual(other.company_id, self.company_b)

    def test_a_finished_review_takes_no_score_through_the_context(self):
        for line in self.sample_a.line_ids:
            line.result = "pass"
        self.sample_a.with_user(self.complaint_officer).action_done()
        Line = self.env["complaint.sample.line"].with_user(self.complaint_manager)
        with self.assertRaisesRegex(UserError, "no longer changes"):
            Line.with_context(default_sample_id=self.sample_a.id).create(
                {"criterion_id": self.criteria[0].id, "result": "fail"}
            )
        self.assertEqual(len(self.sample_a.line_ids), len(self.criteria))
        # control: a review still to do takes a score the same way
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(subject="Closed A2", user_id=self.complaint_user.id)
        )
        complaint.sudo()._workflow_write(
            {"state": "closed", "date_closed": datetime(2026, 4, 4, 10)}
        )
        open_review = self._sample(complaint, self.complaint_officer)
        line = Line.with_context(default_sample_id=open_review.id).create(
            {"criterion_id": self.criteria[0].id, "result": "fail"}
        )
        self.assertEqual(line.sample_id, open_review)

    def test_a_copy_of_a_finished_review_is_a_new_review(self):
        for line in self.sample_a.line_ids:
            line.result = "pass"
        self.sample_a.with_user(self.complaint_officer).action_done()
        copy = self.sample_a.with_user(self.complaint_manager).copy(
            {"period": date(2026, 5, 1)}
        )
        self.assertEqual(copy.state, "to_review")
        self.assertFalse(copy.date_reviewed)
        self.assertFalse(copy.reviewed_by_id)
