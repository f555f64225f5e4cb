"""Every complaint has an owner: team by rule, handler by the team's method."""

from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestAssignment(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        group = "complaint_management.complaint_management_group_user"
        cls.ann = new_test_user(cls.env, login="as_ann", groups=group, name="Ann")
        cls.ben = new_test_user(cls.env, login="as_ben", groups=group, name="Ben")
        cls.quality = cls.env["complaint.team"].create(
            {
                "name": "Quality Desk",
                "member_ids": [(6, 0, (cls.ann | cls.ben).ids)],
                "assignment_method": "workload",
            }
        )
        cls.defective = cls.category
        cls.rule = cls.env["complaint.assignment.rule"].create(
            {
                "name": "Defects to quality",
                "category_ids": [(6, 0, cls.defective.ids)],
                "team_id": cls.quality.id,
            }
        )

    def _new(self, **values):
        vals = self._complaint_vals(team_id=False)
        vals.update(values)
        return self.env["complaint.complaint"].create(vals)

    def test_rule_gives_the_team_and_workload_the_handler(self):
        busy = self._new(user_id=self.ann.id, team_id=self.quality.id)
        self.assertEqual(busy.user_id, self.ann)
        complaint = self._new()
        self.assertEqual(complaint.team_id, self.quality, "by the category rule")
        self.assertEqual(complaint.user_id, self.ben, "the least loaded member")
        # both have one now: the next goes to the lower id, then alternates
        more = self._new() | self._new()
        self.assertEqual(set(more.user_id.ids), {self.ann.id, self.ben.id})

    def test_a_member_of_two_teams_gets_one_share_of_a_batch(self):
        """Each team picked from the workload as written before the batch: a
        member of both got a full share from each."""
        group = "complaint_management.complaint_management_group_user"
        cid = new_test_user(self.env, login="as_cid", groups=group, name="Cid")
        other = self.env["complaint.team"].create(
            {
                "name": "Second Desk",
                "member_ids": [(6, 0, (self.ann | cid).ids)],
                "assignment_method": "workload",
            }
        )
        batch = self.env["complaint.complaint"].create(
            [self._complaint_vals(team_id=self.quality.id) for _i in range(4)]
            + [self._complaint_vals(team_id=other.id) for _i in range(4)]
        )
        counts = {
            user: len(batch.filtered(lambda c, u=user: c.user_id == u))
            for user in (self.ann, self.ben, cid)
        }
        self.assertLessEqual(counts[self.ann], 3, counts)
        self.assertEqual(sum(counts.values()), 8)
        # control: each team's own members share it
        second = batch.filtered(lambda c: c.team_id == other)
        self.assertTrue(second.user_id <= (self.ann | cid))

    def test_control_no_rule_matches_default_team(self):
        other = self.env.ref(
            "complaint_management.complaint_category_annex_late_delivery"
        )
        complaint = self._new(category_id=other.id)
        self.assertNotEqual(complaint.team_id, self.quality)
        self.assertTrue(complaint.team_id)
        self.assertTrue(complaint.user_id or complaint.team_id.leader_id)

    def test_company_without_a_team_takes_complaints_unassigned(self):
        company = self.env["res.company"].create({"name": "No Desk Ltd"})
        complaints = self.env["complaint.complaint"].create(
            [
                {
                    "subject": f"Leak {n}",
                    "company_id": company.id,
                    "complainant_name": "Li",
                }
                for n in range(2)
            ]
        )
        self.assertFalse(complaints.team_id)
        self.assertFalse(complaints.user_id)
        # the complainant is told who handles it all the same: the company
        # (the acknowledgement read "handled by .")
        self.assertEqual(complaints[0].handler_public_name, "No Desk Ltd")
        template = self.env.ref(
            "complaint_management.mail_template_complaint_acknowledgement"
        )
        body = template._render_field("body_html", complaints[:1].ids)[complaints[0].id]
        self.assertIn("handled by No Desk Ltd.", body)
        # control: in a company with a team, the same intake is assigned
        self.assertTrue(self._new().user_id)

    def test_round_robin_and_leave(self):
        self.quality.assignment_method = "round_robin"
        first, second, third = (self._new() for _index in range(3))
        self.assertNotEqual(first.user_id, second.user_id)
        self.assertEqual(first.user_id, third.user_id)
        # Ben is on leave today: Ann takes everything
        resource = self.env["resource.resource"].create(
            {"name": "Ben", "user_id": self.ben.id}
        )
        now = fields.Datetime.now()
        self.env["resource.calendar.leaves"].create(
            {
                "name": "Holiday",
                "resource_id": resource.id,
                "date_from": now - timedelta(days=1),
                "date_to": now + timedelta(days=1),
            }
        )
        self.assertEqual((self._new() | self._new()).user_id, self.ann)

    def test_manual_team_gives_it_to_the_leader(self):
        self.quality.write(
            {"assignment_method": "manual", "leader_id": self.complaint_manager.id}
        )
        self.assertEqual(self._new().user_id, self.complaint_manager)

    def test_escalation_to_a_leaderless_team_lands_on_a_person(self):
        complaint = self._new(team_id=self.team.id, user_id=self.complaint_user.id)
        complaint.action_register()
        self.team.escalation_team_id = self.quality
        self.assertFalse(self.quality.leader_id)
        complaint._escalate(reason="Needs the quality desk", trigger="manual")
        self.assertEqual(complaint.team_id, self.quality)
        self.assertIn(complaint.user_id, self.ann | self.ben, "a member, by workload")
        # a team with neither leader nor members: the escalating team's leader
        empty = self.env["complaint.team"].create({"name": "Empty Desk"})
        self.quality.escalation_team_id = empty
        complaint._escalate(reason="Further up", trigger="manual")
        self.assertEqual(complaint.team_id, empty)
        self.assertTrue(complaint.user_id, "never without a handler")

    def test_assign_to_me(self):
        complaint = self._new()
        complaint.with_user(self.ann).action_assign_to_me()
        self.assertEqual(complaint.user_id, self.ann)
        portal = new_test_user(self.env, login="as_portal", groups="base.group_portal")
        with self.assertRaises(UserError):
            complaint.with_user(portal).sudo().action_assign_to_me()

    def test_two_colleagues_taking_a_complaint_at_once(self):
        """Ann and Ben opened the same unassigned complaint: Ben's click,
        second, took it from Ann without a word. The button sends the
        handler it showed."""
        complaint = self._new(team_id=self.quality.id)
        complaint.sudo().write({"user_id": False})
        complaint.with_user(self.ann).with_context(
            assign_from=False
        ).action_assign_to_me()
        self.assertEqual(complaint.user_id, self.ann)
        with self.assertRaisesRegex(UserError, "Ann took complaint"):
            complaint.with_user(self.ben).with_context(
                assign_from=False
            ).action_assign_to_me()
        self.assertEqual(complaint.user_id, self.ann)
        # control: reloaded, Ben sees Ann and takes it over knowingly
        complaint.with_user(self.ben).with_context(
            assign_from=self.ann.id
        ).action_assign_to_me()
        self.assertEqual(complaint.user_id, self.ben)

    def _assert_reminded(self, complaints):
        """Every open complaint with a running limit has one activity, on its
        owner (the handler, else the team leader)."""
        sla_type = self.env.ref("complaint_management.mail_activity_type_sla")
        for complaint in complaints:
            running = complaint.sla_line_ids.filtered(
                lambda line: line.state in ("running", "at_risk", "breached")
            )
            self.assertTrue(complaint.is_open and running, complaint.name)
            reminders = complaint.activity_ids.filtered(
                lambda a, t=sla_type: a.activity_type_id == t
            )
            self.assertEqual(len(reminders), 1, complaint.name)
            self.assertEqual(
                reminders.user_id, complaint.user_id or complaint.team_id.leader_id
            )
            self.assertTrue(reminders.user_id.active)

    def test_every_running_limit_reminds_its_owner(self):
        complaints = self._new() | self._new(team_id=self.team.id)
        self._assert_reminded(complaints)
        complaints.action_register()
        self._assert_reminded(complaints)
        # escalation to a team without leader nor members keeps a person on it
        empty = self.env["complaint.team"].create({"name": "Night Desk"})
        complaints.team_id.write({"escalation_team_id": empty.id})
        complaints[0]._escalate(reason="Out of hours", trigger="manual")
        self._assert_reminded(complaints)
        # reassignment moves the reminder
        complaints[1].user_id = self.ann
        self._assert_reminded(complaints)
        self.assertEqual(complaints[1].activity_ids.user_id, self.ann)
        # the sweep, long after every deadline: breaches and escalations
        with freeze_time(fields.Datetime.now() + timedelta(days=40)):
            self.env["complaint.sla.line"]._cron_sla_sweep()
        self.assertTrue(all(complaints.mapped("is_escalated")))
        self._assert_reminded(complaints)
