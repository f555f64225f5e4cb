from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .test_party import PARTY_ACTIVITY, PartyCommon

CALLBACK = "complaint_management.mail_activity_type_callback"
MANAGER = "complaint_management.complaint_management_group_manager"


@tagged("post_install", "-at_install")
class TestOwnerTasks(PartyCommon):
    """Every task of a complaint (time limits, the party's answer, a closed
    complaint's callback) is on who owns it now, however ownership moved:
    a new team leader, a colleague who left or was deleted, a handover."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.new_leader = new_test_user(
            cls.env,
            login="owner_tasks_leader",
            groups="complaint_management.complaint_management_group_manager",
            name="新组长",
            lang="zh_CN",
        )
        cls.env["res.lang"]._activate_lang("zh_CN")

    def _activities(self, complaint, xmlid):
        return complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == self.env.ref(xmlid)
        )

    def _unowned_forwarded(self):
        complaint = self._complaint()
        self._forward(complaint)
        complaint.user_id = False  # the leader takes it over
        self.assertEqual(
            self._activities(complaint, PARTY_ACTIVITY).user_id, self.team.leader_id
        )
        return complaint

    def _closed_with_callback(self):
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(user_id=self.handler.id)
        )
        complaint.write(
            {
                "state": "assessed",
                "level_id": self.level_normal.id,
                "validity": "unfounded",
                "resolution_summary": "<p>Explained.</p>",
            }
        )
        complaint.action_close()
        token = complaint.rating_ids.filtered(lambda r: not r.consumed).access_token
        complaint.sudo().rating_apply(1, token=token, feedback="Nobody called")
        self.assertEqual(self._activities(complaint, CALLBACK).user_id, self.handler)
        return complaint

    def test_a_new_leader_takes_the_party_s_answer_in_their_language(self):
        complaint = self._unowned_forwarded()
        self.team.leader_id = self.new_leader
        reminder = self._activities(complaint, PARTY_ACTIVITY)
        self.assertEqual(reminder.user_id, self.new_leader)
        self.assertIn("Kettle Shop Ltd", reminder.summary)
        self.assertNotIn("Party answer due", reminder.summary, "in Chinese")

    def test_a_leader_who_leaves_hands_the_party_s_answer_over(self):
        complaint = self._unowned_forwarded()
        # the leader's team has members: one of them takes the complaint
        self.team.assignment_method = "workload"
        self.team.leader_id.action_archive()
        self.assertTrue(complaint.user_id, "given to a member by the team's method")
        self.assertEqual(
            self._activities(complaint, PARTY_ACTIVITY).user_id, complaint.user_id
        )

    def test_the_callback_follows_a_handover_of_the_closed_complaint(self):
        complaint = self._closed_with_callback()
        complaint.with_user(self.complaint_manager).user_id = self.handler_other
        self.assertEqual(
            self._activities(complaint, CALLBACK).user_id, self.handler_other
        )

    def test_the_callback_of_a_handler_who_leaves_goes_to_the_leader(self):
        complaint = self._closed_with_callback()
        self.handler.action_archive()
        self.assertEqual(
            self._activities(complaint, CALLBACK).user_id, self.team.leader_id
        )

    def test_the_callback_of_a_deleted_handler_is_not_lost(self):
        complaint = self._closed_with_callback()
        leaver = new_test_user(
            self.env,
            login="owner_tasks_leaver",
            groups="complaint_management.complaint_management_group_user",
        )
        self.team.member_ids = [Command.link(leaver.id)]
        self._activities(complaint, CALLBACK).user_id = leaver
        leaver.unlink()
        callback = self._activities(complaint, CALLBACK)
        self.assertEqual(callback.user_id, self.handler)
        self.assertIn("Nobody called", callback.note)

    def test_who_leaves_the_team_stops_following_its_complaints(self):
        complaint = self._complaint()
        member = self.handler_other
        self.team.member_ids = [Command.link(member.id)]
        complaint.message_subscribe((member | self.handler).partner_id.ids)
        self.team.member_ids = [Command.unlink(member.id)]
        self.assertNotIn(member.partner_id, complaint.message_partner_ids)
        # control: a member who stays keeps following
        self.assertIn(self.handler.partner_id, complaint.message_partner_ids)

    def test_a_team_with_open_complaints_is_not_archived(self):
        complaint = self._complaint()
        empty = self.env["complaint.team"].create({"name": "Empty"})
        manager = self.env(user=self.complaint_manager)
        empty.with_env(manager).action_archive()  # control: nothing in it
        self.assertFalse(empty.active)
        with self.assertRaises(UserError):
            self.team.with_env(manager).action_archive()
        self.assertTrue(self.team.active)
        # nor does an open complaint go to an archived team
        with self.assertRaises(ValidationError):
            complaint.with_user(self.complaint_manager).team_id = empty

    def test_a_team_another_escalates_to_is_not_deleted(self):
        manager = self.env(user=self.complaint_manager)
        second = self.env["complaint.team"].create({"name": "Second Tier"})
        self.team.escalation_team_id = second
        with self.assertRaisesRegex(UserError, "escalates to Second Tier"):
            second.with_env(manager).unlink()
        self.assertEqual(self.team.escalation_team_id, second)
        # control: no longer its target, it is deleted
        self.team.escalation_team_id = False
        second.with_env(manager).unlink()
        self.assertFalse(second.exists())

    def test_a_team_that_handled_complaints_is_not_deleted(self):
        """Deleting skipped the archive's refusal: Odoo emptied the team of
        its open complaints, which were left with nobody's team, and of its
        closed ones' history."""
        complaint = self._complaint()
        manager = self.env(user=self.complaint_manager)
        with self.assertRaisesRegex(UserError, "archive it instead"):
            self.team.with_env(manager).unlink()
        self.assertEqual(complaint.team_id, self.team)
        # nor once its complaints are closed (their history names it)
        complaint.sudo()._workflow_write({"state": "closed"})
        with self.assertRaisesRegex(UserError, "archive it instead"):
            self.team.with_env(manager).unlink()
        # deleted with an unused one, the refusal names the team used
        empty = self.env["complaint.team"].create({"name": "Never used"})
        with self.assertRaisesRegex(UserError, f"handled by team {self.team.name}"):
            (empty | self.team).with_env(manager).unlink()
        # control: a team that never had a complaint is deleted
        empty.with_env(manager).unlink()
        self.assertFalse(empty.exists())

    def test_a_complaint_nobody_in_its_team_can_take_reminds_a_manager(self):
        """The leader of a team was also its only member and its handler:
        once they left, the complaint had no handler, no leader, and its time
        limits reminded nobody."""
        solo = new_test_user(
            self.env,
            login="owner_solo",
            groups="complaint_management.complaint_management_group_user",
            name="Solo Leader",
        )
        team = self.env["complaint.team"].create(
            {
                "name": "Solo",
                "leader_id": solo.id,
                "member_ids": [Command.set(solo.ids)],
            }
        )
        self._policy(
            name="Solo rules",
            team_ids=[Command.set(team.ids)],
            resolution_time=2,
            resolution_unit="working_days",
        )
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(team_id=team.id, user_id=solo.id)
        )
        reminder = self.env.ref("complaint_management.mail_activity_type_sla")
        # control: while they work here, the reminder is theirs
        self.assertEqual(self._activities_of(complaint, reminder).user_id, solo)
        solo.action_archive()
        self.assertFalse(complaint.user_id)
        manager = self._activities_of(complaint, reminder).user_id
        self.assertTrue(manager, "somebody is reminded")
        self.assertTrue(manager.has_group(MANAGER))
        self.assertEqual(manager, self.company._complaint_manager_on_duty())
        complaint.invalidate_recordset(["next_step"])
        self.assertIn(manager.name, complaint.next_step)
        # asked for each complaint without an owner (a list, the sweep): once
        with self.assertQueryCount(0):
            self.company._complaint_manager_on_duty()
        # a branch without a manager: nobody, until one joins
        branch = self.env["res.company"].create({"name": "Branch on duty"})
        self.assertFalse(branch._complaint_manager_on_duty())
        joined = new_test_user(
            self.env,
            login="owner_branch_mgr",
            groups=MANAGER,
            company_id=branch.id,
            company_ids=[Command.set(branch.ids)],
        )
        self.assertEqual(branch._complaint_manager_on_duty(), joined)

    def _activities_of(self, complaint, activity_type):
        return complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == activity_type
        )

    def test_odoobot_handles_no_complaint(self):
        complaint = self._complaint()
        with self.assertRaises(ValidationError):
            complaint.with_user(self.handler).user_id = self.env.ref("base.user_root")
        complaint.with_user(self.handler).user_id = self.handler_other  # control
        self.assertEqual(complaint.user_id, self.handler_other)

    def test_a_closed_complaint_s_report_back_outlives_its_handler(self):
        complaint = self._closed_with_callback()
        case = self.env["complaint.external.case"].create(
            {
                "complaint_id": complaint.id,
                "body_id": self.env.ref(
                    "complaint_management.complaint_external_body_consumer_council"
                ).id,
                "reference": "CC-CLOSED",
            }
        )
        report_back = self.env.ref(
            "complaint_management.mail_activity_type_external_deadline"
        )
        self.assertEqual(case.activity_ids.user_id, self.handler)
        self.handler.action_archive()
        task = case.activity_ids.filtered(lambda a: a.activity_type_id == report_back)
        self.assertEqual(task.user_id, self.team.leader_id)
        # a new leader takes it
        self.team.leader_id = self.new_leader
        task = case.activity_ids.filtered(lambda a: a.activity_type_id == report_back)
        self.assertEqual(task.user_id, self.new_leader)

    def test_an_archived_team_files_and_reopens_nothing(self):
        complaint = self._closed_with_callback()
        spare = self.env["complaint.team"].create(
            {"name": "Spare", "member_ids": [Command.set(self.handler_other.ids)]}
        )
        self.team.sudo().leader_id = False
        self.team.with_user(self.complaint_manager).action_archive()
        self.assertFalse(self.team.active)
        complaint.action_reopen()
        self.assertTrue(complaint.team_id.active, "back in an active team")
        # an email to the archived team's alias is filed in an active team
        values = self.env["complaint.complaint"]._mail_alias_values(
            {"team_id": self.team.id}
        )
        self.assertNotIn("team_id", values)
        self.assertEqual(values["company_id"], self.team.company_id.id)
        self.assertTrue(spare.active)
