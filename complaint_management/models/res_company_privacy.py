from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression


class ResCompany(models.Model):
    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    complaint_privacy_request_days = fields.Integer(
        string="Privacy Request Answer Period (days)",
        default=15,
        help="A complainant's request about their personal information (access, "
        "copy, correction, deletion, withdrawal of consent) is answered within "
        "this many days of its receipt.",
    )
    complaint_privacy_officer_id = fields.Many2one(
        "res.users",
        string="Privacy Officer",
        domain="[('share', '=', False)]",
        help="Owns new privacy requests (else their creator) and is the contact "
        "named in the privacy notice (PIPL art. 52).",
    )

    @api.constrains("complaint_retention_months", "complaint_privacy_request_days")
    def _check_privacy_periods(self):
        # a retention of 0 would de-identify every closed complaint at the next
        # run, which nothing undoes
        if any(company.complaint_retention_months < 1 for company in self):
            raise ValidationError(
                self.env._(
                    "Closed complaints keep the complainant's data at least one month."
                )
            )
        if any(company.complaint_privacy_request_days < 1 for company in self):
            raise ValidationError(
                self.env._("A privacy request needs at least one day to be answered.")
            )

    @api.constrains("complaint_privacy_officer_id")
    def _check_privacy_officer(self):
        # the owner of the company's new requests opens and answers them
        for company in self.filtered("complaint_privacy_officer_id"):
            company.complaint_privacy_officer_id._complaint_check_answers_privacy(
                company
            )

    @api.model
    def _complaint_retention_past_domain(self):
        """The complaints whose retention date is over where their company
        works (its calendar's time zone): the date is the company's local
        day, and the job runs in UTC, hours before a western company's day
        ends."""
        # sudo: every company, archived ones too (their complaints are kept)
        companies = self.sudo().with_context(active_test=False).search([])
        by_today = defaultdict(list)
        for company in companies:
            by_today[company._complaint_today()].append(company.id)
        return expression.OR(
            [
                [("company_id", "in", ids), ("date_retention", "<", today)]
                for today, ids in by_today.items()
            ]
        )
