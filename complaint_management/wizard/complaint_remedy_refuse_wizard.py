from odoo import fields, models


class ComplaintRemedyRefuseWizard(models.TransientModel):
    _name = "complaint.remedy.refuse.wizard"
    _description = "Refuse Remedies with a Reason"

    remedy_ids = fields.Many2many("complaint.remedy", required=True)
    reason = fields.Text(
        required=True, help="Why the remedy is refused; the handler reads it."
    )

    def action_refuse(self):
        self.ensure_one()
        self.remedy_ids.action_refuse(self.reason)
        return {"type": "ir.actions.act_window_close"}
