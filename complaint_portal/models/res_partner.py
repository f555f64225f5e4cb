from odoo import models


class ResPartner(models.Model):
    _inherit = "res.partner"

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
