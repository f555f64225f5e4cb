from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount


class ComplaintRemedyCreditNoteMixin(models.AbstractModel):
    """A refund's credit note: a draft reversing the complainant's invoice,
    once the customer accepted, one per invoice (a second refund adjusts
    it), through Odoo's reversal wizard."""

    _name = "complaint.remedy.credit.note.mixin"
    _description = "Complaint Remedy Credit Note"

    credit_note_id = fields.Many2one(
        "account.move",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="account.group_account_invoice",
    )
    can_create_credit_note = fields.Boolean(compute="_compute_can_create_credit_note")

    @api.depends(
        "type_code",
        "state",
        "amount",
        "credit_note_id",
        "complaint_id.state",
        "complaint_id.invoice_id.state",
    )
    @api.depends_context("uid")
    def _compute_can_create_credit_note(self):
        allowed = self.env.user.has_group("account.group_account_invoice")
        for remedy in self:
            # users without invoicing rights read no invoice: asked only of
            # those who may create the credit note
            invoice = allowed and remedy.complaint_id._get_refundable_invoice()
            remedy.can_create_credit_note = bool(
                allowed
                and remedy.type_code == "refund"
                and remedy.amount > 0
                and remedy.state in ("approved", "done")
                # what the customer accepted (carried out, or accepted and in
                # force), not a proposal (nor one they rejected, nor a
                # complaint closed as unfounded)
                and (remedy.state == "done" or remedy.complaint_id._refund_accepted())
                # sudo: the credit note field is group-restricted
                and not remedy.sudo().credit_note_id
                and invoice
                # one draft per invoice: a second refund adjusts it
                and not remedy._open_credit_notes(invoice)
            )

    def _is_credited(self):
        """Whether the refund's credit note is posted: the customer has the
        money, so its terms are carried out whatever its state says (no
        change, no second approval, no refusal)."""
        self.ensure_one()
        # sudo: the credit note field is group-restricted
        return self.sudo().credit_note_id.state == "posted"

    def _is_given(self):
        """Whether the complainant has the remedy: marked carried out, or a
        refund credited by a posted credit note (carried out whatever its
        state says). One rule for what was given: the complaint's amount
        carried out and the fast track's count per customer."""
        self.ensure_one()
        return self.state == "done" or self._is_credited()

    def _open_credit_notes(self, invoice):
        """The draft credit notes of the complaint's refunds reversing
        ``invoice``: a second refund adjusts the draft; once posted, the next
        refund gets its own."""
        # sudo: the credit note field is group-restricted
        return self.complaint_id.sudo().remedy_ids.credit_note_id.filtered(
            lambda move: move.reversed_entry_id == invoice and move.state == "draft"
        )

    def action_create_credit_note(self):
        """Draft credit note reversing the invoice, through Odoo's reversal wizard."""
        self.ensure_one()
        if not self.can_create_credit_note:
            raise UserError(
                self.env._(
                    "A credit note is created for an approved refund of a complaint "
                    "about a posted customer invoice, once, by a user with "
                    "invoicing rights."
                )
            )
        complaint = self.complaint_id
        invoice = complaint._get_refundable_invoice()
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create(
                {
                    # the kind of remedy, not its description: staff's words
                    # about the person, kept by the accounts for years
                    "reason": self.env._(
                        "Complaint %(name)s: %(remedy)s",
                        name=complaint.name,
                        remedy=self.type_id.name,
                    ),
                    "journal_id": invoice.journal_id.id,
                }
            )
        )
        reversal.reverse_moves()
        credit_note = reversal.new_move_ids[:1]
        # sudo: the links are the remedy's to set, once its checks are done
        # (account.move refuses them from anyone else)
        credit_note.sudo().write(
            {"complaint_id": complaint.id, "complaint_remedy_id": self.id}
        )
        self._workflow_write({"credit_note_id": credit_note.id})
        complaint.message_post(
            body=self.env._(
                "Draft credit note created for the refund (%(amount)s); adjust its "
                "lines to the amount agreed before posting it.",
                amount=format_amount(self.env, self.amount, self.currency_id),
            ),
            subtype_xmlid="mail.mt_note",
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": "account.move",
            "res_id": credit_note.id,
            "view_mode": "form",
        }
