from datetime import UTC

import psycopg2
from markupsafe import Markup

from odoo import fields, models
from odoo.osv import expression
from odoo.tools import html2plaintext, parse_contact_from_email, plaintext2html
from odoo.tools.misc import hmac

from .complaint_api import API_GROUP
from .complaint_complaint_submission import retry_later
from .mail_message import API_MESSAGE_ID_SUFFIX, UNIQUE_API_MESSAGE_ID

# The dates of the steps a channel may show, under their names in the API.
API_DATES = {
    "received": "date_received",
    "registered": "date_registered",
    "acknowledged": "date_acknowledged",
    "assessed": "date_assessed",
    "investigation": "date_investigation",
    "proposed": "date_proposed",
    "decision": "date_decision",
    "closed": "date_closed",
    "reopened": "date_reopened",
}


def api_datetime(value):
    """A UTC datetime as ISO 8601 with its offset (None when empty)."""
    return value.replace(tzinfo=UTC).isoformat() if value else None


class ComplaintApiMixin(models.AbstractModel):
    """A complaint filed by another intake channel through the JSON API.

    The channel's software is a dedicated user of the group *Complaint API
    Channel*. A complaint it files is its own (``api_user_id``): the group's
    record rule lets it read those and no other, whoever asks (the API routes,
    JSON-RPC, the ORM). The channel's own reference is unique per channel user,
    so the same complaint sent again is found, never filed twice.

    The methods below are called on a complaint the API user may read; they
    answer what the complainant would see on the portal, nothing more.
    """

    _name = "complaint.api.mixin"
    _description = "Complaint filed through the JSON API"

    # The owner and the key of idempotency: set once by the API (as superuser),
    # never by a write, as the portal's submission key.
    api_user_id = fields.Many2one(
        "res.users",
        string="Filed by API User",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="base.group_system",
        help="The channel user who filed the complaint through the JSON API.",
    )

    def _api_is_filer(self):
        """Whether the current user is the API channel that filed ``self``."""
        self.ensure_one()
        # sudo: the field is for administrators; compared, never shown
        complaint = self.sudo()
        if complaint.api_user_id == self.env.user:
            return True
        # a complaint merged into this one (through any number of merges) was
        # filed here too (looked up only for a channel's user: a complainant's
        # page asks it at every view)
        if not self.env.user.has_group(API_GROUP):
            return False
        return self.env.user in complaint._merge_sources().api_user_id

    api_external_ref = fields.Char(
        string="Channel Reference",
        readonly=True,
        copy=False,
        groups="base.group_system",
        help="The complaint's reference in the channel's own software.",
    )

    api_request_hash = fields.Char(
        string="Channel Request Fingerprint",
        readonly=True,
        copy=False,
        groups="base.group_system",
        help="SHA-256 of the filing as the channel sent it: the same reference "
        "sent again with other content is another complaint, refused.",
    )

    _sql_constraints = [
        (
            "api_external_ref_uniq",
            "unique(api_user_id, api_external_ref)",
            "This channel already filed a complaint with this reference.",
        )
    ]

    # ------------------------------------------------------------------
    # What the channel reads
    # ------------------------------------------------------------------
    def _api_read(self):
        """The complaint as the channel reads it: status, dates, time limits
        and the public conversation."""
        self.ensure_one()
        complaint = self._api_target()
        return {
            "id": complaint.id,
            "external_ref": self.api_external_ref,
            "tracking_number": complaint.name,
            # merged into another complaint: the case goes on there
            "merged_from": self.name if complaint != self else None,
            "subject": complaint.subject,
            "state": complaint.state,
            "state_label": complaint._state_label(),
            "status_text": complaint._portal_status_text(),
            "next_step": complaint._portal_next_step_text(),
            # who handles it, under the public name the portal shows
            "handler": complaint.handler_public_name or None,
            "proposal": complaint._api_proposal(),
            "waiting_for_complainant": complaint._portal_waiting_for_customer(),
            "stage": complaint.stage_id.name or None,
            "channel": complaint.channel_id.code or None,
            "date_problem": fields.Date.to_string(complaint.date_problem) or None,
            "dates": {
                key: api_datetime(complaint[fname]) for key, fname in API_DATES.items()
            },
            "time_limits": [
                {
                    "label": label,
                    "deadline": api_datetime(deadline),
                    "paused": not deadline,
                }
                for label, deadline in complaint._portal_time_limits()
            ],
            "portal_url": complaint.get_base_url() + complaint.get_portal_url(),
            "messages": [
                complaint._api_message(message)
                for message in complaint._api_public_messages()
            ],
        }

    def _api_proposal(self):
        """The proposal the complainant holds or answered, as the portal page
        shows it (None without one): its remedies in words and amounts, and
        where the complainant answers it (the page, by its secure link)."""
        self.ensure_one()
        remedies = self._portal_remedies()
        if not remedies:
            return None
        return {
            "sent": api_datetime(self.date_proposed),
            "revising": self._portal_revising_proposal(),
            "remedies": [
                {
                    "type": remedy.type_id.name,
                    "description": remedy.description or None,
                    "amount": remedy.amount or None,
                    "currency": remedy.currency_id.name if remedy.amount else None,
                    "text": remedy._terms_text(),
                }
                for remedy in remedies
            ],
            "answer_url": self.get_base_url() + self.get_portal_url(),
        }

    def _api_target(self):
        """The complaint the channel's complaint ``self`` carries on: itself,
        or the one it was merged into (where its messages went and where the
        staff work), as the portal page follows a merge."""
        self.ensure_one()
        self.check_access("read")
        # sudo: access checked just above; a merge only joins the complaints
        # of one complainant
        return self.sudo()._portal_merge_kept()

    def _api_public_messages(self):
        """The conversation the complainant sees on the portal page: public
        comments with a text or files; no internal note, no tracking."""
        self.ensure_one()
        Message = self.env["mail.message"].sudo()  # sudo: filtered as the portal does
        domain = expression.AND(
            [
                Message._get_search_domain_share(),
                self._fields["website_message_ids"].get_domain_list(self),
                [
                    ("res_id", "=", self.id),
                    "|",
                    ("body", "!=", ""),
                    ("attachment_ids", "!=", False),
                    ("subtype_id", "=", self.env.ref("mail.mt_comment").id),
                ],
            ]
        )
        return Message.search(domain, order="date asc, id asc")

    def _api_anonymous_author(self):
        """Who writes for a complainant without contact data on a complaint
        filed through the API: the channel's user (its messages are theirs)."""
        self.ensure_one()
        complaint = self.sudo()  # sudo: who filed it, whoever reads
        if complaint.partner_id or not complaint.api_user_id:
            return self.env["res.partner"]
        return complaint.api_user_id.partner_id

    def _api_is_anonymous_message(self, message):
        """A public comment the channel posted for a complainant without
        contact data (the complainant's own message)."""
        # sudo: the subtype and author of a message just posted
        message_sudo = message.sudo()
        return bool(
            message_sudo.message_type == "comment"
            and message_sudo.subtype_id
            and not message_sudo.subtype_id.internal
            and message_sudo.author_id
            and message_sudo.author_id == self._api_anonymous_author()
        )

    def _api_message(self, message):
        """One message as the channel reads it; staff are named as on the
        portal (public handler name), whatever kind of user the channel is."""
        self.ensure_one()
        Message = self.env["mail.message"]
        author = message.sudo().author_id  # sudo: the name is shown, as on the portal
        staff = author and Message._complaint_staff_user(author)
        return {
            "id": message.id,
            "date": api_datetime(message.date),
            # a mail sent in the team's or company's name has no author: its
            # sender's name, not its address
            "author": (
                Message._complaint_staff_public_name(staff, self)
                if staff
                else author.name
                or parse_contact_from_email(message.email_from or "")[0]
            ),
            "from_complainant": bool(author)
            and author in (self.partner_id or self._api_anonymous_author()),
            "body": str(message.body or Markup()),
            "text": html2plaintext(message.body or ""),
            "attachments": [
                {
                    "id": attachment.id,
                    "name": attachment.name,
                    "mimetype": attachment.mimetype,
                    "size": attachment.file_size,
                    # the file by its own key, as the portal page links it
                    "url": "%s/web/content/%s?access_token=%s&download=true"
                    % (
                        self.get_base_url(),
                        attachment.id,
                        attachment.generate_access_token()[0],
                    ),
                }
                # sudo: the files of a public message, as the portal shows them
                for attachment in message.sudo().attachment_ids
            ],
        }

    # ------------------------------------------------------------------
    # What the channel does for the complainant
    # ------------------------------------------------------------------
    def _api_attachment_errors(self, files):
        """The complainants' attachment policy for files added to the
        conversation, counting what complainants already attached."""
        self.ensure_one()
        company = self.sudo().company_id  # sudo: the policy of its company
        return company._complaint_attachment_errors(
            files, share=True, already=self._portal_files_size()
        )

    def _api_post_message(self, text, files, ref=None, fingerprint=None):
        """Post the complainant's message with its files, as the portal posts
        a complainant's answer: a public comment authored by the complainant,
        which reopens a closed complaint within the reopening period.

        :param text: plain text (escaped here)
        :param files: list of ``(file name, bytes)``, already checked
        :param ref: the channel's reference of the message, kept as its
            Message-Id (see :meth:`_api_message_by_ref`)
        :param fingerprint: the request's content, kept with a referenced
            message to tell a retry from another message under its reference
        """
        self.ensure_one()
        self.check_access("read")
        # sudo: access checked just above; the channel writes for the complainant
        complaint = self.sudo().with_context(mail_create_nosubscribe=True)
        extra = {"message_id": self._api_message_id(ref)} if ref else {}
        try:
            with self.env.cr.savepoint():
                message = complaint.message_post(
                    body=plaintext2html(text) if text else "",
                    # a complainant without contact data writes through the
                    # channel: its user is the author (no author at all
                    # would be nobody's message)
                    author_id=(
                        complaint.partner_id or complaint._api_anonymous_author()
                    ).id,
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                    attachments=files,
                    **extra,
                )
        except psycopg2.errors.UniqueViolation as error:
            if error.diag.constraint_name != UNIQUE_API_MESSAGE_ID:
                raise
            # the same reference sent twice at once: the other request posted
            # it; retried by Odoo, this one finds it and posts nothing
            raise retry_later(error) from error
        if ref:
            # not a value message_post takes: set on the message just posted
            message.complaint_api_fingerprint = fingerprint
        return message

    def _api_message_id(self, ref):
        """The Message-Id of the channel's message ``ref`` on ``self``: per
        channel user and complaint (two channels may use the same ref), and
        signed: an email naming it in its References would be routed into
        the complaint, and one carrying it as its own Message-Id would block
        the channel's message, so nobody outside may guess it from the ref."""
        signature = hmac(
            self.env(su=True),
            "complaint-api-message",
            f"{ref}.{self.env.uid}.{self.id}",
        )[:32]
        return f"<{signature}.{self.env.uid}.{self.id}{API_MESSAGE_ID_SUFFIX}"

    def _api_legacy_message_id(self, ref):
        # before version 18.0.1.0.3 the ref itself: still found, never written
        return f"<{ref}.{self.env.uid}.{self.id}{API_MESSAGE_ID_SUFFIX}"

    def _api_message_replay(self, ref, fingerprint):
        """The answer to a message sent again under ``ref``: the message
        posted the first time (a retry after a lost answer), or a conflict
        when its content differs; None when nothing was posted under it."""
        posted = self._api_message_by_ref(ref)
        # sudo: the fingerprint is the administrator's; compared, never shown
        posted_as = posted.sudo().complaint_api_fingerprint
        if posted_as and posted_as != fingerprint:
            # a reference used again for another message: given the one
            # posted before, the channel would take the new one as posted
            return self.env["complaint.api"]._api_conflict(
                self.env._(
                    "A message with other content was posted before under "
                    "this reference: use another reference for a new message."
                )
            )
        if posted:
            return {"message": self._api_message(posted)}, 200
        return None

    def _api_message_by_ref(self, ref):
        """The message this channel already posted under ``ref``, if any:
        wherever staff have moved it since (a merge, a split)."""
        self.ensure_one()
        self.check_access("read")
        # a message posted on a complaint since merged into this one (through
        # any number of merges) moved here with the Message-Id it was given there
        # sudo: the caller's own complaint, checked just above
        posted_on = self.sudo() | self.sudo()._merge_sources()
        signed, legacy = [], []
        for complaint in posted_on.with_env(self.env):
            signed.append(complaint._api_message_id(ref))
            legacy.append(complaint._api_legacy_message_id(ref))
        return (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", self._name),
                    "|",
                    # signed for this channel and complaint: found on whichever
                    # complaint it lies now (a split moves it to the new one)
                    ("message_id", "in", signed),
                    # an old Message-Id anyone could write (an email, a
                    # follower): only the channel's own messages, here, count
                    "&",
                    "&",
                    ("message_id", "in", legacy),
                    ("res_id", "in", posted_on.ids),
                    ("create_uid", "=", self.env.uid),
                ],
                limit=1,
            )
        )
