from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    complaint_privacy_request_days = fields.Integer(
        related="company_id.complaint_privacy_request_days", readonly=False
    )
    complaint_privacy_officer_id = fields.Many2one(
        related="company_id.complaint_privacy_officer_id", readonly=False
    )
