import io
import json
import re
import zipfile
from datetime import timezone

from odoo import api, fields, models
from odoo.tools import html2plaintext

PUBLIC_MESSAGE_TYPES = ("comment", "email", "email_outgoing")


def _plain(html):
    return html2plaintext(html or "").strip()


def _moment(value):
    """A moment of the export in ISO 8601 with its offset (UTC): read
    anywhere, it is not taken for a local time."""
    return value.replace(tzinfo=timezone.utc).isoformat() if value else None


def _safe(name):
    return re.sub(r"[^\w.\-]+", "_", name or "file").strip("._") or "file"


class ComplaintPrivacyExport(models.AbstractModel):
    """What the export of a complainant's personal data holds (the archive
    handed over on an access or copy request): their complaints' facts,
    their conversation, their files and consents. Composed into
    ``complaint.privacy.service``, which finds the person's complaints."""

    _name = "complaint.privacy.export"
    _description = "Complainant's Personal Data: the Export"

    @api.model
    def _export_zip(self, partner, company, by_email=False):
        """A zip: ``complaints.json`` (with remedies), ``messages.json`` (the
        messages and emails exchanged with the person, not the internal notes
        nor the system's notifications), ``consents.json`` and the files under
        ``attachments/<complaint>/``. Handed to the person: worded in their
        language (their contact's, else the company's), whoever exports it."""
        self = self.with_context(lang=company._complaint_lang(partner.lang))  # noqa: PLW0642
        complaints = self._complaints_of(partner, company, by_email)
        elsewhere, uploads = self.env["complaint.privacy.elsewhere"]._find(
            partner, company, complaints
        )
        # on their complaints, not what the complainant of a complaint merged
        # into one of theirs wrote there: that is the other person's data
        others = self._others(partner, complaints)
        own = self._not_others(self._public_messages(complaints), others)
        messages = (own | elsewhere).sorted(lambda message: (message.date, message.id))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr(
                "complaints.json",
                self._json([self._complaint_data(c, others) for c in complaints]),
            )
            archive.writestr(
                "messages.json",
                self._json([self._message_data(m) for m in messages]),
            )
            archive.writestr(
                "consents.json",
                self._json(
                    [
                        self._consent_data(c)
                        for c in complaints.sudo().consent_ids  # sudo: their data
                        # a merged-in complainant's, copied with the merge: theirs
                        if c.partner_id not in others
                    ]
                ),
            )
            files = self._attachments(complaints, messages, others) | uploads
            for attachment in files:
                complaint = complaints.browse(attachment.res_id)
                folder = _safe(complaint.name) if complaint else "messages"
                archive.writestr(
                    f"attachments/{folder}/{attachment.id}-{_safe(attachment.name)}",
                    attachment.raw or b"",
                )
        return buffer.getvalue()

    @api.model
    def _public_messages(self, complaints):
        # sudo: notes are excluded by the domain, not by the reader's rights
        return (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", "complaint.complaint"),
                    ("res_id", "in", complaints.ids),
                    ("message_type", "in", PUBLIC_MESSAGE_TYPES),
                    ("is_internal", "=", False),
                    # the conversation with the person (what the portal shows):
                    # not the notes, nor emails to others (the forward to a party)
                    ("subtype_id", "=", self.env.ref("mail.mt_comment").id),
                ],
                order="date, id",
            )
        )

    @api.model
    def _others(self, partner, complaints):
        """The complainants of the complaints merged into the person's: what
        they wrote, uploaded and rated moved there with the merge and is
        theirs, not the person's."""
        # sudo: as _complaints_of
        merged_in = complaints.sudo().with_context(active_test=False)._merge_sources()
        return merged_in.partner_id - complaints.partner_id - partner

    @api.model
    def _not_others(self, messages, others):
        """``messages`` but those written by ``others`` (:meth:`_others`)."""
        return messages.filtered(lambda message: message.author_id not in others)

    @api.model
    def _attachments(self, complaints, messages, others):
        """The files of the person's public messages and those they uploaded
        to their complaints (portal, API), not the staff's working files nor
        those of ``others`` (:meth:`_others`)."""
        Attachment = self.env["ir.attachment"].sudo()  # sudo: as _complaints_of
        on_complaints = Attachment.search(
            [
                ("res_model", "=", "complaint.complaint"),
                ("res_id", "in", complaints.ids),
                ("create_uid.share", "=", True),
                ("create_uid.partner_id", "not in", others.ids),
            ]
        )
        notes = (
            self.env["mail.message"]
            .sudo()  # sudo: as _complaints_of
            .search(
                [
                    ("model", "=", "complaint.complaint"),
                    ("res_id", "in", complaints.ids),
                    ("id", "not in", messages.ids),
                ]
            )
        )
        return (on_complaints | messages.attachment_ids) - notes.attachment_ids

    @api.model
    def _json(self, data):
        return json.dumps(data, ensure_ascii=False, indent=2, default=str)

    @api.model
    def _label(self, record, field_name):
        value = record[field_name]
        selection = dict(record._fields[field_name]._description_selection(self.env))
        return selection.get(value, value) if value else None

    @api.model
    def _complaint_data(self, complaint, others):
        """What the company holds of the person on ``complaint``: its facts,
        the contact data given with it, what was claimed and offered, the
        rating they gave and the cases they took outside."""
        # the complainant's own documents only (another customer's linked by
        # mistake is not theirs to receive)
        refs = complaint._sale_refs()
        return {
            "number": complaint.name,
            "complainant": {
                "name": complaint.complainant_name or None,
                "email": complaint.complainant_email or None,
                "phone": complaint.complainant_phone or None,
                "contact": complaint.contact_name or None,
                "representative": complaint.representative_name or None,
            },
            "amount_claimed": complaint.amount_claimed or None,
            "products": complaint.product_ids.mapped("display_name"),
            "order": refs["order"] or None,
            "invoice": refs["invoice"] or None,
            "received_on": _moment(complaint.date_received),
            "closed_on": _moment(complaint.date_closed),
            "channel": complaint.channel_id.name or None,
            "category": complaint.category_id.name or None,
            "subject": complaint.subject,
            "description": _plain(complaint.description),
            "problem_date": fields.Date.to_string(complaint.date_problem) or None,
            "requested_remedy": complaint.requested_remedy or None,
            "state": self._label(complaint, "state"),
            "decision": self._label(complaint, "decision"),
            "rejection_reason": complaint.rejection_reason or None,
            "resolution": _plain(complaint.resolution_summary) or None,
            "remedies": [
                {
                    "type": remedy.type_id.name,
                    "description": remedy.description or None,
                    "amount": remedy.amount,
                    "state": self._label(remedy, "state"),
                }
                for remedy in complaint.remedy_ids
            ],
            "ratings": [
                {
                    "rating": rating.rating,
                    "feedback": rating.feedback or None,
                    "date": _moment(rating.write_date),
                }
                for rating in complaint.rating_ids.filtered(
                    # not those of ``others`` (:meth:`_others`)
                    lambda r: r.consumed and r.partner_id not in others
                )
            ],
            "spill_over_cases": [
                {
                    "body": case.body_id.name,
                    "reference": case.reference or None,
                    "received_on": fields.Date.to_string(case.date_received),
                    "outcome": self._label(case, "outcome"),
                    "verdict": self._label(case, "verdict"),
                }
                for case in complaint.external_case_ids
            ],
            "de_identified": complaint.is_deidentified,
        }

    @api.model
    def _message_data(self, message):
        return {
            "complaint": self.env["complaint.complaint"]
            .sudo()  # sudo: as _complaints_of
            .browse(message.res_id)
            .name,
            "date": _moment(message.date),
            "author": self._author_name(message),
            "subject": message.subject or None,
            "body": _plain(message.body),
            "attachments": message.attachment_ids.mapped("name"),
        }

    @api.model
    def _author_name(self, message):
        """Staff write as the company, as the complainant saw them (a handler's
        own name is never given to the complainant)."""
        # staff who left too (archived: their name stays theirs)
        author = message.author_id.sudo().with_context(active_test=False)
        if author.user_ids.filtered(lambda user: not user.share):
            return (
                self.env["complaint.complaint"]
                .sudo()  # sudo: as _complaints_of
                .browse(message.res_id)
                .company_id.name
            )
        return author.name or message.email_from or None

    @api.model
    def _consent_data(self, consent):
        return {
            "complaint": consent.complaint_id.name,
            "type": self._label(consent, "consent_type"),
            "notice_version": consent.notice_id.version or None,
            "channel": self._label(consent, "channel"),
            "given_on": _moment(consent.date),
            "withdrawn_on": _moment(consent.date_withdrawn),
        }

    # ------------------------------------------------------------------
    # Erasure
    # ------------------------------------------------------------------
