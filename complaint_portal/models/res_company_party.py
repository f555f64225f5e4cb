from odoo import fields, models


class ResCompany(models.Model):
    """What the complained-about party reads of a complaint forwarded to it."""

    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    complaint_party_show_contact = fields.Boolean(
        string="Show the Complainant to the Party",
        help="The merchant, supplier or carrier a complaint is forwarded to sees "
        "the complainant's name, email, phone and address on its portal page. "
        "Off: it sees the case (subject, description, products, order) only. "
        "Anonymous and de-identified complaints never show them.",
    )
