from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    complaint_portal_file_types = fields.Char(
        related="company_id.complaint_portal_file_types", readonly=False
    )
    complaint_portal_file_size = fields.Float(
        related="company_id.complaint_portal_file_size", readonly=False
    )
    complaint_portal_total_size = fields.Float(
        related="company_id.complaint_portal_total_size", readonly=False
    )
    complaint_portal_file_count = fields.Integer(
        related="company_id.complaint_portal_file_count", readonly=False
    )
    complaint_portal_limit_ip = fields.Integer(
        related="company_id.complaint_portal_limit_ip", readonly=False
    )
    complaint_portal_limit_email = fields.Integer(
        related="company_id.complaint_portal_limit_email", readonly=False
    )
    complaint_portal_limit_minutes = fields.Integer(
        related="company_id.complaint_portal_limit_minutes", readonly=False
    )
    complaint_portal_limit_messages = fields.Integer(
        related="company_id.complaint_portal_limit_messages", readonly=False
    )
    complaint_portal_category = fields.Selection(
        related="company_id.complaint_portal_category", readonly=False
    )
    complaint_api_limit_user = fields.Integer(
        related="company_id.complaint_api_limit_user", readonly=False
    )
    complaint_api_limit_ip = fields.Integer(
        related="company_id.complaint_api_limit_ip", readonly=False
    )
    complaint_statistics_published = fields.Boolean(
        related="company_id.complaint_statistics_published", readonly=False
    )
    complaint_statistics_min_count = fields.Integer(
        related="company_id.complaint_statistics_min_count", readonly=False
    )
    complaint_party_show_contact = fields.Boolean(
        related="company_id.complaint_party_show_contact", readonly=False
    )
