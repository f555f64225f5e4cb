from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount

# set by the remedy's Credit Note button only (complaint.remedy.credit.note.mixin)
COMPLAINT_LINKS = ("complaint_id", "complaint_remedy_id")


class AccountMove(models.Model):
    _inherit = "account.move"

    complaint_id = fields.Many2one(
        "complaint.complaint",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="complaint_management.complaint_management_group_user",
        help="Complaint whose refund this credit note carries out.",
    )
    complaint_remedy_id = fields.Many2one(
        "complaint.remedy",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="complaint_management.complaint_management_group_user",
    )

    @api.model_create_multi
    def create(self, vals_list):
        moves = self
        if not self.env.su:
            if any(vals.get(field) for vals in vals_list for field in COMPLAINT_LINKS):
                self._refuse_complaint_links()
            # nor as defaults of the context (JSON-RPC sends any; the complaint
            # form's remedies give default_complaint_id to what they create)
            moves = self.with_context(
                **{f"default_{field}": False for field in COMPLAINT_LINKS}
            )
        return super(AccountMove, moves).create(vals_list)

    def write(self, vals):
        if not self.env.su and set(COMPLAINT_LINKS) & vals.keys():
            self._refuse_complaint_links()
        return super().write(vals)

    def _refuse_complaint_links(self):
        """A credit note carries out a complaint's refund when the remedy
        made it: linked by hand (JSON-RPC), its posting would mark any
        complaint's refunds carried out and tell their amounts."""
        raise UserError(
            self.env._(
                "A credit note is linked to a complaint's refund by the remedy's "
                "Credit Note button only."
            )
        )

    def button_cancel(self):
        res = super().button_cancel()
        # the refunds a cancelled credit note covered beside its own are free
        # to get a credit note again (its own keeps it: cancelled first, then
        # the refund, as the remedy asks)
        # sudo: the complaint fields are staff-only, accountants cancel
        for move in self.sudo().filtered("complaint_remedy_id"):
            move.complaint_id.remedy_ids.filtered(
                lambda r, move=move: r.credit_note_id == move
                and r != move.complaint_remedy_id
            ).write({"credit_note_id": False})
        return res

    def _post(self, soft=True):
        self._check_complaint_refund()
        return super()._post(soft=soft)

    def _check_complaint_refund(self):
        """A complaint's credit note carries out what was approved: it is
        posted while its refund stands approved, for no more than that refund
        and the complaint's other approved refunds still without a credit
        note (a second refund adjusts the draft), in the company's currency;
        those it covers beyond its own are marked as carried by it (they get
        no credit note of their own afterwards). The draft reverses the whole
        invoice: its lines are brought down to that amount before posting."""
        # sudo: the complaint fields are staff-only, accountants post
        for move in self.sudo().filtered("complaint_remedy_id"):
            remedy = move.complaint_remedy_id
            if remedy.complaint_id != move.complaint_id:
                raise UserError(
                    self.env._(
                        "%(move)s carries out a refund of another complaint than "
                        "its own: it cannot be posted.",
                        move=move.display_name,
                    )
                )
            if remedy.state not in ("approved", "done"):
                raise UserError(
                    self.env._(
                        "%(move)s carries out a refund of complaint %(complaint)s "
                        "that is no longer approved: it cannot be posted.",
                        move=move.display_name,
                        complaint=remedy.complaint_id.name,
                    )
                )
            move._check_complaint_refund_in_force(remedy)
            others = (
                move.complaint_id.remedy_ids.filtered(
                    lambda r, move=move: r.type_code == "refund"
                    and r.state in ("approved", "done")
                    # what the customer has or accepted (the button's rule): a
                    # refund added after a reopening waits for their answer
                    and (r.state == "done" or move.complaint_id._refund_accepted())
                    # not yet carried by a credit note, or by this one (posted
                    # before, reset to draft)
                    and (not r.credit_note_id or r.credit_note_id == move)
                )
                - remedy
            ).sorted("id")
            currency = move.company_currency_id
            total = abs(move.amount_total_signed)
            allowed = remedy.amount + sum(others.mapped("amount"))
            if currency.compare_amounts(total, allowed) > 0:
                raise UserError(
                    self.env._(
                        "%(move)s credits %(total)s; the approved refunds of "
                        "complaint %(complaint)s come to %(allowed)s. Bring its "
                        "lines down to that amount before posting it.",
                        move=move.display_name,
                        total=format_amount(self.env, total, currency),
                        complaint=remedy.complaint_id.name,
                        allowed=format_amount(self.env, allowed, currency),
                    )
                )
            move._check_complaint_refund_left(posting=self)
            if currency.compare_amounts(total, remedy.amount) < 0:
                # posted, the refund counts as credited in full (carried out,
                # its terms frozen, no second credit note)
                raise UserError(
                    self.env._(
                        "%(move)s credits %(total)s, less than the %(amount)s "
                        "refund it carries out: a credit note carries its refund "
                        "whole. If the invoice has less left, change the refund "
                        "to what it can credit (the complainant is asked again) "
                        "and give the rest as another remedy.",
                        move=move.display_name,
                        total=format_amount(self.env, total, currency),
                        amount=format_amount(self.env, remedy.amount, currency),
                    )
                )
            # what it carries is decided anew (reset to draft and brought
            # down, it no longer carries what it did)
            covered, carried = remedy.amount, others.browse()
            for other in others:
                if currency.compare_amounts(total, covered) <= 0:
                    break
                if currency.compare_amounts(total, covered + other.amount) < 0:
                    move._refuse_part_of_refund(total, covered, other)
                covered += other.amount
                carried |= other
            released = others.filtered(lambda r, move=move: r.credit_note_id == move)
            (released - carried).write({"credit_note_id": False})
            (carried - released).write({"credit_note_id": move.id})

    def _refuse_part_of_refund(self, total, covered, other):
        """A credit note carries whole refunds: one it covered in part would
        be marked carried out, and the rest of it never credited."""
        currency = self.company_currency_id
        raise UserError(
            self.env._(
                "%(move)s credits %(total)s: %(part)s of the %(amount)s refund "
                "%(refund)s of complaint %(complaint)s, which it would mark as "
                "credited in full. Bring it down to %(lower)s (the other refund "
                "then gets its own credit note) or up to %(upper)s.",
                move=self.display_name,
                total=format_amount(self.env, total, currency),
                part=format_amount(self.env, total - covered, currency),
                amount=format_amount(self.env, other.amount, currency),
                refund=other.display_name,
                complaint=other.complaint_id.name,
                lower=format_amount(self.env, covered, currency),
                upper=format_amount(self.env, covered + other.amount, currency),
            )
        )

    def _check_complaint_refund_in_force(self, remedy):
        """What made the credit note is still so when it is posted: the
        invoice it reverses is the complainant's, in the complaint's company,
        and the refund is carried out or accepted by the complainant (a
        complainant changed, a reopening, a move to another company since
        the draft was made)."""
        self.ensure_one()
        complaint = remedy.complaint_id
        if (
            not complaint._is_complainants_document(self.reversed_entry_id)
            or self.company_id != complaint.company_id
            or not (remedy.state == "done" or complaint._refund_accepted())
        ):
            raise UserError(
                self.env._(
                    "%(move)s no longer carries out a refund of complaint "
                    "%(complaint)s: the invoice it reverses is not its "
                    "complainant's, or the complainant no longer accepts the "
                    "refund. Cancel it.",
                    move=self.display_name,
                    complaint=complaint.name,
                )
            )

    def _check_complaint_refund_left(self, posting):
        """A complaint's credit note credits no more than its invoice has
        left: another complaint's credit note, or one made outside the
        complaints, may have credited it already, or be posted with it
        (``posting``). Counted in the invoice's currency (each document's
        rate differs), in the company's when a credit note has another."""
        self.ensure_one()
        invoice = self.reversed_entry_id
        if not invoice:
            return
        # a serialisation point: two credit notes of the invoice posted at the
        # same time each see the other as a draft; the second transaction
        # fails and is retried, then counts the first
        self.env.cr.execute(
            "UPDATE account_move SET write_date = write_date WHERE id = %s",
            [invoice.id],
        )
        # sudo: the invoice's credit notes, whoever posts this one
        credits = invoice.sudo().reversal_move_ids.filtered(
            lambda move: move != self and (move.state == "posted" or move in posting)
        )
        currency = invoice.currency_id
        if (credits | self).currency_id == currency:
            total = self.amount_total
            left = invoice.amount_total - sum(credits.mapped("amount_total"))
        else:
            currency = self.company_currency_id
            total = abs(self.amount_total_signed)
            left = abs(invoice.amount_total_signed) - sum(
                abs(move.amount_total_signed) for move in credits
            )
        if currency.compare_amounts(total, left) > 0:
            raise UserError(
                self.env._(
                    "%(move)s credits %(total)s; %(invoice)s has %(left)s left to "
                    "credit (other credit notes credited the rest).",
                    move=self.display_name,
                    total=format_amount(self.env, total, currency),
                    invoice=invoice.display_name,
                    left=format_amount(self.env, max(left, 0.0), currency),
                )
            )
