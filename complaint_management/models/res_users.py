from odoo import fields, models


class ResUsers(models.Model):
    _inherit = "res.users"

    complaint_team_ids = fields.Many2many(
        "complaint.team",
        "complaint_team_member_rel",
        "user_id",
        "team_id",
        string="Complaint Teams",
    )
    complaint_display_name = fields.Char(
        string="Handler Name Shown to Complainants",
        help="The name complainants see in emails and on the portal instead of "
        "this user's own name and contact data.",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + ["complaint_display_name"]

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + ["complaint_display_name"]

    def _complaint_public_name(self):
        """Name shown to complainants: never the private name or contact data."""
        self.ensure_one()
        return self.complaint_display_name or self.env._("Complaint Handler")
