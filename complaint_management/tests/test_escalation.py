import json

from odoo.exceptions import UserError
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import json_default

from odoo.addons.mail.tools.discuss import Store

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestEscalation(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.expert_leader = cls.complaint_officer
        cls.team_expert = cls.env["complaint.team"].create(
            {
                "name": "Test Experts",
                "tier": "expert",
                "leader_id": cls.expert_leader.id,
            }
        )
        cls.team.escalation_team_id = cls.team_expert

    def _complaint(self, **values):
        return self.env["complaint.complaint"].create(
            self._complaint_vals(user_id=self.complaint_user.id, **values)
        )

    def test_escalate_one_tier_up_by_default(self):
        complaint = self._complaint(priority="1")
        escalation = (
            complaint.with_user(self.complaint_user)
            ._escalate(reason="Customer threatens to go to the media")
            .sudo()  # the frontline user no longer sees the escalated complaint
        )
        self.assertEqual(len(escalation), 1)
        self.assertEqual(escalation.from_team_id, self.team)
        self.assertEqual(escalation.to_team_id, self.team_expert)
        self.assertEqual(escalation.from_user_id, self.complaint_user)
        self.assertEqual(escalation.to_user_id, self.expert_leader)
        self.assertEqual(escalation.escalated_by_id, self.complaint_user)
        self.assertEqual(escalation.trigger, "manual")
        self.assertEqual(complaint.team_id, self.team_expert)
        self.assertEqual(complaint.user_id, self.expert_leader)
        self.assertEqual(complaint.priority, "2")
        self.assertTrue(complaint.is_escalated)
        self.assertEqual(complaint.escalation_count, 1)
        note = complaint.message_ids.filtered(
            lambda m: m.subtype_id
            == self.env.ref("complaint_management.mt_complaint_escalated")
        )
        self.assertEqual(len(note), 1)
        self.assertIn("media", note.body)
        self.assertIn(self.expert_leader.partner_id, note.partner_ids)

    def test_an_archived_escalation_team_takes_no_complaint(self):
        """A team archived while another still names it for escalation: the
        breach (or the button) escalated into it, to its leader, out of
        sight; the complaint goes up within its own team instead."""
        self.team_expert.active = False
        complaint = self._complaint(priority="1")
        escalation = complaint._escalate(reason="Deadline breached")
        self.assertEqual(escalation.to_team_id, self.team)
        self.assertEqual(complaint.team_id, self.team)
        self.assertNotEqual(complaint.user_id, self.expert_leader)
        self.assertEqual(complaint.priority, "2")
        # control: active again, it takes the next one
        self.team_expert.active = True
        other = self._complaint(priority="1")
        other._escalate(reason="Deadline breached")
        self.assertEqual(other.team_id, self.team_expert)

    def test_priority_stops_at_urgent(self):
        complaint = self._complaint(priority="3")
        complaint._escalate(reason="again", trigger="sla")
        self.assertEqual(complaint.priority, "3")

    def test_without_escalation_team_the_leader_takes_over(self):
        complaint = self._complaint(team_id=self.team_other.id)
        self.team_other.leader_id = self.complaint_manager
        escalation = complaint._escalate(reason="stuck")
        self.assertEqual(escalation.to_team_id, self.team_other)
        self.assertEqual(complaint.user_id, self.complaint_manager)

    def test_a_handler_of_the_batch_is_not_told_of_what_they_unticked(self):
        """Escalated in one batch, the new handler of one complaint was sent
        the escalation note of another they follow without "Escalated"."""
        self.team_other.leader_id = self.complaint_manager
        followed = self._complaint(team_id=self.team_other.id)
        theirs = self._complaint()
        leader = self.expert_leader.partner_id
        comment = self.env.ref("mail.mt_comment")
        followed.message_subscribe(leader.ids, subtype_ids=comment.ids)
        escalated = self.env.ref("complaint_management.mt_complaint_escalated")
        watcher = self.complaint_user_other.partner_id
        followed.message_subscribe(watcher.ids, subtype_ids=escalated.ids)
        (followed | theirs)._escalate(reason="Stuck")
        self.assertEqual(theirs.user_id, self.expert_leader)

        def told(complaint):
            note = complaint.message_ids.filtered(lambda m: m.subtype_id == escalated)
            return note.notification_ids.res_partner_id

        self.assertNotIn(leader, told(followed))
        # controls: told of their own, and a follower of the subtype is told
        self.assertIn(leader, told(theirs))
        self.assertIn(watcher, told(followed))

    def test_reason_required(self):
        complaint = self._complaint()
        with self.assertRaises(UserError):
            complaint._escalate(reason="  ")
        self.assertFalse(complaint.escalation_ids)
        self.assertEqual(complaint.team_id, self.team)

    def test_batch_escalation_to_a_given_user(self):
        complaints = self._complaint() | self._complaint(team_id=self.team_other.id)
        escalations = complaints._escalate(
            user=self.complaint_manager, reason="Batch review", trigger="batch"
        )
        self.assertEqual(len(escalations), 2)
        self.assertEqual(complaints.user_id, self.complaint_manager)
        self.assertEqual(set(escalations.mapped("trigger")), {"batch"})
        # a user alone keeps each complaint in its team... one tier up
        self.assertEqual(complaints[0].team_id, self.team_expert)

    def test_wizard_to_a_tier(self):
        legal = self.env["complaint.team"].create(
            {"name": "Test Legal", "tier": "legal"}
        )
        complaint = self._complaint()
        action = complaint.with_user(self.complaint_user).action_open_escalate_wizard()
        wizard = Form(
            self.env["complaint.escalate.wizard"]
            .with_user(self.complaint_user)
            .with_context(**action["context"])
        )
        wizard.target = "tier"
        wizard.tier = "legal"
        wizard.reason = "Legal threat"
        wizard.save().action_escalate()
        self.assertEqual(complaint.team_id.tier, "legal")
        self.assertIn(
            complaint.team_id,
            legal | self.env["complaint.team"].search([("tier", "=", "legal")]),
        )
        self.assertEqual(complaint.escalation_ids.reason, "Legal threat")

    def test_the_wizard_escalates_one_company_to_a_team(self):
        """Complaints of two companies selected together: a team (or tier) is
        one company's, so the form says so instead of a raw error."""
        other = self.env["res.company"].create({"name": "Escalation B Ltd"})
        officer = self.complaint_officer
        officer.company_ids = [(4, other.id)]
        here = self._complaint()
        there = self.env["complaint.complaint"].create(
            self._complaint_vals(company_id=other.id, team_id=False)
        )
        wizard = (
            self.env["complaint.escalate.wizard"]
            .with_user(officer)
            .with_context(allowed_company_ids=[self.env.company.id, other.id])
            .create(
                {
                    "complaint_ids": [(6, 0, (here | there).ids)],
                    "target": "tier",
                    "tier": "expert",
                    "reason": "Both late",
                }
            )
        )
        with self.assertRaisesRegex(UserError, "one company at a time"):
            wizard.action_escalate()
        self.assertFalse(here.escalation_ids | there.escalation_ids)
        # control: one company's complaint goes to its tier
        wizard.complaint_ids = here
        wizard.action_escalate()
        self.assertEqual(here.team_id, self.team_expert)

    def test_wizard_to_a_user_and_high_risk_trigger(self):
        complaint = self._complaint(is_high_risk=True)
        wizard = Form(
            self.env["complaint.escalate.wizard"].with_context(
                active_model="complaint.complaint", active_ids=complaint.ids
            )
        )
        self.assertEqual(wizard.trigger, "high_risk")
        wizard.target = "user"
        wizard.user_id = self.complaint_manager
        wizard.reason = "Government attention"
        team = complaint.team_id
        wizard.save().action_escalate()
        self.assertEqual(complaint.user_id, self.complaint_manager)
        self.assertEqual(complaint.escalation_ids.trigger, "high_risk")
        # the colleague takes it over in its team: no team was chosen
        self.assertEqual(complaint.team_id, team)

    def test_the_new_handler_is_told_once(self):
        """Escalated by hand to a colleague, the escalation note tells them;
        Odoo's own "you have been assigned" was a second message."""
        complaint = self._complaint()
        wizard = Form(
            self.env["complaint.escalate.wizard"].with_context(
                active_model="complaint.complaint",
                active_ids=complaint.ids,
                tracking_disable=False,
            )
        )
        wizard.target = "user"
        wizard.user_id = self.complaint_manager
        wizard.reason = "Needs a manager"
        wizard.save().action_escalate()
        self.assertEqual(complaint.user_id, self.complaint_manager)
        told = self.env["mail.notification"].search(
            [
                ("res_partner_id", "=", self.complaint_manager.partner_id.id),
                ("mail_message_id.model", "=", complaint._name),
                ("mail_message_id.res_id", "=", complaint.id),
            ]
        )
        self.assertEqual(len(told), 1)
        self.assertIn("Needs a manager", told.mail_message_id.body)

    def test_wizard_escalates_once(self):
        """The same form sent again (a replay over JSON-RPC, a second click)
        does not raise the priority and move the complaint a tier further."""
        complaint = self._complaint()
        wizard = (
            self.env["complaint.escalate.wizard"]
            .with_user(self.complaint_manager)
            .create({"complaint_ids": complaint.ids, "reason": "Angry customer"})
        )
        wizard.action_escalate()
        team, priority = complaint.team_id, complaint.priority
        with self.assertRaises(UserError):
            wizard.action_escalate()
        self.assertEqual(len(complaint.escalation_ids), 1)
        self.assertEqual((complaint.team_id, complaint.priority), (team, priority))
        # control: a new form escalates further
        self.env["complaint.escalate.wizard"].with_user(self.complaint_manager).create(
            {"complaint_ids": complaint.ids, "reason": "Still angry"}
        ).action_escalate()
        self.assertEqual(len(complaint.escalation_ids), 2)

    def test_wizard_refuses_closed_complaints(self):
        complaint = self._complaint()
        complaint.action_cancel()
        wizard = self.env["complaint.escalate.wizard"].create(
            {"complaint_ids": complaint.ids, "reason": "late"}
        )
        with self.assertRaises(UserError):
            wizard.action_escalate()

    def test_history_action(self):
        complaint = self._complaint()
        complaint._escalate(reason="one")
        complaint._escalate(reason="two")
        action = complaint.action_view_escalations()
        self.assertEqual(
            self.env["complaint.escalation"].search(action["domain"]),
            complaint.escalation_ids,
        )
        self.assertEqual(complaint.escalation_count, 2)

    def test_new_handler_is_told_as_they_chose(self):
        """Inbox (with the live bus update) or email, by the handler's
        preference, like any message_post; control: inbox users get no email."""
        self.expert_leader.write(
            {"notification_type": "email", "email": "expert@example.com"}
        )
        inbox_follower = self.complaint_manager
        inbox_follower.notification_type = "inbox"
        # connected (an Odoo tab open): live updates reach them
        self.env["bus.presence"].create(
            {"user_id": inbox_follower.id, "status": "online"}
        )
        # a colleague who reads every complaint (one who cannot read it stops
        # following it when it is handed over)
        offline = new_test_user(
            self.env,
            login="esc_offline_officer",
            groups="complaint_management.complaint_management_group_officer",
        )
        offline.notification_type = "inbox"
        complaint = self._complaint()
        complaint.message_subscribe(
            partner_ids=(inbox_follower | offline).partner_id.ids,
            subtype_ids=self.env.ref("complaint_management.mt_complaint_escalated").ids,
        )
        self.env["bus.bus"].sudo().search([]).unlink()
        with self.mock_mail_gateway():
            complaint._escalate(reason="Needs an expert", trigger="manual")
            self.env.flush_all()
        note = complaint.message_ids.filtered(
            lambda m: "Needs an expert" in (m.body or "")
        )
        by_partner = {
            n.res_partner_id: n.notification_type for n in note.notification_ids
        }
        self.assertEqual(by_partner[self.expert_leader.partner_id], "email")
        self.assertEqual(by_partner[inbox_follower.partner_id], "inbox")
        self.assertEqual(by_partner[offline.partner_id], "inbox")
        mails = self._new_mails.filtered(lambda m: m.mail_message_id == note)
        self.assertIn(self.expert_leader.partner_id, mails.recipient_ids)
        self.assertNotIn(inbox_follower.partner_id, mails.recipient_ids)
        # the inbox follower's counter is updated live
        self.env.cr.precommit.run()
        sent = [
            json.loads(bus.message)
            for bus in self.env["bus.bus"].sudo().search([])
            if json.loads(bus.channel)[1:]
            == ["res.partner", inbox_follower.partner_id.id]
        ]
        live = [item for item in sent if item["type"] == "mail.message/inbox"]
        # control: nobody listens for the offline follower, who reads the
        # inbox from the server when back
        self.assertFalse(
            [
                bus
                for bus in self.env["bus.bus"].sudo().search([])
                if json.loads(bus.channel)[1:] == ["res.partner", offline.partner_id.id]
                and json.loads(bus.message)["type"] == "mail.message/inbox"
            ]
        )
        self.assertEqual(len(live), 1)
        # the payload core's inbox reads: this note, as seen by the follower
        self.assertEqual(
            [data["id"] for data in live[0]["payload"]["mail.message"]], note.ids
        )
        core = Store(
            note.with_user(inbox_follower).with_context(allowed_company_ids=[]),
            for_current_user=True,
            add_followers=True,
        ).get_result()
        core = json.loads(json.dumps(core, default=json_default))
        # the email sent after the inbox (as in core) gave the note its subject
        for payload in (live[0]["payload"], core):
            payload["mail.message"][0].pop("subject")
        self.assertEqual(live[0]["payload"], core)

    def test_the_named_handler_must_be_a_colleague_who_handles_complaints(self):
        """Through JSON-RPC the wizard takes any user: Odoo's bot, an archived
        colleague or a portal user would own the complaint, and nobody would
        be reminded of it. Refused, nothing written."""
        complaint = self._complaint()
        portal = new_test_user(self.env, login="esc_portal", groups="base.group_portal")
        archived = new_test_user(
            self.env,
            login="esc_archived",
            groups="complaint_management.complaint_management_group_user",
        )
        archived.active = False
        Wizard = self.env["complaint.escalate.wizard"].with_user(self.complaint_user)
        for user in (self.env.ref("base.user_root"), portal, archived):
            with self.subTest(user=user.login):
                wizard = Wizard.create(
                    {
                        "complaint_ids": [(6, 0, complaint.ids)],
                        "target": "user",
                        "user_id": user.id,
                        "reason": "Take it",
                    }
                )
                with self.assertRaisesRegex(
                    UserError, "choose a colleague with the complaint rights"
                ):
                    wizard.action_escalate()
                self.assertEqual(complaint.user_id, self.complaint_user)
                self.assertFalse(complaint.escalation_ids)
        # control: a colleague of the team takes it over
        Wizard.create(
            {
                "complaint_ids": [(6, 0, complaint.ids)],
                "target": "user",
                "user_id": self.complaint_manager.id,
                "reason": "Take it",
            }
        ).action_escalate()
        self.assertEqual(complaint.user_id, self.complaint_manager)
