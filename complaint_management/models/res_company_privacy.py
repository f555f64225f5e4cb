from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    complaint_privacy_request_days = fields.Integer(
        string="Privacy Request Answer Period (days)",
        default=15,
        help="A complainant's request about their personal information (access, "
        "copy, correction, deletion, withdrawal of consent) is answered within "
        "this many days of its receipt.",
    )
    complaint_privacy_officer_id = fields.Many2one(
        "res.users",
        string="Privacy Officer",
        domain="[('share', '=', False)]",
        help="Owns new privacy requests (else their creator) and is the contact "
        "named in the privacy notice (PIPL art. 52).",
    )
