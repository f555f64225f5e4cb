from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged
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

    # ------------------------------------------------------------------
    # Refusals, each with its control
    # ------------------------------------------------------------------
    def test_refused_without_the_officer_right(self):
        kept = self._create(fields.Datetime.now())
        dup = self._create(fields.Datetime.now())
        # a team member may change both, but is no complaint officer
        self.assertTrue((kept | dup).with_user(self.complaint_user).has_access("write"))
        with self.assertRaisesRegex(UserError, "Only complaint officers"):
            kept.with_user(self.complaint_user)._merge(dup)
        with self.assertRaises(AccessError):
            self._merge_form(kept | dup, self.complaint_user).save()
        self.assertFalse(dup.merged_into_id)
        self.assertEqual(dup.repeat_of_ids, kept, "detected as a duplicate")
        self.assertFalse(dup.with_user(self.complaint_user).can_merge)
        # control: an officer merges them
        self.assertTrue(dup.with_user(self.complaint_officer).can_merge)
        action = dup.with_user(self.complaint_officer).action_open_merge_wizard()
        self.assertEqual(set(action["context"]["active_ids"]), {kept.id, dup.id})
        kept.with_user(self.complaint_officer)._merge(dup)
        self.assertEqual(dup.merged_into_id, kept)

    def test_refused_without_write_access(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        outsider = new_test_user(
            self.env,
            login="cm_officer_other_co",
            groups="complaint_management.complaint_management_group_officer",
            company_id=other_company.id,
            company_ids=[(6, 0, other_company.ids)],
        )
        kept = self._create(fields.Datetime.now())
        dup = self._create(fields.Datetime.now())
        with self.assertRaisesRegex(UserError, "Only complaint officers"):
            kept.with_user(outsider)._merge(dup)
        # control: given the company, the same officer merges them
        outsider.company_ids |= self.company
        kept.with_user(outsider).with_company(self.company)._merge(dup)
        self.assertEqual(dup.merged_into_id, kept)

    def test_refused_for_another_complainant(self):
        kept = self._create(fields.Datetime.now())
        stranger = self._create(
            fields.Datetime.now(), partner_id=self.other_customer.id
        )
        with self.assertRaisesRegex(UserError, "not from the same complainant"):
            kept._merge(stranger)
        # without contact: the email address tells
        anon = self._create(
            fields.Datetime.now(),
            partner_id=False,
            complainant_name="Anon",
            complainant_email="anon@example.com",
        )
        anon_other = self._create(
            fields.Datetime.now(),
            partner_id=False,
            complainant_name="Anon",
            complainant_email="someone@example.com",
        )
        with self.assertRaisesRegex(UserError, "not from the same complainant"):
            anon._merge(anon_other)
        with self.assertRaisesRegex(UserError, "not from the same complainant"):
            kept._merge(anon)
        # control: the same address (case aside), and the same customer
        anon_same = self._create(
            fields.Datetime.now(),
            partner_id=False,
            complainant_name="Anon",
            complainant_email="ANON@example.com",
        )
        anon._merge(anon_same)
        self.assertEqual(anon_same.merged_into_id, anon)
        same = self._create(fields.Datetime.now())
        kept._merge(same)
        self.assertEqual(same.merged_into_id, kept)

    def test_refused_across_companies(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        kept = self._create(fields.Datetime.now())
        foreign = self._create(
            fields.Datetime.now(), company_id=other_company.id, team_id=False
        )
        with self.assertRaisesRegex(UserError, "same company"):
            kept._merge(foreign)
        # control
        local = self._create(fields.Datetime.now())
        kept._merge(local)
        self.assertEqual(local.merged_into_id, kept)

    def test_refused_into_itself_or_alone(self):
        kept = self._create(fields.Datetime.now())
        with self.assertRaisesRegex(UserError, "into itself"):
            kept._merge(kept)
        with self.assertRaisesRegex(UserError, "at least two"):
            self._merge_form(kept).save().action_merge()
        # control
        dup = self._create(fields.Datetime.now())
        self._merge_form(kept | dup).save().action_merge()
        self.assertEqual(dup.merged_into_id, kept)

    def test_refused_for_closed_cancelled_or_merged(self):
        kept = self._create(fields.Datetime.now())
        closed = self._create(fields.Datetime.now())
        closed.write({"state": "closed", "date_closed": fields.Datetime.now()})
        cancelled = self._create(fields.Datetime.now())
        cancelled.action_cancel()
        merged = self._create(fields.Datetime.now())
        carrier = self._create(fields.Datetime.now())
        carrier._merge(merged)
        for complaint, error in (
            (closed, "only open complaints"),
            (cancelled, "only open complaints"),
            (merged, "already merged"),
        ):
            with self.assertRaisesRegex(UserError, error):
                kept._merge(complaint)
            with self.assertRaisesRegex(UserError, error):
                complaint._merge(kept)
        # control: once reopened, the closed one merges
        closed.action_reopen()
        kept._merge(closed)
        self.assertEqual(closed.merged_into_id, kept)

    def test_refused_for_an_unconfirmed_sender(self):
        kept = self._create(fields.Datetime.now())
        emailed = self._create(fields.Datetime.now())
        emailed._workflow_write({"sender_unverified": True})
        with self.assertRaisesRegex(UserError, "not confirmed"):
            kept._merge(emailed)
        # control: confirmed, it merges
        emailed.action_confirm_sender()
        kept._merge(emailed)
        self.assertEqual(emailed.merged_into_id, kept)

    def test_link_fields_only_through_the_merge(self):
        kept = self._create(fields.Datetime.now())
        dup = self._create(fields.Datetime.now())
        officer_dup = dup.with_user(self.complaint_officer)
        with self.assertRaisesRegex(UserError, "workflow"):
            officer_dup.write({"merged_into_id": kept.id})
        with self.assertRaisesRegex(UserError, "workflow"):
            officer_dup.write({"split_from_id": kept.id})
        # control: the merge writes it
        kept.with_user(self.complaint_officer)._merge(dup)
        self.assertEqual(dup.merged_into_id, kept)


@tagged("post_install", "-at_install")
class TestSplit(MergeSplitCommon):
    def _split_form(self, complaint, user=None):
        wizard = self.env["complaint.split.wizard"].with_user(
            user or self.complaint_officer
        )
        return Form(wizard.with_context(default_complaint_id=complaint.id))

    @freeze_time(NOW)
    def test_split_moves_messages_and_products_to_a_new_complaint(self):
        original = self._create(
            at(0, 9), product_ids=[(6, 0, (self.kettle | self.toaster).ids)]
        )
        about_toaster = self._customer_message(original, "toaster", with_file=True)
        about_kettle = self._customer_message(original, "kettle")
        file = about_toaster.attachment_ids
        original_lines = original.sla_line_ids
        original_deadlines = self._open_deadlines(original)
        original_name = original.name

        form = self._split_form(original)
        form.subject = "Toaster burns bread"
        form.message_ids.add(about_toaster)
        form.product_ids.add(self.toaster)
        action = form.save().action_split()
        new = self.env["complaint.complaint"].browse(action["res_id"])

        self.assertNotEqual(new.name, original_name)
        self.assertRegex(new.name, r"^CMP/\d{4}/\d{5}$")
        self.assertEqual(original.name, original_name)
        self.assertEqual(new.subject, "Toaster burns bread")
        self.assertEqual(
            (new.partner_id, new.company_id, new.channel_id, new.category_id),
            (
                original.partner_id,
                original.company_id,
                original.channel_id,
                original.category_id,
            ),
        )
        # own time limits, planned by the engine from the split
        self.assertTrue(new.sla_line_ids)
        self.assertFalse(new.sla_line_ids & original_lines)
        self.assertEqual(
            self._line(new, "resolution").date_start, fields.Datetime.now()
        )
        self.assertEqual(original.sla_line_ids, original_lines)
        self.assertEqual(self._open_deadlines(original), original_deadlines)
        # the message, its file and the product moved; the rest stayed
        self.assertEqual(about_toaster.res_id, new.id)
        self.assertEqual(file.res_id, new.id)
        self.assertEqual(about_kettle.res_id, original.id)
        self.assertEqual(new.product_ids, self.toaster)
        self.assertEqual(original.product_ids, self.kettle)
        self.assertIn("toaster", new.description)
        # links and notes
        self.assertEqual(new.split_from_id, original)
        self.assertEqual(original.split_ids, new)
        self.assertIn(new.name, original.message_ids[0].body)
        self.assertIn(original_name, new.message_ids[0].body)
        self.assertIn(self.customer, new.message_partner_ids)
        self.assertNotIn(original, new.repeat_of_ids, "not a repeat of its origin")

    def test_split_keeps_an_unconfirmed_sender_out_of_the_portal(self):
        original = self._create(fields.Datetime.now())
        original._workflow_write({"sender_unverified": True})
        message = self._customer_message(original, "second problem")
        new = original._split("Second problem", message, self.env["product.product"])
        self.assertTrue(new.sender_unverified)

    def test_split_refusals(self):
        original = self._create(
            fields.Datetime.now(), product_ids=[(6, 0, self.kettle.ids)]
        )
        message = self._customer_message(original, "other problem")
        no_product = self.env["product.product"]
        empty = self._split_form(original)
        empty.subject = "Other"
        with self.assertRaisesRegex(UserError, "Select the messages or products"):
            empty.save().action_split()
        # a notification (tracking, system note) is not the customer's
        note = original._message_log(body="tracking-like note")
        with self.assertRaisesRegex(UserError, "Only emails and comments"):
            original._split("Other", note, no_product)
        other = self._create(fields.Datetime.now())
        with self.assertRaisesRegex(UserError, "Only emails and comments"):
            original._split("Other", self._customer_message(other, "x"), no_product)
        with self.assertRaisesRegex(UserError, "Only products"):
            original._split("Other", message.browse(), self.toaster)
        with self.assertRaisesRegex(UserError, "Only complaint officers"):
            original.with_user(self.complaint_user)._split("Other", message, no_product)
        self.assertFalse(original.with_user(self.complaint_user).can_split)
        cancelled = self._create(fields.Datetime.now())
        moved = self._customer_message(cancelled, "moved")
        cancelled.action_cancel()
        with self.assertRaisesRegex(UserError, "only open complaints"):
            cancelled._split("Other", moved, no_product)
        self.assertEqual(original.split_ids | cancelled.split_ids, original.browse())
        # control: an officer splits the open complaint's comment and product
        new = original.with_user(self.complaint_officer)._split(
            "Other", message, self.kettle
        )
        self.assertEqual(message.res_id, new.id)
        self.assertEqual(new.product_ids, self.kettle)
