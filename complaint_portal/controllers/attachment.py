from odoo import http
from odoo.http import request

from odoo.addons.portal.controllers.attachment import PortalAttachmentController


class ComplaintAttachmentController(PortalAttachmentController):
    """A file a complainant uploads in the complaint's chatter before sending
    the message (a pending upload, on no record yet) obeys the complainants'
    file rules at once: checked only when linked, any program could be
    stored and served from the company's address meanwhile."""

    @http.route()
    def mail_attachment_upload(
        self, ufile, thread_id, thread_model, is_pending=False, **kwargs
    ):
        if (
            thread_model == "complaint.complaint"
            and is_pending
            and is_pending != "false"
            and request.env.user.share
        ):
            data = ufile.read()
            ufile.seek(0)
            errors = request.env["complaint.complaint"]._portal_pending_file_errors(
                thread_id, ufile.filename, data
            )
            if errors:
                return request.make_json_response({"error": "\n".join(errors)})
        return super().mail_attachment_upload(
            ufile, thread_id, thread_model, is_pending=is_pending, **kwargs
        )
