import hashlib
import json
import re

import psycopg2

from odoo import api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import plaintext2html

from odoo.addons.complaint_management.tools.form_text import sent_text

from ..tools.contact import checked_contact

# the request's reading and answers are defined before the API composing them
from . import complaint_api_request  # noqa: F401
from .complaint_complaint_submission import MAX_LENGTHS, retry_later

API_ROOT = "/api/complaints"
API_GROUP = "complaint_portal.complaint_portal_group_api"
# The channel's own reference: it is part of the complaint's URL.
REF_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:\-]{0,63}")
MESSAGE_MAX_LENGTH = MAX_LENGTHS["description"]
UNIQUE_REF = "complaint_complaint_api_external_ref_uniq"
# what a filing, its complainant and a message may carry (the README's API)
FILING_KEYS = frozenset(
    {
        "external_ref",
        "subject",
        "description",
        "requested_remedy",
        "date_problem",
        "channel",
        "complainant",
        "attachments",
        "privacy_consent",
        "sensitive_consent",
        "privacy_notice_version",
    }
)
COMPLAINANT_KEYS = frozenset({"name", "email", "phone"})
MESSAGE_KEYS = frozenset({"ref", "body", "attachments"})


class ComplaintApi(models.AbstractModel):
    """The JSON API of other intake channels (mini-program, app, call centre).

    Each method takes the request's data and answers ``(body, HTTP status)``:
    the controller only parses the request and sends the answer. The caller is
    the channel's dedicated user, authenticated by its API key; the methods
    check its group, find its complaints under its record rule, and file and
    post with the portal's rules (validation, attachment policy, rate-limit
    log, receipt).
    """

    _name = "complaint.api"
    _inherit = ["complaint.api.request"]
    _description = "Complaint JSON API"

    # ------------------------------------------------------------------
    # Entry points (one a route)
    # ------------------------------------------------------------------
    @api.model
    def _api_submit(self, payload, remote_ip):
        """File a complaint, or find the one filed with the same reference."""
        self._api_check_user()
        if not isinstance(payload, dict):
            return self._api_invalid({"body": self._api_not_object()})
        ref = payload.get("external_ref")
        done = self._api_find(ref, erased=True, readable=False)
        if done and not done.has_access("read"):
            # filed before and out of the channel's reach since (moved to a
            # company it does not serve): not filed twice, and said so
            return self._api_conflict(
                self.env._(
                    "A complaint with this reference was filed before and is no "
                    "longer within your reach: use another reference."
                )
            )
        if done.sudo().is_deidentified:  # sudo: whether it was erased
            # its reference stays taken: the channel is told, nothing filed
            return self._api_error(
                "gone", self.env._("This complaint was erased."), 410
            )
        fingerprint = self._api_fingerprint(payload)
        # sudo: the fingerprint is the administrator's; compared, never shown
        filed_as = done.sudo().api_request_hash
        if done and filed_as and filed_as != fingerprint:
            # a reference used again for another complaint: given the one
            # filed before, the channel would take the new one as filed
            return self._api_conflict(
                self.env._(
                    "A complaint with other content was filed before under this "
                    "reference: use another reference for a new complaint."
                )
            )
        if done:
            return done._api_read(), 200
        values, files, errors = self._api_validate(payload)
        if errors:
            return self._api_invalid(errors)
        RateLog = self.env["complaint.portal.rate.log"]
        if not RateLog._api_filing_allowed(remote_ip):
            return self._api_error(
                "rate_limited",
                self.env._(
                    "This channel has sent too many complaints in a short time. "
                    "Please try again later."
                ),
                429,
            )
        values["request_hash"] = fingerprint
        try:
            with self.env.cr.savepoint():
                complaint = self._api_file(values, files)
        except psycopg2.errors.UniqueViolation as error:
            if error.diag.constraint_name != UNIQUE_REF:
                raise
            # the same reference sent twice at once: the other request filed it;
            # retried by Odoo, this one finds it (above) and files nothing
            raise retry_later(error) from error
        return complaint._api_read(), 201

    @api.model
    def _api_fingerprint(self, payload):
        """The filing's content, whatever the order of its keys."""
        # ASCII escapes: half a character (a lone surrogate) hashes too
        text = json.dumps(payload, sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()

    @api.model
    def _api_get(self, ref):
        """The complaint this channel filed with this reference."""
        self._api_check_user()
        complaint = self._api_find(ref)
        if not complaint:
            return self._api_not_found()
        return complaint._api_read(), 200

    @api.model
    def _api_add_message(self, ref, payload):
        """The complainant's message (text and files) on the complaint."""
        self._api_check_user()
        complaint = self._api_find(ref)
        if not complaint:
            return self._api_not_found()
        if not isinstance(payload, dict):
            return self._api_invalid({"body": self._api_not_object()})
        # merged: the message goes where the case goes on
        complaint = complaint._api_target()
        errors = {}
        self._api_unknown_keys(payload, MESSAGE_KEYS, errors)
        # the channel's own reference of the message: sent again (a retry after
        # a lost answer), the message already posted is given back
        message_ref = payload.get("ref")
        fingerprint = self._api_fingerprint(payload)
        if message_ref is not None and not (
            isinstance(message_ref, str) and REF_RE.fullmatch(message_ref)
        ):
            errors["ref"] = self._api_ref_error()
        elif message_ref:
            replay = complaint._api_message_replay(message_ref, fingerprint)
            if replay:
                return replay
        text = self._api_text(payload, "body", MESSAGE_MAX_LENGTH, errors)
        files = self._api_files(payload.get("attachments"), errors)
        if not errors and files:
            file_errors = complaint._api_attachment_errors(files)
            if file_errors:
                errors["attachments"] = " ".join(file_errors)
        if not errors and not text and not files:
            errors["body"] = self.env._("Write a message or attach a file.")
        if errors:
            return self._api_invalid(errors)
        # each message is emailed to staff: the portal chatter's limit
        if not self.env["complaint.portal.rate.log"]._chatter_allowed(complaint):
            return self._api_error(
                "rate_limited",
                self.env._("Too many messages on this complaint: try again later."),
                429,
            )
        message = complaint._api_post_message(
            text, files, ref=message_ref, fingerprint=fingerprint
        )
        return {"message": complaint._api_message(message)}, 201

    # ------------------------------------------------------------------
    # The caller and its complaints
    # ------------------------------------------------------------------
    @api.model
    def _api_check_user(self):
        if not self.env.user.has_group(API_GROUP):
            raise AccessError(
                self.env._(
                    "This API key's user is not a complaint API channel user: ask "
                    "the administrator to add it to the Complaint API Channel group."
                )
            )

    @api.model
    def _api_find(self, ref, erased=False, readable=True):
        """The caller's complaint with this reference, if its record rule lets
        the caller read it (whether or not, without ``readable``); else an
        empty recordset. A de-identified one only with ``erased`` (its link
        and its reference lead nowhere else)."""
        Complaint = self.env["complaint.complaint"]
        if not isinstance(ref, str) or not REF_RE.fullmatch(ref):
            return Complaint
        # sudo: the reference fields are the administrator's; only the caller's
        # own complaint is looked up, and its record rule is checked below
        complaint = (
            Complaint.sudo()
            .search(
                [
                    ("api_user_id", "=", self.env.uid),
                    ("api_external_ref", "=", ref),
                    *([] if erased else [("is_deidentified", "=", False)]),
                ],
                limit=1,
            )
            .sudo(False)
        )
        if readable and not complaint.has_access("read"):
            return Complaint
        return complaint

    @api.model
    def _api_lang(self, codes):
        """The first installed language of ``codes`` (``zh-CN``, ``zh``...;
        the Accept-Language header's, best first), else the caller's."""
        installed = [code for code, _name in self.env["res.lang"].get_installed()]
        for code in codes or []:
            code = (code or "").replace("-", "_")
            for candidate in installed:
                if candidate.lower() == code.lower():
                    return candidate
            prefix = code.split("_")[0].lower()
            for candidate in installed:
                if prefix and candidate.split("_")[0].lower() == prefix:
                    return candidate
        user_lang = self.env.user.lang
        return user_lang if user_lang in installed else self.env.lang

    # ------------------------------------------------------------------
    # Filing
    # ------------------------------------------------------------------
    @api.model
    def _api_validate(self, payload):
        """Check a new complaint; return ``(values, files, errors)``, errors
        keyed by field (``complainant.email`` for a complainant's field)."""
        errors = {}
        self._api_unknown_keys(payload, FILING_KEYS, errors)
        ref = payload.get("external_ref")
        if not isinstance(ref, str) or not ref.strip():
            errors["external_ref"] = self.env._(
                "Give the reference of the complaint in your software."
            )
        elif not REF_RE.fullmatch(ref):
            errors["external_ref"] = self._api_ref_error()
        text = {
            key: self._api_text(payload, key, MAX_LENGTHS[key], errors)
            for key in ("subject", "description", "requested_remedy")
        }
        if "subject" not in errors and not text["subject"]:
            errors["subject"] = self.env._("Give your complaint a short title.")
        if "description" not in errors and not text["description"]:
            errors["description"] = self.env._("Describe the problem.")
        raw_date = payload.get("date_problem")
        if raw_date is not None and not isinstance(raw_date, str):
            errors["date_problem"] = self.env._("Give a valid date, not in the future.")
            raw_date = None
        values = {
            "external_ref": ref,
            "subject": text["subject"],
            # escaped: the description field is HTML, what people type is text
            "description": plaintext2html(text["description"]),
            "date_problem": self.env["complaint.complaint"]._portal_parse_date(
                raw_date, errors
            ),
            "requested_remedy": text["requested_remedy"] or False,
            "channel": self._api_channel(payload.get("channel"), errors),
            **self._api_complainant_values(payload.get("complainant"), errors),
            **self._api_validate_privacy(payload, errors),
        }
        files = self._api_files(payload.get("attachments"), errors)
        if files and "attachments" not in errors:
            file_errors = self.env.company._complaint_attachment_errors(
                files, share=True
            )
            if file_errors:
                errors["attachments"] = " ".join(file_errors)
        return values, files, errors

    @api.model
    def _api_unknown_keys(self, data, known, errors, prefix=""):
        """A key the API does not know is an error, not dropped: a misspelt
        contact field would file an anonymous complaint nobody can call back."""
        for key in data:
            if key not in known:
                errors[f"{prefix}{key}"] = self.env._(
                    "Unknown field: see the API's documentation for the fields "
                    "it takes."
                )

    @api.model
    def _api_complainant_values(self, complainant, errors):
        """Name, email, phone, any of them or none, as on the portal: a
        complainant may give no contact details at all (anonymous)."""
        if complainant is None:
            complainant = {}
        if not isinstance(complainant, dict):
            errors["complainant"] = self._api_not_object()
            return {}
        self._api_unknown_keys(complainant, COMPLAINANT_KEYS, errors, "complainant.")
        limits = {"name": MAX_LENGTHS["name"], "email": MAX_LENGTHS["email"]}
        text = {
            key: self._api_text(
                complainant, key, limits.get(key), errors, f"complainant.{key}"
            )
            for key in ("name", "email", "phone")
        }
        # checked as on the portal's form (a Chinese keyboard's ＠ and digits)
        text["email"], text["phone"] = checked_contact(
            self.env, text["email"], text["phone"], errors, "complainant."
        )
        return {f"complainant_{key}": value for key, value in text.items()}

    @api.model
    def _api_channel(self, code, errors):
        """The channel named by its code, else the API's own channel."""
        # sudo: channel users read no channel configuration; active channels only
        channel = self.env["complaint.channel"].sudo()
        if code is None or code == "":
            # the API's own channel, unless an administrator removed it
            channel = (
                channel.env.ref(
                    "complaint_portal.complaint_channel_api", raise_if_not_found=False
                )
                or channel
            ).filtered("active")
        elif isinstance(code, str):
            channel = channel.search([("code", "=", sent_text(code).strip())], limit=1)
        if not channel:
            errors["channel"] = self.env._(
                "Unknown channel: give the code of an active complaint channel."
            )
        return channel

    @api.model
    def _api_file(self, values, files):
        """Create the complaint from checked values, with its files and the
        receipt by email when the complainant gave an address."""
        partner = self._api_complainant(values)
        # sudo: channel users cannot create complaints; every value is checked
        # above or decided here. No subscription: the channel's user follows
        # nothing, it reads the complaint through the API.
        Complaint = self.env["complaint.complaint"].sudo()
        Complaint = Complaint.with_context(
            mail_create_nosubscribe=True,
            **Complaint._privacy_intake_context("api", values["privacy_notice"]),
        )
        complaint = Complaint.create(
            {
                "subject": values["subject"],
                "description": values["description"],
                "date_problem": values["date_problem"],
                "requested_remedy": values["requested_remedy"],
                "partner_id": partner.id,
                "is_anonymous": not partner,
                "channel_id": values["channel"].id,
                "company_id": self.env.company.id,
                "api_user_id": self.env.uid,
                "api_external_ref": values["external_ref"],
                "api_request_hash": values["request_hash"],
                **values["privacy"],
            }
        )
        complaint._portal_attach_files(files)
        complaint._portal_ensure_token()
        if partner.email:
            complaint._message_to_complainant(
                "complaint_portal.mail_template_complaint_portal_receipt"
            )
            complaint.date_receipt_sent = fields.Datetime.now()
        return complaint.sudo(False)

    @api.model
    def _api_complainant(self, values):
        """A new contact for each complaint, as for the portal's visitors: the
        channel's data are not verified, so they are never matched to an
        existing customer. None for a complainant who gave nothing."""
        # in the company's language: the request's is the channel software's
        # (its errors are answered in it), not its customer's
        company_lang = self.env.company.sudo()._complaint_lang()  # sudo: its language
        return (
            self.env["complaint.complaint"]
            .with_context(lang=company_lang)
            ._new_complainant_contact(
                values["complainant_name"],
                values["complainant_email"],
                values["complainant_phone"],
            )
        )
