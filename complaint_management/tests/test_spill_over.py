from datetime import date

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestSpillOver(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.complaint = cls.env["complaint.complaint"].create(cls._complaint_vals())

    def _case(self, **values):
        vals = {
            "complaint_id": self.complaint.id,
            "body": "12315",
            "reference": "12315-2026-001",
            "date_received": date(2026, 3, 1),
        }
        vals.update(values)
        return (
            self.env["complaint.external.case"]
            .with_user(self.complaint_user)
            .create(vals)
        )

    def test_counts_on_complaint_and_partner(self):
        self.assertFalse(self.complaint.is_spilled_over)
        case = self._case()
        self._case(body="media", reference="Weibo")
        self.assertTrue(self.complaint.is_spilled_over)
        self.assertEqual(self.complaint.external_case_count, 2)
        self.assertEqual(case.partner_id, self.customer)
        self.assertEqual(case.company_id, self.complaint.company_id)
        self.assertEqual(self.customer.complaint_external_case_count, 2)
        self.assertEqual(self.customer.complaint_count, 1)
        # the stored flag is searchable (filters)
        self.assertIn(
            self.complaint,
            self.env["complaint.complaint"].search([("is_spilled_over", "=", True)]),
        )
        action = self.customer.action_view_complaint_external_cases()
        self.assertEqual(
            self.env["complaint.external.case"].search(action["domain"]),
            self.complaint.external_case_ids,
        )

    def test_outcome_and_score(self):
        case = self._case()
        self.assertEqual(case.outcome, "pending")
        case.write(
            {
                "date_settled": date(2026, 3, 5),
                "consumer_score": 4.5,
                "negotiation_date": date(2026, 3, 4),
                "negotiation_method": "phone",
                "negotiation_process": "Called the customer",
                "negotiation_result": "Refund agreed",
            }
        )
        case.action_settle()
        self.assertEqual(case.outcome, "settled")
        self.assertEqual(case.date_settled, date(2026, 3, 5))
        with self.assertRaises(ValidationError):
            case.consumer_score = 6
        # concluded, its dates are a manager's to correct, within reason
        with self.assertRaises(ValidationError):
            case.with_user(self.complaint_manager).date_settled = date(2026, 2, 1)
        with self.assertRaises(ValidationError):
            self._case(deadline=date(2026, 2, 1))
