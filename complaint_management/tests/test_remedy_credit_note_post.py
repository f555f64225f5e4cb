from odoo import Command, fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_remedy import RemedyCommon


@tagged("post_install", "-at_install")
class TestRemedyCreditNotePost(RemedyCommon):
    """Posting a complaint's credit note checks again what made it: the
    refunds it carries, what the invoice has left, the complainant's invoice
    and their acceptance."""

    def _draft(self, remedy, amount):
        remedy.with_user(self.accountant).action_create_credit_note()
        draft = remedy.sudo().credit_note_id
        draft.invoice_line_ids.write(
            {"price_unit": amount, "tax_ids": [Command.clear()]}
        )
        return draft

    def _refunds_of_two_complaints(self, amount):
        """A refund of ``amount`` on the complaint and on another complaint of
        hers about the same invoice of ``amount``, both accepted."""
        invoice = self._posted_invoice(amount)
        self.complaint.invoice_id = invoice
        first = self._remedy(self.type_refund, amount, user=self.accountant)
        other = self.env["complaint.complaint"].create(
            self._complaint_vals(invoice_id=invoice.id)
        )
        second = (
            self.env["complaint.remedy"]
            .with_user(self.accountant)
            .create(
                {
                    "complaint_id": other.id,
                    "type_id": self.type_refund.id,
                    "amount": amount,
                }
            )
        )
        (self.complaint | other).write({"state": "accepted"})
        return first, second

    def test_a_credit_note_brought_down_releases_the_refunds_it_no_longer_covers(
        self,
    ):
        self.complaint.invoice_id = self._posted_invoice()
        first = self._remedy(self.type_refund, 50, user=self.accountant)
        second = self._remedy(self.type_refund, 50, user=self.accountant)
        self.complaint.state = "accepted"
        draft = self._draft(first, 100)
        draft.with_user(self.accountant).action_post()
        self.assertEqual(second.sudo().credit_note_id, draft)
        # reset, brought down to the first refund and posted again
        draft.button_draft()
        draft.invoice_line_ids.write({"price_unit": 50})
        draft.with_user(self.accountant).action_post()
        self.assertFalse(second.sudo().credit_note_id, "the second is free again")
        second.invalidate_recordset()
        self.assertTrue(second.with_user(self.accountant).can_create_credit_note)

    def test_a_credit_note_carries_whole_refunds(self):
        """Crediting part of a second refund would mark it credited in full
        and its rest would never be credited: refused, nothing changed."""
        self.complaint.invoice_id = self._posted_invoice()
        first = self._remedy(self.type_refund, 100, user=self.accountant)
        second = self._remedy(self.type_refund, 50, user=self.accountant)
        self.complaint.state = "accepted"
        draft = self._draft(first, 120)
        with self.assertRaisesRegex(UserError, "20.00 of the .*50.00 refund"):
            draft.with_user(self.accountant).action_post()
        self.assertEqual(draft.state, "draft")
        self.assertFalse(second.sudo().credit_note_id)
        # control: both refunds whole
        draft.invoice_line_ids.write({"price_unit": 150})
        draft.with_user(self.accountant).action_post()
        self.assertEqual(draft.state, "posted")
        self.assertEqual(second.sudo().credit_note_id, draft)

    def test_credit_notes_never_exceed_what_the_invoice_has_left(self):
        first, second = self._refunds_of_two_complaints(80)
        self._draft(first, 80).with_user(self.accountant).action_post()
        draft = self._draft(second, 80)
        with self.assertRaises(UserError):
            draft.with_user(self.accountant).action_post()
        self.assertEqual(draft.state, "draft")
        # nor brought down to what is left (nothing here): its refund would
        # count as credited in full
        draft.invoice_line_ids.write({"price_unit": 0})
        with self.assertRaisesRegex(UserError, "carries its refund whole"):
            draft.with_user(self.accountant).action_post()
        self.assertEqual(draft.state, "draft")
        # control: the first credit note cancelled, the second refund is
        # credited whole
        note = first.sudo().credit_note_id
        note.button_draft()
        note.button_cancel()
        draft.invoice_line_ids.write({"price_unit": 80})
        draft.with_user(self.accountant).action_post()
        self.assertEqual(draft.state, "posted")

    def test_a_credit_note_carries_its_own_refund_whole(self):
        """Posted, a credit note marks its refund credited (carried out, its
        terms frozen, no second credit note): for less than the refund, the
        figures said given what never was."""
        self.complaint.invoice_id = self._posted_invoice()
        remedy = self._remedy(self.type_refund, 100, user=self.accountant)
        self.complaint.state = "accepted"
        draft = self._draft(remedy, 60)
        with self.assertRaisesRegex(UserError, "less than the .*100.00 refund"):
            draft.with_user(self.accountant).action_post()
        self.assertEqual(draft.state, "draft")
        self.assertFalse(self.complaint.remedy_amount_done)
        # control: the whole refund posts, and is what was given
        draft.invoice_line_ids.write({"price_unit": 100})
        draft.with_user(self.accountant).action_post()
        self.assertEqual(draft.state, "posted")
        self.assertEqual(self.complaint.remedy_amount_done, 100)
        self.assertEqual(remedy.state, "approved")

    def test_a_credit_note_is_posted_only_while_the_refund_stands(self):
        self.complaint.invoice_id = self._posted_invoice()
        remedy = self._remedy(self.type_refund, 50, user=self.accountant)
        self.complaint.state = "accepted"
        draft = self._draft(remedy, 50)
        # reopened since: the customer's acceptance is no longer in force
        self.complaint.state = "investigating"
        with self.assertRaises(UserError):
            draft.with_user(self.accountant).action_post()
        # another complainant since: the invoice is not theirs
        self.complaint.state = "accepted"
        stranger = self.env["res.partner"].create({"name": "Stranger"})
        self.complaint.partner_id = stranger
        with self.assertRaises(UserError):
            draft.with_user(self.accountant).action_post()
        # control: as it was, it is posted
        self.complaint.partner_id = self.customer
        draft.with_user(self.accountant).action_post()
        self.assertEqual(draft.state, "posted")

    def test_an_order_invoiced_to_the_head_office_gets_its_credit_note(self):
        head_office = self.env["res.partner"].create(
            {"name": "Wang Group Head Office", "is_company": True}
        )
        invoice = self._posted_invoice()
        invoice.button_draft()
        invoice.partner_id = head_office
        invoice.action_post()
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "partner_invoice_id": head_office.id,
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
        self.assertEqual(self.complaint._get_refundable_invoice(), invoice)
        # control: the head office's invoice without her order is not hers
        self.complaint.sale_order_id = False
        self.complaint.invoice_id = invoice
        self.assertFalse(self.complaint._get_refundable_invoice())

    def test_a_refund_with_a_credit_note_is_not_deleted(self):
        """Another complainant sends the accepted refund back to approval:
        deleted then, its credit note would lose the refund it carries out
        and be posted unchecked."""
        self.complaint.invoice_id = self._posted_invoice()
        refund = self._remedy(self.type_refund, 250, user=self.accountant)
        refund.with_user(self.complaint_manager).action_approve()
        self.complaint.state = "accepted"
        draft = self._draft(refund, 250)
        other = self.env["res.partner"].create({"name": "Li Na"})
        self.complaint.with_user(self.complaint_user).partner_id = other
        self.assertEqual(refund.state, "proposed")
        with self.assertRaisesRegex(UserError, "cancel the credit note first"):
            refund.with_user(self.complaint_user).unlink()
        # nor refused: the draft would still credit what it no longer carries
        with self.assertRaisesRegex(UserError, "cancel the credit note first"):
            refund.with_user(self.complaint_manager).action_refuse("x")
        self.assertEqual(refund.state, "proposed")
        self.assertEqual(draft.complaint_remedy_id, refund)
        # control: its credit note cancelled, the refund awaiting approval goes
        draft.button_cancel()
        refund.with_user(self.complaint_user).unlink()
        self.assertFalse(refund.exists())

    def test_credit_notes_posted_together_never_exceed_the_invoice(self):
        """Two complaints' drafts on one invoice, posted in one call: each
        counts the other, which is no longer a draft once the call is done."""
        first, second = self._refunds_of_two_complaints(80)
        drafts = self._draft(first, 80) | self._draft(second, 80)
        with self.assertRaisesRegex(UserError, "left to credit"):
            drafts.with_user(self.accountant).action_post()
        self.assertEqual(set(drafts.mapped("state")), {"draft"})
        # control: one of them alone has the invoice's 80 to credit
        drafts[0].with_user(self.accountant).action_post()
        self.assertEqual(drafts[0].state, "posted")

    def test_what_the_invoice_has_left_is_counted_in_its_currency(self):
        """A foreign-currency invoice credited at another rate: what it has
        left is what it has left in its own currency."""
        company = self.env.company
        foreign = self.env["res.currency"].search(
            [("id", "!=", company.currency_id.id), ("active", "in", [True, False])],
            limit=1,
        )
        foreign.active = True
        # the invoice's day: 2 of the foreign currency for 1 of the company's;
        # today: 1 for 1
        self.env["res.currency.rate"].create(
            [
                {"currency_id": foreign.id, "name": "2026-01-01", "rate": 2.0},
                {
                    "currency_id": foreign.id,
                    # today wherever "today" is read (UTC, the user's zone):
                    # near midnight they are two days
                    "name": min(
                        fields.Date.today(), fields.Date.context_today(self.env.user)
                    ),
                    "rate": 1.0,
                },
            ]
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "currency_id": foreign.id,
                "invoice_date": "2026-01-02",
                "date": "2026-01-02",
                "invoice_line_ids": [
                    Command.create({"name": "Kettle", "quantity": 1, "price_unit": 100})
                ],
            }
        )
        invoice.action_post()
        # half of it credited outside the complaints, at today's rate
        outside = invoice._reverse_moves()
        outside.invoice_line_ids.write({"price_unit": 50, "tax_ids": [Command.clear()]})
        outside.action_post()
        self.complaint.invoice_id = invoice
        refund = self._remedy(self.type_refund, 57, user=self.accountant)
        if refund.state == "proposed":
            refund.with_user(self.complaint_manager).action_approve()
        self.complaint.state = "accepted"
        draft = self._draft(refund, 57)
        # 57 of the company's currency, 7 more than the 50 the invoice has left
        with self.assertRaisesRegex(UserError, "left to credit"):
            draft.with_user(self.accountant).action_post()
        # control: the credit note outside cancelled, the invoice has it left
        outside.button_draft()
        outside.button_cancel()
        draft.with_user(self.accountant).action_post()
        self.assertEqual(draft.state, "posted")

    def test_a_refund_credited_is_carried_out(self):
        """Its credit note posted, the customer has the money: a change of
        complainant does not send it back to approval, nobody changes its
        terms or refuses it."""
        self.complaint.invoice_id = self._posted_invoice()
        refund = self._remedy(self.type_refund, 250, user=self.accountant)
        refund.with_user(self.complaint_manager).action_approve()
        self.complaint.state = "accepted"
        self._draft(refund, 250).with_user(self.accountant).action_post()
        other = self.env["res.partner"].create({"name": "Li Na"})
        self.complaint.with_user(self.complaint_user).partner_id = other
        self.assertEqual(refund.state, "approved")
        self.assertFalse(refund.is_fast_track)
        with self.assertRaisesRegex(UserError, "already carried out"):
            refund.with_user(self.complaint_user).write({"amount": 150})
        with self.assertRaises(UserError):
            refund.with_user(self.complaint_manager).action_refuse("x")
        self.assertEqual((refund.amount, refund.state), (250, "approved"))
        # control: with its credit note still a draft, the same change sends
        # it back to approval (test_a_refund_with_a_credit_note_is_not_deleted)

    def test_a_credit_note_covers_no_refund_the_customer_has_not_accepted(self):
        """A refund carried out before a reopening keeps its credit note; a
        new refund, not yet proposed to the customer, is not carried by it."""
        self.complaint.invoice_id = self._posted_invoice()
        first = self._remedy(self.type_refund, 100, user=self.accountant)
        self.complaint.state = "accepted"
        first.sudo().action_done()
        self.complaint.state = "investigating"  # reopened since
        second = self._remedy(self.type_refund, 50, user=self.accountant)
        self.assertEqual(second.state, "approved")
        draft = self._draft(first, 150)
        with self.assertRaises(UserError):
            draft.with_user(self.accountant).action_post()
        self.assertFalse(second.sudo().credit_note_id)
        # control: the refund carried out alone
        draft.invoice_line_ids.write({"price_unit": 100})
        draft.with_user(self.accountant).action_post()
        self.assertEqual(draft.state, "posted")
        self.assertFalse(second.sudo().credit_note_id)

    def test_a_complaint_is_not_cancelled_under_a_credited_refund(self):
        """Cancelling withdraws the remedies still to carry out; a refund
        whose credit note is posted is no longer one of them."""
        self.complaint.invoice_id = self._posted_invoice()
        refund = self._remedy(self.type_refund, 80, user=self.accountant)
        self.complaint.state = "accepted"
        draft = self._draft(refund, 80)
        draft.with_user(self.accountant).action_post()
        self.complaint.state = "new"  # as a merge into an earlier one leaves it
        with self.assertRaisesRegex(UserError, "cancel the credit note first"):
            self.complaint.with_user(self.complaint_manager).action_cancel()
        self.assertEqual((self.complaint.state, refund.state), ("new", "approved"))
        # control: its credit note cancelled, the complaint is cancelled
        draft.button_draft()
        draft.button_cancel()
        self.complaint.with_user(self.complaint_manager).action_cancel()
        self.assertEqual(
            (self.complaint.state, refund.state), ("cancelled", "cancelled")
        )
