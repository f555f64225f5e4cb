from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

# what places a complaint in a band
BAND_FIELDS = {"amount_min", "amount_max", "company_id", "active"}


class ComplaintAmountBand(models.Model):
    _name = "complaint.amount.band"
    _description = "Complaint Amount Band"
    _inherit = ["complaint.company.guard"]
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

    @api.constrains("amount_min", "amount_max", "company_id", "active")
    def _check_no_overlap(self):
        """A complaint is in one band: of two overlapping bands the lower one
        took every amount they share, and the other was silently unused."""
        bands = self.filtered("active")
        # sudo: the companies' bands, whatever the editor reads (one search
        # for a batch)
        by_company = (
            self.sudo().search([("company_id", "in", bands.company_id.ids)])
            if bands
            else self.browse()
        ).grouped("company_id")
        for band in bands:
            others = by_company[band.company_id].filtered(
                lambda other, band=band: other != band
                and (not band.amount_max or other.amount_min < band.amount_max)
                and (not other.amount_max or band.amount_min < other.amount_max)
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "The amount band %(band)s overlaps %(other)s: set the "
                        "bounds so that each amount falls in one band.",
                        band=band.name,
                        other=others[0].name,
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()  # the band index below
        bands = super().create(vals_list)
        bands._classify_again(bands.company_id)
        return bands

    def write(self, vals):
        self.env.registry.clear_cache()  # the band index below
        companies = self.company_id
        res = super().write(vals)
        if BAND_FIELDS.intersection(vals):
            self._classify_again(companies | self.company_id)
        return res

    def unlink(self):
        self.env.registry.clear_cache()  # the band index below
        companies = self.company_id
        res = super().unlink()
        self._classify_again(companies)
        return res

    @api.model
    def _classify_again(self, companies):
        """The complaints of ``companies`` take their band anew (closed ones
        too: the analysis groups them by the bands in force)."""
        # sudo: every complaint of the company, whoever edits its bands
        Complaint = self.env["complaint.complaint"].sudo()
        complaints = Complaint.with_context(active_test=False).search(
            [("company_id", "in", companies.ids)]
        )
        self.env.add_to_compute(Complaint._fields["amount_band_id"], complaints)

    @api.model
    @tools.ormcache()
    def _band_index(self):
        """Active bands as ``(id, company id, from, up to)``, in order, kept
        between transactions until a band changes."""
        # sudo: band configuration of every company; callers match their own
        bands = self.sudo().with_context(active_test=True).search([])
        return tuple(
            (band.id, band.company_id.id, band.amount_min, band.amount_max)
            for band in bands
        )

    @api.model
    def _band_for(self, company_id, amount):
        """The band of ``amount`` in the company (upper bound excluded)."""
        return self.browse(
            next(
                (
                    band_id
                    for band_id, band_company, low, high in self._band_index()
                    if band_company == company_id
                    and amount >= low
                    and (not high or amount < high)
                ),
                None,
            )
        )
