from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestTrackingNumbers(ComplaintCommon):
    """A batch draws its tracking numbers in one query: they must read as
    the sequence's own numbers would (prefix, padding, step) and leave the
    sequence where drawing them one by one would have left it."""

    def setUp(self):
        super().setUp()
        Complaint = self.env["complaint.complaint"]
        self.sequence = self.env["ir.sequence"].browse(
            Complaint._tracking_sequence_id(self.env.company.id)
        )
        self.sequence.write({"prefix": "TN/%(year)s/", "suffix": "-X", "padding": 6})

    def _batch(self, count):
        return self.env["complaint.complaint"].create(
            [self._complaint_vals() for _i in range(count)]
        )

    def _number(self, name):
        return int(name.removeprefix(self.sequence._get_prefix_suffix()[0])[:6])

    def test_batch_numbers_follow_the_sequence(self):
        self.sequence.number_increment = 3
        complaints = self._batch(3)
        first = self._number(complaints[0].name)
        self.assertEqual(
            complaints.mapped("name"),
            [self.sequence.get_next_char(first + 3 * i) for i in range(3)],
            "prefix, padding, suffix and step of the sequence",
        )
        self.assertRegex(complaints[0].name, r"^TN/\d{4}/\d{6}-X$")
        # the sequence goes on after the batch, as if drawn one by one
        self.assertEqual(
            self.sequence.next_by_id(), self.sequence.get_next_char(first + 9)
        )

    def test_gapless_sequence_is_drawn_by_core(self):
        self.sequence.implementation = "no_gap"
        self.sequence.number_next_actual = 41
        complaints = self._batch(2)
        self.assertEqual(
            complaints.mapped("name"),
            [self.sequence.get_next_char(41), self.sequence.get_next_char(42)],
        )
        # control: the sequence's counter moved with them
        self.sequence.invalidate_recordset()
        self.assertEqual(self.sequence.number_next_actual, 43)

    def test_each_company_numbers_from_its_own_sequence(self):
        """A complaint filed for another company (an email to its address, a
        handler of both) takes that company's number, whichever company the
        user works in."""
        branch = self.env["res.company"].create({"name": "Hong Kong Branch"})
        self.env["ir.sequence"].create(
            {
                "name": "Hong Kong complaints",
                "code": "complaint.complaint",
                "company_id": branch.id,
                "prefix": "HK/",
                "padding": 4,
            }
        )
        complaints = self.env["complaint.complaint"].create(
            [
                self._complaint_vals(company_id=branch.id, team_id=False),
                self._complaint_vals(),
            ]
        )
        self.assertTrue(complaints[0].name.startswith("HK/"), complaints[0].name)
        # control: the company the user works in keeps its own sequence
        self.assertTrue(complaints[1].name.startswith("TN/"), complaints[1].name)
        # the company given by the context's default (an action of the
        # branch, a JSON-RPC call) numbers it too
        by_default = (
            self.env["complaint.complaint"]
            .with_context(default_company_id=branch.id)
            .create(self._complaint_vals(team_id=False))
        )
        self.assertEqual(by_default.company_id, branch)
        self.assertTrue(by_default.name.startswith("HK/"), by_default.name)

    def test_an_import_with_empty_cells_gets_a_number_and_a_status(self):
        Complaint = self.env["complaint.complaint"].with_user(self.complaint_user)
        self.env["res.lang"]._activate_lang("zh_CN")
        self.complaint_user.lang = "zh_CN"
        for name in (False, "", "New"):
            with self.subTest(name=name):
                complaint = Complaint.create(
                    self._complaint_vals(name=name, state=False)
                )
                self.assertTrue(complaint.name.startswith("TN/"), complaint.name)
                self.assertEqual(complaint.state, "new")
        # control: a number of one's own is still refused
        with self.assertRaises(UserError):
            Complaint.create(self._complaint_vals(name="CMP/1999/00001"))
