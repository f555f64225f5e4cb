"""A form's ``onchange`` over JSON-RPC reads nothing the caller could not
read otherwise (December 2026 review): core computes a new record's related
and stored computed fields as superuser, whatever ids the values carry."""

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestOnchangeGuard(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env, login="onchange_portal", groups="base.group_portal"
        )
        cls.own = cls.env["complaint.complaint"].create(
            cls._complaint_vals(user_id=cls.complaint_user.id)
        )
        cls.foreign = cls.env["complaint.complaint"].create(
            cls._complaint_vals(
                team_id=cls.team_other.id, user_id=cls.complaint_user_other.id
            )
        )

    def _onchange(self, user, model, values, spec, record=None):
        records = self.env[model].with_user(user).browse(record.ids if record else [])
        return records.onchange(values, list(values), spec)

    def test_a_remedy_form_does_not_name_another_team_s_handler(self):
        spec = {"complaint_user_id": {}, "complaint_team_id": {}}
        with self.assertRaises(AccessError):
            self._onchange(
                self.complaint_user,
                "complaint.remedy",
                {"complaint_id": self.foreign.id},
                spec,
            )
        # control: the remedy of one's own complaint shows its handler
        result = self._onchange(
            self.complaint_user,
            "complaint.remedy",
            {"complaint_id": self.own.id},
            spec,
        )
        self.assertEqual(result["value"]["complaint_user_id"], self.complaint_user.id)

    def test_a_customer_cannot_run_a_staff_form(self):
        spec = {"partner_id": {"fields": {"display_name": {}}}}
        with self.assertRaises(AccessError):
            self._onchange(
                self.portal_user,
                "complaint.external.case",
                {"complaint_id": self.foreign.id},
                spec,
            )
        with self.assertRaises(AccessError):
            self._onchange(
                self.portal_user, "complaint.complaint", {"subject": "x"}, {}
            )
        # control: staff who may create a complaint get the form's values
        result = self._onchange(
            self.complaint_user,
            "complaint.complaint",
            {"partner_id": self.customer.id},
            {"partner_id": {}, "complainant_name": {}},
        )
        self.assertEqual(result["value"]["complainant_name"], "Wang Fang")

    def test_fields_of_other_groups_are_not_computed_for_the_caller(self):
        with self.assertRaises(AccessError):
            self._onchange(
                self.complaint_user,
                "complaint.complaint",
                {"subject": "x"},
                {"recovery_state": {}},
            )
        result = self._onchange(
            self.complaint_officer,
            "complaint.complaint",
            {"subject": "x"},
            {"recovery_state": {}},
        )
        self.assertEqual(result["value"].get("recovery_state", "none"), "none")

    def test_an_existing_record_s_own_links_need_no_new_check(self):
        # the handler edits their complaint: its links are not their pick
        result = self._onchange(
            self.complaint_user,
            "complaint.complaint",
            {"subject": "Broken kettle lid", "partner_id": self.customer.id},
            {"subject": {}, "partner_id": {}},
            record=self.own,
        )
        self.assertIn("value", result)
        # a complaint they may not write stays closed to its form
        with self.assertRaises(AccessError):
            self._onchange(
                self.complaint_user,
                "complaint.complaint",
                {"subject": "x"},
                {"subject": {}},
                record=self.foreign,
            )

    def test_what_the_form_only_echoes_is_not_the_caller_s_pick(self):
        # a shared contact under another company's customer: the form shows
        # its commercial entity, which the user may not read
        company_b = self.env["res.company"].create({"name": "Onchange B"})
        buyer_b = self.env["res.partner"].create(
            {"name": "B Buyer", "is_company": True, "company_id": company_b.id}
        )
        shared = self.env["res.partner"].create(
            {"name": "Shared Contact", "parent_id": buyer_b.id}
        )
        shared.company_id = False
        values = {
            "partner_id": shared.id,
            "commercial_partner_id": buyer_b.id,
            "category_id": self.category.id,
        }
        result = (
            self.env["complaint.complaint"]
            .with_user(self.complaint_user)
            .onchange(
                values,
                ["category_id"],
                {"category_id": {}, "commercial_partner_id": {}},
            )
        )
        self.assertIn("value", result)
        # control: the same contact picked by the caller is checked
        with self.assertRaises(AccessError):
            self._onchange(
                self.complaint_user,
                "complaint.complaint",
                {"partner_id": buyer_b.id},
                {"partner_id": {}},
            )

    def test_records_inside_a_line_s_parent_and_id_lists_are_checked(self):
        company_b = self.env["res.company"].create({"name": "Onchange B2"})
        hidden = self.env["res.partner"].create(
            {"name": "B Customer", "company_id": company_b.id}
        )
        with self.assertRaises(AccessError):
            self._onchange(
                self.complaint_user,
                "complaint.remedy",
                {"complaint_id": {"id": self.own.id, "partner_id": hidden.id}},
                {"complaint_id": {}},
            )
        with self.assertRaises(AccessError):
            self._onchange(
                self.complaint_user,
                "complaint.complaint",
                {"repeat_of_ids": [self.foreign.id]},
                {"subject": {}},
            )
        # control: the line of one's own complaint, as the form sends it
        result = self._onchange(
            self.complaint_user,
            "complaint.remedy",
            {"complaint_id": {"id": self.own.id, "partner_id": self.customer.id}},
            {"complaint_id": {}},
        )
        self.assertIn("value", result)
