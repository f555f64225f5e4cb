from odoo import api, models
from odoo.tools import format_list

from .complaint_privacy_export import PUBLIC_MESSAGE_TYPES


class ComplaintPrivacyElsewhere(models.AbstractModel):
    """What a person wrote and uploaded on complaints that are not theirs.

    A merge joins the complaints of one customer, whichever of its contacts
    filed them: the merged complaint's messages and files then sit on a
    colleague's complaint. They are still the person's data: their export
    carries them, their erasure removes them once that complaint is finished
    (complaint.privacy.service calls both)."""

    _name = "complaint.privacy.elsewhere"
    _description = "Complainant's Personal Data on Others' Complaints"

    @api.model
    def _find(self, partner, company, complaints):
        """The person's public messages and uploaded files on the complaints
        of ``company`` that ``complaints`` (theirs) were merged into, and
        that are not theirs: a pair of recordsets, as superuser (the privacy
        officer's check is done). Only their own words: not the staff's
        replies there, nor what they wrote on other complaints (a
        representative's messages on their clients' are the clients' cases)."""
        hosts = (
            complaints.filtered("merged_into_id")._merge_resolve() - complaints
        ).filtered(lambda complaint: complaint.company_id == company)
        # sudo: the person's data wherever it is, for the privacy officer
        Message = self.env["mail.message"].sudo()
        Attachment = self.env["ir.attachment"].sudo()
        if not hosts:
            return Message, Attachment
        messages = Message.search(
            [
                ("model", "=", "complaint.complaint"),
                ("res_id", "in", hosts.ids),
                ("author_id", "=", partner.id),
                ("message_type", "in", PUBLIC_MESSAGE_TYPES),
                ("is_internal", "=", False),
                ("subtype_id", "=", self.env.ref("mail.mt_comment").id),
            ],
            order="date, id",
        )
        # their portal accounts' uploads (a visitor's form files under the
        # contact of its own, found by email by the service)
        users = partner.sudo().with_context(active_test=False).user_ids
        uploads = Attachment.search(
            [
                ("res_model", "=", "complaint.complaint"),
                ("res_id", "in", hosts.ids),
                ("create_uid", "in", users.filtered("share").ids),
            ]
        )
        return messages, uploads

    @api.model
    def _waiting(self, complaints):
        """Those of ``complaints`` merged into a complaint not theirs that is
        still handled or kept permanently: it holds their part, which only
        they lead to."""
        return complaints.filtered(
            lambda complaint: complaint.merged_into_id
            and (host := complaint._merge_resolve()) not in complaints
            and (host.is_open or host.keep_permanently)
        )

    @api.model
    def _waiting_lines(self, waiting):
        """The request's outcome about the complaints :meth:`_waiting` kept."""
        if not waiting:
            return []
        return [
            self.env._(
                "Kept: complaint(s) %(names)s, merged into %(hosts)s of another "
                "contact of the same customer, still being handled or kept "
                "permanently; they are erased on a new request once that "
                "complaint is finished.",
                names=format_list(self.env, waiting.mapped("name")),
                hosts=format_list(self.env, waiting._merge_resolve().mapped("name")),
            )
        ]

    @api.model
    def _merged_hosts(self, partner, company):
        """The complaints of ``company`` that the person's complaints there
        were merged into: another company's are not its request's to erase
        (nor to name in its outcome)."""
        # sudo: as _find
        own = (
            self.env["complaint.complaint"]
            .sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("partner_id", "=", partner.id),
                    ("merged_into_id", "!=", False),
                    ("company_id", "=", company.id),
                ]
            )
        )
        return (own._merge_resolve() - own).filtered(
            lambda complaint: complaint.company_id == company
        )

    @api.model
    def _erase_consents_and_ratings(self, partner, hosts):
        """The person's consents a merge copied to ``hosts`` stay as evidence
        without them; their ratings keep the value, not the person or words."""
        # sudo: evidence and ratings, as the de-identification treats them
        self.env["complaint.privacy.consent"].sudo().search(
            [("complaint_id", "in", hosts.ids), ("partner_id", "=", partner.id)]
        ).write({"partner_id": False, "user_id": False})
        ratings = (
            self.env["rating.rating"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "complaint.complaint"),
                    ("res_id", "in", hosts.ids),
                    ("partner_id", "=", partner.id),
                ]
            )
        )
        ratings._complaint_forget_rater()

    @api.model
    def _hosts(self, messages, uploads):
        """The complaints holding ``messages`` and ``uploads``."""
        ids = set(messages.mapped("res_id")) | set(uploads.mapped("res_id"))
        # sudo: as _find
        return (
            self.env["complaint.complaint"]
            .sudo()
            .with_context(active_test=False)
            .browse(ids)
            .exists()
        )

    @api.model
    def _erase(self, messages, uploads, partner=None, company=None):
        """Remove ``messages`` and ``uploads`` (:meth:`_find`) from finished
        complaints, as a de-identification does on the person's own, with
        ``partner``'s consents and ratings the merge brought there; say
        which complaints keep them and why (lines of the request's outcome)."""
        hosts = self._hosts(messages, uploads)
        if partner and company:
            hosts |= self._merged_hosts(partner, company)
        kept = hosts.filtered(lambda c: c.is_open or c.keep_permanently)
        erasable = hosts - kept
        messages = messages.filtered(lambda m: m.res_id in erasable.ids)
        files = uploads.filtered(lambda f: f.res_id in erasable.ids)
        # a rating keeps its value for the statistics: core deletes a
        # message's ratings with it
        self.env["rating.rating"].sudo().search(  # sudo: as _find
            [("message_id", "in", messages.ids)]
        )._complaint_forget_rater()
        (files | messages.attachment_ids).unlink()
        messages.tracking_value_ids.unlink()
        messages.unlink()
        if partner and erasable:
            self._erase_consents_and_ratings(partner, erasable)
        lines = []
        if erasable:
            lines.append(
                self.env._(
                    "Erased: their messages and files on complaint(s) %(names)s of "
                    "another contact of the same customer (merged there).",
                    names=format_list(self.env, erasable.mapped("name")),
                )
            )
        if kept:
            lines.append(
                self.env._(
                    "Kept: their messages and files on complaint(s) %(names)s of "
                    "another contact of the same customer (merged there), still "
                    "being handled or kept permanently; they are erased on a new "
                    "request once that complaint is finished, or with it.",
                    names=format_list(self.env, kept.mapped("name")),
                )
            )
        return lines
