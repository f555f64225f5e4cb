from odoo import models

STEP_TEMPLATES = {
    "acknowledge": "complaint_management.mail_template_complaint_acknowledgement",
    "propose": "complaint_management.mail_template_complaint_proposal",
    "reject": "complaint_management.mail_template_complaint_rejection_routes",
}


# the steps whose email the composer sends: their private method, told to
# send nothing itself (the rejection's reason comes in the composer's context)
STEP_ACTIONS = {
    "acknowledge": "_step_acknowledge",
    "propose": "_step_propose",
    "reject": "_step_reject_from_composer",
}


class ComplaintStepMailMixin(models.AbstractModel):
    """The complainant's emails of a step (acknowledgement, proposal, the
    other routes after a rejection), previewed by staff in Odoo's composer:
    sending the email does the step
    (``message_post`` of ``complaint_complaint_mail.py`` calls it)."""

    _name = "complaint.step.mail.mixin"
    _description = "Complaint Step Emails"

    def action_send_acknowledgement(self):
        """Acknowledge button: preview the acknowledgement, or send it at once."""
        self._check_can("can_acknowledge", self.env._("acknowledge"))
        if not self._step_mail_previewed() or self.date_receipt_sent:
            return self.action_acknowledge()
        return self._step_mail_composer(
            STEP_TEMPLATES["acknowledge"], step="acknowledge"
        )

    def action_send_proposal(self):
        """Send Proposal button: preview the proposal, or send it at once."""
        self._check_proposal_ready()
        if not self._step_mail_previewed():
            return self.action_propose()
        return self._step_mail_composer(STEP_TEMPLATES["propose"], step="propose")

    def _step_mail_previewed(self):
        """Whether staff preview the step's email in the composer: one complaint
        of a known contact, in a company that does not send them unseen."""
        return (
            len(self) == 1
            and bool(self.partner_id)
            and not self.company_id.complaint_step_mail_auto
            # the composer writes to the contact: Odoo emails no archived
            # one, nor the address typed on the complaint for a contact
            # without one; the step's own email reaches them
            and self.partner_id.active
            and not self._complaint_address_values()
        )

    def _step_mail_composer(self, template_xmlid, step=False):
        """The composer with the step's template; sending it does the step."""
        self.ensure_one()
        template = self.env.ref(template_xmlid)
        return {
            "type": "ir.actions.act_window",
            "name": template.with_context(lang=self.env.user.lang).name,
            "res_model": "mail.compose.message",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {
                "default_model": self._name,
                "default_res_ids": self.ids,
                "default_template_id": template.id,
                "default_composition_mode": "comment",
                "default_email_layout_xmlid": "mail.mail_notification_light",
                "force_email": True,
                "complaint_step": step,
            },
        }

    def action_open_reject_wizard(self):
        """Ask for the reason of the rejection, then record it."""
        self.ensure_one()
        self._check_can("can_decide", self.env._("reject the proposal of"))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Proposal Rejected"),
            "res_model": "complaint.reject.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_complaint_id": self.id},
        }

    def _step_reject_from_composer(self, mail):
        """The rejection the routes email previewed in the composer records:
        its reason, given in the rejection's form, comes with the composer."""
        return self._step_reject_proposal(
            self.env.context.get("complaint_reject_reason"), mail=mail
        )

    def _step_mail_post(self, step):
        """The composer sends the email of ``step``: the step is done first, so
        that a refused step sends nothing."""
        steps = self.with_context(complaint_step=False)
        getattr(steps, STEP_ACTIONS[step])(mail=False)
