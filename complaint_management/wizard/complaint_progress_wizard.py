from odoo import fields, models
from odoo.exceptions import UserError


class ComplaintProgressWizard(models.TransientModel):
    """The progress update to a complainant known by an email address only:
    the template's draft, written by the handler, emailed without making a
    contact of the address."""

    _name = "complaint.progress.wizard"
    _description = "Progress Update to the Complainant"

    complaint_id = fields.Many2one("complaint.complaint", required=True, readonly=True)
    subject = fields.Char(required=True)
    body = fields.Html(required=True, sanitize_style=True)
    done = fields.Boolean(readonly=True)

    def action_send(self):
        self.ensure_one()
        if self.done:
            # a second click, or the form's call sent again: emailed once
            raise UserError(self.env._("This progress update was sent already."))
        self.complaint_id._sla_progress_send(self.subject, self.body)
        self.done = True
        return {"type": "ir.actions.act_window_close"}
