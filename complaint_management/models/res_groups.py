from odoo import models


class ResGroups(models.Model):
    _inherit = "res.groups"

    def write(self, vals):
        # members removed on the group's form may lose the complaint rights:
        # as when the user's own form removes them, their open complaints
        # are handed over at once
        members = (
            self.with_context(active_test=False).users
            if "users" in vals
            else self.env["res.users"]
        )
        res = super().write(vals)
        if members:
            members._complaint_owners_changed()
        return res
