import base64
import logging

import psycopg2

from odoo import api, fields, models
from odoo.osv import expression
from odoo.tools import human_size
from odoo.tools.sql import index_exists

from .staff_masking import (
    USER_FIELDS,
    grouped_fields,
    masked_staff_users,
    named_fields,
    rename_groups,
    rename_read,
    rename_web_read,
)

_logger = logging.getLogger(__name__)

COMPLAINT_MODEL = "complaint.complaint"
NEUTRAL_AVATAR_PATH = "complaint_portal/static/src/img/handler_avatar.png"
NEUTRAL_AVATAR_URL = f"/{NEUTRAL_AVATAR_PATH}"
AUTHOR_FIELDS = {"author_id", "email_from", "author_avatar"}
# the Message-Id of a message an intake channel posted under its own reference
# (complaint.api.mixin._api_message_id)
API_MESSAGE_ID_SUFFIX = "@complaint-api>"
UNIQUE_API_MESSAGE_ID = "mail_message_complaint_api_message_id_uniq"


class MailMessage(models.Model):
    """Handler privacy: complainants never get a handler's own identity.

    For a complainant-side reader (a portal user, or the public user holding a
    link) a message on a complaint written by staff is shown under the public
    handler name, without the handler's name, address or photo, on every way
    out: the Store data of the web and portal chatter (``_author_to_store``;
    staff recipients and reactions through ``res.partner._to_store``), the
    portal chatter format, ``read``/``search_read``/``web_read``/``read_group``
    over JSON-RPC and the author avatar routes (``ir.binary`` below). Internal
    users and messages on other models are unchanged.

    And a channel's message reference is posted once: the JSON API gives back
    the message already posted under a reference (a retry after a lost
    answer); two requests with the same reference at the same moment would
    both miss it, so a unique index on the Message-Ids the API gives makes
    the second fail, and Odoo retries it, which then finds the first one's.
    Sent again with other content, the reference is refused: the message
    keeps the fingerprint of what the channel sent under it.
    """

    _inherit = "mail.message"

    # set by the JSON API only (as superuser); compared, never shown
    complaint_api_fingerprint = fields.Char(
        string="API Message Fingerprint",
        readonly=True,
        copy=False,
        groups="base.group_system",
    )

    def init(self):
        super().init()
        if index_exists(self.env.cr, UNIQUE_API_MESSAGE_ID):
            return
        try:
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    f"CREATE UNIQUE INDEX {UNIQUE_API_MESSAGE_ID} "  # noqa: S608
                    "ON mail_message (message_id) WHERE message_id LIKE %s",
                    [f"%{API_MESSAGE_ID_SUFFIX}"],
                )
        except psycopg2.errors.UniqueViolation:
            # posted twice before this index existed: kept, and said
            _logger.warning(
                "Messages posted twice under the same API reference exist: the "
                "index %s is not created until one of each pair is removed.",
                UNIQUE_API_MESSAGE_ID,
            )

    # ------------------------------------------------------------------
    # Who and what is hidden
    # ------------------------------------------------------------------
    @api.model
    def _complaint_hides_staff(self):
        """Whether the current user reads as a complainant."""
        user = self.env.user
        return bool(user) and (user._is_public() or user.share)

    @api.model
    def _complaint_staff_user(self, partner):
        """The internal user behind ``partner`` (archived users included), if any."""
        # sudo: whether a contact is staff is not readable by complainants
        users = (
            partner.sudo()
            .with_context(active_test=False)
            .user_ids.filtered(lambda u: not u.share)
        )
        return users.filtered("complaint_display_name")[:1] or users[:1]

    @api.model
    def _complaint_staff_public_name(self, user, complaint=None):
        """Name a complainant sees for ``user``: their public handler name, else
        the complaint's team, else the generic handler name."""
        user = user.sudo()  # sudo: the public name is meant for complainants
        if user.complaint_display_name:
            return user.complaint_display_name
        team_name = complaint and complaint.sudo().team_id.name  # sudo: a public name
        return team_name or user._complaint_public_name()

    def _complaint_masked_authors(self):
        """``{message id: public name}`` for the messages of ``self`` whose staff
        author the current user must not see (empty for internal users)."""
        if not self._complaint_hides_staff():
            return {}
        masked = {}
        # sudo: only the thread and whether the author is staff are read
        for message in self.sudo():
            if message.model != COMPLAINT_MODEL or not message.author_id:
                continue
            staff = self._complaint_staff_user(message.author_id)
            if staff:
                complaint = self.env[COMPLAINT_MODEL].browse(message.res_id)
                masked[message.id] = self._complaint_staff_public_name(staff, complaint)
        return masked

    def _complaint_masked_users(self, fnames):
        """``{message id: {field: public name}}`` for the staff users in the
        ``fnames`` (``create_uid``, ``write_uid``) of complaint messages."""
        Complaint = self.env[COMPLAINT_MODEL]
        return masked_staff_users(
            self,
            fnames,
            lambda message: message.model == COMPLAINT_MODEL
            and Complaint.browse(message.res_id),
        )

    def _complaint_neutral_avatar(self):
        """The neutral avatar as read returns a binary field."""
        if self.env.context.get("bin_size") or self.env.context.get(
            "bin_size_author_avatar"
        ):
            return human_size(len(self._complaint_neutral_avatar_bytes()))
        return base64.b64encode(self._complaint_neutral_avatar_bytes()).decode()

    @api.model
    def _complaint_neutral_avatar_bytes(self):
        return self.env["ir.binary"]._placeholder(NEUTRAL_AVATAR_PATH)

    # ------------------------------------------------------------------
    # Store (/mail/thread/messages, /mail/message/post, ...)
    # ------------------------------------------------------------------
    def _to_store(self, store, /, **kwargs):
        # the staff contacts the messages bring along (recipients, reactions)
        # are sent under their public names: see res.partner._to_store below
        messages = self
        models_of = set(self.sudo().mapped("model"))  # sudo: their documents only
        if self._complaint_hides_staff() and COMPLAINT_MODEL in models_of:
            messages = self.with_context(complaint_hide_staff_contacts=True)
        res = super(MailMessage, messages)._to_store(store, **kwargs)
        # the chatter offers no edit or delete on a complainant's answer
        answers = self._complaint_answers()
        if answers:
            store.add(
                self._name,
                [
                    {"id": answer_id, "complaint_is_answer": True}
                    for answer_id in answers.ids
                ],
            )
        return res

    def _author_to_store(self, store):  # pylint: disable=missing-return
        """The single place where the web and portal clients get a message's
        author: a staff author is replaced by the public name, with no contact
        record, address or avatar token."""
        names = self._complaint_masked_authors()
        masked = self.filtered(lambda m: m.id in names)
        super(MailMessage, self - masked)._author_to_store(store)
        for message in masked:
            store.add(
                message,
                {
                    "author": False,
                    "email_from": names[message.id],
                    "author_avatar_url": NEUTRAL_AVATAR_URL,
                },
            )

    # ------------------------------------------------------------------
    # Portal chatter format (/mail/chatter_fetch)
    # ------------------------------------------------------------------
    def _portal_message_format(self, properties_names, options=None):
        vals_list = super()._portal_message_format(properties_names, options=options)
        # the portal chatter offers no edit or delete on a complainant's answer
        answers = set(self._complaint_answers().ids)
        for values in vals_list:
            values["complaint_is_answer"] = values.get("id") in answers
        if not self._complaint_hides_staff():
            return vals_list
        names = self._complaint_masked_authors()
        for values in vals_list:
            name = names.get(values.get("id"))
            if name:
                values["author"] = dict(values.get("author") or {}, name=name)
                if values.get("author_id"):
                    values["author_id"] = (values["author_id"][0], name)
                if "author_avatar_url" in values:
                    values["author_avatar_url"] = NEUTRAL_AVATAR_URL
            self._complaint_mask_rating_publisher(values)
            self._complaint_mask_reactions(values)
        return vals_list

    def _complaint_mask_reactions(self, values):
        """Staff who reacted to a message are listed under their public name."""
        if not values.get("reactions") or not values.get("id"):
            return
        message = self.browse(values["id"]).sudo()  # sudo: the document it is on
        if message.model != COMPLAINT_MODEL:
            return
        for reaction in values["reactions"]:
            for persona in reaction.get("personas", []):
                if persona.get("type") != "partner":
                    continue
                staff = self._complaint_staff_user(
                    self.env["res.partner"].browse(persona["id"])
                )
                if staff:
                    persona["name"] = self._complaint_staff_public_name(staff)

    def _complaint_mask_rating_publisher(self, values):
        """portal_rating adds the staff answer to a rating with its author."""
        rating = values.get("rating")
        if not rating or not rating.get("publisher_id") or not values.get("id"):
            return
        message = self.browse(values["id"]).sudo()  # sudo: thread only
        if message.model != COMPLAINT_MODEL:
            return
        staff = self._complaint_staff_user(
            self.env["res.partner"].browse(rating["publisher_id"])
        )
        if staff:
            complaint = self.env[COMPLAINT_MODEL].browse(message.res_id)
            rating["publisher_name"] = self._complaint_staff_public_name(
                staff, complaint
            )
            rating["publisher_avatar"] = NEUTRAL_AVATAR_URL

    # ------------------------------------------------------------------
    # ORM reads over JSON-RPC
    # ------------------------------------------------------------------
    def _read_format(self, fnames, load="_classic_read"):
        vals_list = super()._read_format(fnames, load=load)
        fnames = set(fnames)
        if not fnames & (AUTHOR_FIELDS | USER_FIELDS):
            return vals_list
        if not self._complaint_hides_staff():
            return vals_list
        authors = self._complaint_masked_authors() if fnames & AUTHOR_FIELDS else {}
        users = self._complaint_masked_users(fnames)
        for values in vals_list:
            name = authors.get(values["id"])
            if name:
                if isinstance(values.get("author_id"), tuple | list):
                    values["author_id"] = (values["author_id"][0], name)
                if values.get("email_from"):
                    values["email_from"] = name
                if values.get("author_avatar"):
                    values["author_avatar"] = self._complaint_neutral_avatar()
        rename_read(vals_list, users)
        return vals_list

    def web_read(self, specification):
        # web_read names many2one values itself (as superuser): rename them too
        vals_list = super().web_read(specification)
        fnames = named_fields(specification, {"author_id"} | USER_FIELDS)
        if not fnames or not self._complaint_hides_staff():
            return vals_list
        renamed = self._complaint_masked_users(fnames)
        if "author_id" in fnames:
            for message_id, name in self._complaint_masked_authors().items():
                renamed.setdefault(message_id, {})["author_id"] = name
        rename_web_read(vals_list, renamed)
        return vals_list

    @api.model
    def read_group(
        self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True
    ):
        # groups are labelled with the names of their authors (as superuser)
        groups = super().read_group(
            domain,
            fields,
            groupby,
            offset=offset,
            limit=limit,
            orderby=orderby,
            lazy=lazy,
        )
        fnames = grouped_fields(groupby, {"author_id"} | USER_FIELDS)
        if not fnames or not groups or not self._complaint_hides_staff():
            return groups
        on_complaints = expression.AND(
            [domain or [], [("model", "=", COMPLAINT_MODEL)]]
        )
        for fname in fnames:
            # the authors or users of the complaint messages among the groups
            related = self.env[self._fields[fname].comodel_name].union(
                *(record for [record] in self._read_group(on_complaints, [fname]))
            )
            names = {}
            for record in related:
                staff = (
                    self._complaint_staff_user(record)
                    if fname == "author_id"
                    else record.sudo().filtered(lambda u: not u.share)  # sudo: staff?
                )
                if staff:
                    names[record.id] = self._complaint_staff_public_name(staff)
            rename_groups(groups, fname, names)
        return groups

    # ------------------------------------------------------------------
    # Files linked to a complaint's message obey the attachment policy.
    # Internal users may link any file they can read to a message (e.g.
    # /mail/message/update_content, message_post(attachment_ids=...); core's
    # _process_attachments_for_post moves only pending uploads): such a file
    # keeps its own res_model and is checked here. Files that belong to the
    # complaint or to the message were checked by ir.attachment already.
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        messages = super().create(vals_list)
        for message, vals in zip(messages, vals_list, strict=True):
            if vals.get("attachment_ids") and message.model == COMPLAINT_MODEL:
                message._complaint_check_linked_attachments(self.env["ir.attachment"])
        return messages

    def write(self, vals):
        if not vals.get("attachment_ids"):
            return super().write(vals)
        # sudo: compare the files before and after, whatever the access
        before = {message.id: message.sudo().attachment_ids for message in self}
        res = super().write(vals)
        for message in self:
            message._complaint_check_linked_attachments(before[message.id])
        return res

    def _complaint_check_linked_attachments(self, before):
        """Check the files linked to the message since ``before``."""
        self.ensure_one()
        # sudo: the caller passed the access checks; read the linked files
        message = self.sudo()
        if message.model != COMPLAINT_MODEL or not message.res_id:
            return
        linked = (message.attachment_ids - before).filtered(
            lambda att: (att.res_model, att.res_id)
            not in ((COMPLAINT_MODEL, message.res_id), (self._name, message.id))
        )
        if linked:
            complaint = self.env[COMPLAINT_MODEL].browse(message.res_id)
            linked.with_env(self.env)._complaint_check_policy(complaint=complaint)
