from odoo import http
from odoo.exceptions import AccessError
from odoo.http import request

from ..models.complaint_api import API_ROOT

API = f"{API_ROOT}/v1"
ROUTE = {
    "type": "http",
    "auth": "bearer",
    "csrf": False,
    "save_session": False,
}


class ComplaintApiController(http.Controller):
    """JSON API of other intake channels; the logic is in ``complaint.api``.

    Authenticated by the API key of the channel's dedicated user
    (``Authorization: Bearer <key>``); answers in the language of the
    ``Accept-Language`` header, else the user's.
    """

    def _api_call(self, method, *args):
        service = request.env["complaint.api"]
        lang = service._api_lang(
            [code for code, _quality in request.httprequest.accept_languages]
        )
        try:
            body, status = getattr(service.with_context(lang=lang), method)(*args)
        except AccessError as error:
            body, status = {"error": {"code": "forbidden", "message": str(error)}}, 403
        return request.make_json_response(body, status=status)

    def _api_payload(self):
        try:
            return request.get_json_data()
        except (ValueError, RecursionError):
            # not JSON, or nested deeper than Python parses
            return None  # answered as "send a JSON object"

    @http.route(f"{API}/complaints", methods=["POST"], **ROUTE)
    def api_complaint_create(self, **kw):
        return self._api_call(
            "_api_submit", self._api_payload(), request.httprequest.remote_addr
        )

    @http.route(f"{API}/complaints/<string:ref>", methods=["GET"], **ROUTE)
    def api_complaint_read(self, ref, **kw):
        return self._api_call("_api_get", ref)

    @http.route(f"{API}/complaints/<string:ref>/messages", methods=["POST"], **ROUTE)
    def api_complaint_message(self, ref, **kw):
        return self._api_call("_api_add_message", ref, self._api_payload())
