from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.complaint_management.tools.form_text import sent_text

from .portal import ComplaintPortal


class ComplaintAnswerPortal(ComplaintPortal):
    """The complainant's answer to a proposal: accepted, or rejected with a
    reason; a refusal shows the page again with why and the reason typed."""

    def _complaint_merged_answer(self, complaint_sudo, access_token, reason=""):
        """An answer sent from the page of a complaint merged since: the page
        of the complaint kept, whose proposal is the one to answer, with the
        reason typed kept; None when the complaint was not merged. A reader
        with the merged complaint's link gets the kept one's (as the page's
        link does); a logged-in reader only when they may read it now (staff
        may have taken it from them since the merge)."""
        kept = complaint_sudo._portal_merge_kept()
        if kept == complaint_sudo:
            return None
        with_link = complaint_sudo._portal_token_valid(access_token)
        if not with_link and not kept._portal_reader_may_follow():
            return request.redirect("/my")
        return self._complaint_page(
            kept,
            kept._portal_ensure_token() if with_link else None,
            {
                "error_text": request.env._(
                    "Complaint %(merged)s was merged into %(kept)s: read its "
                    "proposal, then answer it here.",
                    merged=complaint_sudo.name,
                    kept=kept.name,
                ),
                "reject_reason": reason,
            },
            error="refused",
        )

    @http.route(
        ["/my/complaints/<int:complaint_id>/accept"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_complaint_accept(self, complaint_id, access_token=None, **kw):
        # a file part sent under the token's name is no token
        access_token = sent_text(access_token) or None
        try:
            complaint_sudo = self._complaint_check_access(complaint_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        merged = self._complaint_merged_answer(complaint_sudo, access_token)
        if merged:
            return merged
        try:
            complaint_sudo.action_portal_accept(
                proposal=kw.get("proposal"), access_token=access_token
            )
        except UserError as refusal:
            return self._complaint_page(
                complaint_sudo,
                access_token,
                {"error_text": refusal.args[0]},
                error="refused" if complaint_sudo.can_decide else "decision",
            )
        return request.redirect(
            self._complaint_url(complaint_sudo, access_token, message="accepted")
        )

    @http.route(
        ["/my/complaints/<int:complaint_id>/reject"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_complaint_reject(self, complaint_id, access_token=None, reason="", **kw):
        # a file part sent under the token's name is no token
        access_token = sent_text(access_token) or None
        try:
            complaint_sudo = self._complaint_check_access(complaint_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        merged = self._complaint_merged_answer(complaint_sudo, access_token, reason)
        if merged:
            return merged
        try:
            complaint_sudo.action_portal_reject(
                reason, proposal=kw.get("proposal"), access_token=access_token
            )
        except UserError as refusal:
            # the page again, with why and the reason typed (not lost)
            error = complaint_sudo._portal_reason_error(reason)
            if not error:
                # no longer open to an answer, or not this reader's to give
                error = "refused" if complaint_sudo.can_decide else "decision"
            return self._complaint_page(
                complaint_sudo,
                access_token,
                {"error_text": refusal.args[0], "reject_reason": reason},
                error=error,
            )
        return request.redirect(
            self._complaint_url(complaint_sudo, access_token, message="rejected")
        )
