from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ComplaintAmountBand(models.Model):
    _name = "complaint.amount.band"
    _description = "Complaint Amount Band"
    _order = "amount_min, id"

    name = fields.Char(required=True, translate=True)
    amount_min = fields.Monetary(string="From Amount", currency_field="currency_id")
    amount_max = fields.Monetary(
        string="Up To Amount",
        currency_field="currency_id",
        help="Upper bound (excluded); leave 0 for no upper bound.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    active = fields.Boolean(default=True)

    @api.constrains("amount_min", "amount_max")
    def _check_amounts(self):
        for band in self:
            if band.amount_max and band.amount_max <= band.amount_min:
                raise ValidationError(
                    self.env._(
                        "The upper bound of the amount band %(band)s must be greater "
                        "than its lower bound.",
                        band=band.name,
                    )
                )

    def _contains(self, amount):
        """Whether ``amount`` lies in this band (upper bound excluded)."""
        self.ensure_one()
        return amount >= self.amount_min and (
            not self.amount_max or amount < self.amount_max
        )
