from odoo import models


class ResGroups(models.Model):
    _inherit = "res.groups"

    def write(self, vals):
        # members removed on the group's form may lose the complaint rights:
        # as when the user's own form removes them, their open complaints
        # are handed over at once (those added lose nothing)
        groups = self.with_context(active_test=False)
        before = groups.users if "users" in vals else self.env["res.users"]
        res = super().write(vals)
        removed = before - groups.users if before else before
        if removed:
            removed._complaint_owners_changed()
        return res
