import base64
import binascii

from odoo import api, models

from odoo.addons.complaint_management.tools.form_text import sent_text


class ComplaintApiRequest(models.AbstractModel):
    """What a channel's request sends (texts, base64 files) and what it is
    answered (errors with their code and HTTP status): composed into
    ``complaint.api``."""

    _name = "complaint.api.request"
    _description = "Complaint JSON API: Requests and Answers"

    # ------------------------------------------------------------------
    # Reading the request's data
    # ------------------------------------------------------------------
    @api.model
    def _api_text(self, data, key, limit, errors, error_key=None):
        """The stripped text of ``data[key]`` ("" when absent)."""
        error_key = error_key or key
        value = data.get(key)
        if value is None:
            return ""
        if not isinstance(value, str):
            errors[error_key] = self.env._("Give a text.")
            return ""
        value = sent_text(value).strip()  # without NUL, which PostgreSQL refuses
        if limit and len(value) > limit:
            errors[error_key] = self.env._("At most %(count)s characters.", count=limit)
        return value

    @api.model
    def _api_files(self, attachments, errors):
        """``[(name, bytes)]`` from ``[{"name", "content" (base64)}]``."""
        if attachments is None:
            return []
        if not isinstance(attachments, list) or not all(
            isinstance(item, dict)
            and isinstance(item.get("name"), str)
            and item["name"].strip()
            and isinstance(item.get("content"), str)
            for item in attachments
        ):
            errors["attachments"] = self.env._(
                "Give the files as a list of objects with a name and a base64 content."
            )
            return []
        files = []
        for item in attachments:
            name = sent_text(item["name"]).strip()
            try:
                files.append((name, base64.b64decode(item["content"], validate=True)))
            except (binascii.Error, ValueError):
                errors["attachments"] = self.env._(
                    "%(name)s: the content is not valid base64.", name=name
                )
                return []
        return files

    # ------------------------------------------------------------------
    # Answers
    # ------------------------------------------------------------------
    @api.model
    def _api_invalid(self, errors):
        return {"errors": errors}, 400

    @api.model
    def _api_error(self, code, message, status):
        return {"error": {"code": code, "message": message}}, status

    @api.model
    def _api_conflict(self, message):
        """A reference the channel uses again for something else (409)."""
        return self._api_error("conflict", message, 409)

    @api.model
    def _api_not_found(self):
        return self._api_error(
            "not_found",
            self.env._("No complaint of this channel has this reference."),
            404,
        )

    @api.model
    def _api_ref_error(self):
        return self.env._(
            "Use at most 64 letters, digits, dots, colons, dashes or underscores, "
            "starting with a letter or a digit."
        )

    @api.model
    def _api_not_object(self):
        return self.env._("Send a JSON object.")
