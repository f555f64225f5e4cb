from datetime import date, datetime
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .sla_common import SlaCommon

# Friday 6 March 2026; the test calendar works Monday to Friday
FRI = date(2026, 3, 6)


@tagged("post_install", "-at_install")
class TestExternalWorkbench(SlaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # outside bodies count the company's working days
        cls.company.resource_calendar_id = cls.calendar
        cls.body_12315 = cls.env.ref(
            "complaint_management.complaint_external_body_12315"
        )
        cls.body_12345 = cls.env.ref(
            "complaint_management.complaint_external_body_12345"
        )
        cls.body_council = cls.env.ref(
            "complaint_management.complaint_external_body_consumer_council"
        )
        cls.complaint = cls.env["complaint.complaint"].create(
            cls._complaint_vals(user_id=cls.handler.id)
        )
        cls.activity_deadline = cls.env.ref(
            "complaint_management.mail_activity_type_external_deadline"
        )
        cls.Case = cls.env["complaint.external.case"]

    def _case(self, body, received=FRI, **values):
        vals = {
            "complaint_id": self.complaint.id,
            "body_id": body.id,
            "reference": "WO-1",
            "date_received": received,
        }
        vals.update(values)
        return self.Case.with_user(self.complaint_officer).create(vals)

    def _case_12315_negotiated(self, process):
        """A 12315 case with the negotiation the body asks reported."""
        return self._case(
            self.body_12315,
            negotiation_date=date(2026, 3, 9),
            negotiation_process=process,
            negotiation_method="on_site",
            negotiation_result="Refund agreed",
        )

    def _activity(self, case):
        return case.activity_ids.filtered(
            lambda a: a.activity_type_id == self.activity_deadline
        )

    def _sweep(self):
        return self.env["complaint.sla.line"]._cron_sla_sweep(commit=False)

    # ------------------------------------------------------------------
    # Deadlines
    # ------------------------------------------------------------------
    def test_deadline_working_days_on_the_company_calendar(self):
        # 12345: 5 working days; Friday's own day does not count
        case = self._case(self.body_12345)
        self.assertEqual(case.deadline, date(2026, 3, 13))
        self.assertEqual(case.date_warning, date(2026, 3, 12))
        # 12315: 10 working days
        self.assertEqual(self._case(self.body_12315).deadline, date(2026, 3, 20))
        # a public holiday on Wednesday moves the deadline to Monday
        self._holiday(datetime(2026, 3, 11, 0, 0), datetime(2026, 3, 11, 23, 59))
        self.assertEqual(self._case(self.body_12345).deadline, date(2026, 3, 16))

    def test_deadline_calendar_days_count_weekends(self):
        case = self._case(self.body_council)
        self.assertEqual(case.deadline, date(2026, 3, 21))  # a Saturday
        self.assertEqual(case.date_warning, date(2026, 3, 18))

    def test_deadline_follows_body_and_date_received(self):
        case = self._case(self.body_council)
        case.body_id = self.body_12345
        self.assertEqual(case.deadline, date(2026, 3, 13))
        case.date_received = date(2026, 3, 9)  # Monday
        self.assertEqual(case.deadline, date(2026, 3, 16))
        # the body's codes still work for callers that only know them
        self.assertEqual(case.body, "12345")
        coded = self.Case.create({"complaint_id": self.complaint.id, "body": "12315"})
        self.assertEqual(coded.body_id, self.body_12315)
        with self.assertRaises(ValidationError):
            self.Case.create({"complaint_id": self.complaint.id, "body": "nowhere"})

    def test_activity_for_the_owner_follows_the_case(self):
        case = self._case(self.body_12345)
        activity = self._activity(case)
        self.assertEqual(len(activity), 1)
        self.assertEqual(activity.user_id, self.handler)
        self.assertEqual(activity.date_deadline, case.deadline)
        # a new deadline moves it; a new handler takes it over
        case.deadline = date(2026, 3, 18)
        self.assertEqual(self._activity(case).date_deadline, date(2026, 3, 18))
        self.env["res.lang"]._activate_lang("zh_CN")
        self.handler_other.lang = "zh_CN"
        self.complaint.user_id = self.handler_other
        self.assertEqual(self._activity(case).user_id, self.handler_other)
        # in the new owner's language, whoever reassigned
        self.assertIn("反馈", self._activity(case).summary)
        # concluded: the activity is done
        case.action_not_settled()
        self.assertFalse(self._activity(case))

    def test_the_reminder_is_not_moved_or_done_by_hand(self):
        """The reminder is the only warning before the body's deadline (the
        sweep writes once the case is overdue): postponed or done by hand,
        it no longer said when the report-back was due."""
        case = self._case(self.body_12345)
        activity = self._activity(case)
        mine = activity.with_user(self.handler)
        for change in (
            lambda: mine.write({"date_deadline": date(2026, 4, 30)}),
            lambda: mine.action_feedback(feedback="Reported"),
        ):
            with (
                self.assertRaisesRegex(UserError, "follows its deadline"),
                self.env.cr.savepoint(),
            ):
                change()
            activity.invalidate_recordset()
        self.assertEqual(activity.date_deadline, case.deadline)
        # control: the handler moves the case's deadline, the reminder follows
        case.with_user(self.handler).deadline = date(2026, 3, 18)
        self.assertEqual(self._activity(case).date_deadline, date(2026, 3, 18))

    # ------------------------------------------------------------------
    # Sweep
    # ------------------------------------------------------------------
    def test_sweep_marks_at_risk_then_overdue_and_tells_the_owner_once(self):
        with freeze_time("2026-03-09 09:00:00"):  # Monday
            case = self._case(self.body_12345, received=date(2026, 3, 9))
            self.assertEqual(case.deadline, date(2026, 3, 16))
            self.assertEqual(case.deadline_state, "on_track")
        with freeze_time("2026-03-13 09:00:00"):  # Friday, 1 working day left
            self._sweep()
            self.assertEqual(case.deadline_state, "at_risk")
        messages = case.message_ids
        with freeze_time("2026-03-17 09:00:00"):
            self._sweep()
            self.assertEqual(case.deadline_state, "overdue")
            notes = case.message_ids - messages
            self.assertEqual(len(notes), 1)
            self.assertIn(self.handler.partner_id, notes.partner_ids)
            self._sweep()
            self.assertEqual(len(case.message_ids - messages), 1, "told once")
            self.assertEqual(
                self.complaint.external_case_ids.filtered_domain(
                    [("deadline_state", "=", "overdue")]
                ),
                case,
            )

    def test_overdue_on_the_company_date_not_utc(self):
        """A case due on the 16th is overdue from midnight in Shanghai (16:00
        UTC on the 16th), though the sweep runs without a time zone."""
        with freeze_time("2026-03-09 09:00:00"):
            case = self._case(self.body_12345, received=date(2026, 3, 9))
        self.assertEqual(case.deadline, date(2026, 3, 16))
        with freeze_time("2026-03-16 15:30:00"):  # 23:30 in Shanghai
            self.calendar.tz = "Asia/Shanghai"
            self._sweep()
            self.assertNotEqual(case.deadline_state, "overdue")
        with freeze_time("2026-03-16 16:30:00"):  # 00:30 on the 17th there
            self._sweep()
            self.assertEqual(case.deadline_state, "overdue")
        # control: in UTC the 16th is still running
        with freeze_time("2026-03-16 16:30:00"):
            self.calendar.tz = "UTC"
            other = self._case(self.body_council, received=date(2026, 3, 1))
            other.deadline = date(2026, 3, 16)
            self._sweep()
            self.assertNotEqual(other.deadline_state, "overdue")

    def test_sweep_skips_a_failing_case_and_goes_on(self):
        with freeze_time("2026-03-09 09:00:00"):
            bad = self._case(self.body_12345, received=date(2026, 3, 9))
            good = self._case(self.body_12345, received=date(2026, 3, 9))
            self.assertEqual(set((bad | good).mapped("deadline_state")), {"on_track"})
        original = type(self.Case)._deadline_notify_overdue

        def failing(cases):
            if bad in cases:
                raise ValueError("broken case")
            return original(cases)

        with (
            freeze_time("2026-03-17 09:00:00"),
            patch.object(type(self.Case), "_deadline_notify_overdue", failing),
        ):
            self.env["complaint.external.case"]._cron_deadline_sweep()
            self.assertEqual(good.deadline_state, "overdue")
            self.assertEqual(bad.deadline_state, "on_track")
        failure = self.env["complaint.job.failure"].search(
            [("job", "=", "external_sweep"), ("res_id", "=", bad.id)]
        )
        self.assertEqual(len(failure), 1)
        # fixed: retried at the next run, and the failure goes away
        with freeze_time("2026-03-17 10:00:00"):
            self.env["complaint.external.case"]._cron_deadline_sweep()
        self.assertEqual(bad.deadline_state, "overdue")
        self.assertFalse(failure.exists())

    # ------------------------------------------------------------------
    # Settlement and re-opening
    # ------------------------------------------------------------------
    def test_settled_refused_without_report_back_data(self):
        case = self._case(self.body_12315).with_user(self.complaint_officer)
        with self.assertRaises(ValidationError) as refusal:
            case.action_settle()
        self.assertIn("Negotiation Result", str(refusal.exception))
        # not by a write either, whoever writes (here as superuser: an import)
        with self.assertRaises(ValidationError):
            case.sudo().write({"outcome": "settled"})
        self.assertEqual(case.outcome, "pending")
        case.write(
            {
                "negotiation_date": date(2026, 3, 9),
                "negotiation_process": "Called twice, then met at the shop",
                "negotiation_method": "on_site",
                "negotiation_result": "Refund agreed",
            }
        )
        case.action_settle()  # control: the data is there
        self.assertEqual(case.outcome, "settled")
        self.assertEqual(case.deadline_state, "done")
        with self.assertRaises(UserError):  # emptied: a handler rewrites nothing
            case.negotiation_result = False
        # bodies without report-back data settle at once
        council = self._case(self.body_council).with_user(self.complaint_officer)
        council.action_settle()
        self.assertEqual(council.outcome, "settled")
        self.assertTrue(council.date_settled)
        with self.assertRaises(UserError):
            council.action_settle()

    def test_a_body_asking_more_leaves_its_settled_cases_standing(self):
        """A body's report-back data asked from now on binds the cases
        settled from now on: an older settled case is still de-identified
        and corrected, though it lacks the new field."""
        case = self._case_12315_negotiated("Called twice")
        case.action_settle()
        followup = self.env["ir.model.fields"]._get(
            "complaint.external.case", "followup_call_date"
        )
        self.body_12315.report_field_ids = [(4, followup.id)]
        case._deidentify()
        self.assertEqual(case.negotiation_process, "(de-identified)")
        case.with_user(self.complaint_manager).negotiation_result = "Refund paid"
        # control: what it reported is not emptied, nor is a case settled so
        with self.assertRaises(ValidationError):
            case.with_user(self.complaint_manager).negotiation_result = False
        other = self._case_12315_negotiated("Called")
        with self.assertRaisesRegex(ValidationError, "Follow-Up Call"):
            other.with_user(self.complaint_officer).action_settle()

    def test_a_concluded_case_keeps_what_it_reported(self):
        """What a settled case told its body is a record: a handler does not
        rewrite it; a manager corrects it."""
        case = self._case_12315_negotiated("Called twice")
        case.with_user(self.complaint_officer).action_settle()
        with self.assertRaisesRegex(UserError, "complaint manager"):
            case.with_user(self.complaint_officer).negotiation_result = "All fine"
        self.assertEqual(case.negotiation_result, "Refund agreed")
        # the form shows it read-only to them (report_locked), not to a manager
        self.assertTrue(case.with_user(self.complaint_officer).report_locked)
        self.assertFalse(case.with_user(self.complaint_manager).report_locked)
        # control: a manager corrects it; a pending case is the handler's
        case.with_user(self.complaint_manager).negotiation_result = "Refund paid"
        self.assertEqual(case.negotiation_result, "Refund paid")
        pending = self._case(self.body_12315)
        self.assertFalse(pending.with_user(self.complaint_officer).report_locked)
        pending.with_user(self.complaint_officer).negotiation_result = "Talking"
        self.assertEqual(pending.negotiation_result, "Talking")

    def _replied_work_order(self):
        return self._case(
            self.body_12345,
            reply_text="Delivered on Monday, shipping refunded",
            followup_call_date=date(2026, 3, 10),
            followup_call_note="Customer reached",
            verdict="satisfied",
        )

    def test_dissatisfied_verdict_reopens_the_work_order(self):
        case = self._replied_work_order()
        case.action_settle()
        self.assertFalse(self._activity(case))
        messages = case.message_ids
        with freeze_time("2026-03-16 10:00:00"):  # Monday
            case.with_user(self.complaint_officer).verdict = "dissatisfied"
            self.assertEqual(case.outcome, "pending")
            self.assertEqual(case.reopen_count, 1)
            self.assertEqual(case.date_reopened, date(2026, 3, 16))
            self.assertEqual(case.deadline, date(2026, 3, 23))
            self.assertFalse(case.date_settled)
            self.assertFalse(case.verdict, "a new verdict is asked")
        activity = self._activity(case)
        self.assertEqual(activity.date_deadline, date(2026, 3, 23))
        self.assertEqual(activity.user_id, self.handler)
        self.assertIn(
            "re-opened", "".join((case.message_ids - messages).mapped("body"))
        )
        # settling again needs the new verdict
        with self.assertRaises(ValidationError):
            case.action_settle()

    def test_dissatisfied_verdict_on_a_pending_work_order(self):
        replied = self._replied_work_order()
        replied.verdict = "dissatisfied"
        self.assertEqual(replied.reopen_count, 1)
        # the same verdict on the same reply sent again (a replay, a form
        # saved again) re-opens it no more
        for vals in (
            {"verdict": "dissatisfied"},
            {"reply_text": replied.reply_text, "verdict": "dissatisfied"},
        ):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(UserError, "write the new reply"),
            ):
                replied.with_user(self.complaint_officer).write(vals)
        self.assertEqual(replied.reopen_count, 1)
        self.assertFalse(replied.verdict)
        # control: a new reply, and the complainant's dissatisfaction with it
        replied.reply_text = "Replaced on Tuesday"
        self.assertEqual(replied.reopen_count, 1, "not judged yet")
        replied.verdict = "dissatisfied"
        self.assertEqual(replied.reopen_count, 2)
        unanswered = self._case(self.body_12345)
        unanswered.verdict = "dissatisfied"
        self.assertEqual(unanswered.reopen_count, 0, "nothing was replied yet")
        # the reply written after the verdict does not leave them together
        unanswered.reply_text = "Delivered on Monday"
        self.assertEqual(unanswered.reopen_count, 1)
        self.assertFalse(unanswered.verdict)
        # other bodies do not ask for a verdict
        council = self._case(self.body_council)
        council.write({"reply_text": "Answered", "verdict": "dissatisfied"})
        self.assertEqual(council.reopen_count, 0)

    def test_outcome_and_states_change_only_through_the_workflow(self):
        """Over JSON-RPC an officer reaches write: the outcome, the re-open
        history, the deadline's state and the company are the workflow's."""
        case = self._case(self.body_council).with_user(self.complaint_officer)
        for vals in (
            {"outcome": "settled"},
            {"outcome": "not_settled"},
            {"deadline_state": "on_track"},
            {"reopen_count": 0},
            {"reply_reopened": False},
            {"date_reopened": FRI},
            {"company_id": self.env.company.id},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError) as refusal:
                case.write(vals)
            # the computed deadline state is refused as computed
            self.assertRegex(
                str(refusal.exception), "workflow buttons|computed from its other"
            )
        # control: the buttons do it, and the data they own is written
        case.action_settle()
        self.assertEqual(case.outcome, "settled")
        case.action_reopen()
        self.assertEqual((case.outcome, case.reopen_count), ("pending", 1))
        # re-opened by hand, not for the complainant's verdict: it is not
        # waiting for a new reply
        self.assertFalse(case.reply_reopened)

    def test_settled_and_dissatisfied_together_reopen(self):
        """An import (superuser) of a settled work order with a dissatisfied
        verdict leaves it re-opened, not settled."""
        case = self.Case.create(
            {
                "complaint_id": self.complaint.id,
                "body_id": self.body_12345.id,
                "date_received": FRI,
                "reply_text": "Delivered",
                "followup_call_date": date(2026, 3, 10),
                "followup_call_note": "Reached",
                "verdict": "dissatisfied",
                "outcome": "settled",
            }
        )
        self.assertEqual((case.outcome, case.reopen_count), ("pending", 1))

    def test_case_cannot_move_to_a_complaint_out_of_reach(self):
        case = self._case(self.body_council).with_user(self.complaint_user)
        other_team = self.env["complaint.team"].create({"name": "Elsewhere"})
        hidden = self.env["complaint.complaint"].create(
            self._complaint_vals(team_id=other_team.id)
        )
        with self.assertRaises(AccessError):
            case.write({"complaint_id": hidden.id})
            case.flush_recordset()
        # control: to a complaint of their own
        mine = self.env["complaint.complaint"].create(self._complaint_vals())
        case.write({"complaint_id": mine.id})
        self.assertEqual(case.complaint_id, mine)

    def test_deidentified_case_stays_settled(self):
        case = self._replied_work_order()
        case.note = "Wang Fang, 138 0000 0000"
        case.action_settle()
        case.message_post(body="Called Wang Fang on 138 0000 0000")
        case._deidentify()
        self.assertEqual(case.outcome, "settled")
        self.assertFalse(case.note)
        self.assertEqual(case.reply_text, "(de-identified)")
        self.assertEqual(case.verdict, "satisfied")
        self.assertFalse(case.message_ids)

    def test_manual_reopen(self):
        case = self._case(self.body_council)
        with self.assertRaises(UserError):
            case.action_reopen()
        case.action_not_settled()
        case.action_reopen()
        self.assertEqual(case.outcome, "pending")
        self.assertEqual(case.reopen_count, 1)

    # ------------------------------------------------------------------
    # Access
    # ------------------------------------------------------------------
    def test_workbench_views_open_for_staff(self):
        views = [(False, kind) for kind in ("kanban", "list", "form", "search")]
        for user in (self.complaint_user, self.complaint_officer):
            self.Case.with_user(user).get_views(views)
            self.env["complaint.external.body"].with_user(user).get_views(views[1:])
        arch = self.env["complaint.external.body"].get_views(views[1:3])
        self.assertIn("report_field_ids", str(arch))

    def test_bodies_are_managed_by_complaint_managers(self):
        self.assertTrue(self.body_12315.with_user(self.complaint_user).name)
        with self.assertRaises(AccessError):
            self.body_12315.with_user(self.complaint_officer).time_limit = 3
        # a shared body is changed by a manager working for every company
        # (one of a single company makes their own)
        self.complaint_manager.company_ids = self.env["res.company"].search([])
        self.body_12315.with_user(self.complaint_manager).time_limit = 3  # control
        self.assertEqual(self._case(self.body_12315).deadline, date(2026, 3, 11))
        with self.assertRaises(ValidationError):
            self.env["complaint.external.body"].create(
                {"name": "Duplicate", "code": "12315", "company_id": False}
            )

    def test_a_company_files_under_its_own_body_of_a_code(self):
        own = self.env["complaint.external.body"].create(
            {
                "name": "12315 (our province)",
                "code": "12315",
                "company_id": self.company.id,
                "time_limit": 5,
            }
        )
        Body = self.env["complaint.external.body"].with_user(self.complaint_officer)
        # the picker offers the company's own body, not the shared one it replaces
        offered = Body.search(
            [
                ("company_id", "in", [False, self.company.id]),
                ("replaced_company_ids", "not in", [self.company.id]),
            ]
        )
        self.assertIn(own, offered)
        self.assertNotIn(self.body_12315, offered)
        self.assertIn(self.body_12345, offered)  # control: a code not replaced
        self.assertEqual(self.body_12315.replaced_company_ids, self.company)
        # the API cannot file it under the shared one either
        with self.assertRaises(ValidationError):
            self._case(self.body_12315)
        self.assertEqual(self._case(own).body_id, own)
        # control: a company without its own files under the shared body
        own.active = False
        self.assertEqual(self._case(self.body_12315).body_id, self.body_12315)

    def test_replaced_for_reads_the_users_own_companies(self):
        """Another company's own body of a shared code: a manager of this
        company reads the shared body (an export, RPC) without an access
        error, and without the other company."""
        other = self.env["res.company"].create({"name": "Other Province Co"})
        self.env["complaint.external.body"].create(
            {"name": "12315 (other)", "code": "12315", "company_id": other.id}
        )
        manager = self.complaint_manager
        self.assertNotIn(other, manager.company_ids)
        body = self.body_12315.with_user(manager)
        body.invalidate_recordset()
        self.assertFalse(body.read(["replaced_company_ids"])[0]["replaced_company_ids"])
        # control: a manager of both companies reads it
        manager.company_ids |= other
        body.invalidate_recordset()
        self.assertEqual(body.replaced_company_ids, other)

    def test_a_public_holiday_added_moves_a_planned_deadline(self):
        planned = self._case(self.body_12345)
        self.assertEqual(planned.deadline, date(2026, 3, 13))
        entered = self._case(self.body_12345, reference="WO-2")
        # the notice gave another date: entered by hand, it stays
        entered.with_user(self.complaint_officer).deadline = date(2026, 3, 12)
        self._holiday(datetime(2026, 3, 11, 0, 0), datetime(2026, 3, 11, 23, 59))
        self.assertEqual(planned.deadline, date(2026, 3, 16))
        self.assertEqual(entered.deadline, date(2026, 3, 12))
        # control: a concluded case keeps the deadline it was measured on
        concluded = self._case(self.body_council, reference="CC-1")
        concluded.action_settle()
        deadline = concluded.deadline
        self._holiday(datetime(2026, 3, 9, 0, 0), datetime(2026, 3, 10, 23, 59))
        self.assertEqual(concluded.deadline, deadline)
        self.assertEqual(planned.deadline, date(2026, 3, 18), "and it moves again")

    def test_a_holiday_declared_by_who_reads_no_case_moves_them_all(self):
        planned = self._case(self.body_12345)
        administrator = self.env["res.users"].create(
            {
                "name": "Settings Only",
                "login": "settings_only",
                "groups_id": [(6, 0, self.env.ref("base.group_system").ids)],
            }
        )
        self.assertFalse(planned.with_user(administrator).has_access("read"))
        self.env["resource.calendar.leaves"].with_user(administrator).create(
            {
                "name": "Public holiday",
                "calendar_id": False,
                "company_id": self.company.id,
                "date_from": datetime(2026, 3, 11, 0, 0),
                "date_to": datetime(2026, 3, 11, 23, 59),
                "time_type": "leave",
            }
        )
        self.assertEqual(planned.deadline, date(2026, 3, 16))
