"""Computed figures of a complaint (time-limit results, rating, retention
date, escalation, amounts) come from its data: no user writes them."""

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestComputedFieldsGuard(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = (
            cls.env["complaint.complaint"]
            .with_user(cls.complaint_user)
            .create(cls._complaint_vals(user_id=cls.complaint_user.id))
        )
        cls.other_partner = cls.env["res.partner"].create({"name": "Other Co"})

    def test_frontline_cannot_write_computed_fields(self):
        complaint = self.complaint.with_user(self.complaint_user)
        figures = [
            "sla_met",
            "sla_state",
            "rating_last_value",
            "date_retention",
            "is_escalated",
            "is_open",
            "remedy_amount_total",
            "commercial_partner_id",
        ]
        before = complaint.read(figures)
        for vals, label in (
            ({"sla_met": True, "sla_state": "met"}, "Resolved in Time"),
            ({"rating_last_value": 5}, "Rating Last Value"),
            ({"date_retention": "2000-01-01"}, "Keep Personal Data Until"),
            ({"date_retention": "2999-01-01"}, "Keep Personal Data Until"),
            ({"is_escalated": True}, "Escalated"),
            ({"is_open": False}, "Is Open"),
            ({"remedy_amount_total": 1.0}, "Remedies Offered"),
            ({"remedy_amount_done": 1.0}, "Remedies Carried Out"),
            ({"commercial_partner_id": self.other_partner.id}, "Customer Company"),
        ):
            with self.subTest(vals=vals), self.assertRaisesRegex(UserError, label):
                complaint.write(dict(vals, subject="Changed"))
        complaint.invalidate_recordset()
        self.assertEqual(complaint.read(figures), before)
        self.assertEqual(complaint.subject, "Broken kettle", "nothing half-written")

    def test_frontline_cannot_create_with_computed_fields(self):
        Complaint = self.env["complaint.complaint"].with_user(self.complaint_user)
        with self.assertRaisesRegex(UserError, "Escalated"):
            Complaint.create(self._complaint_vals(is_escalated=True))
        with self.assertRaisesRegex(UserError, "Keep Personal Data Until"):
            Complaint.create(self._complaint_vals(date_retention="2000-01-01"))

    def test_every_computed_field_without_inverse_is_refused(self):
        complaint = self.complaint.with_user(self.complaint_user)
        names = [
            name
            for name, field in complaint._fields.items()
            if field.compute
            and not field.inverse
            and field.readonly
            and field.store
            and field.is_accessible(complaint.env)
        ]
        self.assertIn("sla_met", names)
        for name in names:
            with self.subTest(field=name), self.assertRaises(UserError):
                complaint._check_workflow_fields([name])

    def test_control_editable_fields_and_superuser(self):
        complaint = self.complaint.with_user(self.complaint_user)
        # plain fields and computed fields users may edit (readonly=False)
        complaint.write(
            {
                "subject": "Kettle leaks",
                "is_high_risk": False,
                "complainant_phone": "+86 138 0000 0000",
            }
        )
        self.assertEqual(complaint.subject, "Kettle leaks")
        self.assertEqual(complaint.sudo().complainant_phone, "+86 138 0000 0000")
        # the code computing them, in superuser mode, still may
        self.complaint.sudo().write({"sla_state": "met"})
        self.assertEqual(self.complaint.sla_state, "met")
