from odoo import fields, models


class ComplaintRemedyType(models.Model):
    _name = "complaint.remedy.type"
    _description = "Complaint Remedy Type"
    # shared by every company: changed by someone working for all of them
    _inherit = ["complaint.company.guard"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Selection(
        [
            ("refund", "Refund"),
            ("exchange", "Exchange"),
            ("repair", "Repair / Rework"),
            ("replacement", "Replacement"),
            ("compensation", "Compensation"),
            ("discount", "Price Discount"),
            ("technical_support", "Technical Support"),
            ("information", "Information"),
            ("apology", "Apology"),
            ("gift", "Gift"),
            ("other", "Other"),
        ],
        required=True,
        default="other",
    )
    sequence = fields.Integer(default=10)
    is_monetary = fields.Boolean(
        help="Remedies of this type carry an amount paid or credited to the customer."
    )
    active = fields.Boolean(default=True)
