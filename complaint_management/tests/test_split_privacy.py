from odoo import fields
from odoo.tests import tagged

from .test_merge import MergeSplitCommon


@tagged("post_install", "-at_install")
class TestSplitPrivacy(MergeSplitCommon):
    @staticmethod
    def _evidence(complaint):
        return sorted(
            complaint.consent_ids.mapped(
                lambda c: (c.consent_type, c.channel, c.date, c.notice_id, c.user_id)
            )
        )

    def test_split_complaint_keeps_the_consents_of_the_intake(self):
        original = self._create(
            fields.Datetime.now(),
            privacy_consent_given=True,
            has_sensitive_data=True,
            sensitive_consent_given=True,
        )
        self.assertEqual(len(original.consent_ids), 2)
        message = self._customer_message(original, "second problem")
        new = original.with_user(self.complaint_officer)._split(
            "Second problem", message, self.env["product.product"]
        )
        self.assertTrue(new.privacy_consent_given)
        self.assertTrue(new.sensitive_consent_given)
        self.assertTrue(new.has_sensitive_data)
        self.assertFalse(new.privacy_consent_missing)
        self.assertFalse(new.sensitive_consent_missing)
        # the same evidence: date, channel, notice, who recorded it; not a new
        # staff consent by whoever split
        self.assertEqual(self._evidence(new), self._evidence(original))
        self.assertEqual(new.consent_ids.partner_id, self.customer)

    def test_split_of_a_complaint_without_consent_records_none(self):
        original = self._create(fields.Datetime.now())
        self.assertTrue(original.privacy_consent_missing)
        message = self._customer_message(original, "second problem")
        new = original._split("Second problem", message, self.env["product.product"])
        self.assertFalse(new.consent_ids)
        self.assertTrue(new.privacy_consent_missing)

    def test_a_withdrawn_consent_is_not_carried_over(self):
        original = self._create(fields.Datetime.now(), privacy_consent_given=True)
        original.consent_ids._withdraw()
        self.assertFalse(original.privacy_consent_given)
        message = self._customer_message(original, "second problem")
        new = original._split("Second problem", message, self.env["product.product"])
        self.assertFalse(new.consent_ids)
        self.assertFalse(new.privacy_consent_given)
