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
        self._complaint_check_creator(cancelling=True)
        return super().unlink()

    def _complaint_author_free(self):
        return self.env.su or self.env.user._is_admin()

    def _complaint_check_creator(self, cancelling=False):
        if self._complaint_author_free():
            return
        # sudo: the document and creator of the messages, whatever the access
        others = self.sudo().filtered(
            lambda message: message.model in AUTHORED_MODELS
            and message.create_uid != self.env.user
        )
        if others and cancelling:
            if self.env.user.has_group(MANAGER):
                return
            # sudo: the handler of the complaints, whatever the access
            handled = (
                self.env["complaint.complaint"]
                .sudo()
                .search(
                    [
                        (
                            "id",
                            "in",
                            others.filtered(
                                lambda m: m.model == "complaint.complaint"
                            ).mapped("res_id"),
                        ),
                        ("user_id", "=", self.env.uid),
                    ]
                )
            )
            others = others.filtered(
                lambda m: not (
                    m.model == "complaint.complaint" and m.res_id in handled.ids
                )
            )
        if others:
            self._complaint_refuse()

    def _complaint_refuse(self):
        raise AccessError(
            self.env._(
                "A message scheduled on a complaint is its author's: they, a "
                "complaint manager or the complaint's handler cancel it, and one "
                "is scheduled under one's own name."
            )
        )
