from odoo import fields, models

from ..models.complaint_step_mail import STEP_TEMPLATES


class ComplaintRejectWizard(models.TransientModel):
    _name = "complaint.reject.wizard"
    _description = "Record the Rejection of a Proposal"

    complaint_id = fields.Many2one("complaint.complaint", required=True)
    reason = fields.Text(
        required=True, help="Why the complainant does not accept the proposal."
    )

    def action_reject(self):
        self.ensure_one()
        complaint = self.complaint_id
        if not complaint._step_mail_previewed():
            complaint.action_reject_proposal(self.reason)
            return {"type": "ir.actions.act_window_close"}
        # the customer's decision is recorded; staff preview the routes email
        complaint._step_reject_proposal(self.reason, mail=False)
        return complaint._step_mail_composer(STEP_TEMPLATES["reject"])
