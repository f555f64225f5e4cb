from odoo import api, fields, models

from ..wizard.complaint_review import _previous_month


def _last_month(company):
    """A company starts with last month as sent: its first review is of its
    first month with the app, not of a month before it."""
    return _previous_month(fields.Date.context_today(company))[0]


class ResCompany(models.Model):
    _inherit = "res.company"

    complaint_review_month = fields.Date(
        string="Last Monthly Review Sent",
        readonly=True,
        copy=False,
        default=_last_month,
        groups="base.group_system",
        help="The first day of the last month the monthly management review "
        "was sent for (at the start, the month before the app was installed "
        "or the company created): a review deleted since is not made again.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        companies = super().create(vals_list)
        # last month where the new company works, not where its creator is
        for company, vals in zip(companies, vals_list, strict=True):
            if "complaint_review_month" not in vals:
                # sudo: the job's mark, whoever creates the company
                company.sudo().complaint_review_month = company._complaint_last_month()
        return companies
