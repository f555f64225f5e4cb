from freezegun import freeze_time

from odoo import fields
from odoo.tests import Form, tagged
from odoo.tools import mute_logger

from .sla_common import SlaCommon, at
from .test_mail_gateway import MAIL_TEMPLATE

NOW = "2026-03-04 09:00:00"  # a Wednesday, see sla_common


class MergeSplitCommon(SlaCommon):
    """Complaints of one customer with time limits of a test policy: answer
    within 24 hours, resolve within 3 working days."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.policy = cls._policy(
            name="Merge rules",
            team_ids=[(6, 0, cls.team.ids)],
            acknowledge_time=4,
            acknowledge_unit="working_hours",
            response_time=24,
            response_unit="hours",
            resolution_time=3,
            resolution_unit="working_days",
        )
        Product = cls.env["product.product"]
        cls.kettle = Product.create({"name": "Kettle K1"})
        cls.toaster = Product.create({"name": "Toaster T2"})
        cls.colleague = cls.env["res.partner"].create(
            {"name": "Colleague", "email": "colleague@example.com"}
        )
        cls.other_customer = cls.env["res.partner"].create(
            {"name": "Li Na", "email": "li.na@example.com"}
        )
        cls.refund = cls.env.ref("complaint_management.complaint_remedy_type_refund")
        cls.comment = cls.env.ref("mail.mt_comment")

    def _customer_message(self, complaint, body, with_file=False):
        attachment = self.env["ir.attachment"]
        if with_file:
            attachment = attachment.create(
                {
                    "name": f"{body}.txt",
                    "raw": b"photo description",
                    "res_model": complaint._name,
                    "res_id": complaint.id,
                }
            )
        return complaint.message_post(
            body=body,
            author_id=self.customer.id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
            attachment_ids=attachment.ids,
        )

    def _open_deadlines(self, complaint):
        return {
            line.milestone: line.deadline
            for line in complaint.sla_line_ids
            if line.state in ("running", "at_risk", "breached", "paused")
        }

    def _merge_form(self, complaints, user=None):
        wizard = self.env["complaint.merge.wizard"].with_user(
            user or self.complaint_officer
        )
        return Form(
            wizard.with_context(
                active_model="complaint.complaint", active_ids=complaints.ids
            )
        )


@tagged("post_install", "-at_install")
class TestMerge(MergeSplitCommon):
    @freeze_time(NOW)
    def test_merge_moves_everything_into_the_oldest(self):
        kept = self._create(at(0, 9), product_ids=[(6, 0, self.kettle.ids)])
        dup = self._create(at(1, 9), product_ids=[(6, 0, self.toaster.ids)])
        message = self._customer_message(dup, "leaking", with_file=True)
        loose_file = self.env["ir.attachment"].create(
            {
                "name": "invoice.txt",
                "raw": b"invoice",
                "res_model": dup._name,
                "res_id": dup.id,
            }
        )
        remedy = self.env["complaint.remedy"].create(
            {"complaint_id": dup.id, "type_id": self.refund.id, "amount": 10.0}
        )
        remedy_state = remedy.state
        case = self.env["complaint.external.case"].create(
            {"complaint_id": dup.id, "body": "12315", "reference": "EXT-1"}
        )
        dup.message_subscribe(self.colleague.ids, subtype_ids=self.comment.ids)
        call_back = dup.activity_schedule(
            "mail.mail_activity_data_todo",
            summary="Call the customer back",
            user_id=self.complaint_user.id,
        )
        kept_name = kept.name
        kept_deadlines = self._open_deadlines(kept)
        dup_lines = dup.sla_line_ids

        form = self._merge_form(dup | kept)
        self.assertEqual(form.keep_id, kept, "the oldest received is kept")
        form.save().action_merge()

        # what moves
        self.assertEqual(message.res_id, kept.id)
        self.assertIn(message, kept.message_ids)
        self.assertEqual(message.attachment_ids.res_id, kept.id)
        self.assertEqual(loose_file.res_id, kept.id)
        self.assertEqual(call_back.res_id, kept.id)
        self.assertEqual(remedy.complaint_id, kept)
        self.assertEqual(remedy.state, remedy_state, "the approval stays as it was")
        self.assertEqual(case.complaint_id, kept)
        self.assertEqual(kept.product_ids, self.kettle | self.toaster)
        follower = kept.message_follower_ids.filtered(
            lambda f: f.partner_id == self.colleague
        )
        self.assertEqual(follower.subtype_ids, self.comment)
        self.assertEqual(dup_lines.complaint_id, kept)
        self.assertEqual(set(dup_lines.mapped("merged_from_id")), {dup})
        self.assertFalse(dup.sla_line_ids)
        # what stays: the number and, the kept complaint being older, its deadlines
        self.assertEqual(kept.name, kept_name)
        self.assertEqual(self._open_deadlines(kept), kept_deadlines)
        self.assertEqual(set(dup_lines.mapped("state")), {"stopped"})
        # the merged one: cancelled, linked, noted; the kept one noted
        self.assertEqual(dup.state, "cancelled")
        self.assertEqual(dup.merged_into_id, kept)
        self.assertEqual(kept.merged_ids, dup)
        self.assertIn("Merged into complaint", dup.message_ids[0].body)
        self.assertIn(dup.name, kept.message_ids[0].body)
        self.assertEqual(kept.state, "new")
        # one time-limit reminder, on the kept complaint
        self.assertEqual(len(self._sla_activities(kept)), 1)
        self.assertFalse(self._sla_activities(dup))

    @freeze_time(NOW)
    def test_kept_complaint_keeps_the_earlier_deadline_promised(self):
        """Keeping the newer complaint: the older one's earlier limits carry
        on, the newer one's own are stopped and stay as history."""
        older = self._create(at(0, 9))
        newer = self._create(at(1, 9))
        promised = self._open_deadlines(older)
        own_lines = newer.sla_line_ids
        self.assertTrue(
            all(promised[m] < d for m, d in self._open_deadlines(newer).items())
        )
        form = self._merge_form(older | newer)
        form.keep_id = newer
        form.save().action_merge()
        self.assertEqual(self._open_deadlines(newer), promised)
        self.assertEqual(set(own_lines.mapped("state")), {"stopped"})
        self.assertTrue(all(own_lines.mapped("date_stopped")))
        self.assertEqual(newer.sla_deadline, min(promised.values()))
        self.assertEqual(older.merged_into_id, newer)
        # the merged duplicate is no longer its earlier complaint
        self.assertFalse(newer.repeat_of_ids)
        self.assertFalse(newer.is_repeat)

    @freeze_time(NOW)
    def test_merged_line_of_a_milestone_already_reached_is_stopped(self):
        kept = self._create(at(0, 9))
        kept.action_register()
        kept.action_acknowledge()
        dup = self._create(at(0, 8))  # due earlier, but the kept one answered
        dup_ack = self._line(dup, "acknowledge")
        kept.sudo()._merge(dup)
        self.assertEqual(dup_ack.state, "stopped")
        self.assertEqual(self._line(kept, "acknowledge").complaint_id, kept)
        self.assertNotIn("acknowledge", self._open_deadlines(kept))

    def test_a_paused_limit_is_compared_as_it_would_run_now(self):
        """The older complaint waited for the customer, who filed again: its
        paused limit's date stood still before the pause, and won over the
        newer one's, to run on later than the date promised by it."""
        waiting = self.env.ref("complaint_management.complaint_stage_waiting_info")
        with freeze_time(at(0, 9)):
            older = self._create(at(0, 9))
        with freeze_time(at(0, 10)):
            older.write({"state": "investigating"})
            older.stage_id = waiting
        with freeze_time(at(7, 9)):
            newer = self._create(at(7, 9))
        promised = self._line(newer, "resolution").deadline
        with freeze_time(at(8, 10)):
            newer.sudo()._merge(older)
        self.assertEqual(self._open_deadlines(newer)["resolution"], promised)

    def test_the_handling_time_told_is_the_limit_carried_on(self):
        """An urgent duplicate's shorter limit carries on: the complainant is
        told its handling time, not the stopped one's."""
        self._policy(
            name="Urgent rules",
            team_ids=[(6, 0, self.team.ids)],
            level_ids=[(6, 0, self.level_urgent.ids)],
            resolution_time=1,
            resolution_unit="working_days",
        )
        with freeze_time(at(0, 9)):
            dup = self._create(at(0, 9), level_id=self.level_urgent.id)
        with freeze_time(at(1, 9)):
            kept = self._create(at(1, 9))
        self.assertEqual(kept._get_expected_handling_text(), "3 working days")
        with freeze_time(at(1, 10)):
            kept.sudo()._merge(dup)
        self.assertEqual(kept._get_expected_handling_text(), "1 working day")

    def test_a_limit_the_kept_complaint_never_had_carries_on(self):
        """The kept complaint's team has no time limits: the duplicate's
        carry on (stopped, the complaint would be open with none)."""
        elsewhere = self.env["complaint.team"].create(
            {"name": "No Policy Desk", "leader_id": self.leader.id}
        )
        with freeze_time(at(0, 9)):
            dup = self._create(at(0, 9))
        with freeze_time(at(1, 9)):
            kept = self._create(at(1, 9), team_id=elsewhere.id)
        self.assertFalse(kept.sla_line_ids)
        promised = self._open_deadlines(dup)
        with freeze_time(at(1, 10)):
            kept.sudo()._merge(dup)
        self.assertEqual(self._open_deadlines(kept), promised)
        self.assertTrue(kept.sla_deadline)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_merged_number_threads_email_to_the_kept_complaint(self):
        self.team.alias_name = "merge-complaints"
        kept = self._create(fields.Datetime.now())
        dup = self._create(fields.Datetime.now())
        dropped = self._create(fields.Datetime.now())
        kept._merge(dup)
        dropped.action_cancel()
        before = self.env["complaint.complaint"].search([])

        def email(number, message_id):
            with self.mock_mail_gateway():
                self.format_and_process(
                    MAIL_TEMPLATE,
                    self.customer.email,
                    f"merge-complaints@{self.alias_domain}",
                    subject=f"About {number}",
                    msg_id=message_id,
                    target_model="complaint.complaint",
                    target_field="subject",
                )

        email(dup.name, "<merged-1@example.com>")
        self.assertEqual(self.env["complaint.complaint"].search([]), before)
        self.assertIn("leaks", kept.message_ids[0].body)
        # control: the number of a complaint cancelled otherwise leads nowhere
        email(dropped.name, "<merged-2@example.com>")
        new = self.env["complaint.complaint"].search([]) - before
        self.assertEqual(len(new), 1)
        self.assertIn("leaks", new.description)
        self.assertFalse(dropped.message_ids.filtered(lambda m: "leaks" in m.body))
