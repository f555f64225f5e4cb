from functools import partial

from odoo import api, fields, models

from ..tools.context_defaults import given_values


class ComplaintSampleLine(models.Model):
    _name = "complaint.sample.line"
    _description = "Quality Review Score"
    _order = "sample_id, sequence, id"

    sample_id = fields.Many2one(
        "complaint.sample", required=True, index=True, ondelete="cascade"
    )
    criterion_id = fields.Many2one("complaint.sample.criterion", required=True)
    sequence = fields.Integer(related="criterion_id.sequence", store=True)
    result = fields.Selection(
        [
            ("pass", "Criterion Met"),
            ("fail", "Criterion Not Met"),
            ("na", "Not Applicable"),
        ]
    )
    note = fields.Char()

    @api.model_create_multi
    def create(self, vals_list):
        # the review may come from the context's defaults as much as the values
        samples = self.env["complaint.sample"].browse(
            given["sample_id"]
            for given in map(partial(given_values, self), vals_list)
            if given.get("sample_id")
        )
        samples._check_scores_open()
        return super().create(vals_list)

    def write(self, vals):
        self.sample_id._check_scores_open()
        if vals.get("sample_id"):
            # nor moved into a review already done
            self.env["complaint.sample"].browse(vals["sample_id"])._check_scores_open()
        res = super().write(vals)
        if "sample_id" in vals and not self.env.su:
            # record rules are checked before a write: a score moves only into
            # a review the user may change (not a colleague's)
            self.check_access("write")
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_if_review_open(self):
        self.sample_id._check_scores_open()
