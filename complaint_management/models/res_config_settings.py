from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    complaint_auto_acknowledge = fields.Boolean(
        related="company_id.complaint_auto_acknowledge", readonly=False
    )
    complaint_step_mail_auto = fields.Boolean(
        related="company_id.complaint_step_mail_auto", readonly=False
    )
    complaint_fast_track_amount = fields.Monetary(
        related="company_id.complaint_fast_track_amount", readonly=False
    )
    complaint_fast_track_customer_amount = fields.Monetary(
        related="company_id.complaint_fast_track_customer_amount", readonly=False
    )
    complaint_fast_track_days = fields.Integer(
        related="company_id.complaint_fast_track_days", readonly=False
    )
    complaint_remedy_approver_id = fields.Many2one(
        related="company_id.complaint_remedy_approver_id", readonly=False
    )
    complaint_reply_script_group_id = fields.Many2one(
        related="company_id.complaint_reply_script_group_id", readonly=False
    )
    complaint_repeat_days = fields.Integer(
        related="company_id.complaint_repeat_days", readonly=False
    )
    complaint_batch_count = fields.Integer(
        related="company_id.complaint_batch_count", readonly=False
    )
    complaint_batch_hours = fields.Integer(
        related="company_id.complaint_batch_hours", readonly=False
    )
    complaint_batch_province_rule = fields.Boolean(
        related="company_id.complaint_batch_province_rule", readonly=False
    )
    complaint_batch_province_count = fields.Integer(
        related="company_id.complaint_batch_province_count", readonly=False
    )
    complaint_party_response_days = fields.Integer(
        related="company_id.complaint_party_response_days", readonly=False
    )
    complaint_reopen_days = fields.Integer(
        related="company_id.complaint_reopen_days", readonly=False
    )
    complaint_retention_months = fields.Integer(
        related="company_id.complaint_retention_months", readonly=False
    )
    complaint_representative_id = fields.Many2one(
        related="company_id.complaint_representative_id", readonly=False
    )
    complaint_policy_date = fields.Date(
        related="company_id.complaint_policy_date", readonly=False
    )
    complaint_recurring_count = fields.Integer(
        related="company_id.complaint_recurring_count", readonly=False
    )
    complaint_sample_rate = fields.Integer(
        related="company_id.complaint_sample_rate", readonly=False
    )
