"""A complaint's amount band is read from the company's bands in force: the
analysis groups by it, so a band edited, added, archived or deleted
classifies the complaints again."""

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestAmountBands(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.small = cls.env.ref("complaint_management.complaint_amount_band_small")
        cls.medium = cls.env.ref("complaint_management.complaint_amount_band_medium")
        cls.complaint = cls.env["complaint.complaint"].create(
            cls._complaint_vals(amount_claimed=800)
        )
        Band = cls.env["complaint.amount.band"]
        cls.other_company = cls.env["res.company"].create({"name": "Band Co"})
        Band.create(
            {"name": "All", "amount_max": 0, "company_id": cls.other_company.id}
        )

    def test_a_band_edited_classifies_the_complaints_again(self):
        self.assertEqual(self.complaint.amount_band_id, self.small)
        manager = self.complaint_manager
        self.small.with_user(manager).write({"amount_max": 500})
        self.medium.with_user(manager).write({"amount_min": 500})
        self.assertEqual(self.complaint.amount_band_id, self.medium)
        # archived: in no band; put back: in its band again
        self.medium.with_user(manager).action_archive()
        self.assertFalse(self.complaint.amount_band_id)
        self.medium.with_user(manager).action_unarchive()
        self.assertEqual(self.complaint.amount_band_id, self.medium)
        # a new band covering it, then that band deleted
        self.medium.with_user(manager).write({"amount_min": 900})
        self.assertFalse(self.complaint.amount_band_id)
        added = (
            self.env["complaint.amount.band"]
            .with_user(manager)
            .create({"name": "Between", "amount_min": 500, "amount_max": 900})
        )
        self.assertEqual(self.complaint.amount_band_id, added)
        added.with_user(manager).unlink()
        self.assertFalse(self.complaint.amount_band_id)

    def test_bands_do_not_overlap(self):
        """The seeded Large band has no upper bound: a Very Large band from
        50,000 would never be used; it is refused until Large ends there."""
        large = self.env.ref("complaint_management.complaint_amount_band_large")
        Band = self.env["complaint.amount.band"].with_user(self.complaint_manager)
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            Band.create({"name": "Very Large", "amount_min": 50000})
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.small.with_user(self.complaint_manager).write({"amount_max": 1500})
        # control: Large ends at 50,000, Very Large takes what is above
        large.with_user(self.complaint_manager).write({"amount_max": 50000})
        very_large = Band.create({"name": "Very Large", "amount_min": 50000})
        self.complaint.amount_claimed = 60000
        self.assertEqual(self.complaint.amount_band_id, very_large)
        # an archived band overlaps nothing; put back, it is checked again
        very_large.action_archive()
        large.with_user(self.complaint_manager).write({"amount_max": 0})
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            very_large.action_unarchive()

    def test_control_another_companys_bands_leave_the_complaint_alone(self):
        other = self.env["complaint.amount.band"].search(
            [("company_id", "=", self.other_company.id)]
        )
        other.write({"amount_min": 100, "amount_max": 0})
        self.assertEqual(self.complaint.amount_band_id, self.small)
        # nor does a band's new name move anything
        self.small.name = "Small claims"
        self.assertEqual(self.complaint.amount_band_id, self.small)
