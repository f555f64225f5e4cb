from psycopg2 import IntegrityError

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import ComplaintCommon


class RemedyCommon(ComplaintCommon):
    """A complaint of the team, refund and compensation types, an accountant
    of the team."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.complaint_fast_track_amount = 200
        cls.type_refund = cls.env.ref(
            "complaint_management.complaint_remedy_type_refund"
        )
        cls.type_compensation = cls.env.ref(
            "complaint_management.complaint_remedy_type_compensation"
        )
        cls.accountant = new_test_user(
            cls.env,
            login="cm_accountant",
            groups="complaint_management.complaint_management_group_user,"
            "account.group_account_invoice",
            name="Complaint Accountant",
        )
        cls.team.member_ids = [Command.link(cls.accountant.id)]
        cls.complaint = cls.env["complaint.complaint"].create(cls._complaint_vals())

    def _remedy(self, remedy_type, amount, user=None):
        return (
            self.env["complaint.remedy"]
            .with_user(user or self.complaint_user)
            .create(
                {
                    "complaint_id": self.complaint.id,
                    "type_id": remedy_type.id,
                    "amount": amount,
                }
            )
        )

    def _posted_invoice(self, amount=300):
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_line_ids": [
                    Command.create(
                        {"name": "Kettle", "quantity": 1, "price_unit": amount}
                    )
                ],
            }
        )
        invoice.action_post()
        return invoice


@tagged("post_install", "-at_install")
class TestRemedy(RemedyCommon):
    """Compensation first: fast track under the limit, approval above it;
    a refund on an invoiced order becomes a draft credit note."""

    def test_small_remedy_is_fast_tracked(self):
        remedy = self._remedy(self.type_compensation, 150)
        self.assertEqual(remedy.state, "approved")
        self.assertTrue(remedy.is_fast_track)
        self.assertTrue(remedy.date_approved)

    def test_remedy_at_the_limit_is_fast_tracked(self):
        self.assertEqual(self._remedy(self.type_compensation, 200).state, "approved")

    def test_fast_track_limit_is_for_the_whole_complaint(self):
        """Splitting an amount in small remedies does not skip the approval."""
        first = self._remedy(self.type_compensation, 90)
        second = self._remedy(self.type_compensation, 90)
        third = self._remedy(self.type_compensation, 90)
        self.assertEqual(
            (first | second | third).mapped("state"),
            ["approved", "approved", "proposed"],
        )
        self.assertFalse(third.is_fast_track)
        # in one batch as well
        batch = (
            self.env["complaint.remedy"]
            .with_user(self.complaint_user)
            .create(
                [
                    {
                        "complaint_id": self.complaint.id,
                        "type_id": self.type_refund.id,
                        "amount": 10,
                    }
                    for _index in range(3)
                ]
            )
        )
        self.assertEqual(batch.mapped("state"), ["approved", "approved", "proposed"])
        # control: another complaint has its own limit
        other = self.env["complaint.complaint"].create(self._complaint_vals())
        remedy = (
            self.env["complaint.remedy"]
            .with_user(self.complaint_user)
            .create(
                {
                    "complaint_id": other.id,
                    "type_id": self.type_compensation.id,
                    "amount": 90,
                }
            )
        )
        self.assertEqual(remedy.state, "approved")

    def test_large_remedy_needs_a_manager(self):
        remedy = self._remedy(self.type_compensation, 500)
        self.assertEqual(remedy.state, "proposed")
        self.assertFalse(remedy.is_fast_track)
        with self.assertRaises(UserError):
            remedy.with_user(self.complaint_user).action_approve()
        self.assertEqual(remedy.state, "proposed")
        remedy.with_user(self.complaint_manager).action_approve()
        self.assertEqual(remedy.state, "approved")
        self.assertEqual(remedy.approved_by_id, self.complaint_manager)

    def test_proposal_waits_for_approval(self):
        self.complaint.write(
            {
                "state": "investigating",
                "level_id": self.level_normal.id,
                "validity": "founded",
            }
        )
        remedy = self._remedy(self.type_compensation, 500)
        with self.assertRaises(UserError):
            self.complaint.action_propose()
        remedy.with_user(self.complaint_manager).action_approve()
        self.complaint.action_propose()
        self.assertEqual(self.complaint.state, "proposed")

    def test_done_only_after_acceptance(self):
        remedy = self._remedy(self.type_compensation, 50)
        with self.assertRaises(UserError):
            remedy.action_done()
        self.assertEqual(remedy.state, "approved")

    def test_negative_amount_refused(self):
        with self.assertRaises(IntegrityError), mute_logger("odoo.sql_db"):
            self._remedy(self.type_compensation, -5)

    def test_refund_creates_draft_credit_note(self):
        invoice = self._posted_invoice()
        self.complaint.invoice_id = invoice
        remedy = self._remedy(self.type_refund, 150, user=self.accountant)
        remedy = remedy.with_user(self.accountant)
        remedy.description = "Refund to Wang Fang's card ending 4321"
        self.assertFalse(remedy.can_create_credit_note, "not before the customer's yes")
        self.complaint.write({"state": "accepted"})
        remedy.invalidate_recordset()
        self.assertTrue(remedy.can_create_credit_note)
        action = remedy.action_create_credit_note()
        credit_note = remedy.credit_note_id
        self.assertEqual(action["res_id"], credit_note.id)
        self.assertEqual(credit_note.move_type, "out_refund")
        self.assertEqual(credit_note.state, "draft")
        self.assertEqual(credit_note.reversed_entry_id, invoice)
        # the accounts' reference names the remedy's kind, not the staff's
        # words about the person, which the accounts keep for years
        self.assertIn(self.type_refund.name, credit_note.ref)
        self.assertNotIn("4321", credit_note.ref)
        self.assertEqual(credit_note.sudo().complaint_id, self.complaint)
        self.assertEqual(credit_note.sudo().complaint_remedy_id, remedy)
        self.assertEqual(self.complaint.with_user(self.accountant).credit_note_count, 1)
        # once only
        self.assertFalse(remedy.can_create_credit_note)
        with self.assertRaises(UserError):
            remedy.action_create_credit_note()

    def test_credit_note_links_are_the_remedys_to_set(self):
        """Over JSON-RPC an accountant writes account.move: a refund linked by
        hand to any complaint's remedy would, once posted, mark that
        complaint's refunds carried out and tell their amounts."""
        invoice = self._posted_invoice()
        self.complaint.invoice_id = invoice
        remedy = self._remedy(self.type_refund, 150, user=self.accountant)
        self.complaint.write({"state": "accepted"})
        own = (
            self.env["account.move"]
            .with_user(self.accountant)
            .create(
                {
                    "move_type": "out_refund",
                    "partner_id": self.customer.id,
                    "invoice_line_ids": [
                        Command.create(
                            {"name": "Kettle", "quantity": 1, "price_unit": 150}
                        )
                    ],
                }
            )
        )
        links = {"complaint_id": self.complaint.id, "complaint_remedy_id": remedy.id}
        with self.assertRaisesRegex(UserError, "Credit Note button only"):
            own.write(links)
        with self.assertRaisesRegex(UserError, "Credit Note button only"):
            self.env["account.move"].with_user(self.accountant).create(
                dict(links, move_type="out_refund", partner_id=self.customer.id)
            )
        # nor as the context's defaults
        sneaked = (
            self.env["account.move"]
            .with_user(self.accountant)
            .with_context(
                default_complaint_id=self.complaint.id,
                default_complaint_remedy_id=remedy.id,
            )
            .create({"move_type": "out_refund", "partner_id": self.customer.id})
        )
        self.assertFalse(sneaked.sudo().complaint_id)
        self.assertFalse(sneaked.sudo().complaint_remedy_id)
        self.assertFalse(own.sudo().complaint_remedy_id)
        self.assertFalse(remedy.credit_note_id)
        # control: the remedy's button links its credit note
        remedy.with_user(self.accountant).action_create_credit_note()
        self.assertEqual(remedy.credit_note_id.sudo().complaint_remedy_id, remedy)
        # and the remedy stays with its complaint while the credit note stands
        other = self.env["complaint.complaint"].create(self._complaint_vals())
        with self.assertRaisesRegex(UserError, "cancel the credit note first"):
            remedy.with_user(self.complaint_manager).complaint_id = other

    def test_credit_note_from_the_order_invoice(self):
        invoice = self._posted_invoice()
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {
                            "product_id": self.env.ref("product.product_product_4").id,
                            "product_uom_qty": 1,
                        }
                    )
                ],
            }
        )
        order.invoice_ids = invoice  # linked through its lines in real life
        self.complaint.sale_order_id = order
        self.assertFalse(self.complaint.invoice_id)
        self.assertEqual(self.complaint._get_refundable_invoice(), invoice)

    def test_no_credit_note_without_invoice_or_rights(self):
        remedy = self._remedy(self.type_refund, 100, user=self.accountant)
        self.assertFalse(remedy.with_user(self.accountant).can_create_credit_note)
        self.complaint.invoice_id = self._posted_invoice()
        # read from a cold cache: a user without invoicing rights reads no invoice
        self.env.invalidate_all()
        self.assertFalse(remedy.with_user(self.complaint_user).can_create_credit_note)
        with self.assertRaises(UserError):
            remedy.with_user(self.complaint_user).action_create_credit_note()
        other = self._remedy(self.type_compensation, 50, user=self.accountant)
        self.assertFalse(other.with_user(self.accountant).can_create_credit_note)

    def test_one_credit_note_per_invoice_and_customer(self):
        """A second refund adjusts the draft of the first; another customer's
        invoice is never reversed for this complaint."""
        invoice = self._posted_invoice()
        self.complaint.invoice_id = invoice
        first = self._remedy(self.type_refund, 100, user=self.accountant)
        second = self._remedy(self.type_refund, 50, user=self.accountant)
        self.complaint.state = "accepted"
        first.with_user(self.accountant).action_create_credit_note()
        second.invalidate_recordset()
        self.assertFalse(second.with_user(self.accountant).can_create_credit_note)
        with self.assertRaises(UserError):
            second.with_user(self.accountant).action_create_credit_note()
        with self.assertRaises(UserError):
            first.with_user(self.complaint_manager).action_cancel()
        # the draft reverses the whole invoice: posted, it would credit more
        # than the refunds approved (100 and 50)
        draft = first.sudo().credit_note_id
        with self.assertRaises(UserError):
            draft.with_user(self.accountant).action_post()
        self.assertEqual(draft.state, "draft")
        # control: brought down to the first refund, it is posted, and the
        # second refund gets its own
        draft.invoice_line_ids.write({"price_unit": 100, "tax_ids": [Command.clear()]})
        draft.with_user(self.accountant).action_post()
        self.assertEqual(draft.state, "posted")
        second.invalidate_recordset()
        self.assertTrue(second.with_user(self.accountant).can_create_credit_note)
        # another customer's invoice is not this complaint's to reverse
        stranger = self.env["res.partner"].create({"name": "Stranger"})
        foreign = self._posted_invoice()
        foreign.button_draft()
        foreign.partner_id = stranger
        foreign.action_post()
        self.complaint.invoice_id = foreign
        self.assertFalse(self.complaint._get_refundable_invoice())
        # nor is any invoice, on a complaint without a customer
        self.complaint.write({"partner_id": False, "complainant_name": "Li Wei"})
        self.assertFalse(self.complaint._get_refundable_invoice())

    def test_what_was_proposed_is_cancelled_by_a_manager(self):
        remedy = self._remedy(self.type_compensation, 50)
        self.complaint.write({"state": "proposed"})
        with self.assertRaises(UserError):
            remedy.with_user(self.complaint_user).action_cancel()
        self.assertEqual(remedy.state, "approved")
        remedy.with_user(self.complaint_manager).action_cancel()
        self.assertEqual(remedy.state, "cancelled")
        # control: before the proposal the handler changes their mind
        self.complaint.write({"state": "investigating"})
        other = self._remedy(self.type_compensation, 20)
        other.with_user(self.complaint_user).action_cancel()
        self.assertEqual(other.state, "cancelled")

    def test_a_credit_note_covers_the_refunds_it_credits(self):
        """Posted for both refunds, the draft carries the second too: that one
        gets no credit note of its own; a refund withdrawn leaves its draft
        unpostable."""
        self.complaint.invoice_id = self._posted_invoice()
        first = self._remedy(self.type_refund, 100, user=self.accountant)
        second = self._remedy(self.type_refund, 50, user=self.accountant)
        third = self._remedy(self.type_refund, 30, user=self.accountant)
        self.complaint.state = "accepted"
        first.with_user(self.accountant).action_create_credit_note()
        draft = first.sudo().credit_note_id
        draft.invoice_line_ids.write({"price_unit": 150, "tax_ids": [Command.clear()]})
        draft.with_user(self.accountant).action_post()
        self.assertEqual(second.sudo().credit_note_id, draft)
        second.invalidate_recordset()
        self.assertFalse(second.with_user(self.accountant).can_create_credit_note)
        # control: the third, not covered, gets its own; a draft whose refund
        # was cancelled is not posted
        third.invalidate_recordset()
        self.assertFalse(third.sudo().credit_note_id)
        third.with_user(self.accountant).action_create_credit_note()
        other = third.sudo().credit_note_id
        other.invoice_line_ids.write({"price_unit": 30, "tax_ids": [Command.clear()]})
        other.button_cancel()
        third.with_user(self.complaint_manager).action_cancel()
        other.button_draft()
        with self.assertRaises(UserError):
            other.with_user(self.accountant).action_post()

    def test_a_credit_note_reset_to_draft_is_posted_again(self):
        self.complaint.invoice_id = self._posted_invoice()
        first = self._remedy(self.type_refund, 100, user=self.accountant)
        second = self._remedy(self.type_refund, 50, user=self.accountant)
        self.complaint.state = "accepted"
        first.with_user(self.accountant).action_create_credit_note()
        draft = first.sudo().credit_note_id
        draft.invoice_line_ids.write({"price_unit": 150, "tax_ids": [Command.clear()]})
        draft.with_user(self.accountant).action_post()
        # reset to draft, it still covers both refunds
        draft.button_draft()
        draft.with_user(self.accountant).action_post()
        self.assertEqual(draft.state, "posted")
        # cancelled, the refund it covered beside its own is free again
        draft.button_draft()
        draft.button_cancel()
        self.assertFalse(second.sudo().credit_note_id)
        self.assertEqual(first.sudo().credit_note_id, draft)
