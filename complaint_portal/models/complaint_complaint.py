from odoo import models


class ComplaintComplaint(models.Model):
    _name = "complaint.complaint"
    _inherit = ["complaint.complaint", "portal.mixin"]

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"
        return res
