from odoo import models


class ProductProduct(models.Model):
    """A product an assignment rule routes by, or complaints and corrective
    actions name, is archived, not deleted (see ``complaint.criterion.guard``):
    deleted, the rule would route every complaint of its company and the
    complaint would no longer say what it was about."""

    _name = "product.product"
    _inherit = ["product.product", "complaint.criterion.guard"]
    _complaint_fact_models = ("complaint.complaint", "complaint.corrective.action")
