from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestPortalInstall(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env,
            login="cm_portal",
            groups="base.group_portal",
            name="Portal Customer",
        )
        cls.other = cls.env["res.partner"].create({"name": "Someone Else"})
        cls.team = cls.env["complaint.team"].create({"name": "Portal Team"})
        Complaint = cls.env["complaint.complaint"]
        cls.own = Complaint.create(
            {
                "subject": "Mine",
                "partner_id": cls.portal_user.partner_id.id,
                "team_id": cls.team.id,
            }
        )
        cls.foreign = Complaint.create(
            {"subject": "Not mine", "partner_id": cls.other.id, "team_id": cls.team.id}
        )

    def test_portal_user_reads_only_own_complaints(self):
        Complaint = self.env["complaint.complaint"].with_user(self.portal_user)
        self.assertEqual(Complaint.search([]), self.own)
        self.assertEqual(
            self.own.with_user(self.portal_user).access_url,
            f"/my/complaints/{self.own.id}",
        )

    def test_my_home_counts_complaints(self):
        self.authenticate("cm_portal", "cm_portal")
        response = self.url_open(
            "/my/counters",
            data='{"params": {"counters": ["complaint_count"]}}',
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.json()["result"]["complaint_count"], 1)
