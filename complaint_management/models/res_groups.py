from odoo import models


class ResGroups(models.Model):
    _inherit = "res.groups"

    def write(self, vals):
        # members removed on the group's form may lose the complaint rights:
        # as when the user's own form removes them, their open complaints
        # are handed over at once (those added lose nothing)
        groups = self.with_context(active_test=False)
        before = groups.users if "users" in vals else self.env["res.users"]
        staff = before.filtered(lambda u: not u.share)
        res = super().write(vals)
        removed = before - groups.users if before else before
        if removed:
            # made portal users here as on the user's form (the internal
            # group's users taken off it)
            made_portal = staff.filtered("share")
            made_portal._check_not_recorded_as_staff()
            removed._complaint_owners_changed()
            made_portal._complaint_unfollow_all()
        return res
