from odoo import http
from odoo.http import request


class ComplaintPrivacy(http.Controller):
    @http.route(
        ["/complaint/privacy"],
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def complaint_privacy_notice(self, **kw):
        """The current privacy notice of complaint handling, for anyone."""
        notice = request.env["complaint.privacy.notice"]._current()
        if not notice:
            raise request.not_found()
        values = {
            "notice": notice,
            "company": request.env.company,
        }
        return request.render("complaint_portal.complaint_privacy_notice_page", values)
