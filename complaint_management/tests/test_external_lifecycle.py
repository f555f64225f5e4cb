from datetime import date, timedelta

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from .external_common import FRI, ExternalCaseCommon


@tagged("post_install", "-at_install")
class TestExternalLifecycle(ExternalCaseCommon):
    """A spill-over case follows its complaint: not re-opened once the
    complaint is cancelled or de-identified, no personal data written back
    after a de-identification, and its lateness kept when it moves."""

    def _settled(self):
        case = self._case()
        case.write({"reply_text": "We refunded.", "verdict": "satisfied"})
        case.with_user(self.complaint_officer).action_settle()
        return case

    def test_a_case_of_a_cancelled_complaint_is_not_reopened(self):
        """Re-opened after the complaint was cancelled, a pending case had no
        reminder, no sweep, and held the complaint from de-identification."""
        # 12345 asks the complainant's verdict: a dissatisfied one re-opens
        case = self._case(
            body_id=self.env.ref(
                "complaint_management.complaint_external_body_12345"
            ).id,
            reply_text="Delivered on Monday",
            followup_call_date=date(2026, 3, 10),
            followup_call_note="Customer reached",
            verdict="satisfied",
        )
        case.with_user(self.complaint_officer).action_settle()
        self.complaint.sudo()._workflow_write({"state": "registered"})
        self.complaint.with_user(self.complaint_officer).action_cancel()
        as_officer = case.with_user(self.complaint_officer)
        self.assertFalse(as_officer.can_be_reopened)
        with self.assertRaises(UserError), self.env.cr.savepoint():
            as_officer.action_reopen()
        # nor by the complainant's verdict on the reply
        with self.assertRaises(UserError), self.env.cr.savepoint():
            as_officer.write({"verdict": "dissatisfied"})
        case.invalidate_recordset()
        self.assertEqual(case.outcome, "settled")
        # control: on a complaint still handled, it is re-opened
        self.complaint = self.env["complaint.complaint"].create(self._complaint_vals())
        other = self._settled()
        other.with_user(self.complaint_officer).action_reopen()
        self.assertEqual(other.outcome, "pending")

    def test_no_personal_data_back_on_a_de_identified_complaint(self):
        """Nothing removes data written after the de-identification: the
        retention job and erasures pass such a complaint by."""
        case = self._settled()
        self.complaint.sudo()._workflow_write({"state": "closed"})
        self.complaint.sudo()._deidentify()
        self.assertEqual(case.reference, "(de-identified)", "the body's work order")
        self.assertEqual(case.reply_text, "(de-identified)")
        as_officer = case.with_user(self.complaint_officer)
        self.assertFalse(as_officer.can_be_reopened)
        for vals in (
            {"note": "Wang Fang, 138 0013 8000"},
            {"followup_call_note": "Called Wang Fang"},
            {"reference": "WO-2"},
        ):
            with (
                self.subTest(vals=vals),
                self.assertRaises(UserError),
                self.env.cr.savepoint(),
            ):
                as_officer.write(vals)
        with self.assertRaises(UserError), self.env.cr.savepoint():
            as_officer.action_reopen()
        with self.assertRaises(UserError), self.env.cr.savepoint():
            self._case()
        # nor is a case of another complaint moved onto it, with its texts
        other = self.env["complaint.complaint"].create(self._complaint_vals())
        moved = (
            self.env["complaint.external.case"]
            .with_user(self.complaint_officer)
            .create(
                {
                    "complaint_id": other.id,
                    "body_id": self.body.id,
                    "reference": "WO-7",
                    "note": "Wang Fang, 138 0013 8000",
                    "date_received": FRI,
                }
            )
        )
        with self.assertRaises(UserError), self.env.cr.savepoint():
            moved.with_user(self.complaint_officer).write(
                {"complaint_id": self.complaint.id}
            )
        moved.invalidate_recordset()
        self.assertEqual(moved.complaint_id, other)
        case.invalidate_recordset()
        self.assertFalse(case.note)
        self.assertEqual(case.outcome, "settled")
        # control: the facts of the case are still corrected by a manager
        case.with_user(self.complaint_manager).write({"date_settled": FRI})
        self.assertEqual(case.date_settled, FRI)

    def test_a_case_recorded_late_stays_late_when_it_moves(self):
        """A merge put the case's own deadline back by a write, which took
        the lateness anew from the settlement day entered: recorded after
        the deadline, the case became on time in the body's figures."""
        case = self._case()
        case.with_user(self.complaint_user).write({"deadline": date(2026, 3, 20)})
        deadline = case.deadline
        with freeze_time(deadline + timedelta(days=5)):
            case.with_user(self.complaint_user).write({"date_settled": deadline})
            case.with_user(self.complaint_user).action_settle()
        self.assertTrue(case.was_late)
        kept = self.env["complaint.complaint"].create(self._complaint_vals())
        kept.with_user(self.complaint_officer)._merge(self.complaint)
        self.assertEqual(case.complaint_id, kept)
        self.assertEqual(case.deadline, deadline)
        self.assertTrue(case.was_late)
        # control: a manager's correction of the day still sets it
        case.with_user(self.complaint_manager).write(
            {"date_settled": deadline - timedelta(days=1)}
        )
        self.assertFalse(case.was_late)
