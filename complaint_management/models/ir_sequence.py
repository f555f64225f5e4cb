from odoo import api, models

TRACKING_CODE = "complaint.complaint"


class IrSequence(models.Model):
    _inherit = "ir.sequence"

    @api.model_create_multi
    def create(self, vals_list):
        if any(vals.get("code") == TRACKING_CODE for vals in vals_list):
            self.env.registry.clear_cache()  # complaint._tracking_sequence_id
        return super().create(vals_list)

    def write(self, vals):
        if "code" in vals or "company_id" in vals or "active" in vals:
            self.env.registry.clear_cache()  # complaint._tracking_sequence_id
        return super().write(vals)

    def unlink(self):
        if any(sequence.code == TRACKING_CODE for sequence in self):
            self.env.registry.clear_cache()  # complaint._tracking_sequence_id
        return super().unlink()
