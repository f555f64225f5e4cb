from odoo import models
from odoo.exceptions import UserError

from .mail_message import COMPLAINT_MODEL

# what a complainant's answer to a proposal keeps as it was given (moving it
# with a merge or a split, res_id, stays possible)
ANSWER_FIELDS = {
    "body",
    "attachment_ids",
    "author_id",
    "email_from",
    "date",
    "is_internal",
    "message_type",
    "subtype_id",
}


class MailMessage(models.Model):
    """A complainant's answer to a proposal (accept or reject, kept in
    ``complaint.complaint.portal_answer_message_ids``) is the record of their
    decision: nobody changes or deletes it, by any route (the chatter's edit,
    JSON-RPC, staff). The superuser keeps its rights (a complaint deleted
    with its messages, de-identification)."""

    _inherit = "mail.message"  # pylint: disable=consider-merging-classes-inherited

    def write(self, vals):
        if ANSWER_FIELDS & set(vals) and not self.env.su:
            self._complaint_check_not_answer()
        return super().write(vals)

    def unlink(self):
        # superuser: the complaint deleted with its messages, de-identification
        if not self.env.su:
            self._complaint_check_not_answer()
        return super().unlink()

    def _complaint_answers(self):
        """The messages of ``self`` that are a complainant's answer to a
        proposal (complaint.complaint.portal_answer_message_ids)."""
        # sudo: whether the messages are answers, on any complaint (a merge
        # moves them to the complaint kept), whoever reads or edits them
        messages = self.sudo().filtered(lambda m: m.model == COMPLAINT_MODEL)
        if not messages:
            return self.browse()
        complaints = (
            self.env[COMPLAINT_MODEL]
            .sudo()  # sudo: which complaint an answer belongs to, whoever reads
            .search([("portal_answer_message_ids", "in", messages.ids)])
        )
        return self & complaints.portal_answer_message_ids

    def _complaint_check_not_answer(self):
        """Refuse to change or delete a complainant's answer, whoever asks."""
        if self._complaint_answers():
            raise UserError(
                self.env._(
                    "The complainant's answer to a proposal is part of the record "
                    "of the complaint and cannot be changed."
                )
            )
