from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..tools.context_defaults import given_values
from ..tools.references import name_for

COMPLAINT_MODEL = "complaint.complaint"
# the documents whose internal messages are staff's alone
COMPLAINT_THREAD_MODELS = (COMPLAINT_MODEL, "complaint.external.case")
# what a customer may change of their own message on a complaint (core's edit)
SHARE_EDITABLE_FIELDS = {"body", "attachment_ids"}
# what a customer's comment does not choose: its date, extra recipients, the
# headers of the email sent to the followers
SHARE_FORBIDDEN_VALUES = {"date", "partner_ids", "message_id", "mail_server_id"}
# what makes a message another message: a held complaint's are not changed
HELD_MESSAGE_FIELDS = {
    "body",
    "attachment_ids",
    "subject",
    "author_id",
    "email_from",
    "date",
    "model",
    "res_id",
    "message_type",
    "subtype_id",
    "tracking_value_ids",
}
# what a message records of how and when it was said: nobody changes it
RECORD_FIELDS = {
    "author_id",
    "author_guest_id",
    "email_from",
    "date",
    "message_type",
    "subtype_id",
    "tracking_value_ids",
}
# the messages the steps log (a status change with its author, a note of the
# system): their text is the record too
LOGGED_TYPES = ("notification", "auto_comment", "user_notification")
# what a customer's message_post does not choose either (core computes them):
# where the followers' replies go, the subject and name of the email
SHARE_FORBIDDEN_POST_KWARGS = {
    "reply_to",
    "message_id",
    "mail_server_id",
    "record_name",
    "subject",
    "email_add_signature",
    "email_layout_xmlid",
    "model_description",
}


class MailMessage(models.Model):
    """The messages of a complaint are its record: a customer writes public
    comments under their own name, and changes only the text and files of
    their own.

    Core lets a portal user create a message on any document they can read
    (``_mail_post_access``) and write any message they were notified of, over
    JSON-RPC: a complainant could rewrite the handler's proposal, or post an
    internal note, backdated, under the handler's name. Core's chatter routes
    post and edit for customers in superuser mode, after their own checks;
    staff keep core's rules.
    """

    _inherit = "mail.message"

    @api.model_create_multi
    def create(self, vals_list):
        if self._complaint_share_caller():
            for vals in vals_list:
                # the context's defaults too (``default_model``, ``default_author_id``)
                given = given_values(self, vals)
                if given.get("model") == COMPLAINT_MODEL:
                    self._complaint_check_share_post(given)
        elif not self.env.su:
            for vals in vals_list:
                given = given_values(self, vals)
                if given.get("model") in COMPLAINT_THREAD_MODELS:
                    self._complaint_check_staff_post(given)
        return super().create(vals_list)

    def write(self, vals):
        if self._complaint_share_caller():
            self._complaint_check_share_edit(vals)
        # core lets staff write the messages of a document they may write
        if not self.env.su and HELD_MESSAGE_FIELDS & vals.keys():
            self._complaint_check_not_held()
            self._complaint_check_author()
            self._complaint_check_record_kept(vals)
        return super().write(vals)

    def _get_forbidden_access(self, operation):
        """A customer reads on a complaint what they find on it: its public
        messages. Core refuses them internal comments only; the notes logged
        as notifications (a party's answer, an escalation naming the handler,
        a remedy's amounts before approval) and the emails kept for staff
        are hidden from their searches but were read by id over JSON-RPC."""
        forbidden = super()._get_forbidden_access(operation)
        if operation != "read" or self.env.su or self.env.user._is_internal():
            return forbidden
        candidates = self - forbidden
        if not candidates:
            return forbidden
        candidates.flush_recordset(["model", "is_internal", "subtype_id"])
        rows = self.env.execute_query(
            SQL(
                """SELECT message.id
                     FROM mail_message AS message
                LEFT JOIN mail_message_subtype AS subtype
                       ON subtype.id = message.subtype_id
                    WHERE message.id = ANY(%(ids)s)
                      AND message.model = ANY(%(models)s)
                      AND (message.is_internal IS TRUE
                           OR subtype.id IS NULL
                           OR subtype.internal IS TRUE)""",
                ids=candidates.ids,
                models=list(COMPLAINT_THREAD_MODELS),
            )
        )
        return forbidden + self.browse(row[0] for row in rows)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_held_complaint(self):
        self._complaint_check_not_held()
        if not self.env.su:
            self._complaint_check_author()
            self._complaint_check_record_kept()

    def _complaint_check_author(self):
        """What was said on a complaint is its record: its author changes or
        deletes a message, as core's chatter lets them (and an administrator);
        a colleague with the complaint in hand does not rewrite or remove the
        customer's words or another colleague's over JSON-RPC."""
        if self.env.user._is_admin():
            return
        partner = self.env.user.partner_id
        # sudo: the document and author of the messages, whatever the access
        others = self.sudo().filtered(
            lambda m: m.model in (COMPLAINT_MODEL, "complaint.external.case")
            and m.res_id
            and m.author_id != partner
        )
        if others:
            raise AccessError(
                self.env._(
                    "A message on %(record)s is its author's: only they change "
                    "or delete it (a colleague adds a note instead).",
                    record=others[0].record_name or others[0].model,
                )
            )

    def _complaint_check_record_kept(self, vals=None):
        """Who said or did what on a complaint, and when, is its record (the
        tracking form names who did each step from the status changes): a
        message's author, date and kind are not rewritten, and the messages
        the steps log (with their tracked values) are neither rewritten nor
        deleted, by their author or an administrator alike."""
        # sudo: the document, kind and tracking of the messages
        messages = self.sudo().filtered(
            lambda m: m.model in COMPLAINT_THREAD_MODELS and m.res_id
        )
        if messages and (
            RECORD_FIELDS & set(vals or ())
            or any(
                m.message_type in LOGGED_TYPES or m.tracking_value_ids for m in messages
            )
        ):
            raise AccessError(
                self.env._(
                    "%(record)s keeps who said or did what, and when: its logged "
                    "steps and the author and date of its messages are not "
                    "changed (add a note to correct them).",
                    record=messages[0].record_name or messages[0].model,
                )
            )

    def _complaint_check_not_held(self):
        # sudo: the document of the messages, whatever the access
        complaint_ids = {
            message.res_id
            for message in self.sudo()
            if message.model == COMPLAINT_MODEL and message.res_id
        }
        # a spill-over case's messages are the complaint's
        complaint_ids |= set(
            self.env["complaint.external.case"]._complaint_ids_of(
                {
                    message.res_id
                    for message in self.sudo()
                    if message.model == "complaint.external.case"
                }
            )
        )
        if complaint_ids:
            self.env[COMPLAINT_MODEL].browse(complaint_ids)._check_not_held()

    def _complaint_check_staff_post(self, vals):
        """Staff write on a complaint under their own name (or the company's,
        whose emails the steps send), now: core takes any author, sender and
        date from them over JSON-RPC (``message_post`` with ``author_id`` or
        a customer's ``email_from``, ``mail.message.create`` with ``date``),
        and the record would show the customer or a colleague saying what
        they never said, or a step taken before it was. What the system
        writes under its own name or the customer's (the mail gateway, the
        portal, the engine's notes) is posted in superuser mode."""
        # sudo: the company and sender of the document posted on (read only
        # when the author or sender is not the writer's own)
        record = self.env[vals["model"]].sudo().browse(vals.get("res_id"))
        if (
            not self._complaint_staff_author_ok(record, vals.get("author_id"))
            # without an author the chatter shows the sender as written, and
            # the followers' email shows it as its sender: one of ours, name
            # and all, unless it is the writer's own
            or (
                vals.get("email_from")
                and vals.get("author_id") != self.env.user.partner_id.id
                and not self._complaint_staff_sender_ok(record, vals["email_from"])
            )
            or vals.get("author_guest_id")
            or vals.get("date")
            # a status change is logged by the workflow, not written
            or vals.get("tracking_value_ids")
        ):
            raise AccessError(
                self.env._(
                    "On %(record)s you write under your own name and at the "
                    "present time (a note tells what someone else said, or "
                    "when).",
                    # (named to who may read it: the caller chose the id)
                    record=name_for(record.exists(), self.env),
                )
            )

    @api.model
    def _complaint_staff_author_ok(self, record, author_id):
        """Whether staff may write on ``record`` under ``author_id``: none,
        themselves, or its company (the steps' emails)."""
        return (
            not author_id
            or author_id == self.env.user.partner_id.id
            or author_id in record.company_id.partner_id.ids
        )

    @api.model
    def _complaint_staff_sender_ok(self, record, email_from):
        """Whether a message without author may show ``email_from`` on
        ``record``: exactly the address staff's messages there go out from
        (their own, the company's, the complaint's team or company), name
        and all: the chatter shows it as the author."""
        complaint = record if record._name == COMPLAINT_MODEL else record.complaint_id
        senders = {
            self.env.user.partner_id.email_formatted,
            record.company_id.partner_id.email_formatted,
            complaint and complaint._complaint_email_from(),
        }
        return email_from.strip() in {sender.strip() for sender in senders if sender}

    def _complaint_share_caller(self):
        return not self.env.su and self.env.user.share

    def _complaint_check_share_post(self, vals):
        subtype = self.env["mail.message.subtype"].browse(vals.get("subtype_id"))
        partner = self.env.user.partner_id
        if (
            # under their own contact, never under a name typed in the sender
            # address (core leaves the author empty for an unknown address)
            vals.get("author_id") != partner.id
            or vals.get("email_from") not in (None, False, partner.email_formatted)
            or vals.get("message_type", "comment") != "comment"
            or vals.get("is_internal")
            or subtype.sudo().internal  # sudo: whether the subtype is internal
            or SHARE_FORBIDDEN_VALUES & {key for key, value in vals.items() if value}
        ):
            raise AccessError(
                self.env._(
                    "On a complaint you can post public comments under your own "
                    "name only."
                )
            )

    def _complaint_check_share_edit(self, vals):
        # sudo: the document and author of the messages, whatever the access
        messages = self.sudo().filtered(lambda m: m.model == COMPLAINT_MODEL)
        if not messages:
            return
        # their own public comments: not a note or an email the system keeps
        # under their name as the complaint's record (a party's answer)
        if set(vals) - SHARE_EDITABLE_FIELDS or any(
            message.author_id != self.env.user.partner_id
            or message.message_type != "comment"
            or message.is_internal
            or message.subtype_id.internal
            for message in messages
        ):
            raise AccessError(
                self.env._(
                    "On a complaint you can change only the text and files of "
                    "your own messages."
                )
            )
