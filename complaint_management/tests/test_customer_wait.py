from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from ..models.complaint_sla_states import OPEN_SLA_STATES
from .test_mail_gateway import MailGatewayCommon


@tagged("post_install", "-at_install")
class TestCustomerWait(MailGatewayCommon):
    """A complaint put in a stage waiting on the complainant says so in its
    next step, and the complainant's answer (portal message or email) brings
    it back to work with its time limits running; nothing else does."""

    def setUp(self):
        super().setUp()
        self.waiting = self.env.ref("complaint_management.complaint_stage_waiting_info")
        self.working = self.env.ref(
            "complaint_management.complaint_stage_investigating"
        )
        self.complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(
                user_id=self.complaint_user.id, channel_id=self.channel_email.id
            )
        )
        self.complaint.write({"state": "investigating"})
        self.ours = self.complaint.with_user(self.complaint_user).message_post(
            body="Could you send us a photo of the label?",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.complaint.with_user(self.complaint_user).stage_id = self.waiting

    def _open_states(self):
        return {
            state
            for state in self.complaint.sla_line_ids.mapped("state")
            if state in OPEN_SLA_STATES
        }

    def _still_waiting(self):
        self.assertEqual(self.complaint.stage_id, self.waiting)
        self.assertEqual(self._open_states(), {"paused"})
        self.assertIn("complainant's information", self.complaint.next_step)

    def _back_to_work(self):
        self.assertEqual(self.complaint.stage_id, self.working)
        self.assertEqual(self._open_states(), {"running"})
        self.assertIn("Send Proposal", self.complaint.next_step)
        note = self.complaint.message_ids[0]
        self.assertIn("The complainant answered", note.body)
        self.assertTrue(note.subtype_id.internal, "a note for staff")

    def test_waiting_stage_names_what_it_waits_for(self):
        self._still_waiting()
        # control: back in a working stage, the next step is the work itself
        self.complaint.stage_id = self.working
        self.assertIn("Send Proposal", self.complaint.next_step)

    def test_a_stage_made_another_teams_lets_its_complaints_go(self):
        """A manager gives the waiting stage to another team: the complaints
        in it leave for their status's stage, their clocks running again,
        not paused in a stage that is no longer theirs."""
        self._still_waiting()
        other = self.complaint.copy()
        other.write({"state": "investigating"})
        other.stage_id = self.waiting
        # control: a change of name moves nothing
        self.waiting.name = "Waiting for the label"
        self._still_waiting()
        # only the other complaint's team keeps the stage
        self.complaint.team_id = self.team
        other.team_id = self.team_other
        self.waiting.team_ids = self.team_other
        self.assertEqual(self.complaint.stage_id, self.working)
        self.assertEqual(self._open_states(), {"running"})
        self.assertEqual(other.stage_id, self.waiting, "still its team's")
        # a stage made to stand for another step lets its complaints go too
        self.waiting.iso_step = "proposed"
        self.assertEqual(other.stage_id.iso_step, "investigating")
        self.assertFalse(other.is_waiting_customer)

    def test_a_stage_complaints_wait_in_is_not_deleted(self):
        """Deleted, its complaints lost their stage and their paused time
        limits stayed paused (no warning, no breach) until some later edit
        of each: it is archived instead."""
        # a stage every team shares: a manager of every company configures it
        manager = new_test_user(
            self.env,
            login="wait_manager_all",
            groups="complaint_management.complaint_management_group_manager",
            company_ids=[Command.set(self.env["res.company"].search([]).ids)],
        )
        with self.assertRaisesRegex(UserError, "archive it"):
            self.waiting.with_user(manager).unlink()
        self._still_waiting()
        # control: a stage nobody is in goes
        unused = self.env["complaint.stage"].create(
            {"name": "Unused", "iso_step": self.working.iso_step}
        )
        unused.with_user(manager).unlink()
        self.assertFalse(unused.exists())

    def test_complainant_message_ends_the_wait(self):
        self.complaint.message_post(
            body="Here is the label.",
            author_id=self.customer.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self._back_to_work()

    def test_staff_messages_and_notes_keep_it_waiting(self):
        self.complaint.with_user(self.complaint_user).message_post(
            body="We still need the label.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.complaint.message_post(
            body="note", author_id=self.customer.id, subtype_xmlid="mail.mt_note"
        )
        self._still_waiting()

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def _reply(self, msg_id, header=""):
        self._customer_reply(self.ours, f"Re: {self.complaint.name}", msg_id, header)

    def test_email_answer_ends_the_wait_an_automatic_reply_does_not(self):
        self._reply("<auto@example.com>", "Auto-Submitted: auto-replied")
        self._still_waiting()
        self._reply("<label@example.com>")
        self._back_to_work()

    def test_a_proposal_waits_for_the_decision_not_a_message(self):
        self.complaint.stage_id = self.working
        remedy = self.env["complaint.remedy"].create(
            {
                "complaint_id": self.complaint.id,
                "type_id": self.env.ref(
                    "complaint_management.complaint_remedy_type_refund"
                ).id,
                "amount": 20,
            }
        )
        remedy.sudo()._workflow_write({"state": "approved"})
        self.complaint.write({"state": "proposed"})
        proposal_stage = self.complaint.stage_id
        self.assertTrue(proposal_stage.is_waiting_customer)
        self.complaint.message_post(
            body="Let me think about it.",
            author_id=self.customer.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertEqual(self.complaint.stage_id, proposal_stage)
        self.assertIn("Customer Accepts", self.complaint.next_step)

    def test_no_reminder_falls_overdue_while_waiting(self):
        def reminders():
            return self.complaint.activity_ids.filtered(
                lambda a: a.activity_type_id
                == self.env.ref("complaint_management.mail_activity_type_sla")
            )

        self.assertFalse(reminders(), "every limit waits: nothing is due")
        # control: the complainant answers, the clock runs, the reminder is back
        self.complaint.message_post(
            body="Here is the label.",
            author_id=self.customer.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertEqual(len(reminders()), 1)

    def test_a_wait_is_on_record_and_only_in_the_teams_stages(self):
        """Waiting pauses the time limits: who put the complaint on hold is
        on its record, and a stage of other teams is refused."""
        note = self.complaint.message_ids.filtered(
            lambda m: "Waiting for the complainant" in (m.body or "")
        )
        self.assertEqual(note.author_id, self.complaint_user.partner_id)
        self.assertIn("time limits are paused", note.body)
        other_wait = self.waiting.copy(
            {"name": "Other team's wait", "team_ids": [(6, 0, self.team_other.ids)]}
        )
        self.complaint.stage_id = self.working
        with self.assertRaises(ValidationError):
            self.complaint.with_user(self.complaint_user).stage_id = other_wait
        self.assertEqual(self.complaint.stage_id, self.working)
        # control: a stage of the complaint's own team
        own_wait = other_wait.copy(
            {"name": "Our wait", "team_ids": [(6, 0, self.team.ids)]}
        )
        self.complaint.with_user(self.complaint_user).stage_id = own_wait
        self.assertEqual(self.complaint.stage_id, own_wait)

    def test_an_anonymous_complainants_answer_through_the_link_ends_the_wait(self):
        anonymous = self.env["complaint.complaint"].create(
            self._complaint_vals(
                partner_id=False,
                is_anonymous=True,
                complainant_name=False,
                user_id=self.complaint_user.id,
            )
        )
        anonymous.write({"state": "investigating"})
        anonymous.with_user(self.complaint_user).stage_id = self.waiting
        # control: someone else's portal contact writing keeps it waiting
        stranger = self.env["res.partner"].create({"name": "Stranger"})
        anonymous.sudo().message_post(
            body="Not mine",
            author_id=stranger.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertEqual(anonymous.stage_id, self.waiting)
        # the visitor holding its link writes (the portal posts as the public user)
        public = self.env.ref("base.public_user").partner_id
        anonymous.sudo().message_post(
            body="Here is the label",
            author_id=public.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        self.assertEqual(anonymous.stage_id, self.working)
