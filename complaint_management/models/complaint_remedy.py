from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount

from .complaint_states import MANAGER

TERMS = {"amount", "type_id", "description"}


class ComplaintRemedy(models.Model):
    _name = "complaint.remedy"
    _inherit = [
        "complaint.workflow.guard",
        "complaint.remedy.approval.mixin",
        "complaint.remedy.fast.track.mixin",
        "complaint.remedy.credit.note.mixin",
    ]
    _description = "Complaint Remedy"
    _order = "complaint_id, sequence, id"
    # the approval is a financial control: only the actions below set it
    _workflow_fields = (
        "state",
        "is_fast_track",
        "fast_track_customer_id",
        "approved_by_id",
        "terms_editor_ids",
        "date_approved",
        "refusal_reason",
        "date_done",
        "done_by_id",
        "credit_note_id",
    )

    complaint_id = fields.Many2one(
        "complaint.complaint", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True)
    currency_id = fields.Many2one(related="complaint_id.currency_id")
    # who the approver answers to, in the approval list
    complaint_user_id = fields.Many2one(
        related="complaint_id.user_id", string="Handler"
    )
    complaint_team_id = fields.Many2one(related="complaint_id.team_id", string="Team")
    sequence = fields.Integer(default=10)
    type_id = fields.Many2one("complaint.remedy.type", string="Remedy", required=True)
    type_code = fields.Selection(related="type_id.code")
    description = fields.Text()
    amount = fields.Monetary(currency_field="currency_id")
    state = fields.Selection(
        [
            ("proposed", "Awaiting Approval"),
            ("approved", "Approved"),
            ("refused", "Refused"),
            ("done", "Carried Out"),
            ("cancelled", "Cancelled"),
        ],
        default="proposed",
        required=True,
        readonly=True,
        copy=False,
    )
    approved_by_id = fields.Many2one(
        "res.users", string="Decided By", readonly=True, copy=False
    )
    terms_editor_ids = fields.Many2many(
        "res.users",
        "complaint_remedy_terms_editor_rel",
        "remedy_id",
        "user_id",
        string="Terms Changed By",
        readonly=True,
        copy=False,
        help="Who changed the amount, kind or description after the remedy was "
        "proposed: like whoever proposed it, they do not approve it.",
    )
    refusal_reason = fields.Text(readonly=True, copy=False)
    date_approved = fields.Datetime(readonly=True, copy=False)
    date_done = fields.Datetime(readonly=True, copy=False)
    # who carried it out (a later change, a credit note, the de-identification
    # of the complaint, is not a record of that)
    done_by_id = fields.Many2one(
        "res.users", string="Carried Out By", readonly=True, copy=False
    )
    can_cancel = fields.Boolean(compute="_compute_can_cancel")
    _sql_constraints = [
        (
            "amount_positive",
            "CHECK(amount >= 0)",
            "A remedy amount cannot be negative.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        remedies = super().create(vals_list)
        remedies._check_terms_open()
        remedies._fast_track()
        remedies.filtered(lambda r: r.state == "proposed").action_request_approval()
        remedies.complaint_id._proposal_revised()
        return remedies

    def write(self, vals):
        """What was approved cannot change behind the approver's back: a new
        amount, kind, description or complaint sends an approved remedy back
        through the approval (or the fast track); a remedy carried out no
        longer changes. A remedy moves only to a complaint the user may
        change."""
        changes_terms = (TERMS | {"complaint_id"}) & set(vals)
        sets_terms = TERMS & set(vals)
        reconsidered = self.browse()
        if changes_terms and not self.env.su:
            if self.filtered(lambda r: r.state == "done" or r._is_credited()):
                # a posted credit note carried it out, whatever its state
                raise UserError(
                    self.env._("A remedy already carried out cannot be changed.")
                )
            if "complaint_id" in vals and self.filtered(
                # sudo: the credit note's state, whoever moves the remedy
                lambda r: r.sudo().credit_note_id.state in ("draft", "posted")
            ):
                # its credit note carries out this complaint's refund
                raise UserError(
                    self.env._(
                        "A remedy with a credit note stays with its complaint: "
                        "cancel the credit note first."
                    )
                )
            if "complaint_id" in vals:
                self.complaint_id.browse(vals["complaint_id"])._check_takes_amounts(
                    self
                )
            self._check_terms_open()
            reconsidered = self.filtered(lambda r: r.state in ("proposed", "approved"))
        # the trail of a user's change (the engine's own writes, such as the
        # de-identification that erases descriptions, leave none: a note
        # would copy what they remove)
        before = (
            {r.id: r._terms_text() for r in self}
            if sets_terms and not self.env.su
            else {}
        )
        # a proposal a remedy leaves is revised as much as the one it joins
        left = (
            self.complaint_id if "complaint_id" in vals else self.complaint_id.browse()
        )
        res = super().write(vals)
        if "complaint_id" in vals:
            self.complaint_id.check_access("write")
            self._check_terms_open()
        if changes_terms and not self.env.su:
            # four eyes: who set these terms (or gave the remedy to another
            # complaint) does not approve them either
            self._workflow_write({"terms_editor_ids": [Command.link(self.env.uid)]})
        if before:
            self._log_terms_changes(before)
        if reconsidered:
            reconsidered._reconsider()
        if changes_terms and not self.env.su:
            # once sent back to approval: the proposal is then being revised,
            # and its clock runs
            (left | self.complaint_id)._proposal_revised()
        # a remedy gone to another complaint no longer waits on this one
        self._close_approval_requests(
            (left - self.complaint_id).exists(), self.env._("Withdrawn")
        )
        if "state" in vals:
            # carried out or decided, only closing may be left: an outside
            # body's case then holds the resolution
            self.complaint_id._sla_sync_if_body_holds()
        return res

    def _terms_text(self, kind=None):
        """The remedy's terms in a line: its kind (``kind``: as given, the
        portal's in bold), description and amount, punctuated as the language
        does."""
        self.ensure_one()
        kind = self.type_id.name or "" if kind is None else kind
        amount = self.amount and format_amount(self.env, self.amount, self.currency_id)
        if self.description and amount:
            return self.env._(
                "%(kind)s: %(description)s (%(amount)s)",
                kind=kind,
                description=self.description,
                amount=amount,
            )
        if self.description:
            return self.env._(
                "%(kind)s: %(description)s", kind=kind, description=self.description
            )
        if amount:
            return self.env._("%(kind)s (%(amount)s)", kind=kind, amount=amount)
        return kind

    def _log_terms_changes(self, before):
        """Who changed what a remedy offers is on the complaint's record (a
        remedy has no chatter of its own): the terms before and after."""
        for remedy in self:
            old, new = before.get(remedy.id), remedy._terms_text()
            if old != new:
                # sudo: the trail is written whoever may change the remedy
                remedy.complaint_id.sudo()._message_log(
                    body=Markup("<p>%s</p>")
                    % self.env._("Remedy changed: %(old)s → %(new)s", old=old, new=new),
                    author_id=self.env.user.partner_id.id,
                )

    def _check_terms_open(self):
        """The complaint's rule (``_remedies_changeable``) for every change of
        what the customer is offered; superuser flows (merge, retention) keep
        their own rules."""
        if self.env.su:
            return
        is_manager = self.env.user.has_group(MANAGER)
        refused = self.filtered(
            lambda r: not r.complaint_id._remedies_changeable(is_manager)
        )
        if not refused:
            return
        complaint = refused[0].complaint_id
        if complaint.state in ("closed", "cancelled"):
            raise UserError(
                self.env._(
                    "Complaint %(name)s is %(state)s: its remedies are its record "
                    "and no longer change. Reopen a closed complaint first.",
                    name=complaint.name,
                    state=complaint._state_label(),
                )
            )
        if complaint.state == "accepted":
            raise UserError(
                self.env._(
                    "The customer accepted the proposal of complaint %(name)s: its "
                    "remedies are what they accepted. A complaint manager cancels "
                    "one that cannot be carried out.",
                    name=complaint.name,
                )
            )
        raise UserError(
            self.env._(
                "The customer of complaint %(name)s was proposed its remedies "
                "(%(state)s): only a complaint manager changes them now.",
                name=complaint.name,
                state=complaint._state_label(),
            )
        )

    def _reconsider(self):
        """Send the approved remedies of ``self`` back through the approval
        (or the fast track, under their company's limit); those awaiting it
        are fast-tracked when they now fit; those carried out, refused or
        cancelled stay (and count against the fast track's limit)."""
        # a refund whose credit note is posted was carried out: it stays
        self = self.filtered(
            lambda r: r.state in ("proposed", "approved") and not r._is_credited()
        )
        if not self:
            return
        self.filtered(lambda r: r.state == "approved")._workflow_write(
            {
                "state": "proposed",
                "is_fast_track": False,
                "fast_track_customer_id": False,
                "approved_by_id": False,
                "date_approved": False,
            }
        )
        self._fast_track()
        self.filtered(lambda r: r.state == "proposed").action_request_approval()

    @api.ondelete(at_uninstall=False)
    def _unlink_only_awaiting_approval(self):
        """A remedy approved, refused, carried out or cancelled is part of the
        complaint's record (and of its approval): it is cancelled, not
        deleted. One still awaiting approval is withdrawn."""
        if self.filtered(lambda r: r.state != "proposed"):
            raise UserError(
                self.env._(
                    "Only a remedy awaiting approval can be deleted; cancel the "
                    "others instead."
                )
            )
        # one sent back to approval (another complainant) may have a credit
        # note: deleted, the note would lose the refund it carries out and
        # the checks of its amount
        self._check_no_credit_note()
        self._check_terms_open()

    def unlink(self):
        complaints = self.complaint_id
        res = super().unlink()
        # a withdrawn remedy no longer waits for the approver
        self._close_approval_requests(complaints.exists(), self.env._("Withdrawn"))
        complaints.exists()._proposal_revised()
        return res

    def _promised(self):
        """The remedies the complainant is promised: approved or carried out.
        One rule for the portal page and the decision letter; one
        awaiting approval (or sent back to it by a change) is not promised."""
        return self.filtered(lambda remedy: remedy.state in ("approved", "done"))

    def _given_before_reopening(self):
        """The remedies carried out before their complaint was last reopened:
        the customer has them; a new proposal does not offer them again."""
        return self.filtered(
            lambda remedy: remedy.state == "done"
            and remedy.complaint_id.date_reopened
            and remedy.date_done <= remedy.complaint_id.date_reopened
        )

    def action_open_complaint(self):
        """From the remedies to approve, the complaint they are for."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "complaint.complaint",
            "res_id": self.complaint_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_done(self):
        if self.filtered(lambda r: r.state != "approved"):
            raise UserError(
                self.env._("Only approved remedies can be marked as carried out.")
            )
        if self.filtered(lambda r: r.complaint_id.state != "accepted"):
            raise UserError(
                self.env._(
                    "Remedies are carried out once the customer accepted the proposal."
                )
            )
        self._workflow_write(
            {
                "state": "done",
                "date_done": fields.Datetime.now(),
                "done_by_id": self.env.uid,
            }
        )
        return True

    @api.depends("state", "complaint_id.state")
    @api.depends_context("uid")
    def _compute_can_cancel(self):
        """The Cancel button, shown where :meth:`action_cancel` lets the
        user cancel (a credit note to cancel first is said by the action)."""
        is_manager = self.env.su or self.env.user.has_group(MANAGER)
        for remedy in self:
            remedy.can_cancel = not remedy._cancel_refusal(is_manager)

    def _cancel_refusal(self, is_manager):
        """Why the current user may not cancel this remedy, or ``""``: a
        closed complaint's remedies are its record (a cancelled one's are
        withdrawn: they no longer count against the fast track's limit), a
        remedy carried out stays, and what the customer was promised changes
        with a new proposal or by a manager."""
        self.ensure_one()
        complaint = self.complaint_id
        if complaint.state == "closed" and not self.env.su:
            return self.env._(
                "Complaint %(name)s is %(state)s: its remedies are its record "
                "and no longer change. Reopen a closed complaint first.",
                name=complaint.name,
                state=complaint._state_label(),
            )
        if self.state == "done":
            return self.env._("A remedy already carried out cannot be cancelled.")
        if self.state in ("refused", "cancelled"):
            # a manager's refusal stays on record as such
            return self.env._(
                "%(remedy)s is already %(state)s.",
                remedy=self.display_name,
                state=dict(self._fields["state"]._description_selection(self.env))[
                    self.state
                ],
            )
        # whatever the remedy's state: one sent back to approval by a
        # change (another customer, another company) is still the proposal
        if not is_manager and complaint.state in ("proposed", "accepted"):
            return self.env._(
                "The customer was proposed %(remedy)s: only a complaint manager "
                "can cancel it now.",
                remedy=self.display_name,
            )
        return ""

    def _check_no_credit_note(self):
        """A refund whose credit note stands is neither cancelled nor deleted
        before the note is cancelled."""
        # sudo: the credit note field is group-restricted
        if self.sudo().filtered(
            lambda r: r.credit_note_id and r.credit_note_id.state != "cancel"
        ):
            raise UserError(
                self.env._(
                    "This refund has a credit note: cancel the credit note first."
                )
            )

    def action_cancel(self):
        is_manager = self.env.su or self.env.user.has_group(MANAGER)
        for remedy in self:
            refusal = remedy._cancel_refusal(is_manager)
            if refusal:
                raise UserError(refusal)
        self._check_no_credit_note()
        # a remedy the customer accepted: they answer the terms left again
        accepted = self.complaint_id.filtered(
            lambda c: c.state == "accepted" and c._remedies_offered() & self
        )
        self._workflow_write({"state": "cancelled"})
        accepted._proposal_terms_changed()
        self.complaint_id._proposal_revised()
        self._close_approval_request(self.env._("Cancelled"))
        return True
