from odoo import api, models
from odoo.exceptions import ValidationError

# the longest period each setting takes: a hundred years in its unit (a
# retention of decades is a company's choice); past Python's dates the
# intake, the proposals and the daily jobs failed with a traceback
PERIOD_BOUNDS = {
    "complaint_fast_track_days": 36500,
    "complaint_repeat_days": 36500,
    "complaint_batch_hours": 876000,
    "complaint_party_response_days": 36500,
    "complaint_reopen_days": 36500,
    "complaint_retention_months": 1200,
    "complaint_privacy_request_days": 36500,
}


class ResCompany(models.Model):
    """The complaint settings' bounds; their lower bounds are checked beside
    each setting (``res_company.py``). One constraint per setting: a value
    set before a bound existed does not block saving another setting."""

    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    def _check_complaint_bounded(self, fname):
        bound = PERIOD_BOUNDS[fname]
        if any(company[fname] > bound for company in self):
            raise ValidationError(
                self.env._(
                    "%(setting)s is at most %(bound)s (a hundred years).",
                    setting=self._fields[fname]._description_string(self.env),
                    bound=bound,
                )
            )

    @api.constrains("complaint_fast_track_days")
    def _check_fast_track_days_bounded(self):
        self._check_complaint_bounded("complaint_fast_track_days")

    @api.constrains("complaint_repeat_days")
    def _check_repeat_days_bounded(self):
        self._check_complaint_bounded("complaint_repeat_days")
        if any(company.complaint_repeat_days < 0 for company in self):
            raise ValidationError(
                self.env._(
                    "The repeat window cannot be negative (0 turns the detection "
                    "of repeats off)."
                )
            )

    @api.constrains("complaint_batch_hours")
    def _check_batch_hours_bounded(self):
        self._check_complaint_bounded("complaint_batch_hours")
        if any(company.complaint_batch_hours < 0 for company in self):
            raise ValidationError(
                self.env._(
                    "The batch window cannot be negative (0 turns the detection "
                    "of batches off)."
                )
            )

    @api.constrains("complaint_batch_count")
    def _check_batch_count(self):
        # 1 or less skipped the count silently: every complaint is no batch
        if any(
            company.complaint_batch_count == 1 or company.complaint_batch_count < 0
            for company in self
        ):
            raise ValidationError(
                self.env._(
                    "A batch is at least 2 complaints (0: batches are found "
                    "across provinces only)."
                )
            )

    @api.constrains("complaint_party_response_days")
    def _check_party_response_days_bounded(self):
        self._check_complaint_bounded("complaint_party_response_days")

    @api.constrains("complaint_reopen_days")
    def _check_reopen_days_bounded(self):
        self._check_complaint_bounded("complaint_reopen_days")

    @api.constrains("complaint_retention_months")
    def _check_retention_months_bounded(self):
        self._check_complaint_bounded("complaint_retention_months")

    @api.constrains("complaint_privacy_request_days")
    def _check_privacy_request_days_bounded(self):
        self._check_complaint_bounded("complaint_privacy_request_days")
