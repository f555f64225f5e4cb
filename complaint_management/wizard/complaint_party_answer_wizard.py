from odoo import fields, models


class ComplaintPartyAnswerWizard(models.TransientModel):
    _name = "complaint.party.answer.wizard"
    _description = "Record the Complained-About Party's Answer"

    complaint_id = fields.Many2one("complaint.complaint", required=True, readonly=True)
    answer = fields.Text(
        required=True,
        help="What the party answered (by email or on the phone): what happened, "
        "and what it does about it.",
    )

    def action_record(self):
        self.ensure_one()
        self.complaint_id._party_record_answer_by_staff(self.answer)
        return {"type": "ir.actions.act_window_close"}
