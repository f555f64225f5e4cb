from odoo import api, fields, models


class ComplaintSlaLine(models.Model):
    _inherit = "complaint.sla.line"

    working_hours_reached = fields.Float(
        string="Working Hours Taken",
        compute="_compute_working_hours_reached",
        store=True,
        # with the line's insert (0 until reached), not in a second write
        precompute=True,
        help="Working hours the milestone took once reached, pauses excluded; "
        "stored so the complaint analysis can average it.",
    )

    @api.depends("date_start", "date_reached", "paused_hours")
    def _compute_working_hours_reached(self):
        reached = self.filtered("date_reached")
        (self - reached).working_hours_reached = 0.0
        for line in reached:
            line.working_hours_reached = line.working_hours_used
