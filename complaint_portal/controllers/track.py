from odoo import http
from odoo.http import request

from odoo.addons.complaint_management.tools.form_text import sent_text

from .portal import ComplaintPortal


class ComplaintTrackPortal(ComplaintPortal):
    """Finding a complaint without an account: a link sent to the
    complainant's email, or the tracking number with its passcode."""

    # ------------------------------------------------------------------
    # /complaint/track
    # ------------------------------------------------------------------
    @http.route(
        ["/complaint/track"],
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_complaint_track(self, number="", email="", **kw):
        values = self._prepare_portal_layout_values()
        values.update({"number": "", "email": "", "sent": False, "refused": False})
        if request.httprequest.method == "POST":
            accepted = request.env["complaint.portal.link.request"]._ask(
                sent_text(number), sent_text(email), request.httprequest.remote_addr
            )
            values.update({"sent": accepted, "refused": not accepted})
            if not accepted:
                # refused for now (too many requests): what was typed stays
                values.update(
                    {
                        "number": (sent_text(number) or "").strip()[:64],
                        "email": (sent_text(email) or "").strip()[:254],
                    }
                )
        return request.render("complaint_portal.portal_complaint_track", values)

    # ------------------------------------------------------------------
    # /complaint/status: tracking number and passcode
    # ------------------------------------------------------------------
    @http.route(
        ["/complaint/status"],
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_complaint_status(self, number="", passcode="", **kw):
        values = self._prepare_portal_layout_values()
        values.update({"number": "", "error": False})
        number, passcode = sent_text(number), sent_text(passcode)
        if request.httprequest.method == "POST":
            complaint, refused = request.env[
                "complaint.complaint"
            ]._portal_find_by_passcode(
                number, passcode, request.httprequest.remote_addr
            )
            if complaint:
                complaint_sudo = complaint.sudo()  # sudo: number and passcode match
                return request.redirect(
                    self._complaint_url(complaint_sudo, complaint_sudo.access_token),
                    code=303,
                )
            values.update(
                {
                    "number": (number or "").strip()[:64],
                    "error": "refused" if refused else "mismatch",
                }
            )
            return request.render(
                "complaint_portal.portal_complaint_status", values, status=400
            )
        return request.render("complaint_portal.portal_complaint_status", values)
