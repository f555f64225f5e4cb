from odoo import models
from odoo.exceptions import UserError

# what a complaint links that belongs to a company
LINK_FIELDS = (
    "partner_id",
    "party_id",
    "sale_order_id",
    "sale_line_id",
    "invoice_id",
    "product_ids",
)


class ComplaintLinkCompanyMixin(models.AbstractModel):
    """The customer, party, order, invoice and products a complaint links
    are of its company or shared: another company's would show their names
    on the form, the portal and in the chatter. Moved to another company,
    its amounts keep their currency (see ``_check_amounts_keep_currency``).

    Checked on the links a user sets (at creation, or written with the
    complaint's company), not on every write of the complaint: Odoo's
    ``check_company`` checks every link whenever one changes, even in
    superuser mode, so a contact given a company after the complaint was
    filed would stop the engine's own writes (escalation, retention)."""

    _name = "complaint.link.company.mixin"
    _inherit = "complaint.events"
    _description = "Complaint Links in Its Company"

    def _on_created(self):
        res = super()._on_created()
        if not self.env.su:
            self._check_link_companies(LINK_FIELDS)
        return res

    def _on_writing(self, vals):
        res = super()._on_writing(vals)
        if vals.get("company_id"):
            self._check_amounts_keep_currency(vals["company_id"])
        return res

    def _check_amounts_keep_currency(self, company_id):
        """A complaint's amounts (claimed, its remedies', the one to recover
        from the party) are in its company's currency: moved to a company of
        another currency, 1,000 yuan would read 1,000 Hong Kong dollars, in
        the remedies carried out, the fast track's limits and the analysis."""
        currency = self.env["res.company"].browse(company_id).sudo().currency_id
        # sudo: the amounts' presence, whoever moves the complaint
        moved = self.sudo().filtered(
            lambda c: c.currency_id != currency
            and (
                c.amount_claimed
                or c.recovery_amount
                or c.remedy_ids.filtered(
                    lambda r: r.amount and r.state not in ("cancelled", "refused")
                )
            )
        )
        if moved:
            raise UserError(
                self.env._(
                    "Complaint %(name)s has amounts in %(currency)s: it stays in "
                    "a company of that currency (file a new complaint in the "
                    "other company).",
                    name=moved[0].name,
                    currency=moved[0].currency_id.name,
                )
            )

    def _check_takes_amounts(self, remedies):
        """``remedies`` move to this complaint: their amounts stay in their
        currency (¥150 would read HK$150, fast-tracked again there)."""
        self.ensure_one()
        if remedies.filtered(lambda r: r.amount and r.currency_id != self.currency_id):
            raise UserError(
                self.env._(
                    "A remedy keeps the currency of its amount: propose it anew "
                    "on complaint %(complaint)s, in %(currency)s.",
                    complaint=self.name,
                    currency=self.currency_id.name,
                )
            )

    def _on_written(self, vals):
        res = super()._on_written(vals)
        if not self.env.su:
            fnames = [f for f in LINK_FIELDS if f in vals]
            if "company_id" in vals:
                fnames = LINK_FIELDS
            self._check_link_companies(fnames)
        return res

    def _check_link_companies(self, fnames):
        # sudo: the companies of what is linked, whoever links it
        for complaint in self.sudo():
            company = complaint.company_id
            for fname in fnames:
                linked = complaint[fname]
                foreign = linked - linked.filtered_domain(
                    linked._check_company_domain(company)
                )
                if foreign:
                    raise UserError(
                        self.env._(
                            "%(record)s belongs to %(other)s: complaint %(name)s "
                            "of %(company)s links only its company's records or "
                            "shared ones.",
                            record=foreign[0].display_name,
                            other=foreign[0].company_id.display_name,
                            name=complaint.name or "",
                            company=company.display_name,
                        )
                    )
