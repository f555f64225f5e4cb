from odoo.tests import new_test_user

from odoo.addons.mail.tests.common import MailCommon


class ComplaintCommon(MailCommon):
    """Shared data: a team, users of each complaint group, a customer."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.complaint_user = new_test_user(
            cls.env,
            login="cm_user",
            groups="complaint_management.complaint_management_group_user",
            name="Complaint User",
            email="cm_user@example.com",
        )
        cls.complaint_user_other = new_test_user(
            cls.env,
            login="cm_user_other",
            groups="complaint_management.complaint_management_group_user",
            name="Other Team User",
        )
        cls.complaint_officer = new_test_user(
            cls.env,
            login="cm_officer",
            groups="complaint_management.complaint_management_group_officer",
            name="Complaint Officer",
        )
        cls.complaint_manager = new_test_user(
            cls.env,
            login="cm_manager",
            groups="complaint_management.complaint_management_group_manager",
            name="Complaint Manager",
            email="cm_manager@example.com",
        )
        cls.team = cls.env["complaint.team"].create(
            {
                "name": "Test Frontline",
                "member_ids": [(6, 0, cls.complaint_user.ids)],
                "leader_id": cls.complaint_manager.id,
            }
        )
        cls.team_other = cls.env["complaint.team"].create(
            {"name": "Other Team", "member_ids": [(6, 0, cls.complaint_user_other.ids)]}
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Wang Fang", "email": "wang.fang@example.com", "lang": "en_US"}
        )
        cls.channel_email = cls.env.ref("complaint_management.complaint_channel_email")
        cls.channel_phone = cls.env.ref("complaint_management.complaint_channel_phone")
        cls.category = cls.env.ref(
            "complaint_management.complaint_category_annex_defective_product"
        )
        cls.level_normal = cls.env.ref("complaint_management.complaint_level_normal")

    def _queries(self, function):
        """The queries ``function`` issues, from a cold cache to its last write."""
        self.env.invalidate_all()
        self.env.flush_all()
        start = self.cr.sql_log_count
        function()
        self.env.flush_all()
        return self.cr.sql_log_count - start

    @classmethod
    def _complaint_vals(cls, **values):
        vals = {
            "subject": "Broken kettle",
            "partner_id": cls.customer.id,
            "channel_id": cls.channel_phone.id,
            "category_id": cls.category.id,
            "team_id": cls.team.id,
        }
        vals.update(values)
        return vals

    @classmethod
    def _approved_reply_script(cls, **values):
        """An approved reply script, made as the workflow would have made it."""
        vals = {
            "name": "Product safety incident",
            "body": "<p>We take this very seriously and are investigating.</p>",
            "author_id": cls.complaint_officer.id,
            "state": "approved",
            "approver_id": cls.complaint_manager.id,
            "date_approved": "2026-01-05 09:00:00",
        }
        vals.update(values)
        return cls.env["complaint.reply.script"].create(vals)
