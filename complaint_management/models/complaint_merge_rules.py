import re

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize

from .complaint_states import MANAGER

# the customer was sent a proposal: remedies promised, a decision given or due
DECISION_STATES = ("proposed", "accepted", "rejected")


# a complaint's order and invoice: what its refunds reverse
SALE_LINKS = ("sale_order_id", "sale_line_id", "invoice_id")


class ComplaintMergeRulesMixin(models.AbstractModel):
    """Who may merge which complaints: :meth:`_merge_check`, run by the merge
    whoever calls (complaint.merge.mixin)."""

    _name = "complaint.merge.rules.mixin"
    _description = "Complaint Merge Rules"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_merged(self):
        """A complaint merged into another is cancelled, which may be deleted;
        its number, emailed links and passcode lead to the one it was merged
        into (portal, mail threading, API): deleted, they lead nowhere."""
        # sudo: the merge's links, whoever deletes (nor is the complaint
        # they lead to deleted, which would cut them loose)
        Complaint = self.sudo().with_context(active_test=False)
        if self.sudo().filtered("merged_into_id") or Complaint.search_count(
            [("merged_into_id", "in", self.ids)], limit=1
        ):
            raise UserError(
                self.env._(
                    "A merged complaint and the complaint it was merged into "
                    "are kept: the merged one's number, emailed links and "
                    "passcode lead the complainant to the other."
                )
            )

    def _merge_complainant_key(self):
        """Who complains, as far as a merge is concerned: the customer (its
        commercial entity, whose portal users see all its complaints), else the
        email address, else the phone number; None when nothing tells."""
        self.ensure_one()
        complaint = self.sudo()  # sudo: the contact fields are group-restricted
        if complaint.partner_id:
            return ("partner", complaint.commercial_partner_id.id)
        email = email_normalize(complaint.complainant_email or "")
        if email:
            return ("email", email)
        phone = re.sub(r"\D", "", complaint.complainant_phone or "")
        return ("phone", phone) if phone else None

    def _merge_check(self, sources):
        """Refuse the merge of ``sources`` into ``self`` unless it is safe.

        - complaint officers with write access on all of them;
        - at least one other complaint, never the kept one itself;
        - all open: a closed complaint was answered and may be rated (reopen
          it first), a cancelled one is over; one already merged is cancelled
          and its number already leads to the complaint that carries it on;
        - one company;
        - one complainant (:meth:`_merge_complainant_key`): the kept complaint
          shows the others' messages and files in its portal page;
        - no sender waiting for confirmation (``sender_unverified``): a
          possibly forged email must not join, or reach, the customer's portal;
        - a manager for what cancelling leaves to managers
          (:meth:`_merge_check_decisions`);
        - no duplicate waiting for the complained-about party's answer.
        """
        self.ensure_one()
        everything = self | sources
        everything._check_officer_write(
            self.env._(
                "Only complaint officers and managers who may change all of these "
                "complaints can merge them."
            )
        )
        if not sources:
            raise UserError(self.env._("Select at least two complaints to merge."))
        if self in sources:
            raise UserError(
                self.env._(
                    "Complaint %(name)s cannot be merged into itself.", name=self.name
                )
            )
        for complaint in everything:
            if complaint.merged_into_id:
                raise UserError(
                    self.env._(
                        "Complaint %(name)s was already merged into %(kept)s.",
                        name=complaint.name,
                        kept=complaint.merged_into_id.name,
                    )
                )
            if not complaint.is_open:
                raise UserError(
                    self.env._(
                        "Complaint %(name)s is %(state)s: only open complaints can "
                        "be merged (reopen a closed one first).",
                        name=complaint.name,
                        state=complaint._state_label(),
                    )
                )
        if len(everything.company_id) > 1:
            raise UserError(
                self.env._("Only complaints of the same company can be merged.")
            )
        key = self._merge_complainant_key()
        other = sources.filtered(lambda c: c._merge_complainant_key() != key)
        if not key or other:
            raise UserError(
                self.env._(
                    "Complaints %(kept)s and %(other)s are not from the same "
                    "complainant: merged, one would read the other's messages in "
                    "the portal. If they are the same person, give both complaints "
                    "the same contact (merge the contacts) first.",
                    kept=self.name,
                    other=(other or sources)[0].name,
                )
            )
        unverified = everything.filtered("sender_unverified")
        if unverified:
            raise UserError(
                self.env._(
                    "The sender of complaint %(name)s is not confirmed yet: confirm "
                    "it (Sender Confirmed) before merging.",
                    name=unverified[0].name,
                )
            )
        if not self.env.user.has_group(MANAGER):
            self._merge_check_decisions(sources)
        if self.state == "accepted" and sources.sudo().remedy_ids.filtered(
            lambda r: r.state in ("proposed", "approved")  # sudo: whether any is open
        ):
            # what is carried out is what the customer accepted
            raise UserError(
                self.env._(
                    "The customer accepted the proposal of complaint %(name)s: it "
                    "takes no remedies from other complaints (cancel theirs first).",
                    name=self.name,
                )
            )
        self._merge_check_refund_invoices(sources)
        awaited = sources.filtered(lambda c: c._party_awaits_answer())
        if awaited:
            raise UserError(
                self.env._(
                    "Complaint %(name)s waits for the answer of %(party)s: keep "
                    "it, or merge the others into it, so that the answer lands on "
                    "a complaint still handled.",
                    name=awaited[0].name,
                    party=awaited[0].sudo().party_id.display_name,  # sudo: its name
                )
            )
        # sudo: the party's answer and recovery are officers' fields
        recorded = sources.sudo().filtered(lambda c: c._party_holds_record())
        kept = self.sudo()
        # one of them moves to the complaint kept (_merge_keep_flags), when it
        # is about the same party and holds none of its own
        if recorded and (
            len(recorded) > 1
            or recorded.party_id != kept.party_id
            or kept._party_holds_record()
            or kept.party_state != "not_forwarded"
        ):
            # a cancelled duplicate leaves the figures: its party's answer
            # and what is claimed from it would be lost
            raise UserError(
                self.env._(
                    "Complaint %(name)s holds the answer of %(party)s or a recovery "
                    "from it: keep it, or merge the others into it.",
                    name=recorded[0].name,
                    party=recorded[0].party_id.display_name,
                )
            )

    def _merge_check_decisions(self, sources):
        """What only a manager merges: a merge cancels the duplicates, so a
        high-risk one (its gate) or one whose proposal went to the customer
        (the remedies promised, the decision) stays with them, as cancelling
        does; and a complaint waiting for or holding the customer's decision
        takes no remedies from others."""
        risky = sources.filtered("is_high_risk")
        if risky:
            raise UserError(
                self.env._(
                    "Complaint %(name)s is high-risk: only a complaint manager can "
                    "merge it into another complaint (the merge cancels it).",
                    name=risky[0].name,
                )
            )
        decided = sources.filtered(lambda c: c.state in DECISION_STATES)
        if decided:
            raise UserError(
                self.env._(
                    "A proposal of complaint %(name)s went to the customer: only a "
                    "complaint manager can merge it into another complaint.",
                    name=decided[0].name,
                )
            )
        remedies = sources.sudo().remedy_ids.filtered(  # sudo: whether any is open
            lambda r: r.state in ("proposed", "approved")
        )
        if self.state in ("proposed", "accepted") and remedies:
            raise UserError(
                self.env._(
                    "The customer decides on the proposal of complaint %(name)s: "
                    "only a complaint manager can bring it the remedies of other "
                    "complaints.",
                    name=self.name,
                )
            )

    def _merge_refund_invoices(self, sources):
        """``{invoice: complaint}``: the invoices the refunds still to credit
        of the merge reverse (each complaint's own), and the kept one's."""
        invoices = {}
        # sudo: the remedies' credit notes and the invoices, compared
        for complaint in (self | sources).sudo():
            pending = complaint.remedy_ids.filtered(
                lambda r: r.type_code == "refund"
                and r.state in ("proposed", "approved", "done")
                and not r.credit_note_id
            )
            invoice = complaint._get_refundable_invoice()
            if invoice and (pending or complaint == self):
                invoices.setdefault(invoice, complaint)
        return invoices

    def _merge_check_refund_invoices(self, sources):
        """A refund still to credit reverses its complaint's invoice: moved
        onto ``self``, it would reverse ``self``'s (or none: nothing would
        credit it). The merge's refunds reverse one invoice."""
        invoices = self._merge_refund_invoices(sources)
        if len(invoices) > 1:
            (first, kept), (second, other) = list(invoices.items())[:2]
            raise UserError(
                self.env._(
                    "Complaints %(kept)s and %(other)s are about invoices "
                    "%(invoice)s and %(second)s, and a refund of one of them is "
                    "still to credit: credit it before merging, or merge the "
                    "complaints about the same invoice.",
                    kept=kept.name,
                    other=other.name,
                    invoice=first.name,
                    second=second.name,
                )
            )
        # the kept complaint takes the links of the duplicate whose refund it
        # credits (_merge_take_refund_links): its own order or invoice, not
        # yet refundable, would be lost, and its refunds credit another sale
        refunded = next(iter(invoices.values()), self)
        own, theirs = self.sudo(), refunded.sudo()  # sudo: the links, compared
        if refunded != self and any(
            own[name] and own[name] != theirs[name] for name in SALE_LINKS
        ):
            raise UserError(
                self.env._(
                    "Complaint %(kept)s is about %(document)s, and the refund of "
                    "%(other)s still to credit reverses invoice %(invoice)s: credit "
                    "it before merging, or keep %(other)s.",
                    kept=self.name,
                    document=(
                        own.invoice_id or own.sale_order_id or own.sale_line_id
                    ).display_name,
                    other=refunded.name,
                    invoice=theirs._get_refundable_invoice().name,
                )
            )

    def _merge_take_refund_links(self, sources):
        """Without a refundable invoice of its own, ``self`` takes the order
        and invoice of the duplicate whose refund it takes over."""
        refunded = next(iter(self._merge_refund_invoices(sources).values()), self)
        if refunded != self:
            # sudo: the links, the merge's own write (checked by _merge_check)
            self.sudo().write({f: refunded[f].id for f in SALE_LINKS})
