from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    """Contacts merged by staff: the contact kept is one the intake made
    (emptied with its complaints' personal data) only when all of them were;
    merged with a known one (a customer who wrote from an unknown address),
    it is the known customer."""

    _inherit = "base.partner.merge.automatic.wizard"

    def _update_values(self, src_partners, dst_partner):
        everyone = src_partners | dst_partner
        if not all(everyone.mapped("complaint_intake_contact")):
            # sudo: the intake's own mark, which core would carry over from
            # any contact merged (the mark is refused to users' writes)
            everyone.sudo().filtered("complaint_intake_contact").write(
                {"complaint_intake_contact": False}
            )
        return super()._update_values(src_partners, dst_partner)
