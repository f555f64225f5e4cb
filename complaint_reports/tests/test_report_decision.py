from datetime import datetime

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_report_pdf import ReportPdfCase

DECISION = "complaint_reports.action_report_complaint_decision"


@tagged("post_install", "-at_install")
class TestReportDecision(ReportPdfCase):
    """The decision letter holds a decision and says where the case stands;
    its dates are the complaint's day where nobody set a time zone."""

    def test_no_letter_before_a_decision(self):
        new = self.env["complaint.complaint"].create(
            {
                "subject": "Not decided yet",
                "partner_id": self.partner_en.id,
                "team_id": self.team.id,
            }
        )
        with self.assertRaises(UserError):
            self._html(DECISION, new)
        # control: a handled complaint's letter prints
        self.assertIn(
            "You accepted our proposal", self._html(DECISION, self.complaint_en)
        )

    def test_a_complaint_closed_after_a_refusal_is_said_closed(self):
        complaint = self._reopened_with_a_new_remedy(self.complaint_rejected)
        complaint.action_propose()
        complaint.action_reject_proposal("The amount is too small")
        self.assertIn("Your complaint stays open", self._html(DECISION, complaint))
        complaint.write({"resolution_summary": "<p>We keep our offer.</p>"})
        complaint.action_close()
        html = self._html(DECISION, complaint)
        self.assertNotIn("Your complaint stays open", html)
        self.assertIn("We have closed your complaint", html)
        self.assertIn("12315", html, "the other routes stay open to them")

    def test_dates_fall_on_the_complaints_day_for_staff_without_a_zone(self):
        complaint = self.complaint_en
        calendar = (
            complaint.team_id.resource_calendar_id
            or complaint.company_id.resource_calendar_id
        )
        calendar.sudo().tz = "Asia/Shanghai"
        # 01:00 in Shanghai on 3 March is 17:00 UTC on 2 March
        complaint.sudo().date_received = datetime(2026, 3, 2, 17, 0)
        self.manager.tz = False
        as_manager = complaint.with_user(self.manager).with_context(tz=False)
        self.assertEqual(as_manager._report_tz(), "Asia/Shanghai")
        self.assertEqual(
            as_manager._report_date(complaint.date_received),
            as_manager._report_date(datetime(2026, 3, 3, 0, 0)),
        )
        # control: staff with a zone read it in theirs
        self.manager.tz = "Europe/Brussels"
        self.assertEqual(
            complaint.with_user(self.manager).with_context(tz=False)._report_tz(),
            "Europe/Brussels",
        )

    def test_the_complainants_documents_are_dated_where_they_live(self):
        """A letter printed by a colleague in Brussels for a customer in
        Shanghai was dated on the Brussels day: the same letter changed date
        with who printed it, and contradicted the customer's portal page."""
        complaint = self.complaint_en
        self.partner_en.tz = "Asia/Shanghai"
        # 01:00 in Shanghai on 3 March is 18:00 in Brussels on 2 March
        complaint.sudo().date_received = datetime(2026, 3, 2, 17, 0)
        self.manager.tz = "Europe/Brussels"
        shanghai_day = complaint._report_date(datetime(2026, 3, 3, 0, 0))
        brussels_day = complaint._report_date(datetime(2026, 3, 2, 0, 0))
        for report in (
            DECISION,
            "complaint_reports.action_report_complaint_registration",
        ):
            html = self._html(report, complaint, user=self.manager)
            self.assertIn(shanghai_day, html, report)
            self.assertNotIn(brussels_day, html, report)
        # control: staff's own form is dated where the reader is
        tracking = self._html(
            "complaint_reports.action_report_complaint_tracking",
            complaint,
            user=self.manager,
        )
        self.assertIn(
            complaint.with_user(self.manager)
            .with_context(tz="Europe/Brussels")
            ._report_datetime(complaint.date_received)[:10],
            tracking,
        )

    def test_a_verification_after_the_action_was_done_again_is_pending(self):
        action = self.env["complaint.corrective.action"].create(
            {
                "title": "Seal supplier audit",
                "root_cause": "Seal shrinks in the cold",
                "action_plan": "<p>New seal</p>",
                "complaint_ids": [fields.Command.set(self.complaint_zh.ids)],
                "user_id": self.manager.id,
                "verifier_id": self.env.user.id,
                "date_due": fields.Date.today(),
            }
        )
        action.with_user(self.manager).action_start()
        action.with_user(self.manager).action_done()
        action.verification_note = "Two of ten still leak"
        action.action_verify_not_effective()
        steps = {s["name"]: s for s in self.complaint_zh._report_tracking_steps()}
        self.assertTrue(steps["Correction verification"]["note"].startswith("Not"))
        # carried out again: the new verification is still to come
        action.sudo()._workflow_write(
            {"date_verified": fields.Datetime.subtract(fields.Datetime.now(), hours=1)}
        )
        action.with_user(self.manager).action_done()
        steps = {s["name"]: s for s in self.complaint_zh._report_tracking_steps()}
        self.assertFalse(steps["Correction verification"]["date"])
        self.assertFalse(steps["Correction verification"]["note"])

    def test_a_correction_awaiting_verification_shows_no_verification(self):
        """One action verified effective, another carried out since: the
        form showed the older verification beside the newer correction."""
        Action = self.env["complaint.corrective.action"]
        values = {
            "root_cause": "Seal shrinks in the cold",
            "action_plan": "<p>New seal</p>",
            "complaint_ids": [fields.Command.set(self.complaint_zh.ids)],
            "user_id": self.manager.id,
            "verifier_id": self.env.user.id,
            "date_due": fields.Date.today(),
        }
        first = Action.create(dict(values, title="Seal supplier audit"))
        second = Action.create(dict(values, title="Packaging change"))
        for action in first | second:
            action.with_user(self.manager).action_start()
        first.with_user(self.manager).action_done()
        first.verification_note = "No leak in ten"
        first.action_verify_effective()
        steps = {s["name"]: s for s in self.complaint_zh._report_tracking_steps()}
        self.assertTrue(steps["Correction verification"]["date"])
        second.with_user(self.manager).action_done()
        steps = {s["name"]: s for s in self.complaint_zh._report_tracking_steps()}
        self.assertIn(second.display_name, steps["Correction"]["note"])
        self.assertFalse(steps["Correction verification"]["date"])
