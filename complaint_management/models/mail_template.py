from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import format_list

from ..tools.shipped import shipped


class MailTemplate(models.Model):
    _inherit = "mail.template"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_complaint_step_mail(self):
        """The emails the complaint steps send (the receipt, the
        acknowledgement, the proposal, the routes after a rejection, the
        progress update, the party's forward) are found by their external
        id: without one, a step would record the complainant told and send
        nothing, or stop with a technical error. They are kept; their text
        may be changed."""
        kept = shipped(self)
        if kept:
            raise UserError(
                self.env._(
                    "%(templates)s: the complaint steps send these emails, which "
                    "therefore cannot be deleted (their text can be changed).",
                    templates=format_list(self.env, kept.mapped("name")),
                )
            )
