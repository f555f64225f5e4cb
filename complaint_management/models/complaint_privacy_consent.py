from odoo import api, fields, models
from odoo.exceptions import UserError

CONSENT_TYPES = [
    ("processing", "Personal Information Processing"),
    ("sensitive", "Sensitive Personal Information"),
]
CONSENT_CHANNELS = [
    ("portal", "Portal / Web Form"),
    ("staff", "Staff (Phone, Counter, Letter)"),
    ("email", "Email"),
    ("api", "API Channel"),
]


class ComplaintPrivacyConsent(models.Model):
    """Evidence of a complainant's consent: which notice they were shown,
    through which channel, when, recorded by whom; and its withdrawal.

    Records are written once: only the withdrawal date changes afterwards
    (a privacy request of type withdrawal, or a privacy officer)."""

    _name = "complaint.privacy.consent"
    _inherit = ["complaint.system.record"]
    _description = "Complainant's Privacy Consent"
    _order = "date desc, id desc"
    _rec_name = "consent_type"

    complaint_id = fields.Many2one(
        "complaint.complaint", required=True, ondelete="cascade", index=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Complainant",
        index="btree_not_null",
        ondelete="set null",
        help="Empty for an anonymous complainant, and once the complaint is "
        "de-identified.",
    )
    consent_type = fields.Selection(CONSENT_TYPES, string="Type", required=True)
    notice_id = fields.Many2one(
        "complaint.privacy.notice",
        string="Notice Version",
        ondelete="restrict",
        help="The privacy notice the complainant was shown.",
    )
    channel = fields.Selection(CONSENT_CHANNELS, required=True)
    date = fields.Datetime(required=True, default=fields.Datetime.now)
    user_id = fields.Many2one(
        "res.users",
        string="Recorded By",
        default=lambda self: self.env.user,
        ondelete="set null",
        help="The staff member who read the notice to the complainant, or the "
        "portal or channel user the complainant used.",
    )
    date_withdrawn = fields.Datetime(string="Withdrawn On", readonly=True)
    is_active = fields.Boolean(
        string="In Force", compute="_compute_is_active", store=True
    )
    company_id = fields.Many2one(
        related="complaint_id.company_id", store=True, index=True
    )

    @api.depends("date_withdrawn")
    def _compute_is_active(self):
        for consent in self:
            consent.is_active = not consent.date_withdrawn

    def write(self, vals):
        # evidence: only the withdrawal (once) and the de-identification (the
        # person removed) change it, both as superuser
        if (
            not self.env.su
            or set(vals) - {"date_withdrawn", "partner_id", "user_id"}
            or ("partner_id" in vals and vals["partner_id"])
            or ("user_id" in vals and vals["user_id"])
            or ("date_withdrawn" in vals and self.filtered("date_withdrawn"))
        ):
            raise UserError(
                self.env._(
                    "A recorded consent cannot be changed; record a new one or "
                    "withdraw it."
                )
            )
        return super().write(vals)

    def _withdraw(self):
        """Withdraw the consents still in force; their complaints no longer
        count as consented (the flags on the complaint follow)."""
        consents = self.filtered("is_active")
        if not consents:
            return consents
        consents.write({"date_withdrawn": fields.Datetime.now()})
        complaints = consents.complaint_id
        for consent_type, flag in (
            ("processing", "privacy_consent_given"),
            ("sensitive", "sensitive_consent_given"),
        ):
            withdrawn = consents.filtered(
                lambda c, t=consent_type: c.consent_type == t
            ).complaint_id
            # the complainant's own (a merge brings other people's along)
            still = complaints.filtered(
                lambda c, t=consent_type: c._privacy_own_consents(t)
            )
            (withdrawn - still).with_context(complaint_consent_sync=True).write(
                {flag: False}
            )
        return consents
