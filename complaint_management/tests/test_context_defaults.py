"""Over JSON-RPC the context is the caller's as much as the values: the
context's defaults (``default_<field>``) pass no guard that the values would
not pass."""

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestContextDefaults(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.victim = cls.env["complaint.complaint"].create(
            cls._complaint_vals(
                subject="Someone else's kettle", team_id=cls.team_other.id
            )
        )
        cls.compensation = cls.env.ref(
            "complaint_management.complaint_remedy_type_compensation"
        )
        cls.complaint = cls.env["complaint.complaint"].create(cls._complaint_vals())
        cls.privacy_officer = new_test_user(
            cls.env,
            login="ctx_privacy_officer",
            groups="complaint_management.complaint_management_group_privacy_officer",
        )

    def _as(self, user, model, **context):
        return self.env[model].with_user(user).with_context(**context)

    def test_a_complaint_takes_no_workflow_field_from_the_context(self):
        complaint = self._as(
            self.complaint_user,
            "complaint.complaint",
            default_merged_into_id=self.victim.id,
            default_state="closed",
            default_keep_permanently=True,
            default_name="CMP/FORGED/1",
            default_party_description="<p>Forged case</p>",
        ).create(self._complaint_vals())
        self.assertFalse(complaint.merged_into_id)
        self.assertEqual(complaint.state, "new")
        self.assertFalse(complaint.keep_permanently)
        self.assertNotEqual(complaint.name, "CMP/FORGED/1")
        self.assertFalse(complaint.party_description)
        # control: a default the user may give (the screen's customer) holds
        other = self.env["res.partner"].create({"name": "Screen's Customer"})
        complaint = self._as(
            self.complaint_user, "complaint.complaint", default_partner_id=other.id
        ).create({k: v for k, v in self._complaint_vals().items() if k != "partner_id"})
        self.assertEqual(complaint.partner_id, other)

    def test_a_remedy_is_not_created_approved(self):
        remedy = self._as(
            self.complaint_user,
            "complaint.remedy",
            default_state="approved",
            default_approved_by_id=self.complaint_manager.id,
            default_date_approved="2026-01-05 09:00:00",
        ).create(
            {
                "complaint_id": self.complaint.id,
                "type_id": self.compensation.id,
                "amount": 50000,
            }
        )
        self.assertEqual(remedy.state, "proposed")
        self.assertFalse(remedy.approved_by_id)
        # control: the complaint a screen gives as a default holds
        remedy = self._as(
            self.complaint_user,
            "complaint.remedy",
            default_complaint_id=self.complaint.id,
        ).create({"type_id": self.compensation.id, "amount": 50000})
        self.assertEqual(remedy.complaint_id, self.complaint)

    def test_a_reply_script_is_not_created_approved(self):
        script = self._as(
            self.complaint_officer,
            "complaint.reply.script",
            default_state="approved",
            default_approver_id=self.complaint_manager.id,
            default_author_id=self.complaint_manager.id,
        ).create({"name": "Statement", "body": "<p>We are looking into it.</p>"})
        self.assertEqual(script.state, "draft")
        self.assertFalse(script.approver_id)
        self.assertEqual(script.author_id, self.complaint_officer)

    def test_a_corrective_action_is_not_created_verified(self):
        action = self._as(
            self.complaint_manager,
            "complaint.corrective.action",
            default_state="effective",
            default_verified_by_id=self.complaint_user.id,
        ).create(
            {
                "title": "Insulation of the kettle base",
                "user_id": self.complaint_manager.id,
                "verifier_id": self.complaint_user.id,
            }
        )
        self.assertNotEqual(action.state, "effective")
        self.assertFalse(action.verified_by_id)

    def test_a_privacy_request_does_not_take_another_file(self):
        file = self.env["ir.attachment"].create(
            {"name": "contract.pdf", "raw": b"%PDF-1.4", "res_model": "res.partner"}
        )
        request = self._as(
            self.privacy_officer,
            "complaint.privacy.request",
            default_export_attachment_id=file.id,
        ).create({"partner_id": self.customer.id, "request_type": "copy"})
        self.assertFalse(request.export_attachment_id)
        request.action_export()
        self.assertTrue(file.exists())
        self.assertTrue(request.export_attachment_id)

    def test_a_copied_privacy_request_keeps_none_of_the_first_s_answer(self):
        request = self._as(self.privacy_officer, "complaint.privacy.request").create(
            {
                "partner_id": self.customer.id,
                "request_type": "copy",
                "date_received": "2026-01-05",
                "include_email_matches": True,
                "outcome": "Sent the copy.",
            }
        )
        copy = request.copy()
        self.assertFalse(copy.include_email_matches, "the address is checked anew")
        self.assertFalse(copy.outcome)
        self.assertEqual(copy.date_received, fields.Date.context_today(copy))
        self.assertGreater(copy.date_deadline, request.date_deadline)

    def test_a_contact_is_not_marked_as_the_intake_s_by_the_context(self):
        employee = new_test_user(
            self.env,
            login="ctx_contacts",
            groups="base.group_user,base.group_partner_manager",
        )
        Partner = self._as(
            employee, "res.partner", default_complaint_intake_contact=True
        )
        with self.assertRaisesRegex(UserError, "Only the complaint intake"):
            Partner.create({"name": "Zhang Wei", "email": "zw@example.com"})
        # control: a contact made by hand is an ordinary contact
        partner = self._as(employee, "res.partner").create(
            {"name": "Zhang Wei", "email": "zw@example.com"}
        )
        self.assertFalse(partner.complaint_intake_contact)

    def test_a_rating_is_not_put_on_a_complaint_by_the_context(self):
        Rating = self._as(
            self.complaint_user,
            "rating.rating",
            default_res_model_id=self.env["ir.model"]._get_id("complaint.complaint"),
        )
        with self.assertRaises(AccessError):
            Rating.create({"res_id": self.complaint.id, "rating": 5, "consumed": True})

    def test_a_remedy_of_a_closed_complaint_is_not_cancelled(self):
        remedy = self.env["complaint.remedy"].create(
            {"complaint_id": self.complaint.id, "type_id": self.compensation.id}
        )
        self.complaint.sudo()._workflow_write({"state": "closed"})
        with self.assertRaises(UserError):
            remedy.with_user(self.complaint_user).action_cancel()
        self.assertNotEqual(remedy.state, "cancelled")
        # control: a cancelled complaint's remedies are withdrawn
        self.complaint.sudo()._workflow_write({"state": "cancelled"})
        remedy.with_user(self.complaint_manager).action_cancel()
        self.assertEqual(remedy.state, "cancelled")

    def test_what_a_step_brings_about_takes_nothing_from_the_context(self):
        """The rating a closing invites, the time limits a reopening plans,
        the consent a tick records: the system's records, which a caller's
        context defaults (JSON-RPC, core's chatter route) do not fill in."""
        forged = {
            "default_consumed": True,
            "default_rating": 5,
            "default_feedback": "Perfect",
            "default_state": "met",
            "default_date_reached": "2099-12-31 00:00:00",
            "default_date": "2023-01-02 09:00:00",
            "default_user_id": self.complaint_manager.id,
        }
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(user_id=self.complaint_user.id)
        )
        complaint.write(
            {
                "state": "assessed",
                "level_id": self.level_normal.id,
                "validity": "unfounded",
                "resolution_summary": "<p>Explained.</p>",
            }
        )
        complaint.with_user(self.complaint_user).with_context(**forged).action_close()
        rating = complaint.rating_ids
        self.assertEqual(len(rating), 1)
        self.assertFalse(rating.consumed)
        self.assertFalse(rating.rating)
        self.assertFalse(complaint.rating_last_value)
        complaint.with_user(self.complaint_manager).with_context(
            **forged
        ).action_reopen()
        self.assertEqual(complaint.state, "investigating")
        self.assertFalse(
            complaint.sla_line_ids.filtered(
                lambda line: line.date_reached and line.date_reached.year == 2099
            )
        )
        self.assertTrue(
            complaint.sla_line_ids.filtered(
                lambda line: line.milestone == "resolution" and not line.date_reached
            ),
            "the reopened complaint's resolution limit runs",
        )
        self.complaint.with_user(self.complaint_user).with_context(**forged).write(
            {"sensitive_consent_given": True}
        )
        consent = self.complaint.sudo().consent_ids.filtered(
            lambda c: c.consent_type == "sensitive"
        )
        self.assertEqual(len(consent), 1)
        self.assertEqual(consent.user_id, self.complaint_user)
        self.assertNotEqual(consent.date.year, 2023)

    def test_a_staff_reply_through_the_chatter_route_plans_no_forged_limit(self):
        """Core's chatter route posts in superuser mode with the caller's
        context: the progress limit a staff reply plans is the engine's."""
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(user_id=self.complaint_user.id)
        )
        before = complaint.sla_line_ids
        complaint.with_user(self.complaint_user).sudo().with_context(
            default_state="met", default_date_reached="2099-12-31 00:00:00"
        ).message_post(
            body="We collected the kettle.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        lines = complaint.sla_line_ids
        self.assertTrue(lines - before, "the reply planned the next progress limit")
        self.assertFalse(
            lines.filtered(
                lambda line: line.date_reached and line.date_reached.year == 2099
            )
        )
        self.assertEqual(set((lines - before).mapped("state")), {"running"})

    def test_the_system_records_take_no_default_from_the_context(self):
        """Created by the engine in superuser mode: a caller's context
        defaults set none of their fields."""
        forged = (
            self.env["complaint.sla.line"]
            .sudo()
            .with_context(
                default_state="met", default_date_reached="2099-12-31 00:00:00"
            )
        )
        self.assertFalse(
            forged.default_get(["state", "date_reached"]).get("date_reached")
        )
        consent = (
            self.env["complaint.privacy.consent"]
            .sudo()
            .with_context(
                default_date="2023-01-02 09:00:00",
                default_user_id=self.complaint_manager.id,
            )
            .create(
                {
                    "complaint_id": self.complaint.id,
                    "consent_type": "sensitive",
                    "channel": "staff",
                }
            )
        )
        self.assertNotEqual(consent.date.year, 2023)
        self.assertNotEqual(consent.user_id, self.complaint_manager)
