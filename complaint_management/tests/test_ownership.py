"""A complaint never loses its owner, and its owner can always handle it:
whoever calls, a handler is a colleague still working here, with the
complaint rights, in the complaint's company."""

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import ComplaintCommon

GROUP_USER = "complaint_management.complaint_management_group_user"


@tagged("post_install", "-at_install")
class TestOwnership(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.ann = new_test_user(cls.env, login="own_ann", groups=GROUP_USER, name="Ann")
        cls.ben = new_test_user(cls.env, login="own_ben", groups=GROUP_USER, name="Ben")
        cls.desk = cls.env["complaint.team"].create(
            {
                "name": "Owner Desk",
                "member_ids": [Command.set((cls.ann | cls.ben).ids)],
                "leader_id": cls.complaint_manager.id,
                "assignment_method": "workload",
            }
        )
        cls.other_company = cls.env["res.company"].create({"name": "Elsewhere Ltd"})
        cls.outsider = new_test_user(
            cls.env,
            login="own_outsider",
            groups=GROUP_USER,
            name="Outsider",
            company_id=cls.other_company.id,
            company_ids=[Command.set(cls.other_company.ids)],
        )
        cls.activity_type = cls.env.ref("complaint_management.mail_activity_type_sla")

    def _new(self, **values):
        vals = self._complaint_vals(team_id=self.desk.id)
        vals.update(values)
        return self.env["complaint.complaint"].create(vals)

    def _reminders(self, complaint):
        return complaint.activity_ids.filtered(
            lambda activity: activity.activity_type_id == self.activity_type
        )

    def test_a_handler_can_own_the_complaint_whoever_calls(self):
        complaint = self._new(user_id=self.ann.id)
        portal = new_test_user(self.env, login="own_portal", groups="base.group_portal")
        archived = new_test_user(self.env, login="own_gone", groups=GROUP_USER)
        archived.active = False
        no_rights = new_test_user(self.env, login="own_plain", groups="base.group_user")
        as_ann = complaint.with_user(self.ann)
        for user in (self.outsider, portal, archived, no_rights):
            with self.subTest(user=user.login), self.assertRaises(ValidationError):
                as_ann.write({"user_id": user.id})
        self.assertEqual(complaint.user_id, self.ann)
        # control: a colleague who can handle it
        as_ann.write({"user_id": self.ben.id})
        self.assertEqual(complaint.user_id, self.ben)

    def test_a_handover_takes_the_handlers_own_todos_along(self):
        """Handed to another team, the complaint left its former handler's
        to-do with them, on a complaint they can no longer open; the new
        owner never saw it."""
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(user_id=self.complaint_user.id)
        )
        todo = complaint.with_user(self.complaint_user).activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Call back about the spout",
            user_id=self.complaint_user.id,
        )
        kept = complaint.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.complaint_manager.id
        )
        complaint.with_user(self.complaint_manager).write(
            {"team_id": self.team_other.id, "user_id": self.complaint_user_other.id}
        )
        self.assertFalse(complaint.with_user(self.complaint_user).has_access("read"))
        self.assertEqual(todo.user_id, self.complaint_user_other)
        # control: a to-do of someone who still reads it stays theirs
        self.assertEqual(kept.user_id, self.complaint_manager)

    def test_a_complaint_is_not_left_without_team_and_handler(self):
        complaint = self._new(user_id=self.ann.id)
        # assertRaises: Odoo's rolls back what the refused write did
        with self.assertRaises(UserError) as refused:
            complaint.with_user(self.ann).write({"team_id": False, "user_id": False})
        self.assertIn("neither a team nor a handler", str(refused.exception))
        self.assertEqual(complaint.team_id, self.desk)
        self.assertEqual(complaint.user_id, self.ann)
        # control: a handler taken off alone leaves the complaint in its
        # team's queue, for the leader to hand out
        complaint.with_user(self.ann).write({"user_id": False})
        self.assertEqual(complaint.team_id, self.desk)
        self.assertFalse(complaint.user_id)

    def test_an_unowned_complaint_is_not_moved_into_a_staffed_company(self):
        """A company without teams works unassigned; moved to one with
        teams, the complaint would be nobody's there."""
        bare = self.env["res.company"].create({"name": "Own Bare Ltd"})
        staffed = self.env["res.company"].create({"name": "Own Staffed Ltd"})
        manager = new_test_user(
            self.env,
            login="own_two_companies",
            groups="complaint_management.complaint_management_group_manager",
            company_id=bare.id,
            company_ids=[Command.set((bare | staffed).ids)],
        )
        self.env["complaint.team"].create(
            {"name": "Staffed Desk", "company_id": staffed.id, "leader_id": manager.id}
        )
        as_manager = self.env["complaint.complaint"].with_user(manager)
        complaint = as_manager.with_context(
            allowed_company_ids=(bare | staffed).ids
        ).create(
            {"subject": "Unassigned", "company_id": bare.id, "complainant_name": "Li"}
        )
        self.assertFalse(complaint.team_id or complaint.user_id)
        with (
            self.assertRaisesRegex(UserError, "neither a team nor a handler"),
            self.env.cr.savepoint(),
        ):
            complaint.write({"company_id": staffed.id})
        complaint.invalidate_recordset()
        self.assertEqual(complaint.company_id, bare)
        # control: moved with the team that takes it over
        desk = self.env["complaint.team"].search([("company_id", "=", staffed.id)])
        complaint.write({"company_id": staffed.id, "team_id": desk.id})
        self.assertEqual(complaint.team_id, desk)

    def test_a_handler_is_not_taken_off_where_no_leader_takes_over(self):
        """In a team without a leader who may own it, a complaint whose
        handler is taken off is nobody's: no reminder, no warning reaches
        anyone until a deadline is at risk."""
        leaderless = self.env["complaint.team"].create(
            {
                "name": "No Leader",
                "member_ids": [Command.set((self.ann | self.ben).ids)],
            }
        )
        complaint = self._new(team_id=leaderless.id, user_id=self.ann.id)
        with self.assertRaises(UserError) as refused:
            complaint.with_user(self.ann).write({"user_id": False})
        self.assertIn("No Leader", str(refused.exception))
        self.assertEqual(complaint.user_id, self.ann)
        # nor a leader who left the complaint rights
        leaderless.leader_id = self.outsider
        with self.assertRaises(UserError):
            complaint.with_user(self.ann).write({"user_id": False})
        # control: handed to a colleague, or back to a team whose leader
        # takes it over
        complaint.with_user(self.ann).write({"user_id": self.ben.id})
        self.assertEqual(complaint.user_id, self.ben)
        complaint.with_user(self.ben).write({"team_id": self.desk.id, "user_id": False})
        self.assertFalse(complaint.user_id)
        self.assertEqual(complaint._sla_activity_user(), self.complaint_manager)

    def test_a_team_of_another_company_is_refused(self):
        complaint = self._new()
        foreign = self.env["complaint.team"].create(
            {"name": "Foreign Desk", "company_id": self.other_company.id}
        )
        with self.assertRaises(UserError):
            complaint.with_user(self.ann).write({"team_id": foreign.id})
        with self.assertRaises(UserError):
            self.desk.escalation_team_id = foreign
        # control: a team of the complaint's company
        complaint.with_user(self.ann).write({"team_id": self.team.id})
        self.assertEqual(complaint.team_id, self.team)

    def test_a_team_with_complaints_stays_in_their_company(self):
        self._new(user_id=self.ann.id)
        with self.assertRaises(ValidationError):
            self.desk.company_id = self.other_company
        escalating = self.env["complaint.team"].create(
            {"name": "Front Desk", "escalation_team_id": self.team.id}
        )
        with self.assertRaises(ValidationError):
            self.team.company_id = self.other_company
        # control: a team nothing of this company refers to moves
        escalating.escalation_team_id = False
        empty = self.env["complaint.team"].create({"name": "New Desk"})
        empty.company_id = self.other_company
        self.assertEqual(empty.company_id, self.other_company)

    def test_escalation_does_not_lead_back(self):
        upper = self.env["complaint.team"].create({"name": "Upper Desk"})
        self.desk.escalation_team_id = upper  # control: up is fine
        with self.assertRaises(ValidationError):
            upper.escalation_team_id = self.desk
        with self.assertRaises(ValidationError):
            upper.escalation_team_id = upper

    def test_a_handler_who_leaves_hands_over_at_once(self):
        first = self._new(user_id=self.ann.id)
        closed = self._new(user_id=self.ann.id)
        closed.sudo()._workflow_write({"state": "closed"})
        self.assertEqual(self._reminders(first).user_id, self.ann)
        self.ann.action_archive()
        self.assertEqual(first.user_id, self.ben, "the team's method picks again")
        self.assertEqual(self._reminders(first).user_id, self.ben)
        self.assertEqual(closed.user_id, self.ann, "history keeps who handled it")

    def test_the_to_dos_of_staff_who_leave_go_to_who_owns_it(self):
        """Taken off the team or without the complaint rights, a colleague
        kept their to-dos on complaints they could no longer open; archived,
        Odoo deleted them."""
        carl = new_test_user(self.env, login="own_carl", groups=GROUP_USER)
        self.desk.member_ids = [Command.link(carl.id)]
        complaint = self._new(user_id=self.ann.id)

        def todo(user):
            return complaint.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=f"Call back for {user.login}",
                user_id=user.id,
            )

        bens, carls, anns = todo(self.ben), todo(carl), todo(self.ann)
        self.desk.with_user(self.complaint_manager).write(
            {"member_ids": [Command.unlink(self.ben.id)]}
        )
        self.assertFalse(complaint.with_user(self.ben).has_access("read"))
        self.assertEqual(bens.user_id, self.ann)
        # control: who still reads it keeps theirs
        self.assertEqual(carls.user_id, carl)
        carl.write({"groups_id": [Command.unlink(self.env.ref(GROUP_USER).id)]})
        self.assertEqual(carls.user_id, self.ann)
        # archived, the handler's own go to who takes the complaint
        self.ann.action_archive()
        self.assertTrue(anns.exists())
        self.assertNotEqual(complaint.user_id, self.ann)
        self.assertEqual(anns.user_id, complaint._sla_activity_user())
        self.assertNotEqual(anns.user_id, self.ann)

    def test_a_handler_taken_off_the_team_keeps_the_complaint(self):
        """Moved to another desk, a handler still handles what they hold:
        the complaint, its reminder and their own to-dos stay theirs, and
        they still read and follow it."""
        complaint = self._new(user_id=self.ann.id)
        complaint.message_subscribe(partner_ids=self.ben.partner_id.ids)
        todo = complaint.activity_schedule(
            "mail.mail_activity_data_todo", summary="Call back", user_id=self.ann.id
        )
        bens = complaint.activity_schedule(
            "mail.mail_activity_data_todo", summary="Check stock", user_id=self.ben.id
        )
        self.desk.with_user(self.complaint_manager).write(
            {"member_ids": [Command.unlink(self.ann.id)]}
        )
        self.assertEqual(complaint.user_id, self.ann)
        self.assertTrue(complaint.with_user(self.ann).has_access("read"))
        self.assertIn(self.ann.partner_id, complaint.message_partner_ids)
        self.assertEqual(self._reminders(complaint).user_id, self.ann)
        self.assertEqual(todo.user_id, self.ann)
        # control: a member who does not handle it, taken off, loses it: no
        # longer reads or follows it, and their to-do goes to its handler
        self.desk.with_user(self.complaint_manager).write(
            {"member_ids": [Command.unlink(self.ben.id)]}
        )
        self.assertFalse(complaint.with_user(self.ben).has_access("read"))
        self.assertNotIn(self.ben.partner_id, complaint.message_partner_ids)
        self.assertEqual(bens.user_id, self.ann)

    def test_a_to_do_goes_to_someone_who_reads_the_complaint(self):
        """Core makes an activity's assignee a follower: a to-do given to a
        colleague without the complaint rights sent them the complainant's
        messages."""
        clerk = new_test_user(self.env, login="own_clerk", groups="base.group_user")
        complaint = self._new(user_id=self.ann.id).with_user(self.ann)
        with self.assertRaisesRegex(UserError, "may not read"), self.env.cr.savepoint():
            complaint.activity_schedule(
                "mail.mail_activity_data_todo", summary="Check", user_id=clerk.id
            )
        todo = complaint.activity_schedule(
            "mail.mail_activity_data_todo", summary="Check", user_id=self.ben.id
        )
        with self.assertRaisesRegex(UserError, "may not read"), self.env.cr.savepoint():
            todo.write({"user_id": clerk.id})
        self.assertNotIn(clerk.partner_id, complaint.sudo().message_partner_ids)
        # control: a colleague of the team takes it
        self.assertEqual(todo.user_id, self.ben)

    def test_a_handler_who_loses_the_rights_hands_over(self):
        complaint = self._new(user_id=self.ben.id)
        group = self.env.ref(GROUP_USER)
        self.ben.write({"groups_id": [Command.unlink(group.id)]})
        self.assertFalse(self.ben._complaint_can_own(complaint.company_id))
        self.assertEqual(complaint.user_id, self.ann)
        # control: another change of the user moves nothing
        self.ann.write({"signature": "<p>Ann</p>"})
        self.assertEqual(complaint.user_id, self.ann)

    def test_a_member_removed_on_the_group_s_form_hands_over(self):
        complaint = self._new(user_id=self.ben.id)
        group = self.env.ref(GROUP_USER)
        # control: a change of the group that keeps its members moves nothing
        group.write({"comment": "Complaint staff"})
        self.assertEqual(complaint.user_id, self.ben)
        group.write({"users": [Command.unlink(self.ben.id)]})
        self.assertEqual(complaint.user_id, self.ann)
        self.assertEqual(self._reminders(complaint).user_id, self.ann)

    def test_a_deleted_handler_s_complaints_get_an_owner(self):
        gone = new_test_user(self.env, login="own_deleted", groups=GROUP_USER)
        self.desk.member_ids = [Command.link(gone.id)]
        complaint = self._new(user_id=gone.id)
        led = self.env["complaint.team"].create(
            {"name": "Led Desk", "leader_id": gone.id, "assignment_method": "manual"}
        )
        waiting = self._new(team_id=led.id)
        self.assertEqual(self._reminders(waiting).user_id, gone)
        gone.unlink()
        self.assertIn(complaint.user_id, self.ann | self.ben)
        self.assertEqual(self._reminders(complaint).user_id, complaint.user_id)
        self.assertFalse(led.leader_id)
        # nobody left in its team: the company's complaint manager on duty
        on_duty = waiting.company_id._complaint_manager_on_duty()
        self.assertTrue(on_duty)
        self.assertEqual(self._reminders(waiting).user_id, on_duty)

    def test_a_colleague_recorded_on_a_complaint_is_archived_not_deleted(self):
        receiver = new_test_user(self.env, login="own_receiver", groups=GROUP_USER)
        self.desk.member_ids = [Command.link(receiver.id)]
        complaint = (
            self.env["complaint.complaint"]
            .with_user(receiver)
            .create(self._complaint_vals(team_id=self.desk.id))
        )
        self.assertEqual(complaint.receiver_id, receiver)
        with self.assertRaisesRegex(UserError, "archive the user instead"):
            receiver.unlink()
        self.assertEqual(complaint.receiver_id, receiver)
        # who wrote to a complainant: the masking of staff knows them by
        # their user (deleted, the complainant would see their own name)
        writer = new_test_user(self.env, login="own_writer", groups=GROUP_USER)
        self.desk.member_ids = [Command.link(writer.id)]
        complaint.sudo().user_id = writer
        complaint.with_user(writer).message_post(
            body="We are on it.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        with self.assertRaisesRegex(UserError, "archive the user instead"):
            writer.unlink()
        # made a customer since (or deleting their own portal account):
        # what they did as staff stays theirs
        receiver.write(
            {"groups_id": [Command.set(self.env.ref("base.group_portal").ids)]}
        )
        self.assertTrue(receiver.share)
        with self.assertRaisesRegex(UserError, "archive the user instead"):
            receiver.unlink()
        # control: archived, both stay on the record
        (receiver | writer).action_archive()
        self.assertEqual(complaint.receiver_id, receiver)

    def test_nobody_who_cannot_handle_it_is_picked(self):
        self.ben.write(
            {
                "company_id": self.other_company.id,
                "company_ids": [Command.set(self.other_company.ids)],
            }
        )
        complaints = self._new() | self._new()
        self.assertEqual(complaints.user_id, self.ann, "Ben left this company")
        # a manual team whose leader left: no handler, the complaint waits
        # for one in the unassigned list, its reminder on nobody absent
        leader = new_test_user(self.env, login="own_lead", groups=GROUP_USER)
        self.desk.write({"assignment_method": "manual", "leader_id": leader.id})
        leader.active = False
        waiting = self._new()
        self.assertFalse(waiting.user_id)

    def test_a_new_leader_takes_the_reminders_of_unowned_complaints(self):
        self.desk.write({"assignment_method": "manual"})
        complaint = self._new()
        self.assertEqual(complaint.user_id, self.complaint_manager)
        complaint.user_id = False
        self.assertEqual(self._reminders(complaint).user_id, self.complaint_manager)
        self.desk.leader_id = self.complaint_officer
        self.assertEqual(self._reminders(complaint).user_id, self.complaint_officer)

    def test_the_default_team_is_the_filing_company_s(self):
        member = new_test_user(
            self.env,
            login="own_two",
            groups=GROUP_USER,
            company_ids=[Command.set((self.company | self.other_company).ids)],
        )
        self.desk.member_ids = [Command.link(member.id)]
        theirs = self.env["complaint.team"].create(
            {"name": "Their Desk", "company_id": self.other_company.id}
        )
        Team = (
            self.env["complaint.team"]
            .with_user(member)
            .with_company(self.other_company)
            .with_context(allowed_company_ids=(self.other_company | self.company).ids)
        )
        self.assertEqual(Team._get_default_team(), theirs)
        # control: filed in the first company, the member's own team
        self.assertEqual(
            Team.with_company(self.company)
            .with_context(allowed_company_ids=(self.company | self.other_company).ids)
            ._get_default_team(),
            self.desk,
        )

    def test_a_batch_escalated_to_a_team_without_leader_is_spread(self):
        self.desk.leader_id = False
        complaints = self.env["complaint.complaint"].create(
            [self._complaint_vals(team_id=self.team.id) for _index in range(4)]
        )
        complaints.sudo()._escalate(team=self.desk, reason="Expert needed")
        counts = [
            len(complaints.filtered(lambda c, user=user: c.user_id == user))
            for user in (self.ann, self.ben)
        ]
        self.assertEqual(counts, [2, 2], "by the team's method, not all to one")

    def test_staff_who_can_no_longer_read_it_stop_following(self):
        complaint = self._new(user_id=self.ann.id)
        complaint.message_subscribe(partner_ids=self.ann.partner_id.ids)
        outsider_team = self.env["complaint.team"].create(
            {"name": "Far Desk", "member_ids": [Command.set(self.ben.ids)]}
        )
        self.assertIn(self.ann.partner_id, complaint.message_partner_ids)
        # handed over to Ben, in another team: Ann reads it no more
        complaint.write({"team_id": outsider_team.id, "user_id": self.ben.id})
        self.assertFalse(complaint.with_user(self.ann).has_access("read"))
        self.assertNotIn(self.ann.partner_id, complaint.message_partner_ids)
        # control: who still reads it keeps following (the team's leader reads
        # every complaint as a manager; the customer is no colleague)
        self.assertIn(self.customer, complaint.message_partner_ids)
        manager = self.complaint_manager.partner_id
        complaint.message_subscribe(partner_ids=manager.ids)
        complaint.write({"user_id": self.ann.id, "team_id": self.desk.id})
        self.assertIn(manager, complaint.message_partner_ids)

    def test_a_manager_of_two_companies_hands_over_in_one(self):
        """The request carries every company the manager works in; the
        handler, of one of them, is checked in their own."""
        manager = new_test_user(
            self.env,
            login="own_two_companies",
            groups="complaint_management.complaint_management_group_manager",
            company_ids=[Command.set((self.company | self.other_company).ids)],
        )
        Complaint = (
            self.env["complaint.complaint"]
            .with_user(manager)
            .with_context(allowed_company_ids=(self.company | self.other_company).ids)
        )
        complaint = Complaint.create(self._complaint_vals(team_id=self.desk.id))
        complaint.message_subscribe(partner_ids=self.ann.partner_id.ids)
        complaint.write({"user_id": self.ben.id})
        self.assertEqual(complaint.user_id, self.ben)
        self.assertIn(self.ann.partner_id, complaint.message_partner_ids)

    def test_filed_with_a_handler_it_goes_to_the_handler_s_team(self):
        # Ann (of the desk) files a complaint Olga of another team handles
        olga = new_test_user(self.env, login="own_olga", groups=GROUP_USER)
        other_desk = self.env["complaint.team"].create(
            {"name": "Other Desk", "member_ids": [Command.set(olga.ids)]}
        )
        Complaint = self.env["complaint.complaint"].with_user(self.ann)
        vals = self._complaint_vals(team_id=False, user_id=olga.id)
        complaint = Complaint.create(vals)
        self.assertEqual(complaint.sudo().team_id, other_desk)
        # control: without a handler, the filer's team
        complaint = Complaint.create(self._complaint_vals(team_id=False))
        self.assertEqual(complaint.team_id, self.desk)

    def test_a_follower_of_a_team_outside_it_does_not_follow_its_complaints(self):
        """Anyone may follow a team they can read: its new complaints do not
        reach a colleague who may not read them (not of the team, not an
        officer), neither filed, copied nor with another receiver."""
        env = self.env(context=dict(self.env.context, tracking_disable=False))
        desk = self.desk.with_env(env)
        outside = self.complaint_user_other
        desk.with_user(outside).message_subscribe(partner_ids=outside.partner_id.ids)
        desk.with_user(self.complaint_officer).message_subscribe(
            partner_ids=self.complaint_officer.partner_id.ids
        )
        Complaint = env["complaint.complaint"]
        complaint = Complaint.with_user(self.ann).create(
            self._complaint_vals(team_id=desk.id, user_id=self.ben.id)
        )
        followers = complaint.message_partner_ids
        self.assertNotIn(outside.partner_id, followers)
        # nor told of the new complaint (its creation is posted to the team's
        # followers), as the officer is
        told = complaint.message_ids.notification_ids.res_partner_id
        self.assertNotIn(outside.partner_id, told)
        self.assertIn(self.complaint_officer.partner_id, told)
        # control: an officer following the team reads it, and follows it
        self.assertIn(self.complaint_officer.partner_id, followers)
        self.assertIn(self.ben.partner_id, followers)
        self.assertIn(self.ann.partner_id, followers, "its receiver")
        message = complaint.with_user(self.ben).message_post(
            body="Refund proposal",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertNotIn(outside.partner_id, message.notification_ids.res_partner_id)
        copy = complaint.with_user(self.ben).copy()
        self.assertNotIn(outside.partner_id, copy.message_partner_ids)
        self.assertIn(self.complaint_officer.partner_id, copy.message_partner_ids)
        # a receiver put right: the former one, not of the team, stops too
        received = Complaint.with_user(outside).create(
            self._complaint_vals(team_id=desk.id, user_id=self.ben.id)
        )
        self.assertEqual(received.receiver_id, outside)
        self.assertIn(outside.partner_id, received.message_partner_ids)
        received.with_user(self.complaint_manager).receiver_id = self.ann
        self.assertNotIn(outside.partner_id, received.sudo().message_partner_ids)
