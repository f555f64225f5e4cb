from odoo import SUPERUSER_ID, api, models
from odoo.exceptions import UserError

REVIEW = "complaint.management.review"


class IrAttachment(models.Model):
    """The printed review of a held management review, and the printed review
    a message sent, are kept as they were sent: neither the chatter nor the
    ORM over RPC rewrites or deletes them,
    although attachments follow the write access of their record. A write in
    superuser mode is trusted, and a rewrite of the same bytes (a storage
    migration) changes nothing. Deleting is trusted to the superuser account
    only: core's chatter deletes a message's files in superuser mode on behalf
    of the user who edits the message (the review's file linked to their own
    message first)."""

    _inherit = "ir.attachment"

    def write(self, vals):
        # a rewrite of the same bytes (a storage migration) changes nothing
        if not self.env.su and not self._same_bytes(vals):
            self._check_held_review_file()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_held_review_file(self):
        if self.env.uid != SUPERUSER_ID:
            self._check_held_review_file()

    def _check_held_review_file(self):
        # sudo: which files are reviews' is known whatever the caller reads
        files = self.sudo().filtered(lambda attachment: attachment.res_model == REVIEW)
        if not files:
            return
        Review = self.env[REVIEW].sudo()  # sudo: as above
        held = Review.search_count(
            [("report_attachment_id", "in", files.ids), ("state", "=", "held")],
            limit=1,
        )
        sent = Review.search_count([("sent_report_ids", "in", files.ids)], limit=1)
        if held or sent:
            raise UserError(
                self.env._(
                    "The printed review of a held management review, or one "
                    "a message sent, is kept as it was sent: it cannot be "
                    "changed or deleted."
                )
            )
