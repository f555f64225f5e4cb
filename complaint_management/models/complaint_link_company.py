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
    on the form, the portal and in the chatter.

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
