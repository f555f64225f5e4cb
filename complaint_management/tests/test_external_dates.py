from datetime import date, timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.complaint_management.models.complaint_sla_calendar import (
    SlaCalendarCache,
)

from .external_common import FRI, ExternalCaseCommon


@tagged("post_install", "-at_install")
class TestExternalDates(ExternalCaseCommon):
    """A concluded spill-over case's dates are what the on-time figures of
    the outside bodies count: a manager corrects them; a case does not move
    to a cancelled complaint (the figures leave those out)."""

    def test_a_concluded_case_stays(self):
        """A manager (who may delete cases) deleted a settled 12315 case: it
        left the body's on-time figures."""
        settled = self._case()
        settled.action_settle()
        with self.assertRaisesRegex(UserError, "re-open it"):
            settled.with_user(self.complaint_manager).unlink()
        self.assertTrue(settled.exists())
        # control: one entered by mistake, still pending, goes
        pending = self._case()
        pending.with_user(self.complaint_manager).unlink()
        self.assertFalse(pending.exists())

    def test_a_concluded_case_keeps_its_dates(self):
        case = self._case()
        # control: a pending case's deadline is entered from the body's notice
        case.with_user(self.complaint_user).write({"deadline": date(2026, 3, 20)})
        case.action_settle()
        for vals in (
            {"date_settled": date(2026, 3, 9)},
            {"deadline": date(2026, 4, 1)},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                case.with_user(self.complaint_officer).write(vals)
        # control: a manager corrects them
        case.with_user(self.complaint_manager).write({"date_settled": date(2026, 3, 9)})
        self.assertEqual(case.date_settled, date(2026, 3, 9))

    def test_a_reopened_case_is_not_concluded_before_it_was_reopened(self):
        """Re-opening a late case and giving it back its first conclusion's
        date would count it on time without a manager: a re-opened case is
        concluded on the day it was re-opened or later."""
        with freeze_time("2026-03-31 10:00:00"):
            case = self._case()
            case.action_settle()  # late: the council allows 5 working days
            self.assertGreater(case.date_settled, case.deadline)
        with freeze_time("2026-04-02 10:00:00"):
            case.with_user(self.complaint_user).action_reopen()
            self.assertEqual(case.date_reopened, date(2026, 4, 2))
            user_case = case.with_user(self.complaint_user)
            for user in (self.complaint_user, self.complaint_officer):
                with self.subTest(user=user.login), self.assertRaises(UserError):
                    case.with_user(user).write({"date_settled": date(2026, 3, 31)})
            self.assertFalse(case.date_settled)
            # control: concluded on the day it was re-opened
            user_case.write({"date_settled": date(2026, 4, 2)})
            user_case.action_settle()
            self.assertEqual(case.date_settled, date(2026, 4, 2))
            # a manager corrects a re-opening made by mistake
            case.with_user(self.complaint_manager).write(
                {"date_settled": date(2026, 3, 31)}
            )
            self.assertEqual(case.date_settled, date(2026, 3, 31))

    def test_a_case_is_concluded_on_the_companys_day(self):
        """Settled by a user whose day is still the day before, an overdue
        case counted on time, and a case re-opened then settled at once was
        concluded before it was re-opened: the conclusion is dated where the
        company works, as the re-opening and the deadline are."""
        self.calendar.tz = "Asia/Shanghai"
        self.complaint_user.tz = "UTC"
        user_case = self._case().with_user(self.complaint_user)
        # 17:00 UTC on the 31st is 01:00 on 1 April in Shanghai
        with freeze_time("2026-03-31 17:00:00"):
            user_case.action_settle()
            self.assertEqual(user_case.date_settled, date(2026, 4, 1))
            user_case.action_reopen()
            user_case.action_settle()
            self.assertEqual(user_case.date_reopened, date(2026, 4, 1))
            self.assertEqual(user_case.date_settled, date(2026, 4, 1))
        # control: a date entered before concluding is kept
        with freeze_time("2026-04-03 03:00:00"):
            user_case.action_reopen()
            user_case.write({"date_settled": date(2026, 4, 3)})
            user_case.action_not_settled()
            self.assertEqual(user_case.date_settled, date(2026, 4, 3))

    def test_a_case_is_received_on_the_companys_day(self):
        """Filed without a date (an import, the API, a user without a time
        zone), a case is received on the company's day: a day early in UTC,
        its deadline and its overdue mark were a day early too."""
        self.calendar.tz = "Asia/Shanghai"
        self.complaint_user.tz = False
        Case = self.env["complaint.external.case"].with_user(self.complaint_user)
        # 17:00 UTC on the 31st is 01:00 on 1 April in Shanghai
        with freeze_time("2026-03-31 17:00:00"):
            case = Case.create(
                {"complaint_id": self.complaint.id, "body_id": self.body.id}
            )
            self.assertEqual(case.date_received, date(2026, 4, 1))
            # control: a date given is kept
            case = Case.create(
                {
                    "complaint_id": self.complaint.id,
                    "body_id": self.body.id,
                    "date_received": date(2026, 3, 30),
                }
            )
            self.assertEqual(case.date_received, date(2026, 3, 30))

    def test_the_first_day_at_risk_does_not_depend_on_the_batch(self):
        """A case filed in one batch with a later one got its first day at
        risk counted in calendar days (the calendar was loaded for the first
        case only): a Sunday instead of the Friday before."""
        self.company.resource_calendar_id = self._make_calendar(
            "Batch Calendar", "UTC", 8, 12, 13, 17
        )
        body = self.env["complaint.external.body"].create(
            {
                "name": "Working-day body",
                "code": "wdb",
                "time_limit": 10,
                "time_unit": "working_days",
                "warning_days": 1,
            }
        )
        Case = self.env["complaint.external.case"].with_user(self.complaint_officer)

        def vals(day, ref):
            return {
                "complaint_id": self.complaint.id,
                "body_id": body.id,
                "reference": ref,
                "date_received": day,
            }

        late, early = Case.create(
            [vals(date(2026, 3, 20), "B-1"), vals(date(2026, 1, 5), "B-2")]
        )
        self.assertEqual(early.date_warning, date(2026, 1, 16), "a Friday")
        # planned again in one batch (the later case first), by a worker
        # that has not loaded this calendar yet
        SlaCalendarCache._shared.clear()
        self.assertEqual(
            (late | early)._deadline_warning_plan(),
            {late: date(2026, 4, 2), early: date(2026, 1, 16)},
        )

    def test_a_case_stays_in_its_company(self):
        """Moved with its complaint (or to another company's complaint), a
        case kept another company's body and had its entered deadline
        computed anew, without a manager."""
        branch = self.env["res.company"].create({"name": "Branch"})
        self.complaint_user.company_ids |= branch
        case = self._case()
        case.with_user(self.complaint_user).write({"deadline": date(2026, 3, 10)})
        with self.assertRaises(UserError):
            self.complaint.with_user(self.complaint_user).write(
                {"company_id": branch.id, "team_id": False}
            )
        elsewhere = self.env["complaint.complaint"].create(
            self._complaint_vals(company_id=branch.id, team_id=False)
        )
        with self.assertRaises(UserError):
            case.with_user(self.complaint_user).write({"complaint_id": elsewhere.id})
        self.assertEqual(case.complaint_id, self.complaint)
        self.assertEqual(case.deadline, date(2026, 3, 10))
        # control: its company written again (a mass edit) changes nothing
        self.complaint.with_user(self.complaint_user).write(
            {"company_id": self.company.id}
        )
        # control: a complaint without cases moves
        other = self.env["complaint.complaint"].create(
            self._complaint_vals(user_id=self.complaint_user.id)
        )
        other.with_user(self.complaint_user).write(
            {"company_id": branch.id, "team_id": False}
        )
        self.assertEqual(other.company_id, branch)

    def test_a_case_does_not_move_to_a_cancelled_complaint(self):
        case = self._case()
        cancelled = self.env["complaint.complaint"].create(self._complaint_vals())
        cancelled.action_cancel()
        with self.assertRaises(UserError):
            case.with_user(self.complaint_officer).write({"complaint_id": cancelled.id})
        # control: to another complaint still counted
        other = self.env["complaint.complaint"].create(self._complaint_vals())
        case.with_user(self.complaint_officer).write({"complaint_id": other.id})
        self.assertEqual(case.complaint_id, other)

    def test_a_merge_moves_a_concluded_case_with_its_dates(self):
        case = self._case()
        case.with_user(self.complaint_user).write({"deadline": date(2026, 3, 20)})
        case.action_settle()
        kept = self.env["complaint.complaint"].create(self._complaint_vals())
        kept.with_user(self.complaint_officer)._merge(self.complaint)
        self.assertEqual(case.complaint_id, kept)
        self.assertEqual(case.deadline, date(2026, 3, 20), "its date stays")
        # control: the date itself is still a manager's to correct
        with self.assertRaises(UserError):
            case.with_user(self.complaint_officer).write({"date_received": FRI})

    def test_a_case_filed_before_the_companys_own_body_still_moves(self):
        case = self._case()
        own = self.env["complaint.external.body"].create(
            {
                "name": "Our council",
                "code": self.body.code,
                "company_id": self.company.id,
            }
        )
        # merged afterwards: the case keeps its body on the kept complaint
        kept = self.env["complaint.complaint"].create(self._complaint_vals())
        kept.with_user(self.complaint_officer)._merge(self.complaint)
        self.assertEqual((case.complaint_id, case.body_id), (kept, self.body))
        # a copy, a new work order, is filed under the company's own body
        self.assertEqual(case.with_user(self.complaint_officer).copy().body_id, own)

    def test_a_pending_case_keeps_a_deadline_and_no_future_conclusion(self):
        case = self._case()
        deadline = case.deadline
        as_user = case.with_user(self.complaint_user)
        with self.assertRaises(UserError):
            as_user.write({"deadline": False})
        with self.assertRaises(UserError):
            as_user.write({"date_settled": date(2099, 1, 1)})
        self.assertEqual(case.deadline, deadline)
        self.assertFalse(case.date_settled)
        # nor at its creation (a form, an import, the API)
        Case = self.env["complaint.external.case"].with_user(self.complaint_officer)
        for values in ({"deadline": False}, {"date_settled": date(2099, 1, 1)}):
            with self.subTest(values=values), self.assertRaises(UserError):
                Case.create(
                    {
                        "complaint_id": self.complaint.id,
                        "body_id": self.body.id,
                        "date_received": FRI,
                        **values,
                    }
                )
        # control: the date the body's notice gives, a conclusion already past
        as_user.write({"deadline": date(2026, 3, 20), "date_settled": FRI})
        self.assertEqual(case.deadline, date(2026, 3, 20))

    def test_no_case_on_a_cancelled_complaint_nor_its_reminder(self):
        cancelled = self.env["complaint.complaint"].create(self._complaint_vals())
        cancelled.action_cancel()
        with self.assertRaises(UserError):
            self.env["complaint.external.case"].with_user(
                self.complaint_officer
            ).create(
                {
                    "complaint_id": cancelled.id,
                    "body_id": self.body.id,
                    "date_received": FRI,
                }
            )
        # a case filed before the cancellation is out of the sweep, and its
        # reminder goes with the cancellation
        with freeze_time("2026-03-06 10:00:00"):
            case = self._case()
            self.assertEqual(case.deadline_state, "on_track")
            self.env.flush_all()
        self.assertTrue(case.activity_ids)
        self.complaint.sudo()._workflow_write({"state": "cancelled"})
        self.assertFalse(case.activity_ids)
        Case = self.env["complaint.external.case"]
        due = Case.search(Case._deadline_due_domain(date(2026, 12, 31)))
        self.assertNotIn(case, due)
        # control: one of a complaint still handled is swept
        self.complaint.sudo()._workflow_write({"state": "investigating"})
        self.assertIn(case, Case.search(Case._deadline_due_domain(date(2026, 12, 31))))

    def test_cancel_refused_while_a_case_is_pending(self):
        """An outside body awaiting its report keeps the complaint handled:
        cancelled, its reminder and the sweep would drop the case."""
        self.complaint.sudo()._workflow_write({"state": "registered"})
        case = self._case()
        as_officer = self.complaint.with_user(self.complaint_officer)
        self.assertFalse(as_officer.can_cancel)
        with self.assertRaisesRegex(UserError, "pending with"):
            as_officer.action_cancel()
        self.assertEqual(self.complaint.state, "registered")
        # control: concluded, the case lets the complaint be cancelled
        case.write({"reply_text": "We refunded.", "verdict": "satisfied"})
        case.with_user(self.complaint_officer).action_settle()
        self.assertTrue(as_officer.can_cancel)
        as_officer.action_cancel()
        self.assertEqual(self.complaint.state, "cancelled")

    def test_close_refused_while_a_case_is_pending(self):
        """A rejected proposal leaves the complaint open while the customer
        uses another route: closed while an outside body handles the case,
        it counted as resolved with the dispute still going."""
        self._policy(
            name="Resolution", resolution_time=7, resolution_unit="working_days"
        )
        self.complaint.sudo()._workflow_write(
            {"state": "rejected", "resolution_summary": "<p>Routes given.</p>"}
        )
        resolution = self.complaint.sla_line_ids.filtered(
            lambda line: line.milestone == "resolution"
        )
        self.assertEqual(resolution.state, "running")
        case = self._case()
        as_officer = self.complaint.with_user(self.complaint_officer)
        self.assertFalse(as_officer.can_close)
        self.assertIn(case.body_id.name, as_officer.next_step)
        with self.assertRaisesRegex(UserError, "record its outcome"):
            as_officer.action_close()
        self.assertEqual(self.complaint.state, "rejected")
        # closing waits for the body: its time is not the company's
        self.assertEqual(resolution.state, "paused")
        # control: the case concluded, the clock runs and the complaint closes
        case.write({"reply_text": "We refunded.", "verdict": "satisfied"})
        case.with_user(self.complaint_officer).action_settle()
        self.assertEqual(resolution.state, "running")
        self.assertTrue(as_officer.can_close)
        self.assertNotIn(case.body_id.name, as_officer.next_step)
        as_officer.action_close()
        self.assertEqual(self.complaint.state, "closed")

    def test_the_resolution_waits_for_the_body_only_once_closing_is_left(self):
        """Accepted, its last remedy carried out, the complaint only has to
        close: the outside body's case then holds the resolution (not the
        promised progress updates). Before, and while the high-risk gate
        waits for its reply script and plan, the company's clock runs."""
        self._policy(
            name="Resolution and progress",
            resolution_time=7,
            resolution_unit="working_days",
            progress_time=2,
            progress_unit="working_days",
        )
        refund = self.env["complaint.remedy"].create(
            {
                "complaint_id": self.complaint.id,
                "type_id": self.env.ref(
                    "complaint_management.complaint_remedy_type_apology"
                ).id,
            }
        )
        self.assertEqual(refund.state, "approved")
        self.complaint.sudo()._workflow_write({"state": "accepted"})
        self._case()

        def states():
            return {
                line.milestone: line.state
                for line in self.complaint.sla_line_ids
                if line.milestone in ("progress", "resolution")
            }

        # control: a remedy still to carry out is the company's work
        self.assertEqual(states(), {"progress": "running", "resolution": "running"})
        refund.with_user(self.handler).action_done()
        self.assertEqual(states(), {"progress": "running", "resolution": "paused"})
        # high-risk, the gate waits for the company: its clock runs
        self.complaint.sudo().write({"is_high_risk": True})
        self.assertEqual(states()["resolution"], "running")
        self.complaint.sudo().write({"is_high_risk": False})
        self.assertEqual(states()["resolution"], "paused")

    def test_the_media_or_the_regulator_make_the_complaint_high_risk(self):
        """Media exposure and government attention make a complaint high-risk
        (the seeded media and regulator bodies say so): filed with one, the
        complaint is flagged, with its reason, and the managers are told."""
        media = self.env.ref("complaint_management.complaint_external_body_media")
        self.assertTrue(media.makes_high_risk)
        # control: the consumer council's attention flags nothing
        self._case()
        self.assertFalse(self.complaint.is_high_risk)
        case = self._case(reference="TV-1", body_id=media.id)
        self.assertTrue(self.complaint.is_high_risk)
        self.assertIn(case.display_name, self.complaint.high_risk_reason)
        self.assertIn("Media", self.complaint.high_risk_reason)
        self.assertTrue(
            self.complaint.message_ids.filtered(
                lambda m: "High-risk complaint reported" in (m.body or "")
            )
        )
        # a case moved to another body of the kind flags its complaint too
        other = self.env["complaint.complaint"].create(
            self._complaint_vals(user_id=self.handler.id)
        )
        moved = self._case(reference="CC-9", complaint_id=other.id)
        self.assertFalse(other.is_high_risk)
        regulator = self.env.ref(
            "complaint_management.complaint_external_body_regulator"
        )
        moved.with_user(self.complaint_officer).body_id = regulator
        self.assertTrue(other.is_high_risk)

    def test_a_copy_is_a_new_pending_work_order(self):
        case = self._case()
        case.write({"reply_text": "We refunded.", "verdict": "satisfied"})
        case.with_user(self.complaint_officer).action_settle()
        self.assertEqual(case.outcome, "settled")
        copy = case.with_user(self.complaint_officer).copy()
        self.assertEqual(copy.outcome, "pending")
        self.assertFalse(copy.date_settled or copy.reply_text or copy.verdict)
        self.assertEqual(copy.date_received, fields.Date.context_today(copy))
        self.assertEqual(
            (copy.complaint_id, copy.body_id), (case.complaint_id, case.body_id)
        )
        # control: the original keeps its conclusion
        self.assertEqual(case.outcome, "settled")

    def test_a_complaint_deleted_takes_its_pending_cases_with_their_tasks(self):
        pending = self._case()
        note = pending.message_post(body="The council called back.")
        self.complaint.write({"state": "cancelled"})
        self.complaint.with_user(self.complaint_manager).unlink()
        self.assertFalse(pending.exists())
        self.assertFalse(note.exists(), "no message left of a deleted case")

    def test_a_complaint_with_a_concluded_case_is_not_deleted(self):
        settled = self._case()
        settled.action_settle()
        self.complaint.write({"state": "cancelled"})
        with self.assertRaises(UserError):
            self.complaint.with_user(self.complaint_manager).unlink()
        self.assertTrue(settled.exists())

    def test_a_late_case_re_opened_and_settled_in_time_stays_late(self):
        case = self._case()
        deadline = case.deadline
        with freeze_time(deadline + timedelta(days=4)):
            case.action_settle()
            self.assertTrue(case.was_late)
            case.with_user(self.complaint_user).action_reopen()
            case.action_settle()
        self.assertLessEqual(case.date_settled, case.deadline, "in time, this round")
        self.assertTrue(case.was_late, "the body counts it late")
        # control: a case settled in time, and a manager's correction of a date
        on_time = self._case()
        with freeze_time(FRI + timedelta(days=3)):
            on_time.action_settle()
        self.assertFalse(on_time.was_late)
        on_time.with_user(self.complaint_manager).write(
            {"date_settled": on_time.deadline + timedelta(days=1)}
        )
        self.assertTrue(on_time.was_late)

    def test_a_concluded_case_keeps_its_conclusion_date(self):
        case = self._case()
        case.action_settle()
        with self.assertRaises(UserError):
            case.with_user(self.complaint_manager).write({"date_settled": False})
        self.assertTrue(case.date_settled)

    def test_a_company_on_another_calendar_counts_its_cases_days_on_it(self):
        """The company's working calendar replaced: its pending cases counted
        in working days are planned on the new one (they stayed on the old
        one, then passed for deadlines entered by hand and ignored every
        later public holiday)."""
        self.body.time_unit = "working_days"
        case = self._case()
        before = case.deadline
        four_days = self._make_calendar("Four Days", "UTC", 8, 12, 13, 17)
        four_days.attendance_ids.filtered(lambda a: a.dayofweek == "4").unlink()
        self.company.resource_calendar_id = four_days
        self.assertNotEqual(case.deadline, before)
        self.assertEqual(case.deadline, case._deadline_plan()[case])
        # and it follows the new calendar's public holidays
        moved = case.deadline
        monday = fields.Datetime.to_datetime(FRI + timedelta(days=3))
        self._holiday(monday, monday + timedelta(hours=23))
        self.assertGreater(case.deadline, moved)
        # control: a deadline entered from the body's notice stays
        case.with_user(self.complaint_user).write({"deadline": date(2026, 4, 30)})
        self.company.resource_calendar_id = self.calendar
        self.assertEqual(case.deadline, date(2026, 4, 30))

    def test_a_case_recorded_after_its_deadline_is_late(self):
        """An officer enters a settlement day before the deadline on an
        overdue case, then settles it: it counted as on time in the body's
        figures. Recorded late, it is late until a manager corrects the day."""
        case = self._case()
        deadline = case.deadline
        with freeze_time(deadline + timedelta(days=5)):
            case.with_user(self.complaint_user).write({"date_settled": deadline})
            case.with_user(self.complaint_user).action_settle()
        self.assertTrue(case.was_late)
        case.with_user(self.complaint_manager).write(
            {"date_settled": deadline - timedelta(days=1)}
        )
        self.assertFalse(case.was_late, "a manager's correction")
        # control: recorded in time, on time
        on_time = self._case()
        with freeze_time(FRI + timedelta(days=2)):
            on_time.with_user(self.complaint_user).action_settle()
        self.assertFalse(on_time.was_late)

    def test_a_case_past_its_deadline_is_not_made_on_time(self):
        """An officer moved an overdue case's deadline, or its day received,
        then settled it: the body's figures counted it on time."""
        case = self._case()
        late = case.deadline + timedelta(days=5)
        officer = case.with_user(self.complaint_officer)
        with freeze_time(late):
            self.assertEqual(case.deadline_state, "overdue")
            for vals in (
                {"deadline": late + timedelta(days=5)},
                {"date_received": late},
                {"date_received": late + timedelta(days=1)},
            ):
                with (
                    self.subTest(vals=vals),
                    self.assertRaises(UserError),
                    self.env.cr.savepoint(),
                ):
                    officer.write(vals)
                case.invalidate_recordset()
            self.assertLess(case.deadline, late)
            # control: corrected within the past, it stays late; a manager
            # moves it on
            officer.write({"deadline": case.deadline - timedelta(days=1)})
            case.with_user(self.complaint_manager).write(
                {"deadline": late + timedelta(days=5)}
            )
            self.assertEqual(case.deadline, late + timedelta(days=5))

    def test_a_corrected_receipt_moves_the_lateness_with_the_deadline(self):
        case = self._case()
        with freeze_time(case.deadline + timedelta(days=3)):
            case.action_settle()
        self.assertTrue(case.was_late)
        # the notice's day of receipt was entered wrong: a manager corrects it
        case.with_user(self.complaint_manager).write(
            {"date_received": FRI + timedelta(days=10)}
        )
        self.assertGreaterEqual(case.deadline, case.date_settled)
        self.assertFalse(case.was_late)
