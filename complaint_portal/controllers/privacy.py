from odoo import http
from odoo.http import request


class ComplaintPrivacy(http.Controller):
    @http.route(
        ["/complaint/privacy", "/complaint/privacy/<int:notice_id>"],
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def complaint_privacy_notice(self, notice_id=None, **kw):
        """The current privacy notice of complaint handling, for anyone; or
        the version a complainant agreed to (a link of their emails), once
        in force (a version to come is not published yet)."""
        Notice = request.env["complaint.privacy.notice"]
        notice = Notice._published(notice_id) if notice_id else Notice._current()
        if not notice:
            raise request.not_found()
        values = {
            "notice": notice,
            # the company whose notice it is (a shared one: the reader's)
            "company": notice.company_id or request.env.company,
        }
        return request.render("complaint_portal.complaint_privacy_notice_page", values)
