from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import format_list


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
                    "Complaint(s) %(names)s have no decision yet: a decision "
                    "letter is printed once a proposal is sent, the complaint "
                    "is found not founded, or it is closed.",
                    names=format_list(self.env, undecided.mapped("name")),
                )
            )
        # a proposal a manager is revising: the letter would print part of it
        # (the remedies still approved) as the company's decision
        revising = docs.filtered(
            lambda complaint: complaint.state == "proposed"
            # sudo: which remedies the proposal holds, as the letter reads them
            and complaint.sudo()._proposal_being_revised()
        )
        if revising:
            raise UserError(
                self.env._(
                    "The proposal of complaint(s) %(names)s is being revised: "
                    "print the decision letter once the revised proposal is sent.",
                    names=format_list(self.env, revising.mapped("name")),
                )
            )
        # the person's data was removed (retention, an erasure): the letter
        # would go to "De-identified" at no address
        erased = docs.filtered("is_deidentified")
        if erased:
            raise UserError(
                self.env._(
                    "Complaint(s) %(names)s were de-identified: their complainant's "
                    "data is gone, and a decision letter has no one to go to.",
                    names=format_list(self.env, erased.mapped("name")),
                )
            )
        return {
            "doc_ids": docids,
            "doc_model": "complaint.complaint",
            "docs": docs,
            "data": data,
        }
