from odoo import models


class ProductProduct(models.Model):
    """A product an assignment rule routes by is archived, not deleted (see
    ``complaint.criterion.guard``): deleted, the rule would route every
    complaint of its company."""

    _name = "product.product"
    _inherit = ["product.product", "complaint.criterion.guard"]
