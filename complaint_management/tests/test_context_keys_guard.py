"""The one context key that skips a check (the high-risk alert, sent once by
batch detection) is for the code that runs in superuser mode: a user who sends
it over JSON-RPC skips nothing. Detection and the time-limit sync have no
switch at all: whoever calls, with whatever context, they run."""

from freezegun import freeze_time

from odoo.tests import tagged

from .sla_common import SlaCommon, at


@tagged("post_install", "-at_install")
class TestContextKeysGuard(SlaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.complaint_repeat_days = 30

    def _alerts(self, complaint):
        return complaint.message_ids.filtered(
            lambda m: "High-risk complaint reported" in (m.body or "")
        )

    def test_detection_cannot_be_switched_off(self):
        first = self._create(at(0, 9))
        # the keys an earlier version honoured in superuser mode skip nothing
        Complaint = self.env["complaint.complaint"].with_context(
            complaint_no_detection=True
        )
        second = Complaint.with_user(self.complaint_user).create(
            self._complaint_vals(date_received=at(1, 9))
        )
        third = Complaint.sudo().create(self._complaint_vals(date_received=at(2, 9)))
        self.assertEqual(second.repeat_of_ids, first)
        self.assertEqual(third.repeat_of_ids, first | second)
        # control: another customer's complaint is no repeat
        other = Complaint.sudo().create(
            self._complaint_vals(
                date_received=at(2, 10),
                partner_id=self.env["res.partner"].create({"name": "Other"}).id,
            )
        )
        self.assertFalse(other.is_repeat)

    def test_time_limit_sync_cannot_be_switched_off(self):
        self._policy(
            name="Normal",
            level_ids=[(6, 0, self.level_normal.ids)],
            resolution_time=7,
            resolution_unit="working_days",
        )
        self._policy(
            name="Urgent",
            level_ids=[(6, 0, self.level_urgent.ids)],
            resolution_time=3,
            resolution_unit="working_days",
        )
        with freeze_time(at(0, 9)):
            complaint = self._create(at(0, 9))
            other = self._create(at(0, 9))
            kept = self._create(at(0, 9))
        self.assertEqual(complaint.sla_deadline, at(9, 17))
        with freeze_time(at(1, 9)):
            complaint.with_user(self.complaint_user).with_context(
                complaint_sla_no_sync=True
            ).write({"level_id": self.level_urgent.id})
            other.sudo().with_context(complaint_sla_no_sync=True).write(
                {"level_id": self.level_urgent.id}
            )
        self.assertEqual(complaint.sla_deadline, at(3, 17), "the new level's limit")
        self.assertEqual(other.sla_deadline, at(3, 17), "in superuser mode too")
        # control: a complaint whose level stays keeps its deadline
        self.assertEqual(kept.sla_deadline, at(9, 17))

    def test_high_risk_notified_key_needs_superuser(self):
        complaint, other = self._create(at(0, 9)), self._create(at(0, 9))
        complaint.with_user(self.complaint_user).with_context(
            complaint_high_risk_notified=True
        ).write({"is_high_risk": True})
        alert = self._alerts(complaint)
        self.assertEqual(len(alert), 1, "the managers are told")
        self.assertIn(self.complaint_manager.partner_id, alert.partner_ids)
        # control: batch detection alerts by itself, in superuser mode
        other.sudo().with_context(complaint_high_risk_notified=True).write(
            {"is_high_risk": True}
        )
        self.assertFalse(self._alerts(other))
