from odoo.tests import TransactionCase, tagged
from odoo.tools import convert_file

from odoo.addons.complaint_management.tests.migration_loader import load_migration


def _migration(version):
    return load_migration(__file__, version)


@tagged("post_install", "-at_install")
class TestUpgradeMeasures(TransactionCase):
    """The seeded remedy types' measures on the tracking form (Annex C)."""

    def test_an_upgrade_gives_the_seeded_types_their_measure(self):
        refund = self.env.ref("complaint_management.complaint_remedy_type_refund")
        gift = self.env.ref("complaint_management.complaint_remedy_type_gift")
        apology = self.env.ref("complaint_management.complaint_remedy_type_apology")
        # as an upgrade through the version that added them left them
        (refund | gift).annex_measure = "other"
        apology.annex_measure = "information"  # set by hand
        self.env.flush_all()
        _migration("18.0.1.0.15").migrate(self.env.cr, "18.0.1.0.14")
        self.env.invalidate_all()
        self.assertEqual(refund.annex_measure, "costs")
        self.assertEqual(gift.annex_measure, "other", "its measure is other")
        self.assertEqual(apology.annex_measure, "information", "kept as set")

    def test_a_seeded_type_deleted_does_not_stop_the_install(self):
        """A complaint manager may delete a remedy type no remedy uses: the
        file that gives the seeded types their measure then skips it."""
        support = self.env.ref(
            "complaint_management.complaint_remedy_type_technical_support"
        )
        support.unlink()
        convert_file(
            self.env,
            "complaint_reports",
            "data/complaint_remedy_type_data.xml",
            {},
            mode="init",
            noupdate=True,
        )
        self.assertFalse(
            self.env.ref(
                "complaint_management.complaint_remedy_type_technical_support",
                raise_if_not_found=False,
            )
        )
        # control: the others keep their measure
        refund = self.env.ref("complaint_management.complaint_remedy_type_refund")
        self.assertEqual(refund.annex_measure, "costs")
