from odoo.tests import HttpCase, new_test_user, tagged

from .browser import ChromiumRetryMixin


@tagged("post_install", "-at_install")
class TestUi(ChromiumRetryMixin, HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.company
        cls.company.write(
            {
                "complaint_step_mail_auto": False,
                "complaint_fast_track_amount": 200,
                "email": "service@example.com",
            }
        )
        cls.frontline_user = new_test_user(
            cls.env,
            login="tour_front",
            groups="complaint_management.complaint_management_group_user",
            name="Frontline Fiona",
            email="fiona@example.com",
        )
        cls.manager = new_test_user(
            cls.env,
            login="tour_manager",
            groups="complaint_management.complaint_management_group_manager",
            name="Manager Max",
            email="max@example.com",
        )
        cls.team = cls.env["complaint.team"].create(
            {
                "name": "Tour Desk",
                "member_ids": [(6, 0, cls.frontline_user.ids)],
                "leader_id": cls.manager.id,
            }
        )
        cls.customer = cls.env["res.partner"].create(
            {"name": "Tour Customer", "email": "tour.customer@example.com"}
        )

    def _complaint(self, **values):
        vals = {
            "subject": "Tour: kettle leaks",
            "partner_id": self.customer.id,
            "channel_id": self.env.ref(
                "complaint_management.complaint_channel_phone"
            ).id,
            "team_id": self.team.id,
            "user_id": self.frontline_user.id,
        }
        vals.update(values)
        return self.env["complaint.complaint"].create(vals)

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

    def test_frontline_takes_a_complaint_from_received_to_closed(self):
        complaint = self._complaint(level_id=False)
        self.assertEqual(complaint.state, "new")
        self.start_tour(
            f"/odoo/complaints/{complaint.id}",
            "complaint_frontline_tour",
            login="tour_front",
        )
        self.assertEqual(complaint.state, "closed")
        self.assertEqual(complaint.remedy_ids.state, "done")
        subjects = complaint.message_ids.filtered(
            lambda m: self.customer in m.partner_ids
        ).mapped("subject")
        self.assertEqual(
            sorted(subjects),
            [
                f"How did we handle your complaint {complaint.name}?",
                f"Our proposal for your complaint {complaint.name}",
                f"We received your complaint {complaint.name}",
                f"Your complaint {complaint.name} is closed",
            ],
            "acknowledgement and proposal sent once each from the composer, "
            "then the outcome at the closing and the rating invitation",
        )
        # the steps are the frontline user's, each once
        changes = complaint.message_ids.filtered("tracking_value_ids")
        self.assertEqual(changes.author_id, self.frontline_user.partner_id)
        self.assertTrue(complaint.sudo().rating_ids, "rating asked at closing")

    def test_manager_approves_and_refuses_remedies(self):
        complaint = self._complaint()
        complaint.action_register()
        complaint.action_acknowledge()
        complaint.write(
            {
                "level_id": self.env.ref(
                    "complaint_management.complaint_level_normal"
                ).id,
                "validity": "founded",
            }
        )
        complaint.action_assess()
        complaint.action_investigate()
        remedies = self.env["complaint.remedy"].with_user(self.frontline_user)
        replacement = remedies.create(
            {
                "complaint_id": complaint.id,
                "type_id": self.env.ref(
                    "complaint_management.complaint_remedy_type_replacement"
                ).id,
                "amount": 450,
            }
        )
        compensation = remedies.create(
            {
                "complaint_id": complaint.id,
                "type_id": self.env.ref(
                    "complaint_management.complaint_remedy_type_compensation"
                ).id,
                "amount": 900,
            }
        )
        self.assertEqual((replacement | compensation).mapped("state"), ["proposed"] * 2)
        approval = self.env.ref(
            "complaint_management.mail_activity_type_remedy_approval"
        )
        request = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == approval
        )
        self.assertEqual(request.user_id, self.manager)
        self.start_tour(
            f"/odoo/complaints/{complaint.id}",
            "complaint_remedy_approval_tour",
            login="tour_manager",
        )
        self.assertEqual(replacement.state, "approved")
        self.assertEqual(compensation.state, "refused")
        self.assertEqual(compensation.refusal_reason, "Out of proportion to the damage")
        self.assertFalse(request.exists(), "the request is done")
        told = complaint.message_ids.filtered(
            lambda m: self.frontline_user.partner_id in m.notified_partner_ids
            and "Out of proportion" in (m.body or "")
        )
        self.assertTrue(told, "the handler reads the reason")

    def test_corrective_action_from_the_complaint(self):
        verifier = new_test_user(
            self.env,
            login="tour_verifier",
            groups="complaint_management.complaint_management_group_officer",
            name="Vera Verifier",
        )
        complaint = self._complaint()
        self.start_tour(
            f"/odoo/complaints/{complaint.id}",
            "complaint_corrective_action_tour",
            login=self.manager.login,
        )
        action = complaint.corrective_action_ids
        self.assertEqual(len(action), 1)
        self.assertEqual(action.title, "Check the seal of every kettle base")
        self.assertEqual(action.state, "done")
        self.assertEqual(action.user_id, self.manager, "its maker owns it")
        self.assertEqual(action.activity_ids.user_id, verifier)
