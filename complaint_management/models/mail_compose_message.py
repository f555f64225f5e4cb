from odoo import models
from odoo.exceptions import AccessError, UserError

from .complaint_sla_texts import PROGRESS_TEMPLATE
from .mail_message import COMPLAINT_THREAD_MODELS


class MailComposeMessage(models.TransientModel):
    _inherit = "mail.compose.message"

    def _action_send_mail(self, auto_commit=False):
        self._complaint_check_progress_written()
        self._complaint_check_author()
        return super()._action_send_mail(auto_commit=auto_commit)

    def _complaint_check_author(self):
        """Staff write on a complaint under their own name or the company's
        (``mail.message._complaint_check_staff_post``). The composer finds its
        author from the template's sender: another contact with the company's
        address is no author of theirs, the email goes out under the address
        alone. Mass mode creates the message and its email in superuser mode,
        past the message's own check: a sender of the caller's choosing is
        refused here."""
        if self.env.su:
            return
        Message = self.env["mail.message"]
        for composer in self.filtered(lambda c: c.model in COMPLAINT_THREAD_MODELS):
            # sudo: the company and sender of the documents written on
            records = (
                self.env[composer.model].browse(composer._evaluate_res_ids()).sudo()
            )
            if any(
                not Message._complaint_staff_author_ok(record, composer.author_id.id)
                for record in records
            ):
                composer.author_id = False
            if composer.composition_mode != "mass_mail":
                continue
            senders = composer._render_field("email_from", records.ids)
            if any(
                sender
                and not Message._complaint_staff_sender_ok(
                    records.browse(record_id), sender
                )
                for record_id, sender in senders.items()
            ):
                raise AccessError(
                    self.env._(
                        "On a complaint you write under your own name or the "
                        "company's address."
                    )
                )

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
