from odoo import models


class ResUsers(models.Model):
    _inherit = "res.users"

    def _complaint_recorded_by(self):
        # a held review's attendance is its minutes'
        return (
            *super()._complaint_recorded_by(),
            ("complaint.management.review", "attendee_ids", [("state", "=", "held")]),
        )
