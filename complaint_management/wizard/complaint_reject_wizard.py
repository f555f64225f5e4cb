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
        # staff preview the routes email: sending it records the decision
        # (recorded first, a composer closed unsent left the complainant
        # never told the other routes)
        reason = complaint._check_can_reject(self.reason)
        action = complaint._step_mail_composer(STEP_TEMPLATES["reject"], step="reject")
        action["context"]["complaint_reject_reason"] = reason
        return action
