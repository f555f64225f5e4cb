import werkzeug.exceptions
import werkzeug.http

from odoo import models
from odoo.exceptions import AccessDenied, AccessError, UserError
from odoo.http import request

from .complaint_api import API_ROOT


class IrHttp(models.AbstractModel):
    """The JSON API answers in JSON also when Odoo refuses the request before
    the route runs: a missing or wrong API key (401), an unknown path (404);
    the portal's chatter speaks the reader's language."""

    _inherit = "ir.http"

    @classmethod
    def _get_translation_frontend_modules_name(cls):
        # the complaint page's discussion is mail's own chatter; the portal's
        # pages load only their frontend modules' translations, and mail is
        # among them only with website_mail: without it, its words ("Today at
        # 10:05") stayed English for a Chinese reader
        mods = super()._get_translation_frontend_modules_name()
        return mods if "mail" in mods else [*mods, "mail"]

    @classmethod
    def _handle_error(cls, exception):
        if not request or not request.httprequest.path.startswith(f"{API_ROOT}/"):
            return super()._handle_error(exception)
        if isinstance(exception, werkzeug.exceptions.HTTPException):
            status = exception.code or 500
        elif isinstance(exception, AccessDenied | AccessError):
            status = 403
        elif isinstance(exception, UserError):
            status = 400
        else:
            status = 500
        # in the language the channel asks for (Accept-Language: zh-CN, zh...),
        # as the API's own answers; after a server error (the database's,
        # maybe) in the request's: the installed languages may need a query
        lang = request.env.context.get("lang")
        if status != 500:
            lang = request.env["complaint.api"]._api_lang(
                [code for code, _q in request.httprequest.accept_languages]
            )
        env = request.env(context=dict(request.env.context, lang=lang))
        messages = {
            401: env._(
                "Give the API key of a complaint channel user in the Authorization "
                "header: Bearer <key>."
            ),
            403: env._("This API key may not do this."),
            404: env._("There is no such address in the complaint API."),
            405: env._("This address of the complaint API does not take this method."),
        }
        generic = {
            400: env._("The complaint API refused the request: check its data."),
            500: env._("The complaint API could not answer: try again later."),
        }
        codes = {
            400: "bad_request",
            401: "unauthorized",
            403: "forbidden",
            404: "not_found",
            405: "method_not_allowed",
        }
        response = request.make_json_response(
            {
                "error": {
                    "code": codes.get(status, "error"),
                    "message": messages.get(status)
                    # a refusal says why, in the channel user's language
                    # (a plain UserError, not a constraint's or a missing
                    # record's, which may name staff or records)
                    or (
                        exception.args[0]
                        if type(exception) is UserError and exception.args
                        else ""
                    )
                    or generic.get(status)
                    or werkzeug.http.HTTP_STATUS_CODES.get(status, ""),
                }
            },
            status=status,
        )
        if status == 401:
            response.headers["WWW-Authenticate"] = "Bearer"
        return response
