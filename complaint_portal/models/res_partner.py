from odoo import models
from odoo.tools import email_normalize


class ResPartner(models.Model):
    _inherit = "res.partner"

    def write(self, vals):
        if "email" not in vals:
            return super().write(vals)
        new = email_normalize(vals["email"] or "")
        moved = self.filtered(
            lambda partner: partner.email and email_normalize(partner.email) != new
        )
        res = super().write(vals)
        if moved:
            # the address put right on the contact: the links of its
            # complaints went to the wrong one (whoever holds it would read
            # and answer as the complainant); the complainant asks for a new
            # link, sent to the right address
            complaints = (
                self.env["complaint.complaint"]
                .sudo()  # sudo: the portal's keys of the contact's complaints
                .search(
                    [("partner_id", "in", moved.ids), ("access_token", "!=", False)]
                )
            )
            # those whose recorded address followed the contact's had their
            # links cut (and the survey sent again) by that change already
            for complaint in complaints.filtered(
                lambda c: email_normalize(c.complainant_email or "") != new
            ):
                complaint._portal_revoke_links()
        return res

    def _to_store(self, store, /, *, fields=None, main_user_by_partner=None):
        """Staff contacts brought by complaint messages (recipients, reactions)
        reach complainants with their public name only: no name, address,
        avatar token or user."""
        Message = self.env["mail.message"]
        if (
            not self.env.context.get("complaint_hide_staff_contacts")
            or not Message._complaint_hides_staff()
        ):
            return super()._to_store(
                store, fields=fields, main_user_by_partner=main_user_by_partner
            )
        staff_by_partner = {
            partner: Message._complaint_staff_user(partner) for partner in self
        }
        hidden = self.filtered(lambda p: staff_by_partner[p])
        super(ResPartner, self - hidden)._to_store(
            store, fields=fields, main_user_by_partner=main_user_by_partner
        )
        for partner in hidden:
            store.add(
                partner,
                {
                    "name": Message._complaint_staff_public_name(
                        staff_by_partner[partner]
                    )
                },
            )
