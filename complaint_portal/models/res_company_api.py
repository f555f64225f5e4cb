from odoo import api, fields, models
from odoo.exceptions import ValidationError


class ResCompany(models.Model):
    """Rate limits of the JSON API: a channel's software files for many people
    from one address, so it has limits of its own, counted apart from the
    portal's (the portal's window applies)."""

    # apart from res_company.py (the attachment policy, already 400 lines)
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    complaint_api_limit_user = fields.Integer(
        string="API Submissions per Channel User",
        default=200,
        help="Complaints one API channel user may file within the rate-limit window.",
        groups="base.group_user",
    )
    complaint_api_limit_ip = fields.Integer(
        string="API Submissions per Address",
        default=200,
        help="Complaints accepted through the JSON API from one network address "
        "within the rate-limit window, whatever the key.",
        groups="base.group_user",
    )

    @api.constrains("complaint_api_limit_user", "complaint_api_limit_ip")
    def _check_complaint_api_limits(self):
        # 0 would refuse every filing of every channel
        for company in self:
            if (
                min(company.complaint_api_limit_user, company.complaint_api_limit_ip)
                < 1
            ):
                raise ValidationError(
                    self.env._("The API's submission limits are at least 1.")
                )
