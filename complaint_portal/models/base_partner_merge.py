from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    """Contacts merged by staff: core moves their complaints to the contact
    kept with SQL, past ``write``, where a new complainant revokes the links
    a complaint was given (``complaint.complaint._on_writing``): whoever held
    the merged contact's link or passcode would act as the kept contact and
    print their address. Their complaints' keys are renewed here."""

    _inherit = "base.partner.merge.automatic.wizard"

    def _update_foreign_keys(self, src_partners, dst_partner):
        # sudo: the complaints of the merged contacts, whoever merges them
        complaints = (
            self.env["complaint.complaint"]
            .sudo()
            .with_context(active_test=False)
            .search([("partner_id", "in", src_partners.ids)])
        )
        res = super()._update_foreign_keys(src_partners, dst_partner)
        for complaint in complaints:
            complaint._portal_revoke_links()
        return res
