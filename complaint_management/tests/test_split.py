from freezegun import freeze_time
from markupsafe import Markup

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import Form, tagged

from .sla_common import at
from .test_merge import NOW, MergeSplitCommon


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
        staff_note = original.message_post(
            body="SECRET supplier margin",
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )
        file = about_toaster.attachment_ids
        original_lines = original.sla_line_ids
        original_deadlines = self._open_deadlines(original)
        original_name = original.name

        form = self._split_form(original)
        form.subject = "Toaster burns bread"
        form.message_ids.add(about_toaster)
        form.message_ids.add(staff_note)
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
        # the description is read in the portal: the note moved as a note
        self.assertNotIn("SECRET", new.description)
        self.assertEqual(staff_note.res_id, new.id)
        # links and notes
        self.assertEqual(new.split_from_id, original)
        self.assertEqual(original.split_ids, new)
        self.assertIn(new.name, original.message_ids[0].body)
        self.assertIn(original_name, new.message_ids[0].body)
        self.assertIn(self.customer, new.message_partner_ids)
        self.assertNotIn(original, new.repeat_of_ids, "not a repeat of its origin")

    def test_split_leaves_an_emails_remote_images_out(self):
        """The split's description is made of the emails it moves: their
        remote images would load in every browser showing it, and be fetched
        by the server printing its form, as the intake leaves them out."""
        original = self._create(at(0, 9))
        email = self._customer_message(
            original,
            Markup(
                '<p>The toaster burns bread <img src="http://tracker.example/p.gif">'
                '<img src="cid:toast-1" alt="toast"></p>'
            ),
        )
        form = self._split_form(original)
        form.subject = "Toaster burns bread"
        form.message_ids.add(email)
        new = self.env["complaint.complaint"].browse(
            form.save().action_split()["res_id"]
        )
        self.assertIn("burns bread", new.description)
        self.assertNotIn("tracker.example", new.description)
        # control: the email's own image stays
        self.assertIn('alt="toast"', new.description)

    def test_split_keeps_an_unconfirmed_sender_out_of_the_portal(self):
        original = self._create(fields.Datetime.now())
        original._workflow_write({"sender_unverified": True})
        message = self._customer_message(original, "second problem")
        new = original._split("Second problem", message, self.env["product.product"])
        self.assertTrue(new.sender_unverified)

    def test_split_keeps_the_legal_hold_on_what_it_moves(self):
        original = self._create(fields.Datetime.now())
        original.keep_permanently = True
        message = self._customer_message(original, "second problem")
        new = original.with_user(self.complaint_officer)._split(
            "Second problem", message, self.env["product.product"]
        )
        self.assertTrue(new.keep_permanently, "the moved messages stay held")
        # control: a complaint without a hold gives none
        other = self._create(fields.Datetime.now())
        message = self._customer_message(other, "third problem")
        new = other._split("Third problem", message, self.env["product.product"])
        self.assertFalse(new.keep_permanently)

    def test_split_keeps_the_high_risk_gate(self):
        """A part split off a high-risk complaint stays high-risk (lifting the
        flag is a manager's): the officer cannot skip the reply script and
        the handling plan by splitting, and the managers are told."""
        original = self._create(fields.Datetime.now())
        original.write({"is_high_risk": True, "high_risk_reason": "Fire hazard"})
        message = self._customer_message(original, "the charger smokes too")
        new = original.with_user(self.complaint_officer)._split(
            "Charger", message, self.env["product.product"]
        )
        self.assertTrue(new.is_high_risk)
        self.assertEqual(new.high_risk_reason, "Fire hazard")
        self.assertIn(
            "High-risk complaint reported", new.message_ids.mapped("body")[-2]
        )
        # control: a part of an ordinary complaint is ordinary
        other = self._create(fields.Datetime.now())
        message = self._customer_message(other, "another problem")
        new = other._split("Other", message, self.env["product.product"])
        self.assertFalse(new.is_high_risk)

    def test_split_an_anonymous_complaint(self):
        """A complaint filed with no contact at all splits as any other: the
        part split off is anonymous too, with the same representative."""
        original = self._create(
            fields.Datetime.now(),
            partner_id=False,
            is_anonymous=True,
            representative_name="Consumer association",
        )
        message = self._customer_message(original, "second problem")
        new = original.with_user(self.complaint_officer)._split(
            "Second problem", message, self.env["product.product"]
        )
        self.assertTrue(new.is_anonymous)
        self.assertEqual(new.representative_name, "Consumer association")
        self.assertFalse(new.partner_id)

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
