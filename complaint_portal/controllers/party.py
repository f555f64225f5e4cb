from werkzeug.exceptions import NotFound

from odoo import http
from odoo.exceptions import MissingError, UserError
from odoo.http import request

from odoo.addons.complaint_management.tools.form_text import page_number
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager


class ComplaintPartyPortal(CustomerPortal):
    """Pages of the complained-about party (merchant, supplier, carrier).

    The party reads its cases through ``complaint.complaint``'s
    ``_party_portal_*`` methods, which check that the complaint was forwarded
    to the user's company and return plain values; the party gets no read
    access to the complaint itself.
    """

    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "party_complaint_count" in counters:
            values["party_complaint_count"] = request.env[
                "complaint.complaint"
            ]._party_portal_search(count=True)
        return values

    @http.route(
        ["/my/party-complaints", "/my/party-complaints/page/<int:page>"],
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
    )
    def portal_my_party_complaints(self, page=1, **kw):
        Complaint = request.env["complaint.complaint"]
        pager = portal_pager(
            url="/my/party-complaints",
            total=Complaint._party_portal_search(count=True),
            page=page_number(page),
            step=self._items_per_page,
        )
        complaints = Complaint._party_portal_search(
            offset=pager["offset"], limit=self._items_per_page
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "cases": complaints._party_portal_rows(),
                "page_name": "party_complaint",
                "pager": pager,
                "default_url": "/my/party-complaints",
            }
        )
        return request.render("complaint_portal.portal_my_party_complaints", values)

    def _party_complaint_page(self, complaint_id, status=200, **values):
        try:
            complaint = request.env["complaint.complaint"]._party_portal_get(
                complaint_id
            )
        except MissingError as error:
            raise NotFound() from error
        page = self._prepare_portal_layout_values()
        page.update(
            {
                "case": complaint._party_portal_values(),
                "page_name": "party_complaint",
                "answer": "",
                "message": None,
                "error": None,
            }
        )
        page.update(values)
        return request.render(
            "complaint_portal.portal_my_party_complaint", page, status=status
        )

    @http.route(
        ["/my/party-complaints/<int:complaint_id>"],
        type="http",
        auth="user",
        methods=["GET"],
        website=True,
    )
    def portal_my_party_complaint(self, complaint_id, message=None, **kw):
        return self._party_complaint_page(
            complaint_id, message="answered" if message == "answered" else None
        )

    @http.route(
        ["/my/party-complaints/<int:complaint_id>/answer"],
        type="http",
        auth="user",
        methods=["POST"],
        website=True,
    )
    def portal_party_complaint_answer(self, complaint_id, answer="", **kw):
        try:
            # refused, nothing of the answer is kept (the page shows it again)
            with request.env.cr.savepoint():
                request.env["complaint.complaint"]._party_portal_answer(
                    complaint_id, answer
                )
        except MissingError as error:
            raise NotFound() from error
        except UserError as error:
            return self._party_complaint_page(
                complaint_id, status=400, answer=answer, error=str(error)
            )
        return request.redirect(
            f"/my/party-complaints/{complaint_id}?message=answered", code=303
        )
