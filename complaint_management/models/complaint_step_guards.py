from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from .complaint_states import MANAGER

# the complaints whose proposal changed in the transaction, sent at its end
REVISED_KEY = "complaint.proposal.revised"


class ComplaintStepGuardMixin(models.AbstractModel):
    """Which step a complaint may take now: each ``can_*`` flag shows its
    button and is checked again by the step's action (``_check_can``), so a
    step refused in the form is refused over JSON-RPC too."""

    _name = "complaint.step.guard.mixin"
    _inherit = "complaint.events"
    _description = "Complaint step guards"

    can_register = fields.Boolean(compute="_compute_can_workflow")
    can_acknowledge = fields.Boolean(compute="_compute_can_workflow")
    can_assess = fields.Boolean(compute="_compute_can_workflow")
    can_investigate = fields.Boolean(compute="_compute_can_workflow")
    can_propose = fields.Boolean(compute="_compute_can_workflow")
    can_decide = fields.Boolean(compute="_compute_can_workflow")
    can_close = fields.Boolean(compute="_compute_can_workflow")
    can_reopen = fields.Boolean(compute="_compute_can_workflow")
    can_cancel = fields.Boolean(compute="_compute_can_workflow")
    # Send Proposal: allowed in its state (can_propose) with its remedies
    # ready (at least one, none awaiting a manager's approval)
    proposal_ready = fields.Boolean(compute="_compute_can_workflow")
    can_change_remedies = fields.Boolean(compute="_compute_can_change_remedies")

    @api.depends(
        "state",
        "remedy_ids.state",
        "validity",
        "is_deidentified",
        "is_high_risk",
        "external_case_ids.outcome",
    )
    @api.depends_context("uid")
    def _compute_can_workflow(self):
        is_manager = self.env.su or self.env.user.has_group(MANAGER)
        for complaint in self:
            state = complaint.state
            active_remedies = complaint.remedy_ids.filtered(
                lambda r: r.state not in ("cancelled", "refused")
            )
            to_offer = active_remedies - active_remedies._given_before_reopening()
            complaint.can_register = state == "new"
            complaint.can_acknowledge = state == "registered"
            complaint.can_assess = state == "acknowledged"
            complaint.can_investigate = state == "assessed"
            complaint.can_propose = state in ("assessed", "investigating", "rejected")
            # a remedy just added in the form is approved or sent to a
            # manager when it is saved (the button saves first, then the
            # action says which wait)
            complaint.proposal_ready = (
                complaint.can_propose
                and bool(to_offer)
                and not to_offer.filtered(
                    lambda r: r.state == "proposed" and r._origin.id
                )
            )
            # the answer is to remedies promised (a manager may have withdrawn
            # them all, or sent them back to approval)
            complaint.can_decide = state == "proposed" and bool(
                complaint._remedies_offered()
            )
            # an outside body still handling the dispute keeps it open: a
            # route is still in use (DOMAIN step 8)
            complaint.can_close = (
                complaint._closes_but_for_cases()
                and not complaint._pending_external_cases()
            )
            # a de-identified complaint is a statistic: reopened, it would
            # take personal data again that no retention run removes
            complaint.can_reopen = (
                state == "closed"
                and not complaint.is_deidentified
                and (is_manager or not complaint._ratings_of_handling())
            )
            # the high-risk gate is lifted by a manager only (action_cancel)
            # nor is it cancelled while an outside body awaits its report
            complaint.can_cancel = (
                state in ("new", "registered", "acknowledged")
                and (is_manager or not complaint.is_high_risk)
                and not complaint._pending_external_cases()
            )

    @api.depends("state")
    @api.depends_context("uid")
    def _compute_can_change_remedies(self):
        is_manager = self.env.su or self.env.user.has_group(MANAGER)
        for complaint in self:
            complaint.can_change_remedies = complaint._remedies_changeable(is_manager)

    def _closes_but_for_cases(self):
        """The complaint's step allows closing once no outside body handles
        one of its cases (Close says why it refuses otherwise: the approvals,
        the high-risk gate)."""
        self.ensure_one()
        active = self.remedy_ids.filtered(
            lambda r: r.state not in ("cancelled", "refused")
        )
        return (
            self.state == "rejected"
            or (self.state == "accepted" and all(r.state == "done" for r in active))
            or self._closes_unfounded()
        )

    def _closes_unfounded(self):
        """Assessed as not founded and not closed yet: it closes with the
        reasons, without a proposal (the button, the next step of staff and
        of the portal, the letter read it)."""
        self.ensure_one()
        return self.state in ("assessed", "investigating") and (
            self.validity == "unfounded"
        )

    def _remedies_changeable(self, is_manager):
        """What the customer is offered changes while the complaint is being
        handled: not behind a proposal they hold (a manager changes it then,
        as they cancel it), not once they accepted it (what is carried out is
        what they accepted: a manager cancels what cannot be), not once the
        case ended (it is reopened first). Read by ``complaint.remedy`` for
        every change."""
        self.ensure_one()
        if self.state in ("closed", "cancelled", "accepted"):
            return False
        return is_manager or self.state != "proposed"

    def _refund_accepted(self):
        """Whether the complainant accepted the proposal in force (accepted,
        or closed once accepted): a refund is credited then, not when they
        rejected it nor when the complaint closed as unfounded."""
        self.ensure_one()
        if self.state == "accepted":
            return True
        return self.state == "closed" and self._decision_in_force() == "accepted"

    def _remedies_awaiting_approval(self):
        """The remedies of the complaints of ``self`` a manager has not
        decided yet."""
        return self.remedy_ids.filtered(lambda remedy: remedy.state == "proposed")

    def _remedies_offered(self):
        """The remedies of the proposal the complainant holds or answered.
        While they hold it: those promised now (a manager may change it then;
        the portal refuses an answer to a page older than the change). Once
        they answered: those approved by then and still promised; a remedy
        added or changed since is for a new proposal. None before a proposal
        nor once the complaint was reopened. One rule for the portal and the
        decision letter."""
        self.ensure_one()
        remedies = self._remedies_to_offer()
        if self.state == "proposed":
            return remedies
        if not self.date_proposed or not self._decision_in_force():
            return remedies.browse()
        answered = self.date_decision or self.date_proposed
        return remedies.filtered(
            lambda remedy: remedy.date_approved and remedy.date_approved <= answered
        )

    def _remedies_to_offer(self):
        """The remedies a proposal of ``self`` offers: those promised, less
        those carried out before a reopening (the customer has them). The
        proposal email reads them before the step is done, to preview it."""
        remedies = self.remedy_ids._promised()
        return remedies - remedies._given_before_reopening()

    def _on_writing(self, vals):
        res = super()._on_writing(vals)
        if "validity" in vals:
            self._check_can_change_validity(vals["validity"])
        if "resolution_summary" in vals and not self.env.su:
            self._check_summary_not_closed()
        return res

    def _check_summary_not_closed(self):
        """A closed complaint's summary is what its complainant was told (the
        decision letter, the tracking form): reopened, the complaint gets
        another one, the former kept in its chatter."""
        closed = self.filtered(lambda c: c.state == "closed")
        if closed:
            raise UserError(
                self.env._(
                    "Complaint %(name)s is closed: its resolution summary is "
                    "what the complainant was told. Reopen it to write another.",
                    name=closed[0].name,
                )
            )

    def _check_can_change_validity(self, validity):
        """Whether a complaint is founded is decided at its assessment; an
        unfounded one closes without a proposal, so afterwards only a
        manager changes the verdict."""
        if self.env.su or self.env.user.has_group(MANAGER):
            return
        decided = self.filtered(
            lambda c: c.state not in ("new", "registered", "acknowledged")
            and c.validity != validity
        )
        if decided:
            raise UserError(
                self.env._(
                    "Complaint %(name)s was assessed: only a complaint manager can "
                    "change whether it is founded.",
                    name=decided[0].name,
                )
            )

    def _check_can_reject(self, reason):
        """Refuse the rejection of a proposal that cannot be answered, or
        without its reason; returns the reason."""
        self.filtered(lambda c: c.state == "proposed")._check_proposal_not_revised()
        self._check_can("can_decide", self.env._("reject the proposal of"))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason why the proposal is rejected."))
        return reason

    def _check_can(self, flag, action_label):
        refused = self.filtered(lambda c: not c[flag])
        if refused:
            raise UserError(
                self.env._(
                    "You cannot %(action)s complaint %(name)s in its current status "
                    "(%(state)s).",
                    action=action_label,
                    name=refused[0].name,
                    state=refused[0]._state_label(),
                )
            )

    def _check_high_risk_gate(self):
        """High-risk complaints leave assessment, are proposed a remedy and
        close only with an approved reply script
        (complaint.reply.script.mixin) and a handling plan."""
        for complaint in self:
            if complaint._high_risk_gate_closed():
                raise UserError(
                    self.env._(
                        "Complaint %(name)s is high-risk: choose an approved reply "
                        "script for its category and write the handling plan before "
                        "it moves on.",
                        name=complaint.name,
                    )
                )

    def _check_proposal_ready(self):
        self._check_can("can_propose", self.env._("send a proposal for"))
        self._check_high_risk_gate()
        for complaint in self:
            remedies = complaint.remedy_ids.filtered(
                lambda r: r.state not in ("cancelled", "refused")
            )
            # one carried out before a reopening was given: not offered again
            if not remedies - remedies._given_before_reopening():
                raise UserError(
                    self.env._(
                        "Add at least one remedy to complaint %(name)s before sending "
                        "the proposal.",
                        name=complaint.name,
                    )
                )
            if complaint._remedies_awaiting_approval():
                raise UserError(
                    self.env._(
                        "Some remedies of complaint %(name)s wait for a manager's "
                        "approval.",
                        name=complaint.name,
                    )
                )

    def _proposal_being_revised(self):
        """A proposal sent whose remedies a manager is changing (one awaits
        an approval, or none is left to offer): nothing for the customer to
        answer until the revised one is sent, and the company is at work, so
        its time limits run. One rule for the portal, the letter and the
        clock."""
        self.ensure_one()
        return self.state == "proposed" and not (
            self._remedies_offered() and not self._remedies_awaiting_approval()
        )

    def _proposal_revised(self):
        """A manager changed the proposal the customer holds (a remedy
        approved, refused, cancelled, added, changed or deleted): once none
        of its remedies waits for an approval, the revised proposal is sent
        to the customer (the portal said "we send you the revised
        proposal"); an answer recorded after that is to what they were sent.
        Sent once, when the operation is done (a save that changes a remedy
        and adds another sends one email, with both)."""
        # a proposal the customer holds already: remedies added before Send
        # Proposal (in the same transaction, as a script or the demo does)
        # go out with it, not a second time as a revision
        held = self.filtered(lambda c: c.state == "proposed")
        if not held:
            return
        # its clock runs while a manager revises it, waits once it is whole
        held._sla_sync()
        data = self.env.cr.precommit.data
        if REVISED_KEY not in data:
            data[REVISED_KEY] = set()
            self.env.cr.precommit.add(self._proposal_send_revised)
        data[REVISED_KEY].update(held.ids)

    def _remedies_for_new_terms(self):
        """Another customer or company: an approval holds in its company (its
        currency, its fast track's limit, its managers) and for its customer,
        so the remedies still to carry out are approved again (or
        fast-tracked under the new limit), and the proposal made for the
        former ones goes (back) to the complainant. A closed or cancelled
        complaint's remedies are its record."""
        complaints = self.filtered(lambda c: c.state not in ("closed", "cancelled"))
        remedies = complaints.remedy_ids.filtered(
            lambda r: r.state in ("proposed", "approved") and not r._is_credited()
        )
        if remedies and not self.env.su:
            # four eyes: who gave the money to another customer or company
            # does not approve it either (as who moved a remedy)
            remedies._workflow_write({"terms_editor_ids": [Command.link(self.env.uid)]})
        remedies._reconsider()
        remedies.complaint_id._proposal_terms_changed()

    def _proposal_terms_changed(self):
        """The terms the complainant holds or accepted changed under them (a
        remedy they accepted withdrawn, another complainant, another company
        and so its currency and limits): an accepted proposal goes back to
        them to answer again, and the revised proposal is sent once none of
        its remedies waits for an approval."""
        accepted = self.filtered(lambda c: c.state == "accepted")
        # nothing to send them yet (a remedy awaits a manager's approval, or
        # none is left): back to the handling, whose clock runs, for a new
        # proposal; else the revised one goes to them to answer
        unready = accepted.filtered(
            lambda c: c._remedies_awaiting_approval() or not c._remedies_to_offer()
        )
        undecided = {"decision": False, "date_decision": False}
        if unready:
            unready._workflow_write({"state": "investigating", **undecided})
        if accepted - unready:
            (accepted - unready)._workflow_write(
                {
                    "state": "proposed",
                    "date_proposed": fields.Datetime.now(),
                    **undecided,
                }
            )
        if accepted:
            asked = self.env._(
                "The terms the customer accepted changed: the proposal goes back "
                "to them, to answer again."
            )
            needed = self.env._(
                "The terms the customer accepted changed: a new proposal is "
                "needed once its remedies are decided."
            )
            accepted._message_log_batch(
                bodies={c.id: needed if c in unready else asked for c in accepted}
            )
        self._proposal_revised()

    def _proposal_send_revised(self):
        ids = self.env.cr.precommit.data.pop(REVISED_KEY, set())
        revised = (
            self.browse(ids)
            .exists()
            .filtered(
                lambda c: c.state == "proposed"
                and not c._remedies_awaiting_approval()
                and c._remedies_offered()
            )
        )
        if revised:
            revised._message_to_complainant(
                "complaint_management.mail_template_complaint_proposal"
            )

    def _check_proposal_not_revised(self):
        """A manager is changing the proposal: the customer answers the one
        sent once its remedies are decided, not half of it, and not one
        whose every remedy was cancelled (as the portal refuses it)."""
        revised = self.filtered(lambda c: c._remedies_awaiting_approval())
        if revised:
            raise UserError(
                self.env._(
                    "Some remedies of complaint %(name)s wait for a manager's "
                    "approval: the customer answers the proposal once they are "
                    "decided.",
                    name=revised[0].name,
                )
            )
        empty = self.filtered(lambda c: not c._remedies_offered())
        if empty:
            raise UserError(
                self.env._(
                    "The proposal of complaint %(name)s offers no remedy any more: "
                    "a complaint manager adds one before the customer's answer is "
                    "recorded.",
                    name=empty[0].name,
                )
            )
