from odoo import models
from odoo.exceptions import UserError


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    def action_schedule_message(self, scheduled_date=False):
        """A step's email (the acknowledgement, the proposal) does the step
        when it is sent: scheduled, it would go out later without the step
        (the proposal's clock still running, a second one sent by the next
        click), also to a complaint cancelled meanwhile."""
        if self.env.context.get("complaint_step"):
            raise UserError(
                self.env._(
                    "This email does a step of the complaint as it is sent: send "
                    "it now, or close this window and do the step later."
                )
            )
        return super().action_schedule_message(scheduled_date=scheduled_date)
