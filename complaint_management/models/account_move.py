from odoo import fields, models


class AccountMove(models.Model):
    _inherit = "account.move"

    complaint_id = fields.Many2one(
        "complaint.complaint",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="complaint_management.complaint_management_group_user",
        help="Complaint whose refund this credit note carries out.",
    )
    complaint_remedy_id = fields.Many2one(
        "complaint.remedy",
        readonly=True,
        copy=False,
        index="btree_not_null",
        groups="complaint_management.complaint_management_group_user",
    )
