from odoo import fields, models


class ComplaintRejectWizard(models.TransientModel):
    _name = "complaint.reject.wizard"
    _description = "Record the Rejection of a Proposal"

    complaint_id = fields.Many2one("complaint.complaint", required=True)
    reason = fields.Text(
        required=True, help="Why the complainant does not accept the proposal."
    )

    def action_reject(self):
        self.ensure_one()
        self.complaint_id.action_reject_proposal(self.reason)
        return {"type": "ir.actions.act_window_close"}
