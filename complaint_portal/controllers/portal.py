import uuid

from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import AccessError, MissingError
from odoo.http import request
from odoo.osv import expression

from odoo.addons.complaint_management.tools.form_text import (
    half_width,
    page_number,
    sent_text,
)
from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

FORM_KEYS = (
    "subject",
    "description",
    "date_problem",
    "requested_remedy",
    "sale_order_id",
    "name",
    "email",
    "phone",
    "submission_key",
    "category_id",
    "privacy_consent",
    "sensitive_consent",
    "privacy_notice_id",
)

# the query values core's portal page reads (messages, chatter signature)
PAGE_VIEW_KEYS = ("error", "warning", "success", "pid", "hash")


class ComplaintPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "complaint_count" in counters:
            Complaint = request.env["complaint.complaint"]
            values["complaint_count"] = (
                Complaint.search_count([]) if Complaint.has_access("read") else 0
            )
        return values

    # ------------------------------------------------------------------
    # /my/complaints
    # ------------------------------------------------------------------
    def _complaint_searchbar_sortings(self):
        return {
            "date": {
                "label": request.env._("Newest"),
                "order": "date_received desc, id desc",
            },
            "name": {"label": request.env._("Tracking number"), "order": "name desc"},
            "subject": {
                "label": request.env._("Subject"),
                "order": "subject asc, id desc",
            },
            # the status codes' alphabet means nothing to a customer: the
            # open complaints first, newest first
            "state": {
                "label": request.env._("Open first"),
                "order": "is_open desc, date_received desc, id desc",
            },
        }

    def _complaint_searchbar_filters(self):
        return {
            "all": {"label": request.env._("All"), "domain": []},
            "open": {
                "label": request.env._("Open"),
                "domain": [("is_open", "=", True)],
            },
            "waiting": {
                "label": request.env._("Waiting for me"),
                "domain": request.env["complaint.complaint"]._portal_waiting_domain(),
            },
            "closed": {
                "label": request.env._("Closed"),
                # a duplicate merged into another goes on there: not closed
                "domain": [
                    ("state", "in", ("closed", "cancelled")),
                    ("merged_into_id", "=", False),
                ],
            },
        }

    @http.route(
        ["/my/complaints", "/my/complaints/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_complaints(
        self, page=1, sortby="date", filterby="all", search="", **kw
    ):
        Complaint = request.env["complaint.complaint"]
        sortings = self._complaint_searchbar_sortings()
        filters = self._complaint_searchbar_filters()
        sortby = sortby if sortby in sortings else "date"
        filterby = filterby if filterby in filters else "all"
        # a file part named "search" arrives here too: searched as nothing
        search = sent_text(search).strip()[:100]
        # record rules decide which complaints are listed, not this domain
        domain = filters[filterby]["domain"]
        if search:
            # a number typed with a Chinese input method (ＣＭＰ／２０２６…)
            # is found as the tracking page finds it
            number = half_width(search)
            domain = expression.AND(
                [domain, ["|", ("name", "ilike", number), ("subject", "ilike", search)]]
            )
        page = page_number(page)
        pager = portal_pager(
            url="/my/complaints",
            url_args={"sortby": sortby, "filterby": filterby, "search": search},
            total=Complaint.search_count(domain),
            page=page,
            step=self._items_per_page,
        )
        complaints = Complaint.search(
            domain,
            order=sortings[sortby]["order"],
            limit=self._items_per_page,
            offset=pager["offset"],
        )
        request.session["my_complaints_history"] = complaints.ids[:100]
        values = self._prepare_portal_layout_values()
        complaints = complaints.sudo()  # sudo: the search applied the rules
        values.update(
            {
                "complaints": complaints,
                "rows": complaints._portal_list_rows(request.cookies.get("tz")),
                "page_name": "complaint",
                "pager": pager,
                "default_url": "/my/complaints",
                "searchbar_sortings": sortings,
                "sortby": sortby,
                "searchbar_filters": filters,
                "filterby": filterby,
                "search": search,
            }
        )
        return request.render("complaint_portal.portal_my_complaints", values)

    # ------------------------------------------------------------------
    # /my/complaints/<id>
    # ------------------------------------------------------------------
    def _complaint_check_access(self, complaint_id, access_token):
        """The complaint, once the portal checked the user's or token's access.

        Core hands it back as OdooBot; it is given back the request's user (in
        superuser mode), so that what the complainant does next is authored by
        them, not by OdooBot."""
        complaint = self._document_check_access(
            "complaint.complaint", complaint_id, access_token=access_token
        ).with_user(request.env.user)
        return complaint.sudo()  # sudo: access checked just above

    @http.route(
        ["/my/complaints/<int:complaint_id>"], type="http", auth="public", website=True
    )
    def portal_my_complaint(
        self,
        complaint_id,
        access_token=None,
        report_type=None,
        download=False,
        message=None,
        error=None,
        **kw,
    ):
        # a file part sent under the token's name is no token
        access_token = sent_text(access_token) or None
        try:
            complaint_sudo = self._complaint_check_access(complaint_id, access_token)
        except (AccessError, MissingError):
            if request.env.user._is_public():
                # a customer's link without its token (their complaints are
                # theirs once signed in): back to the page after signing in
                return request.redirect(
                    "/web/login?%s"
                    % url_encode({"redirect": f"/my/complaints/{complaint_id}"})
                )
            return request.redirect("/my")
        # a merged complaint's page is the one of the complaint kept
        merged_url = complaint_sudo._portal_merged_url(access_token)
        if merged_url:
            return request.redirect(merged_url)
        report_ref = complaint_sudo._portal_report_for_reader()
        if report_type in ("html", "pdf", "text") and report_ref:
            return self._show_report(
                model=complaint_sudo,
                report_type=report_type,
                report_ref=report_ref,
                download=download,
            )
        return self._complaint_page(
            complaint_sudo,
            access_token,
            {"message": message, "report_ref": report_ref},
            error=error,
            # what the page reads of the query (any other key, such as
            # "page_values", would collide with the arguments: a server error)
            **{key: kw[key] for key in PAGE_VIEW_KEYS if key in kw},
        )

    def _complaint_page(self, complaint_sudo, access_token, page_values, **kw):
        """The complaint's page. ``page_values`` may carry the answer just
        given (``message``), what refused it (``error_text``) and the reason
        typed (``reject_reason``), shown again; ``kw`` goes to the portal's
        page values (``error``, the chatter's ``pid`` and ``hash``)."""
        values = {
            "complaint": complaint_sudo,
            "page_name": "complaint",
            "res_company": complaint_sudo.company_id,
            "reader_tz": complaint_sudo._portal_tz(request.cookies.get("tz")),
            **page_values,
        }
        if "report_ref" not in values:
            values["report_ref"] = complaint_sudo._portal_report_for_reader()
        values = self._get_page_view_values(
            complaint_sudo,
            access_token,
            values,
            "my_complaints_history",
            # visitors with a link have no /my to go back to
            request.env.user._is_public(),
            **kw,
        )
        return request.render("complaint_portal.portal_my_complaint", values)

    def _complaint_url(self, complaint_sudo, access_token, **params):
        if access_token:
            params["access_token"] = access_token
        return f"{complaint_sudo.access_url}?{url_encode(params)}"

    # ------------------------------------------------------------------
    # /complaint/new
    # ------------------------------------------------------------------
    def _complaint_form_values(self, form=None, errors=None):
        Complaint = request.env["complaint.complaint"]
        form = form or {}
        orders = Complaint._portal_orders(form.get("sale_order_id"))
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "form": form,
                "errors": errors or {},
                "orders": orders,
                # sudo (in the method): names of products of the user's own orders
                "order_products": {
                    order.id: Complaint._portal_order_products(order)
                    for order in orders
                },
                "order_labels": {
                    order.id: Complaint._portal_order_label(order) for order in orders
                },
                "selected_products": set(form.get("product_ids") or []),
                "is_visitor": request.env.user._is_public(),
                "company": request.env.company,
                "categories": request.env.company._complaint_portal_categories(),
                "known_answers": request.env["complaint.known.answer"]._portal_answers(
                    request.env.company
                ),
                "privacy_notice": request.env["complaint.privacy.notice"]._current(),
                "page_name": "complaint_new",
            }
        )
        return values

    def _complaint_form_post(self, kw):
        # text only: a file part named like a field arrives in kw too
        form = {key: sent_text(kw.get(key)) for key in FORM_KEYS}
        form["website"] = sent_text(kw.get("website"))
        form["product_ids"] = request.httprequest.form.getlist("product_ids")
        files = []
        for upload in request.httprequest.files.getlist("attachments"):
            if upload.filename:
                # from the start: a request retried after a concurrent
                # submission reads its files again (core rewinds only the
                # first file of each field)
                upload.seek(0)
                files.append((sent_text(upload.filename), upload.read()))
        return form, files

    @http.route(
        ["/complaint/new"],
        type="http",
        auth="public",
        methods=["GET", "POST"],
        website=True,
    )
    def portal_complaint_new(self, **kw):
        if request.httprequest.method != "POST":
            # a new key per form shown: the same form sent twice files once
            form = {
                "sale_order_id": kw.get("order_id") or "",
                "submission_key": uuid.uuid4().hex,
            }
            return request.render(
                "complaint_portal.portal_complaint_new",
                self._complaint_form_values(form),
            )
        form, files = self._complaint_form_post(kw)
        # the day where the visitor is: the browser's time zone (Odoo's cookie)
        Complaint = request.env["complaint.complaint"].with_context(
            complaint_browser_tz=request.cookies.get("tz")
        )
        complaint, errors = Complaint._portal_submit(
            form, files, request.httprequest.remote_addr
        )
        if errors:
            form.pop("website")
            return request.render(
                "complaint_portal.portal_complaint_new",
                self._complaint_form_values(form, errors),
                status=400,
            )
        # post/redirect/get: reloading the answer shows it again, files nothing
        complaint_sudo = complaint.sudo()  # sudo: filed by this very form
        # a visitor gets the link of what a visitor filed (this form, or this
        # form sent again), never of what a signed-in customer filed
        visitor = (
            request.env.user._is_public() and complaint_sudo._portal_filed_by_visitor()
        )
        if visitor:
            passcode = complaint_sudo._portal_first_passcode()
            if passcode:
                # shown once, on the thank-you page; only its hash is stored
                passcodes = dict(request.session.get("complaint_passcodes") or {})
                passcodes[str(complaint_sudo.id)] = passcode
                request.session["complaint_passcodes"] = passcodes
        # the visitor's way back is the link; a signed-in customer's, their
        # account (no token for them: see _portal_ensure_token)
        query = (
            f"?{url_encode({'access_token': complaint_sudo.access_token})}"
            if visitor
            else ""
        )
        return request.redirect(
            f"/complaint/thanks/{complaint_sudo.id}{query}", code=303
        )

    @http.route(
        ["/complaint/thanks/<int:complaint_id>"],
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def portal_complaint_thanks(self, complaint_id, access_token=None, **kw):
        # a file part sent under the token's name is no token
        access_token = sent_text(access_token) or None
        try:
            complaint_sudo = self._complaint_check_access(complaint_id, access_token)
        except (AccessError, MissingError):
            return request.redirect("/my")
        passcodes = dict(request.session.get("complaint_passcodes") or {})
        passcode = passcodes.pop(str(complaint_sudo.id), None)
        if passcode:
            request.session["complaint_passcodes"] = passcodes
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "complaint": complaint_sudo,
                "complaint_url": self._complaint_url(complaint_sudo, access_token),
                "is_visitor": request.env.user._is_public(),
                "passcode": passcode,
            }
        )
        response = request.render("complaint_portal.portal_complaint_thanks", values)
        # the passcode is shown once: not kept by the browser for Back (a
        # shared computer's next user)
        response.headers["Cache-Control"] = "no-store"
        return response
