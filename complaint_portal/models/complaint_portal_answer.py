import hashlib

from markupsafe import Markup

from odoo import Command, models
from odoo.exceptions import UserError

from odoo.addons.complaint_management.tools.form_text import typed_text

# the longest reason a complainant gives for rejecting a proposal (the form's
# maxlength: the browser counts a line break as one character)
REASON_MAX = 2000


class ComplaintPortalAnswerMixin(models.AbstractModel):
    """What the complainant does with a proposal on the portal: who may answer
    it, that the answer is to the proposal the page showed, accepting or
    rejecting it, and the answer kept as its record. Called on the record the
    portal checked; composed into ``complaint.complaint`` by this addon."""

    _name = "complaint.portal.answer.mixin"
    _description = "Complaint: the complainant's answer on the portal"

    def _portal_author(self):
        """Who speaks for the complainant on the portal."""
        user = self.env.user
        if user._is_public():
            return self.partner_id
        return user.partner_id

    def _portal_is_decider(self, access_token=None):
        """Whether the portal's reader answers the proposal: the holder of the
        complaint's link (a visitor: the portal checked the token; a signed-in
        customer: ``access_token`` is compared) or a portal user of the
        complainant's own company, not any reader of it (a contact in copy
        who follows it, another company's user). Staff signed in do not
        answer for the customer, whatever link they hold (their emails to
        the customer carry it)."""
        self.ensure_one()
        user = self.env.user
        if user._is_public():
            return True
        if user.share and self._portal_token_valid(access_token):
            return True
        # sudo: a follower may not read the complainant's contact
        complaint = self.sudo()
        return bool(complaint.partner_id) and (
            user.partner_id == complaint.partner_id
            # the company the complaint stays with (the complainant's when
            # named), not the one the contact moved to since
            or user.partner_id.commercial_partner_id == complaint.commercial_partner_id
        )

    def _portal_check_decider(self, access_token=None):
        if not self._portal_is_decider(access_token):
            raise UserError(
                self.env._(
                    "Only the complainant answers the proposal of %(name)s.",
                    name=self.name,
                )
            )

    def _portal_proposal_digest(self):
        """What the proposal says (its promised remedies, when it was sent),
        in a few characters the page sends back with the answer."""
        self.ensure_one()
        terms = repr(
            [self.date_proposed]
            + [
                (r.id, r.type_id.id, r.description or "", r.amount)
                for r in self._portal_remedies()
            ]
        )
        return hashlib.sha256(terms.encode()).hexdigest()[:16]

    def _portal_check_proposal(self, proposal):
        """The complainant answers the proposal they read (``proposal``: the
        digest the page showed): none to answer, one being revised, or one
        changed since the page was opened, is refused."""
        if self._portal_revising_proposal():
            raise UserError(
                self.env._(
                    "We are revising the proposal we sent you; you can answer the "
                    "new one once you receive it."
                )
            )
        if not self._portal_remedies():
            raise UserError(
                self.env._(
                    "Complaint %(name)s has no proposal to answer.", name=self.name
                )
            )
        if proposal and proposal != self._portal_proposal_digest():
            raise UserError(
                self.env._(
                    "The proposal changed since you opened the page: read it again "
                    "before you answer."
                )
            )

    def action_portal_accept(self, proposal=None, access_token=None):
        """Accept the proposal from the portal (the portal checked the access);
        ``proposal``: the digest of the proposal the page showed;
        ``access_token``: the link the page was opened with."""
        self.ensure_one()
        self._portal_check_decider(access_token)
        if self.state == "accepted":
            return True  # the same answer again (a second click): recorded once
        self._portal_check_proposal(proposal)
        self._track_set_author(self._portal_author())
        self.action_accept_proposal()
        self._portal_record_answer(self.env._("I accept the proposal."))
        return True

    def action_portal_reject(self, reason, proposal=None, access_token=None):
        """Reject the proposal from the portal, with the required reason."""
        self.ensure_one()
        error = self._portal_reason_error(reason)
        if error == "reason":
            raise UserError(self.env._("Tell us why you reject the proposal."))
        if error == "reason_long":
            raise UserError(
                self.env._(
                    "The reason is limited to %(count)s characters.", count=REASON_MAX
                )
            )
        reason = typed_text(reason)
        self._portal_check_decider(access_token)
        if self.state == "rejected" and self.rejection_reason == reason:
            return True  # the same answer again (a second click): recorded once
        self._portal_check_proposal(proposal)
        self._track_set_author(self._portal_author())
        self.action_reject_proposal(reason)
        # the reason's lines as the complainant wrote them, each escaped
        lines = Markup("<br/>").join(reason.split("\n"))
        self._portal_record_answer(
            Markup("%s<br/>%s") % (self.env._("I reject the proposal:"), lines)
        )
        return True

    def _portal_reason_error(self, reason):
        """What keeps ``reason`` (as sent) from rejecting a proposal, as the
        page names it: "reason" (none), "reason_long" (over REASON_MAX), or
        "" when it can be sent."""
        reason = typed_text(reason)
        if not reason:
            return "reason"
        return "reason_long" if len(reason) > REASON_MAX else ""

    def _portal_record_answer(self, body):
        """Post the complainant's answer in the conversation and keep it as
        the record of the answer, which nobody edits afterwards."""
        message = self.message_post(
            body=body,
            author_id=self._portal_author().id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        # sudo: the complainant records their answer, not a change of the complaint
        self.sudo().portal_answer_message_ids = [Command.link(message.id)]
