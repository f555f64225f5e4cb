from datetime import datetime

from odoo import Command
from odoo.tests import tagged

from .test_remedy import RemedyCommon


@tagged("post_install", "-at_install")
class TestPrivacyRefundPending(RemedyCommon):
    """A closed complaint whose refund's credit note is still a draft keeps
    its complainant until the note is posted or cancelled: posting checks
    that the invoice is the complainant's, which a de-identification removes
    (the customer's refund could then never be posted)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.complaint_retention_months = 24
        cls.complaint.invoice_id = cls._posted_invoice(cls)
        cls.refund = cls._remedy(cls, cls.type_refund, 100, user=cls.accountant)
        cls.complaint.state = "accepted"
        cls.refund.with_user(cls.accountant).action_create_credit_note()
        cls.draft = cls.refund.sudo().credit_note_id
        cls.draft.invoice_line_ids.write(
            {"price_unit": 100, "tax_ids": [Command.clear()]}
        )
        # carried out (the customer was told), the note not posted yet
        cls.refund.action_done()
        cls.complaint.sudo()._workflow_write(
            {"state": "closed", "date_closed": datetime(2023, 1, 10, 9, 0)}
        )

    def test_retention_waits_for_the_draft_credit_note(self):
        Complaint = self.env["complaint.complaint"]
        Complaint._cron_deidentify()
        self.assertFalse(self.complaint.is_deidentified)
        self.draft.with_user(self.accountant).action_post()
        self.assertEqual(self.draft.state, "posted")
        # control: posted, the complaint is de-identified at the next run and
        # the note no longer leads to it
        Complaint._cron_deidentify()
        self.assertTrue(self.complaint.is_deidentified)
        self.assertFalse(self.draft.complaint_id)

    def test_an_erasure_keeps_the_complaint_and_says_why(self):
        Service = self.env["complaint.privacy.service"].with_user(
            self.complaint_manager
        )
        report = Service._erase(self.customer, self.company)
        self.assertFalse(self.complaint.is_deidentified)
        self.assertIn(self.complaint.name, report)
        self.assertIn("credit note is not posted yet", report)
        self.draft.with_user(self.accountant).action_post()
        # control: once the note is cancelled or posted, the same request
        # erases it
        report = Service._erase(self.customer, self.company)
        self.assertTrue(self.complaint.is_deidentified)
        self.assertNotIn("credit note is not posted yet", report)
