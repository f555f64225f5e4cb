from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestWorkflow(ComplaintCommon):
    """Each step of the handling process and every illegal transition."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the emails of the steps leave unseen here (test_step_mail previews them)
        cls.company.complaint_step_mail_auto = True
        cls.remedy_type_apology = cls.env.ref(
            "complaint_management.complaint_remedy_type_apology"
        )

    def _new(self, **values):
        return (
            self.env["complaint.complaint"]
            .with_user(self.complaint_user)
            .create(self._complaint_vals(**values))
        )

    def _to_state(self, complaint, state):
        """Walk a complaint through the workflow up to ``state``."""
        steps = [
            ("registered", complaint.action_register),
            ("acknowledged", complaint.action_acknowledge),
            ("assessed", complaint.action_assess),
            ("investigating", complaint.action_investigate),
            ("proposed", complaint.action_propose),
        ]
        complaint.write({"level_id": self.level_normal.id, "validity": "founded"})
        for target, action in steps:
            if target == "proposed":
                self.env["complaint.remedy"].create(
                    {
                        "complaint_id": complaint.id,
                        "type_id": self.remedy_type_apology.id,
                        "amount": 0,
                    }
                )
            action()
            self.assertEqual(complaint.state, target)
            if target == state:
                return complaint
        return complaint

    def test_full_path_with_acceptance(self):
        complaint = self._new()
        self.assertTrue(complaint.can_register)
        self._to_state(complaint, "proposed")
        for fname in (
            "date_registered",
            "date_acknowledged",
            "date_assessed",
            "date_investigation",
            "date_proposed",
        ):
            self.assertTrue(complaint[fname], fname)
        self.assertEqual(complaint.stage_id.iso_step, "proposed")
        complaint.action_accept_proposal()
        self.assertEqual(complaint.state, "accepted")
        self.assertEqual(complaint.decision, "accepted")
        self.assertTrue(complaint.date_decision)
        # remedies must be carried out before closing
        self.assertFalse(complaint.can_close)
        with self.assertRaises(UserError):
            complaint.action_close()
        complaint.remedy_ids.action_done()
        self.assertTrue(complaint.can_close)
        # a resolution summary is required
        with self.assertRaises(UserError):
            complaint.action_close()
        complaint.resolution_summary = "<p>Apologised, customer satisfied.</p>"
        complaint.action_close()
        self.assertEqual(complaint.state, "closed")
        self.assertFalse(complaint.is_open)
        self.assertTrue(complaint.date_closed)

    def test_rejection_keeps_complaint_open(self):
        complaint = self._to_state(self._new(), "proposed")
        wizard = Form(
            self.env["complaint.reject.wizard"].with_context(
                default_complaint_id=complaint.id
            )
        )
        wizard.reason = "The apology is not enough, I want a refund."
        wizard.save().action_reject()
        self.assertEqual(complaint.state, "rejected")
        self.assertTrue(complaint.is_open)
        self.assertEqual(complaint.decision, "rejected")
        self.assertEqual(
            complaint.rejection_reason, "The apology is not enough, I want a refund."
        )
        # the complainant is told the other routes
        routes = complaint.message_ids.filtered(
            lambda m: "remains open" in (m.subject or "")
        )
        self.assertTrue(routes)
        # a new proposal can follow, or the complaint is closed after all routes
        self.assertTrue(complaint.can_propose)
        self.assertTrue(complaint.can_close)

    def test_rejection_needs_a_reason(self):
        complaint = self._to_state(self._new(), "proposed")
        with self.assertRaises(UserError):
            complaint.action_reject_proposal("   ")
        self.assertEqual(complaint.state, "proposed")
        action = complaint.action_open_reject_wizard()
        self.assertEqual(action["res_model"], "complaint.reject.wizard")

    def test_a_new_proposal_keeps_the_rejection_in_the_chatter(self):
        """The reason a customer gave on the phone was erased by the next
        proposal, and the decision's date stayed without a decision."""
        complaint = self._to_state(self._new(), "proposed")
        self.flush_tracking()
        complaint = complaint.with_context(tracking_disable=False)
        complaint.action_reject_proposal("Refund too low")
        self.flush_tracking()
        complaint.action_propose()
        self.flush_tracking()
        self.assertEqual(complaint.state, "proposed")
        self.assertFalse(complaint.rejection_reason)
        self.assertFalse(complaint.decision)
        self.assertFalse(complaint.date_decision)
        tracked = complaint.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "rejection_reason"
        )
        self.assertIn(
            "Refund too low",
            tracked.mapped("new_value_text") + tracked.mapped("old_value_text"),
        )

    def test_a_closed_complaint_keeps_its_summary(self):
        complaint = self._new()
        complaint.action_register()
        complaint.action_acknowledge()
        complaint.write({"level_id": self.level_normal.id, "validity": "unfounded"})
        complaint.action_assess()
        # control: written until it closes
        complaint.resolution_summary = "<p>Explained tactfully.</p>"
        complaint.action_close()
        for summary in (False, "<p>Something else</p>"):
            with self.subTest(summary=summary), self.assertRaises(UserError):
                complaint.write({"resolution_summary": summary})
        self.assertIn("tactfully", complaint.resolution_summary)
        # reopened, another is written
        complaint.action_reopen()
        complaint.resolution_summary = "<p>Replaced after all.</p>"
        self.assertIn("Replaced", complaint.resolution_summary)

    def test_unfounded_complaint_closes_after_assessment(self):
        complaint = self._new()
        complaint.action_register()
        complaint.action_acknowledge()
        complaint.write({"level_id": self.level_normal.id, "validity": "unfounded"})
        complaint.action_assess()
        self.assertTrue(complaint.can_close)
        complaint.resolution_summary = "<p>Explained tactfully.</p>"
        complaint.action_close()
        self.assertEqual(complaint.state, "closed")

    def test_a_level_gives_its_priority(self):
        """The level's "Priority given to complaints of this level" was read
        by nothing: an extra urgent complaint stayed among the normal ones."""
        extra = self.env.ref("complaint_management.complaint_level_extra_urgent")
        urgent = self.env.ref("complaint_management.complaint_level_urgent")
        complaint = self._new(level_id=extra.id)
        self.assertEqual(complaint.priority, "3")
        # graded later: the priority follows
        later = self._new(level_id=self.level_normal.id)
        self.assertEqual(later.priority, "0", "control: a normal level")
        later.level_id = urgent
        self.assertEqual(later.priority, "2")
        # never lowered by a lower level: a handler lowers it by hand
        later.level_id = self.level_normal
        self.assertEqual(later.priority, "2")
        later.priority = "1"
        self.assertEqual(later.priority, "1")

    def test_an_anonymous_complaint_names_no_contact(self):
        complaint = self._new()
        self.assertTrue(complaint.partner_id)
        with (
            self.assertRaisesRegex(ValidationError, "names no contact"),
            self.env.cr.savepoint(),
        ):
            complaint.write({"is_anonymous": True})
        complaint.invalidate_recordset()
        self.assertFalse(complaint.is_anonymous)
        # control: anonymous once its contact is taken off
        complaint.write({"is_anonymous": True, "partner_id": False})
        self.assertTrue(complaint.is_anonymous)

    def test_the_problem_occurs_before_the_complaint_is_received(self):
        """The portal and the API refused a problem date to come; the back
        office took any, printed on the forms and letters."""
        with self.assertRaisesRegex(ValidationError, "after the complaint"):
            self._new(date_problem="2099-01-01")
        complaint = self._new(date_problem="2026-01-05")
        with self.assertRaisesRegex(ValidationError, "after the complaint"):
            complaint.date_problem = fields.Date.add(
                complaint.date_received.date(), days=5
            )
        # control: the day it was received
        complaint.date_problem = complaint.date_received.date()
        self.assertEqual(complaint.date_problem, complaint.date_received.date())

    def test_assessment_requires_level_and_validity(self):
        complaint = self._new(level_id=False)
        complaint.action_register()
        complaint.action_acknowledge()
        with self.assertRaises(UserError):
            complaint.action_assess()
        self.assertEqual(complaint.state, "acknowledged")

    def test_proposal_requires_remedies(self):
        complaint = self._to_state(self._new(), "investigating")
        with self.assertRaises(UserError):
            complaint.action_propose()
        self.assertEqual(complaint.state, "investigating")

    def test_illegal_transitions(self):
        """Every action outside its state raises and changes nothing."""
        complaint = self._new()
        illegal = {
            "new": [
                "action_acknowledge",
                "action_assess",
                "action_investigate",
                "action_propose",
                "action_accept_proposal",
                "action_close",
                "action_reopen",
            ],
            "registered": [
                "action_register",
                "action_assess",
                "action_investigate",
                "action_propose",
                "action_accept_proposal",
                "action_close",
                "action_reopen",
            ],
            "acknowledged": [
                "action_register",
                "action_acknowledge",
                "action_investigate",
                "action_propose",
                "action_accept_proposal",
                "action_close",
                "action_reopen",
            ],
            "assessed": [
                "action_register",
                "action_acknowledge",
                "action_assess",
                "action_accept_proposal",
                "action_close",
                "action_reopen",
                "action_cancel",
            ],
            "investigating": [
                "action_register",
                "action_acknowledge",
                "action_assess",
                "action_investigate",
                "action_accept_proposal",
                "action_close",
                "action_reopen",
                "action_cancel",
            ],
            "proposed": [
                "action_register",
                "action_acknowledge",
                "action_assess",
                "action_investigate",
                "action_propose",
                "action_close",
                "action_reopen",
                "action_cancel",
            ],
        }
        for state in ("new", "registered", "acknowledged", "assessed"):
            if state != "new":
                {
                    "registered": complaint.action_register,
                    "acknowledged": complaint.action_acknowledge,
                    "assessed": lambda: (
                        complaint.write(
                            {"level_id": self.level_normal.id, "validity": "founded"}
                        ),
                        complaint.action_assess(),
                    ),
                }[state]()
            for method in illegal[state]:
                with self.subTest(state=state, action=method):
                    with self.assertRaises(UserError):
                        getattr(complaint, method)()
                    self.assertEqual(complaint.state, state)
            with self.assertRaises(UserError):
                complaint.action_reject_proposal("reason")
        complaint.action_investigate()
        for method in illegal["investigating"]:
            with self.subTest(state="investigating", action=method):
                with self.assertRaises(UserError):
                    getattr(complaint, method)()
        self.env["complaint.remedy"].create(
            {"complaint_id": complaint.id, "type_id": self.remedy_type_apology.id}
        )
        complaint.action_propose()
        for method in illegal["proposed"]:
            with self.subTest(state="proposed", action=method):
                with self.assertRaises(UserError):
                    getattr(complaint, method)()
                self.assertEqual(complaint.state, "proposed")

    def test_closed_and_cancelled_are_final_except_reopen(self):
        complaint = self._new()
        complaint.action_cancel()
        self.assertEqual(complaint.state, "cancelled")
        for method in (
            "action_register",
            "action_acknowledge",
            "action_close",
            "action_reopen",
            "action_cancel",
        ):
            with self.assertRaises(UserError):
                getattr(complaint, method)()
        self.assertEqual(complaint.state, "cancelled")

    def test_reopen_by_user(self):
        complaint = self._to_state(self._new(), "proposed")
        complaint.action_accept_proposal()
        complaint.remedy_ids.action_done()
        complaint.resolution_summary = "<p>Done.</p>"
        complaint.action_close()
        self.assertEqual(complaint.decision, "accepted")
        complaint.action_reopen()
        self.assertEqual(complaint.state, "investigating")
        self.assertTrue(complaint.is_open)
        # the answer was to the resolution reopened: recorded, no longer in force
        self.assertEqual(complaint.decision, "accepted")
        self.assertFalse(complaint._decision_in_force())
        # control: a new proposal answered is in force (what it offers is
        # new: the remedy carried out before is not offered again)
        self.env["complaint.remedy"].create(
            {
                "complaint_id": complaint.id,
                "type_id": complaint.remedy_ids[0].type_id.id,
                "amount": 10,
            }
        )
        complaint.action_propose()
        complaint.action_accept_proposal()
        self.assertEqual(complaint._decision_in_force(), "accepted")
        self.assertEqual(complaint.reopen_count, 1)
        self.assertFalse(complaint.date_closed)
        self.assertTrue(complaint.date_reopened)
        with self.assertRaises(UserError):
            complaint.action_reopen()

    def test_answer_reopened_stays_out_of_force_once_closed_again(self):
        """Accepted, closed, reopened days later and closed again as unfounded
        without a new proposal: the old acceptance is not the answer of the
        complaint closed now."""
        with freeze_time("2026-03-02 10:00:00"):
            complaint = self._to_state(self._new(), "proposed")
            complaint.action_accept_proposal()
            complaint.remedy_ids.action_done()
            complaint.resolution_summary = "<p>Done.</p>"
            complaint.action_close()
            self.assertEqual(complaint._decision_in_force(), "accepted")
        with freeze_time("2026-03-05 10:00:00"):
            complaint.action_reopen()
            # a verdict changed after the assessment is a manager's
            complaint.with_user(self.complaint_manager).validity = "unfounded"
            # the summary of this resolution (the first one was cleared)
            complaint.resolution_summary = "<p>Unfounded on review.</p>"
            complaint.action_close()
        self.assertEqual(complaint.state, "closed")
        self.assertEqual(complaint.decision, "accepted")
        self.assertFalse(complaint._decision_in_force())

    def test_only_new_or_cancelled_can_be_deleted(self):
        complaint = self._new().with_user(self.complaint_manager)
        complaint.action_register()
        with self.assertRaises(UserError):
            complaint.unlink()
        draft = self._new().with_user(self.complaint_manager)
        draft.unlink()
        self.assertFalse(draft.exists())

    def test_transitions_are_tracked(self):
        complaint = (
            self.env["complaint.complaint"]
            .with_context(tracking_disable=False)
            .with_user(self.complaint_user)
            .create(self._complaint_vals(channel_id=self.channel_phone.id))
        )
        # Odoo does not track the changes made in the transaction creating a record
        self.flush_tracking()
        complaint.with_context(tracking_disable=False).action_register()
        self.flush_tracking()
        tracked = complaint.sudo().message_ids.tracking_value_ids.filtered(
            lambda t: t.field_id.name == "state"
        )
        self.assertTrue(tracked)
