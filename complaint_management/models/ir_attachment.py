import base64

from odoo import SUPERUSER_ID, api, models
from odoo.exceptions import UserError

from ..tools.context_defaults import given_values

COMPLAINT_MODEL = "complaint.complaint"
# what makes a file another file: its content, or the record it belongs to
HELD_FILE_FIELDS = {
    "raw",
    "datas",
    "db_datas",
    "store_fname",
    "res_model",
    "res_id",
    "res_field",
    "type",
    "url",
}


class IrAttachment(models.Model):
    """The files of a complaint kept permanently are evidence: neither
    rewritten, moved away nor deleted while the hold lasts
    (``complaint.retention.mixin._check_not_held``).

    A file follows the write access of its complaint, so any handler may
    write it over RPC: the hold is checked here, not only on the complaint.
    Core's chatter deletes a message's files in superuser mode on behalf of
    the user who edits the message (a held file linked to another message
    first): deleting is trusted to the superuser account itself only."""

    _inherit = "ir.attachment"

    @api.model_create_multi
    def create(self, vals_list):
        attachments = super().create(vals_list)
        # the slot may come from the context's defaults as much as the values
        if not self.env.su and any(
            given_values(self, vals).get("res_field") for vals in vals_list
        ):
            attachments._check_complaint_file_slot()
        return attachments

    def write(self, vals):
        # the files as the write leaves them: a file moved to a complaint may
        # have been put in a slot before, or be put in one and moved after
        if not self.env.su and {"res_model", "res_field"} & vals.keys():
            self._check_complaint_file_slot(vals)
        if (
            not self.env.su
            and HELD_FILE_FIELDS & vals.keys()
            and not self._same_bytes(vals)
        ):
            self._check_not_held_file()
            self._check_message_files_author()
        return super().write(vals)

    def _same_bytes(self, vals):
        """A rewrite of the same bytes (core's storage migration, which an
        administrator runs): the file does not change."""
        if not set(vals) <= {"raw", "datas", "mimetype"} or not (
            "raw" in vals or "datas" in vals
        ):
            return False
        raw = vals["raw"] if "raw" in vals else base64.b64decode(vals["datas"] or b"")
        if isinstance(raw, str):
            raw = raw.encode()
        checksum = self._compute_checksum(raw)
        # sudo: the stored checksums, whatever the caller reads
        return all(attachment.checksum == checksum for attachment in self.sudo())

    def _check_complaint_file_slot(self, vals=None):
        """A complaint has no file fields: a file of it set in one
        (``res_field``) is hidden from its chatter, its printed form, the
        privacy export and the erasure. Core stores file fields' contents in
        superuser mode only. ``vals``: as a write would leave them."""
        vals = vals or {}
        # sudo: the document and slot of the files, whatever the access
        if any(
            vals.get("res_model", attachment.res_model) == COMPLAINT_MODEL
            and vals.get("res_field", attachment.res_field)
            for attachment in self.sudo()
        ):
            raise UserError(
                self.env._(
                    "A complaint's files are attached to it, not to one of its fields."
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_held_complaint(self):
        if self.env.uid != SUPERUSER_ID:
            self._check_not_held_file()
        if not self.env.su:
            self._check_message_files_author()

    def _check_message_files_author(self):
        """A file sent with a message on a complaint is part of what its
        author said: only they (or an administrator) replace or delete it
        (``mail.message._complaint_check_author``); core's chatter does it
        in superuser mode once it checked the author."""
        # sudo: the messages of the files, whatever the access
        messages = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("attachment_ids", "in", self.ids),
                    ("model", "in", (COMPLAINT_MODEL, "complaint.external.case")),
                ]
            )
        )
        if messages:
            self.env["mail.message"].browse(messages.ids)._complaint_check_author()

    def _check_not_held_file(self):
        # sudo: the document of the files, whatever the access
        complaint_ids = {
            attachment.res_id
            for attachment in self.sudo()
            if attachment.res_model == COMPLAINT_MODEL and attachment.res_id
        }
        # a spill-over case's files (the body's letters) are the complaint's
        complaint_ids |= set(
            self.env["complaint.external.case"]._complaint_ids_of(
                {
                    attachment.res_id
                    for attachment in self.sudo()
                    if attachment.res_model == "complaint.external.case"
                }
            )
        )
        if complaint_ids:
            # checked as the user, also when core deletes in superuser mode
            self.env[COMPLAINT_MODEL].sudo(False).browse(
                complaint_ids
            )._check_not_held()
