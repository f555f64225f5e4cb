"""Facts of a record that open it to someone stay with the record: a
complaint, an action or a review score moves only where its writer may still
change it, who received a complaint is recorded once, a complaint is not
received in the future, and references come from their sequence."""

from datetime import timedelta

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestMoveGuards(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Moves B Ltd"})
        cls.both_companies = new_test_user(
            cls.env,
            login="cm_user_both",
            groups="complaint_management.complaint_management_group_user",
            company_ids=[Command.set((cls.company | cls.company_b).ids)],
        )
        cls.team.member_ids |= cls.both_companies
        cls.complaint = cls.env["complaint.complaint"].create(cls._complaint_vals())

    def test_a_complaint_moves_only_into_a_company_of_its_writer(self):
        moved = {"company_id": self.company_b.id, "team_id": False, "user_id": False}
        with self.assertRaises(AccessError):
            self.complaint.with_user(self.complaint_user).write(moved)
        self.assertEqual(self.complaint.company_id, self.company)
        # control: a user of both companies moves it and handles it there
        self.complaint.with_user(self.both_companies).with_context(
            allowed_company_ids=(self.company | self.company_b).ids
        ).write(dict(moved, user_id=self.both_companies.id))
        self.assertEqual(self.complaint.company_id, self.company_b)

    def test_who_received_a_complaint_is_corrected_by_a_manager(self):
        as_user = self.complaint.with_user(self.complaint_user)
        with self.assertRaises(UserError):
            as_user.write({"receiver_id": self.complaint_user.id})
        with self.assertRaises(UserError):
            self.env["complaint.complaint"].with_user(self.complaint_user).create(
                self._complaint_vals(receiver_id=self.complaint_user_other.id)
            )
        self.assertNotEqual(self.complaint.receiver_id, self.complaint_user)
        # control: the user is the receiver of what they file, a manager
        # corrects the receiver
        filed = (
            self.env["complaint.complaint"]
            .with_user(self.complaint_user)
            .create(self._complaint_vals(receiver_id=self.complaint_user.id))
        )
        self.assertEqual(filed.sudo().receiver_id, self.complaint_user)
        self.complaint.with_user(self.complaint_manager).write(
            {"receiver_id": self.complaint_user.id}
        )
        self.assertEqual(self.complaint.receiver_id, self.complaint_user)

    def test_a_complaint_is_not_received_in_the_future(self):
        now = fields.Datetime.now()
        Complaint = self.env["complaint.complaint"].with_user(self.complaint_user)
        with self.assertRaises(ValidationError):
            Complaint.create(
                self._complaint_vals(date_received=now + timedelta(days=2))
            )
        with self.assertRaises(ValidationError):
            self.complaint.with_user(self.complaint_manager).write(
                {"date_received": now + timedelta(hours=3)}
            )
        # control: a letter received three days ago, a clock a minute ahead
        filed = Complaint.create(
            self._complaint_vals(date_received=now - timedelta(days=3))
        )
        self.assertEqual(filed.date_received, now - timedelta(days=3))
        Complaint.create(self._complaint_vals(date_received=now + timedelta(minutes=1)))

    def test_corrective_action_reference_and_company(self):
        Action = self.env["complaint.corrective.action"].with_user(
            self.complaint_manager
        )
        with self.assertRaises(UserError):
            Action.create({"title": "Forged", "name": "CA/2026/0001"})
        action = Action.create({"title": "Seal the kettles"})
        self.assertNotEqual(action.name, "/")
        with self.assertRaises(UserError):
            action.write({"name": "CA/2026/0002"})
        with self.assertRaises(AccessError):
            action.write({"company_id": self.company_b.id})
        action.invalidate_recordset()
        self.assertEqual(action.company_id, self.company)
        # control: the title changes
        action.write({"title": "Seal the kettles' lids"})
        self.assertEqual(action.title, "Seal the kettles' lids")

    def test_a_complaint_keeps_no_number_its_new_company_would_give_again(self):
        """Two companies each number their complaints with a sequence of the
        same prefix: moved from one to the other, a complaint's number was
        given again there, and that complaint could not be filed."""
        shared = self.env["ir.sequence"].search(
            [("code", "=", "complaint.complaint"), ("company_id", "=", False)]
        )
        shared.copy({"company_id": self.company_b.id, "number_next": 1})
        self.env.registry.clear_cache()
        moved = {
            "company_id": self.company_b.id,
            "team_id": False,
            "user_id": self.both_companies.id,
        }
        as_both = self.complaint.with_user(self.both_companies).with_context(
            allowed_company_ids=(self.company | self.company_b).ids
        )
        with self.assertRaisesRegex(UserError, "tracking number"):
            as_both.write(moved)
        self.assertEqual(self.complaint.company_id, self.company)
        # control: into a company on the shared sequence, it moves
        company_c = self.env["res.company"].create({"name": "Moves C Ltd"})
        self.both_companies.company_ids |= company_c
        self.complaint.with_user(self.both_companies).with_context(
            allowed_company_ids=(self.company | company_c).ids
        ).write(dict(moved, company_id=company_c.id))
        self.assertEqual(self.complaint.company_id, company_c)

    def test_a_number_another_sequence_cannot_give_moves(self):
        """Two companies told apart by the suffix of their numbers exchange
        complaints: no number of one can be given by the other."""
        shared = self.env["ir.sequence"].search(
            [("code", "=", "complaint.complaint"), ("company_id", "=", False)]
        )
        shared.copy({"company_id": self.company_b.id, "suffix": "-B"})
        self.env.registry.clear_cache()
        self.complaint.with_user(self.both_companies).with_context(
            allowed_company_ids=(self.company | self.company_b).ids
        ).write(
            {
                "company_id": self.company_b.id,
                "team_id": False,
                "user_id": self.both_companies.id,
            }
        )
        self.assertEqual(self.complaint.company_id, self.company_b)
