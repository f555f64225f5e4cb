from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import format_list

from ..tools.shipped import shipped


class MailActivityType(models.Model):
    _inherit = "mail.activity.type"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_complaint_workflow(self):
        """The complaint workflow's activity types (the time limits'
        reminder, the approvals, the call-back, the party's answer, a
        spill-over deadline, a privacy request) are how its jobs find the
        reminders they hang, to move or close them: without one, a job would
        hang a To-Do again at each run and never close it, or stop. As core
        keeps its To-Do, they are kept; they may be renamed or archived."""
        kept = shipped(self)
        if kept:
            raise UserError(
                self.env._(
                    "%(types)s: the complaint workflow finds the reminders it "
                    "hangs by this activity type, which therefore cannot be "
                    "deleted (it can be renamed or archived).",
                    types=format_list(self.env, kept.mapped("name")),
                )
            )
