from datetime import date

from odoo.exceptions import UserError

from .test_party import PartyCommon


class TestPartyChange(PartyCommon):
    def test_another_party_takes_no_answer_or_recovery_of_the_former(self):
        complaint = self._complaint()
        self._forward(complaint)
        complaint.sudo()._party_record_answer("We refunded.", self.merchant_contact)
        officer = complaint.with_user(self.complaint_officer)
        officer.write({"recovery_amount": 300.0, "recovery_state": "to_claim"})
        with self.assertRaises(UserError):
            officer.party_id = self.carrier
        self.assertEqual(complaint.party_id, self.merchant)
        # the recovery set back to None: the carrier takes the case, afresh
        officer.recovery_state = "none"
        officer.party_id = self.carrier
        self.assertEqual(complaint.party_state, "not_forwarded")
        self.assertFalse(complaint.party_response)
        self.assertFalse(complaint.party_response_date)


class TestPartyWorkingDays(PartyCommon):
    def test_the_party_answers_on_the_company_s_working_days(self):
        # a hotline team works every day; the merchant answers on working days
        self.team.resource_calendar_id = self._make_calendar(
            "Hotline", "UTC", 0, 12, 12, 24
        )
        for day in range(5, 7):
            self.team.resource_calendar_id.attendance_ids = [
                (
                    0,
                    0,
                    {
                        "name": f"{day}",
                        "dayofweek": str(day),
                        "hour_from": 0,
                        "hour_to": 24,
                        "day_period": "morning",
                    },
                )
            ]
        complaint = self._complaint()
        self._forward(complaint)  # on Friday 6 March: three working days
        self.assertEqual(complaint.party_response_deadline, date(2026, 3, 11))
