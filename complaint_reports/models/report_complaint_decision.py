from odoo import api, models
from odoo.exceptions import UserError


class ReportComplaintDecision(models.AbstractModel):
    """The decision letter prints a decision: the proposal sent (and the
    complainant's answer), the complaint found not founded, or closed. Before
    that, the letter would announce a decision it does not hold."""

    _name = "report.complaint_reports.report_complaint_decision"
    _description = "Complaint Decision Letter"

    @api.model
    def _get_report_values(self, docids, data=None):
        docs = self.env["complaint.complaint"].browse(docids)
        undecided = docs.filtered(lambda complaint: not complaint._report_decided())
        if undecided:
            raise UserError(
                self.env._(
                    "Complaint %(name)s has no decision yet (%(state)s): its "
                    "decision letter is printed once a proposal is sent, the "
                    "complaint is found not founded, or it is closed.",
                    name=undecided[0].name,
                    state=undecided[0]._state_label(),
                )
            )
        return {
            "doc_ids": docids,
            "doc_model": "complaint.complaint",
            "docs": docs,
            "data": data,
        }
