from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    """What the company publishes of its complaints (/complaint/statistics)."""

    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    complaint_statistics_published = fields.Boolean(
        string="Publish Complaint Statistics",
        help="Show anyone the monthly number of complaints by category and the "
        "resolution, timeliness and satisfaction figures of the last twelve "
        "months on /complaint/statistics: counts and rates only, no personal "
        "data.",
    )
    complaint_statistics_min_count = fields.Integer(
        string="Smallest Category Published",
        default=5,
        help="Categories with fewer complaints over the twelve months are counted "
        "under Other, and the average satisfaction is shown once this many "
        "complaints were rated, so that no single complaint stands out.",
    )

    @api.constrains("complaint_statistics_min_count")
    def _check_statistics_min_count(self):
        if any(company.complaint_statistics_min_count < 1 for company in self):
            raise ValidationError(
                self.env._(
                    "The smallest category published must have at least one complaint."
                )
            )
