from odoo import models
from odoo.exceptions import UserError

from .complaint_sla_texts import PROGRESS_TEMPLATE


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    def _action_send_mail(self, auto_commit=False):
        self._complaint_check_progress_written()
        return super()._action_send_mail(auto_commit=auto_commit)

    def _complaint_check_progress_written(self):
        """A progress update sent from the composer holds the handler's news,
        not the template's line in brackets (sent or scheduled)."""
        template_id = self.env["ir.model.data"]._xmlid_to_res_id(
            PROGRESS_TEMPLATE, raise_if_not_found=False
        )
        for composer in self:
            if (
                composer.model == "complaint.complaint"
                and composer.template_id.id == template_id
                and composer.composition_mode == "comment"
            ):
                for complaint in self.env[composer.model].browse(
                    composer._evaluate_res_ids()
                ):
                    complaint._sla_check_progress_written(composer.body)

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
        self._complaint_check_progress_written()
        return super().action_schedule_message(scheduled_date=scheduled_date)
