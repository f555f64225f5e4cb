from odoo import api, models
from odoo.exceptions import ValidationError

# the longest period each setting takes (ten years in its unit): a date that
# far away is no setting anyone means, and past Python's dates the intake,
# the proposals and the daily jobs fail with a traceback
PERIOD_BOUNDS = {
    "complaint_fast_track_days": 3650,
    "complaint_repeat_days": 3650,
    "complaint_batch_hours": 87600,
    "complaint_party_response_days": 3650,
    "complaint_reopen_days": 3650,
    "complaint_retention_months": 120,
    "complaint_privacy_request_days": 3650,
}


class ResCompany(models.Model):
    """The complaint settings' bounds, one rule for all of them; their lower
    bounds are checked beside each setting (``res_company.py``)."""

    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    @api.constrains(*PERIOD_BOUNDS)
    def _check_complaint_periods_bounded(self):
        for company in self:
            for fname, bound in PERIOD_BOUNDS.items():
                if company[fname] > bound:
                    raise ValidationError(
                        self.env._(
                            "%(setting)s is at most %(bound)s (ten years).",
                            setting=self._fields[fname]._description_string(self.env),
                            bound=bound,
                        )
                    )

    @api.constrains(
        "complaint_repeat_days", "complaint_batch_hours", "complaint_batch_count"
    )
    def _check_complaint_detection(self):
        """0 turns a detection off (its help says so); a negative window or a
        batch of one complaint turned it off without saying."""
        for company in self:
            if company.complaint_repeat_days < 0 or company.complaint_batch_hours < 0:
                raise ValidationError(
                    self.env._(
                        "The repeat and batch windows cannot be negative (0 turns "
                        "the detection off)."
                    )
                )
            if company.complaint_batch_count == 1 or company.complaint_batch_count < 0:
                raise ValidationError(
                    self.env._(
                        "A batch is at least 2 complaints (0: batches are found "
                        "across provinces only)."
                    )
                )
