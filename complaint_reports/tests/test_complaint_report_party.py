from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ComplaintReportCommon


@tagged("post_install", "-at_install")
class TestComplaintReportParty(ComplaintReportCommon):
    """The analysis by complained-about party: a merchant's contacts count
    for the merchant; what is recovered is for officers."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.shop = Partner.create({"name": "Kettle Shop Ltd", "is_company": True})
        clerk = Partner.create({"name": "Shop Clerk", "parent_id": cls.shop.id})
        cls.carrier = Partner.create({"name": "Fast Parcel", "is_company": True})
        Complaint = cls.env["complaint.complaint"]
        cls.complaints = Complaint.create(
            [
                cls._complaint_vals(
                    party_id=cls.shop.id,
                    recovery_amount=40.0,
                    recovery_state="to_claim",
                ),
                cls._complaint_vals(
                    party_id=cls.shop.id,
                    recovery_amount=200.0,
                    recovery_state="written_off",
                ),
                cls._complaint_vals(
                    party_id=clerk.id,
                    recovery_amount=10.0,
                    recovery_state="recovered",
                ),
                cls._complaint_vals(party_id=cls.carrier.id),
                cls._complaint_vals(),
            ]
        )

    def _by_party(self, user, aggregates):
        Report = self.env["complaint.report"].with_user(user)
        return {
            party: values
            for party, *values in Report._read_group(
                [("complaint_id", "in", self.complaints.ids)], ["party_id"], aggregates
            )
        }

    def test_analysis_groups_by_party(self):
        groups = self._by_party(
            self.complaint_officer,
            ["__count", "recovery_amount:sum", "recovery_amount_open:sum"],
        )
        # recovered: what came back only (not what is claimed or written off)
        self.assertEqual(groups[self.shop], [3, 10.0, 40.0])
        self.assertEqual(groups[self.carrier], [1, 0.0, 0.0])
        self.assertEqual(groups[self.env["res.partner"]], [1, 0.0, 0.0])

    def test_recovery_is_for_officers(self):
        groups = self._by_party(self.complaint_user, ["__count"])
        self.assertEqual(groups[self.shop], [3], "users group by party too")
        with self.assertRaises(AccessError):
            self._by_party(self.complaint_user, ["recovery_amount:sum"])
