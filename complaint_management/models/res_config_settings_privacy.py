import re

from odoo import api, fields, models
from odoo.tools import format_list, html2plaintext


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"  # pylint: disable=consider-merging-classes-inherited

    complaint_privacy_request_days = fields.Integer(
        related="company_id.complaint_privacy_request_days", readonly=False
    )
    complaint_privacy_officer_id = fields.Many2one(
        related="company_id.complaint_privacy_officer_id", readonly=False
    )
    complaint_privacy_notice_warning = fields.Char(
        compute="_compute_complaint_privacy_notice_warning"
    )

    @api.depends(
        "company_id", "complaint_retention_months", "complaint_privacy_request_days"
    )
    def _compute_complaint_privacy_notice_warning(self):
        """The notice complainants agree to states how long their data is kept
        and how soon a request is answered: say when the settings no longer
        match what the current version says."""
        Notice = self.env["complaint.privacy.notice"]
        for settings in self:
            notice = Notice._current(settings.company_id)
            text = html2plaintext(notice.body or "")
            missing = [
                label
                for label, number in (
                    (
                        self.env._(
                            "%(months)s months of retention",
                            months=settings.complaint_retention_months,
                        ),
                        settings.complaint_retention_months,
                    ),
                    (
                        self.env._(
                            "an answer within %(days)s days",
                            days=settings.complaint_privacy_request_days,
                        ),
                        settings.complaint_privacy_request_days,
                    ),
                )
                if number and not re.search(rf"(?<!\d){number}(?!\d)", text)
            ]
            settings.complaint_privacy_notice_warning = (
                self.env._(
                    "The current privacy notice (version %(version)s) does not state "
                    "%(missing)s. Publish a new version that does, so that what "
                    "complainants agree to stays true.",
                    version=notice.version,
                    missing=format_list(self.env, missing),
                )
                if notice and missing
                else False
            )
