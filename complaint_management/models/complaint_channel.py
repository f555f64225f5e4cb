from odoo import fields, models


class ComplaintChannel(models.Model):
    _name = "complaint.channel"
    _inherit = ["complaint.company.guard", "complaint.criterion.guard"]
    _description = "Complaint Channel"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True, help="Technical code used by integrations.")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(
        translate=True,
        help="What the complainant should provide through this channel; "
        "published with the time limits.",
    )
    is_special_care = fields.Boolean(
        string="Elderly / Minor Channel",
        help="Dedicated channel for elderly and minor complainants.",
    )
    auto_acknowledge = fields.Boolean(
        default=True,
        help="Send the acknowledgement email automatically when a complaint "
        "from this channel is registered.",
    )
    is_external = fields.Boolean(
        string="External Platform",
        help="Complaints forwarded by an outside platform (12315, 12345, ...).",
    )

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The channel code must be unique."),
    ]
    _complaint_fact_models = ("complaint.complaint",)
