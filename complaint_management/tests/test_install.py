from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestInstall(ComplaintCommon):
    def test_groups_are_stacked(self):
        manager_group = self.env.ref(
            "complaint_management.complaint_management_group_manager"
        )
        officer_group = self.env.ref(
            "complaint_management.complaint_management_group_officer"
        )
        user_group = self.env.ref(
            "complaint_management.complaint_management_group_user"
        )
        self.assertIn(officer_group, manager_group.implied_ids)
        self.assertIn(user_group, officer_group.implied_ids)
        self.assertTrue(
            self.complaint_manager.has_group(
                "complaint_management.complaint_management_group_user"
            )
        )

    def test_menu_visible_to_complaint_users_only(self):
        root = self.env.ref("complaint_management.complaint_management_menu_root")
        visible = (
            self.env["ir.ui.menu"].with_user(self.complaint_user)._visible_menu_ids()
        )
        self.assertIn(root.id, visible)
        plain_user = self.env["res.users"].create(
            {
                "name": "No Complaints",
                "login": "no_complaints",
                "groups_id": [(6, 0, self.env.ref("base.group_user").ids)],
            }
        )
        visible = self.env["ir.ui.menu"].with_user(plain_user)._visible_menu_ids()
        self.assertNotIn(root.id, visible)

    def test_user_creates_and_reads_complaint(self):
        complaint = (
            self.env["complaint.complaint"]
            .with_user(self.complaint_user)
            .create(self._complaint_vals())
        )
        self.assertRegex(complaint.name, r"^CMP/\d{4}/\d{5}$")
        self.assertEqual(complaint.state, "new")
        self.assertEqual(complaint.stage_id.iso_step, "new")
        self.assertEqual(complaint.receiver_id, self.complaint_user)
        self.assertEqual(complaint.complainant_email, "wang.fang@example.com")
        self.assertIn(self.customer, complaint.message_partner_ids)

    def test_plain_employee_cannot_read_complaints(self):
        complaint = self.env["complaint.complaint"].create(self._complaint_vals())
        employee = self.env["res.users"].create(
            {
                "name": "Employee",
                "login": "employee_x",
                "groups_id": [(6, 0, self.env.ref("base.group_user").ids)],
            }
        )
        with self.assertRaises(AccessError):
            complaint.with_user(employee).read(["subject"])

    def test_the_front_desk_address_is_set_where_free(self):
        """Set in the data file, complaints@ made the install fail in a
        database where another document (a helpdesk) had that address."""
        from ..hooks import post_init_hook

        front = self.env.ref("complaint_management.complaint_team_frontline")
        self.assertEqual(front.alias_name, "complaints")
        front.alias_name = False
        helpdesk = self.env["mail.alias"].create(
            {
                "alias_name": "complaints",
                "alias_model_id": self.env["ir.model"]._get_id("res.partner"),
                "alias_domain_id": front.alias_domain_id.id,
            }
        )
        post_init_hook(self.env)
        self.assertFalse(front.alias_name)
        self.assertEqual(helpdesk.alias_name, "complaints")
        # control: free, the front desk gets it
        helpdesk.unlink()
        post_init_hook(self.env)
        self.assertEqual(front.alias_name, "complaints")
