from odoo import api, models
from odoo.exceptions import AccessError

from .complaint_states import MANAGER

# the documents whose messages are their authors' (see mail.message)
AUTHORED_MODELS = ("complaint.complaint", "complaint.external.case")


class MailScheduledMessage(models.Model):
    """A message scheduled on a complaint is its author's, as it is once
    posted (``mail.message`` here). Core lets only its creator change it,
    but any colleague who may post on the complaint cancel it, and anyone
    schedule one under a colleague's name (it then goes out as theirs). Its
    creator, a complaint manager or the complaint's handler cancel it (its
    author gone, it would still go out under their name); one is scheduled
    under one's own name."""

    _inherit = "mail.scheduled.message"

    @api.model_create_multi
    def create(self, vals_list):
        if not self._complaint_author_free():
            partner_id = self.env.user.partner_id.id
            for vals in vals_list:
                if (
                    vals.get("model") in AUTHORED_MODELS
                    and vals.get("author_id", partner_id) != partner_id
                ):
                    self._complaint_refuse()
        return super().create(vals_list)

    def unlink(self):
        self._complaint_check_canceller()
        return super().unlink()

    def _complaint_author_free(self):
        return self.env.su or self.env.user._is_admin()

    def _complaint_check_canceller(self):
        if self._complaint_author_free() or self.env.user.has_group(MANAGER):
            return
        # sudo: the document, creator and complaint's handler of the
        # messages, whatever the access
        messages = self.sudo()
        Complaint = self.env["complaint.complaint"].sudo()
        # the handlers of the batch's complaints in one read
        handled = Complaint.browse(
            {m.res_id for m in messages if m.model == Complaint._name}
        ).filtered(lambda complaint: complaint.user_id == self.env.user)
        if messages.filtered(
            lambda message: message.model in AUTHORED_MODELS
            and message.create_uid != self.env.user
            and not (message.model == Complaint._name and message.res_id in handled.ids)
        ):
            self._complaint_refuse()

    def _complaint_refuse(self):
        raise AccessError(
            self.env._(
                "A message scheduled on a complaint is its author's: they, a "
                "complaint manager or the complaint's handler cancel it, and one "
                "is scheduled under one's own name."
            )
        )
