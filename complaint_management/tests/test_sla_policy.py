from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .sla_common import SlaCommon, at


@tagged("post_install", "-at_install")
class TestSlaPolicy(SlaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.channel_letter = cls.env.ref(
            "complaint_management.complaint_channel_letter"
        )
        cls.parent_category = cls.category.parent_id or cls.env[
            "complaint.category"
        ].create({"name": "SLA parent"})
        if not cls.category.parent_id:
            cls.category.parent_id = cls.parent_category

    def _policy_of(self, complaint, milestone):
        return self._line(complaint, milestone).policy_id

    def test_a_policy_in_use_is_archived_not_deleted(self):
        """Deleted, a policy left its running limits without its rules (a
        breach escalated though it said not to): it is archived instead."""
        policy = self._policy(
            name="VIP",
            resolution_time=5,
            escalate_on_breach=False,
            company_id=self.company.id,
        )
        complaint = self._create(at(0, 9))
        self.assertEqual(self._policy_of(complaint, "resolution"), policy)
        as_manager = policy.with_user(self.complaint_manager)
        with self.assertRaisesRegex(UserError, "archive it instead"):
            as_manager.unlink()
        as_manager.active = False
        self.assertEqual(self._policy_of(complaint, "resolution"), policy)
        # control: once no limit runs under it, it goes
        complaint.sla_line_ids.sudo().write({"state": "met"})
        as_manager.unlink()
        self.assertFalse(policy.exists())

    def test_a_running_limit_keeps_its_escalation_rule(self):
        """A policy's edit applies to the limits that start after it: one
        running when "Escalate on Breach" is switched off still escalates
        its breach, and one started since does not."""
        policy = self._policy(
            name="Escalating", resolution_time=1, company_id=self.company.id
        )
        self.assertTrue(policy.escalate_on_breach)
        with freeze_time(at(0, 9)):
            before = self._create(at(0, 9))
        policy.with_user(self.complaint_manager).escalate_on_breach = False
        with freeze_time(at(0, 10)):
            after = self._create(at(0, 10))
        self.assertEqual(self._policy_of(after, "resolution"), policy)
        with freeze_time(at(3, 9)):
            self.env["complaint.sla.line"]._cron_sla_sweep()
        for complaint in (before, after):
            self.assertEqual(self._line(complaint, "resolution").state, "breached")
        self.assertTrue(before.escalation_ids)
        self.assertFalse(after.escalation_ids)

    @freeze_time("2026-03-02 09:00:00")
    def test_most_specific_policy_wins(self):
        general = self._policy(name="General", response_time=24, progress_time=2)
        by_level = self._policy(
            name="Urgent", level_ids=[(6, 0, self.level_urgent.ids)], response_time=6
        )
        by_channel = self._policy(
            name="E-mail",
            sequence=5,
            channel_ids=[(6, 0, self.channel_email.ids)],
            response_time=12,
        )
        by_level_channel = self._policy(
            name="Urgent e-mail",
            level_ids=[(6, 0, self.level_urgent.ids)],
            channel_ids=[(6, 0, self.channel_email.ids)],
            response_time=1,
        )
        by_category = self._policy(
            name="Parent category",
            category_ids=[(6, 0, self.parent_category.ids)],
            resolution_time=5,
        )
        by_team_category = self._policy(
            name="Team and category",
            team_ids=[(6, 0, self.team.ids)],
            category_ids=[(6, 0, self.parent_category.ids)],
            resolution_time=2,
        )
        urgent_email = self._create(
            at(0, 9), level_id=self.level_urgent.id, channel_id=self.channel_email.id
        )
        self.assertEqual(
            self._policy_of(urgent_email, "first_response"), by_level_channel
        )
        # milestones are chosen one by one: the general policy still gives the
        # progress interval, the team and category one the resolution (the
        # sub-category of the complaint matches its parent)
        self.assertEqual(self._policy_of(urgent_email, "progress"), general)
        self.assertEqual(self._policy_of(urgent_email, "resolution"), by_team_category)
        self.assertFalse(self._line(urgent_email, "acknowledge"))

        urgent_phone = self._create(at(0, 9), level_id=self.level_urgent.id)
        self.assertEqual(self._policy_of(urgent_phone, "first_response"), by_level)
        normal_email = self._create(at(0, 9), channel_id=self.channel_email.id)
        self.assertEqual(self._policy_of(normal_email, "first_response"), by_channel)
        other_team = self._create(at(0, 9), team_id=self.team_other.id)
        self.assertEqual(self._policy_of(other_team, "resolution"), by_category)

        # same specificity: the sequence decides (e-mail, sequence 5, before
        # the urgent level, sequence 10)
        by_level_channel.active = False
        urgent_email_2 = self._create(
            at(0, 9), level_id=self.level_urgent.id, channel_id=self.channel_email.id
        )
        self.assertEqual(self._policy_of(urgent_email_2, "first_response"), by_channel)
        by_channel.sequence = 20
        urgent_email_3 = self._create(
            at(0, 9), level_id=self.level_urgent.id, channel_id=self.channel_email.id
        )
        self.assertEqual(self._policy_of(urgent_email_3, "first_response"), by_level)

    def test_a_companys_own_policy_beats_the_shared_one_it_copies(self):
        """A company's manager may not change a shared policy and is told to
        make their own: at equal criteria, theirs applies, whatever the
        sequence and the order of creation; a more specific shared policy
        still comes first."""
        shared = self._policy(
            name="Shared normal",
            level_ids=[(6, 0, self.level_normal.ids)],
            resolution_time=7,
            resolution_unit="working_days",
        )
        shared_email = self._policy(
            name="Shared normal e-mail",
            level_ids=[(6, 0, self.level_normal.ids)],
            channel_ids=[(6, 0, self.channel_email.ids)],
            response_time=2,
        )
        # control: the shared policy applies until the company has its own
        before = self._create(at(0, 9), level_id=self.level_normal.id)
        self.assertEqual(self._policy_of(before, "resolution"), shared)
        own = self._policy(
            name="Our normal",
            company_id=self.company.id,
            sequence=20,
            level_ids=[(6, 0, self.level_normal.ids)],
            resolution_time=5,
            response_time=4,
            resolution_unit="working_days",
        )
        after = self._create(
            at(0, 9), level_id=self.level_normal.id, channel_id=self.channel_email.id
        )
        self.assertEqual(self._policy_of(after, "resolution"), own)
        self.assertEqual(self._policy_of(after, "first_response"), shared_email)

    def _front_and_experts(self, front_resolution=None):
        """The front desk's rule (a response in 5 working days, and a
        resolution in ``front_resolution`` working days when given) and the
        experts' (a resolution in 3); the experts escalate to coaches."""
        coach = self.env["complaint.team"].create(
            {"name": "SLA Coaches", "resource_calendar_id": self.calendar.id}
        )
        self.team_expert.escalation_team_id = coach
        resolution = (
            {"resolution_time": front_resolution, "resolution_unit": "working_days"}
            if front_resolution
            else {}
        )
        self._policy(
            name="Front",
            team_ids=[(6, 0, self.team.ids)],
            response_time=5,
            response_unit="working_days",
            **resolution,
        )
        self._policy(
            name="Experts",
            sequence=5,
            team_ids=[(6, 0, self.team_expert.ids)],
            resolution_time=3,
            resolution_unit="working_days",
        )

    def test_a_limit_an_escalation_adds_is_not_born_overdue(self):
        """The front desk's rule set no resolution limit, the experts' one
        does: escalated after a week, the complaint got a resolution limit
        counted from its receipt, passed already, and the next sweep sent it
        up another tier."""
        self._front_and_experts()
        with freeze_time(at(0, 9)):
            complaint = self._create(at(0, 9))
        self.assertFalse(self._line(complaint, "resolution"))
        Line = self.env["complaint.sla.line"]
        with freeze_time(at(8, 10)):
            Line._cron_sla_sweep()
        self.assertEqual(complaint.team_id, self.team_expert)
        resolution = self._line(complaint, "resolution")
        self.assertEqual(resolution.date_start, at(8, 10), "from the escalation")
        self.assertGreater(resolution.deadline, at(8, 11))
        with freeze_time(at(8, 11)):
            Line._cron_sla_sweep()
        self.assertEqual(complaint.team_id, self.team_expert)
        self.assertEqual(len(complaint.escalation_ids), 1)
        # control: a complaint filed under the experts' rule counts from receipt
        with freeze_time(at(8, 12)):
            filed = self._create(at(0, 9), team_id=self.team_expert.id)
        self.assertEqual(self._line(filed, "resolution").date_start, at(0, 9))

    def test_an_escalation_does_not_set_off_the_next_one(self):
        """Escalated for a late first response to a team whose policy allows
        less time: its resolution limit, planned again from the receipt, was
        passed already, and the next sweep escalated it up another tier."""
        self._front_and_experts(front_resolution=20)
        with freeze_time(at(0, 9)):
            complaint = self._create(at(0, 9))
        resolution = self._line(complaint, "resolution")
        deadline = resolution.deadline
        Line = self.env["complaint.sla.line"]
        with freeze_time(at(8, 10)):
            Line._cron_sla_sweep()
        self.assertEqual(complaint.team_id, self.team_expert)
        self.assertEqual(resolution.deadline, deadline, "not passed at once")
        with freeze_time(at(8, 11)):
            Line._cron_sla_sweep()
        self.assertEqual(complaint.team_id, self.team_expert)
        self.assertEqual(len(complaint.escalation_ids), 1)
        # nor does a later regrade give it the passed limit
        other = self.env.ref(
            "complaint_management.complaint_category_annex_late_delivery"
        )
        with freeze_time(at(8, 12)):
            complaint.write({"category_id": other.id})
        self.assertEqual(resolution.deadline, deadline)
        with freeze_time(at(8, 13)):
            Line._cron_sla_sweep()
        self.assertEqual(len(complaint.escalation_ids), 1)
        # control: a limit the experts' rule leaves time to follows it
        with freeze_time(at(8, 12)):
            late = self._create(at(8, 12), team_id=self.team.id)
            late._escalate(reason="The customer asked for an expert")
        self.assertEqual(self._policy_of(late, "resolution").name, "Experts")

    def test_an_escalation_within_the_team_keeps_an_archived_policys_limits(self):
        """Escalated where it is (a team without an escalation team), the
        complaint's team was written again: its policies were chosen again,
        and a limit of an archived policy took another's rules and deadline,
        with a note saying a regrading recomputed them."""
        vip = self._policy(
            name="VIP", resolution_time=10, resolution_unit="working_days"
        )
        complaint = self._create(at(0, 9), team_id=self.team_expert.id)
        deadline = self._line(complaint, "resolution").deadline
        vip.active = False
        self._policy(name="General", resolution_time=2, resolution_unit="working_days")
        messages = complaint.message_ids
        complaint._escalate(reason="Customer called three times")
        self.assertEqual(complaint.team_id, self.team_expert)
        line = self._line(complaint, "resolution")
        self.assertEqual(line.policy_id, vip)
        self.assertEqual(line.deadline, deadline)
        notes = " ".join((complaint.message_ids - messages).mapped("body"))
        self.assertNotIn("Time limits recomputed", notes)
        # control: moved to another team, its limits follow the policies in
        # force (that leave it time: escalated the same morning)
        with freeze_time(at(0, 10)):
            complaint._escalate(team=self.team, reason="Back to the front line")
        self.assertEqual(self._line(complaint, "resolution").policy_id.name, "General")

    def test_a_handover_within_the_team_keeps_an_archived_policys_limits(self):
        """A handler who left was replaced within the team, and the team was
        written again with the new handler: the complaint's policies were
        chosen again (a limit of an archived policy took another's rules)."""
        vip = self._policy(
            name="VIP", resolution_time=10, resolution_unit="working_days"
        )
        complaint = self._create(
            at(0, 9), team_id=self.team.id, user_id=self.handler_other.id
        )
        deadline = self._line(complaint, "resolution").deadline
        vip.active = False
        self._policy(name="General", resolution_time=2, resolution_unit="working_days")
        messages = complaint.message_ids
        self.handler_other.action_archive()
        self.assertEqual(complaint.team_id, self.team)
        self.assertTrue(complaint.user_id)
        self.assertNotEqual(complaint.user_id, self.handler_other)
        line = self._line(complaint, "resolution")
        self.assertEqual(line.policy_id, vip)
        self.assertEqual(line.deadline, deadline)
        notes = " ".join((complaint.message_ids - messages).mapped("body"))
        self.assertNotIn("Time limits recomputed", notes)
        # control: assigned to another team, its limits follow the policies
        complaint.write({"team_id": self.team_expert.id, "user_id": False})
        self.assertEqual(self._line(complaint, "resolution").policy_id.name, "General")

    def test_level_change_recomputes_and_says_so(self):
        self._policy(
            name="Normal",
            level_ids=[(6, 0, self.level_normal.ids)],
            resolution_time=7,
            resolution_unit="working_days",
        )
        self._policy(
            name="Urgent",
            level_ids=[(6, 0, self.level_urgent.ids)],
            resolution_time=3,
            resolution_unit="working_days",
        )
        with freeze_time(at(0, 9)):
            complaint = self._create(at(0, 9))
            # Tuesday to Wednesday of the next week
            self.assertEqual(self._line(complaint, "resolution").deadline, at(9, 17))
        with freeze_time(at(1, 9)):
            messages_before = complaint.message_ids
            with Form(complaint) as form:
                form.level_id = self.level_urgent
            line = self._line(complaint, "resolution")
            self.assertEqual(len(complaint.sla_line_ids), 1, "recomputed, not added")
            self.assertEqual(line.deadline, at(3, 17))
            self.assertEqual(complaint.sla_deadline, at(3, 17))
            self.assertEqual(line.policy_id.name, "Urgent")
            note = complaint.message_ids - messages_before
            self.assertIn("Time limits recomputed", note.body)
            self.assertIn("Resolution", note.body)

    def test_regrading_does_not_undo_a_breach(self):
        """A breached limit stays breached when the level is lowered: the
        complaint still counts as late once closed. Control: the limit that
        was still running moves to the new level's."""
        self._policy(
            name="Urgent",
            level_ids=[(6, 0, self.level_urgent.ids)],
            response_time=4,
            response_unit="hours",
            resolution_time=3,
            resolution_unit="working_days",
            # the handler keeps the complaint (an escalation would move it)
            escalate_on_breach=False,
        )
        self._policy(
            name="Normal",
            level_ids=[(6, 0, self.level_normal.ids)],
            response_time=5,
            response_unit="working_days",
            resolution_time=7,
            resolution_unit="working_days",
        )
        with freeze_time(at(0, 9)):
            complaint = self._create(
                at(0, 9), level_id=self.level_urgent.id, user_id=self.handler.id
            )
        response = self._line(complaint, "first_response")
        with freeze_time(at(0, 15)):
            self.env["complaint.sla.line"]._cron_sla_sweep()
        self.assertEqual(response.state, "breached")
        deadline = response.deadline
        with freeze_time(at(0, 16)):
            complaint.with_user(self.handler).write({"level_id": self.level_normal.id})
        self.assertEqual(response.state, "breached")
        self.assertEqual(response.deadline, deadline)
        self.assertEqual(response.policy_id.name, "Urgent")
        # control: the running resolution limit follows the new level
        self.assertEqual(self._line(complaint, "resolution").deadline, at(9, 17))
        with freeze_time(at(0, 16, 30)):
            response._sla_reach(at(0, 16, 30))
        self.assertEqual(response.state, "met_late")

    def test_seeded_policies_reproduce_domain_limits(self):
        self.env["complaint.sla.policy"].with_context(active_test=False).search(
            []
        ).filtered(lambda p: p.get_external_id()[p.id]).write({"active": True})
        extra = self.env.ref("complaint_management.complaint_level_extra_urgent")
        with freeze_time(at(0, 9)):
            normal_letter = self._create(at(0, 9), channel_id=self.channel_letter.id)
            urgent = self._create(at(0, 9), level_id=self.level_urgent.id)
            extra_urgent = self._create(at(0, 9), level_id=extra.id)
            normal_email = self._create(at(0, 9), channel_id=self.channel_email.id)

        def target(complaint, milestone):
            line = self._line(complaint, milestone)
            return line.target_time, line.time_unit

        self.assertEqual(target(normal_letter, "first_response"), (15, "working_days"))
        self.assertEqual(target(normal_letter, "progress"), (2, "working_days"))
        self.assertEqual(target(urgent, "first_response"), (6, "hours"))
        self.assertEqual(target(urgent, "resolution"), (3, "working_days"))
        self.assertEqual(target(extra_urgent, "first_response"), (2, "hours"))
        self.assertEqual(target(extra_urgent, "resolution"), (24, "hours"))
        self.assertEqual(target(normal_email, "first_response"), (24, "hours"))
        self.assertEqual(target(normal_email, "resolution"), (7, "working_days"))
        # letters: 15 working days after Monday 2 March = Monday 23 March 17:00
        self.assertEqual(
            self._line(normal_letter, "first_response").deadline, at(21, 17)
        )
        self.assertEqual(normal_letter._get_expected_handling_text(), "15 working days")

    @freeze_time("2026-03-02 09:00:00")
    def test_acknowledgement_promises_the_policy_intervals(self):
        # what the first email promises is what the engine's lines hold
        template = self.env.ref(
            "complaint_management.mail_template_complaint_acknowledgement"
        )
        self._policy(
            name="Slow updates",
            team_ids=[(6, 0, self.team.ids)],
            resolution_time=10,
            resolution_unit="working_days",
            progress_time=5,
            progress_unit="working_days",
        )
        self._policy(
            name="No updates",
            team_ids=[(6, 0, self.team_expert.ids)],
            resolution_time=3,
            resolution_unit="working_days",
        )
        with_updates = self._create(at(0, 9), team_id=self.team.id)
        without = self._create(at(0, 9), team_id=self.team_expert.id)
        bodies = template._render_field("body_html", (with_updates | without).ids)
        self.assertIn(
            "within <strong>10 working days</strong>", bodies[with_updates.id]
        )
        self.assertIn("at least every 5 working days", bodies[with_updates.id])
        self.assertIn("within <strong>3 working days</strong>", bodies[without.id])
        self.assertNotIn("keep you informed", bodies[without.id])

    def test_a_limit_added_later_counts_from_when_it_was_added(self):
        """A manager gives a policy a confirmation limit on Wednesday: a
        complaint received on Monday and touched on Thursday got one counted
        from Monday, overdue at once (and those not touched, none)."""
        policy = self._policy(
            name="Later",
            team_ids=[(6, 0, self.team.ids)],
            resolution_time=5,
            resolution_unit="working_days",
        )
        with freeze_time(at(0, 9)):
            complaint = self._create(at(0, 9))
        self.assertFalse(self._line(complaint, "acknowledge"))
        # an amount changed is no new limit; a milestone added is one
        since = policy.date_limits_from
        policy.resolution_time = 4
        self.assertEqual(policy.date_limits_from, since)
        policy.write({"acknowledge_time": 4, "acknowledge_unit": "working_hours"})
        self.assertEqual(policy.date_limits_from, self.env.cr.now())
        # as it happened: filed on Monday, the limit added on Wednesday at 10:00
        self.env.cr.execute(
            "UPDATE complaint_complaint SET create_date = %s WHERE id = %s",
            [at(0, 9), complaint.id],
        )
        self.env.cr.execute(
            "UPDATE complaint_sla_policy SET date_limits_from = %s WHERE id = %s",
            [at(2, 10), policy.id],
        )
        self.env.invalidate_all()
        self.env.registry.clear_cache()
        with freeze_time(at(3, 9)):
            complaint.level_id = self.level_urgent
            line = self._line(complaint, "acknowledge")
            self.assertEqual(line.date_start, at(2, 10))
            self.assertEqual(line.deadline, at(2, 15))
            # control: a complaint filed after the change counts from its receipt
            later = self._create(at(3, 9))
            self.assertEqual(self._line(later, "acknowledge").date_start, at(3, 9))
            # a row written without the ORM has no creation date: its receipt
            # stands for it (it was compared with nothing, a server error)
            self._line(later, "acknowledge").sudo().unlink()
            self.env.cr.execute(
                "UPDATE complaint_complaint SET create_date = NULL, "
                "date_received = %s WHERE id = %s",
                [at(0, 9), later.id],
            )
            self.env.invalidate_all()
            later.sudo()._sla_sync()
            self.assertEqual(self._line(later, "acknowledge").date_start, at(2, 10))
