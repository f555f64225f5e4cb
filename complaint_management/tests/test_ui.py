from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestUi(HttpCase):
    def test_escalation_from_the_form(self):
        frontline = self.env.ref("complaint_management.complaint_team_frontline")
        complaint = self.env["complaint.complaint"].create(
            {
                "subject": "Tour: kettle leaks",
                "complainant_name": "Tour Customer",
                "team_id": frontline.id,
            }
        )
        self.start_tour(
            f"/odoo/complaints/{complaint.id}",
            "complaint_escalation_tour",
            login="admin",
        )
        self.assertEqual(
            complaint.escalation_ids.reason, "The customer announced a 12315 complaint"
        )
        self.assertEqual(complaint.team_id, frontline.escalation_team_id)
