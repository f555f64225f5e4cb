from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .complaint_privacy_consent import CONSENT_CHANNELS
from .complaint_privacy_service import PRIVACY_GROUP

USER_GROUP = "complaint_management.complaint_management_group_user"
CONSENT_FLAGS = {
    "privacy_consent_given": "processing",
    "sensitive_consent_given": "sensitive",
}
# what an intake channel files with, as superuser (see _privacy_intake_context)
CONSENT_CHANNEL_KEY = "complaint_consent_channel"
NOTICE_KEY = "complaint_privacy_notice_id"


class ComplaintPrivacyMixin(models.AbstractModel):
    """The complainant's consent to the processing of their personal
    information (PIPL art. 13, 14, 29): ticked at intake, recorded as
    ``complaint.privacy.consent`` evidence in the same transaction.

    Staff intake is not blocked without it (an urgent call must be filed; the
    processing is necessary to handle the complaint the person asked us to
    handle, art. 13 (2)): the form warns and a filter lists such complaints.
    Sensitive data (ID numbers, health) cannot be flagged without the
    separate sensitive consent (art. 29)."""

    _name = "complaint.privacy.mixin"
    _inherit = "complaint.events"
    _description = "Complaint privacy consent"

    consent_ids = fields.One2many(
        "complaint.privacy.consent",
        "complaint_id",
        string="Privacy Consents",
        groups=USER_GROUP,
    )
    privacy_consent_given = fields.Boolean(
        groups=USER_GROUP,
        string="Privacy Notice Accepted",
        copy=False,
        tracking=True,
        help="The complainant read (or was read) the privacy notice and agreed to "
        "the processing of their personal information for handling this "
        "complaint. Ticking it records the consent.",
    )
    sensitive_consent_given = fields.Boolean(
        groups=USER_GROUP,
        string="Sensitive Data Consent",
        copy=False,
        tracking=True,
        help="The complainant separately agreed to the processing of sensitive "
        "personal information (ID number, health data). Ticking it records the "
        "consent.",
    )
    has_sensitive_data = fields.Boolean(
        groups=USER_GROUP,
        string="Contains Sensitive Data",
        copy=False,
        tracking=True,
        help="The complaint holds sensitive personal information (ID number, "
        "health data); it needs the complainant's separate consent.",
    )
    privacy_consent_missing = fields.Boolean(
        groups=USER_GROUP,
        string="No Privacy Consent",
        compute="_compute_privacy_consent_missing",
        store=True,
        help="A complainant with contact data whose consent is not recorded.",
    )
    sensitive_consent_missing = fields.Boolean(
        compute="_compute_privacy_consent_missing", store=True, groups=USER_GROUP
    )

    @api.depends(
        "privacy_consent_given",
        "sensitive_consent_given",
        "has_sensitive_data",
        "is_anonymous",
    )
    def _compute_privacy_consent_missing(self):
        for complaint in self:
            complaint.privacy_consent_missing = not (
                complaint.privacy_consent_given or complaint.is_anonymous
            )
            complaint.sensitive_consent_missing = (
                complaint.has_sensitive_data and not complaint.sensitive_consent_given
            )

    @api.constrains("has_sensitive_data")
    def _check_sensitive_consent(self):
        for complaint in self:
            if complaint.has_sensitive_data and not complaint.sensitive_consent_given:
                raise ValidationError(
                    self.env._(
                        "Complaint %(name)s contains sensitive personal information: "
                        "record the complainant's separate consent (“Sensitive Data "
                        "Consent”) first, or keep the sensitive data out of it.",
                        name=complaint.name,
                    )
                )

    # ------------------------------------------------------------------
    # Events
    # ------------------------------------------------------------------
    def _on_created(self):
        res = super()._on_created()
        for flag, consent_type in CONSENT_FLAGS.items():
            self.filtered(flag)._privacy_record_consents(consent_type)
        return res

    def _on_written(self, vals):
        res = super()._on_written(vals)
        # the withdrawal keeps the flags in step with the consents, as superuser;
        # a context key from a caller (JSON-RPC sets any) opens nothing
        if self._system_context("complaint_consent_sync"):
            return res
        for flag, consent_type in CONSENT_FLAGS.items():
            if flag not in vals:
                continue
            if not vals[flag]:
                raise UserError(
                    self.env._(
                        "A consent is withdrawn through a privacy request of type "
                        "“Withdrawal of consent”, so that the withdrawal is "
                        "registered and answered."
                    )
                )
            self._privacy_check_given_again(consent_type)
            self._privacy_record_consents(consent_type)
        return res

    def _privacy_check_given_again(self, consent_type):
        """A consent the complainant withdrew is given again only before a
        privacy officer, who registers it: a handler's tick would silently
        reopen what the withdrawal closed (the party's view of the contact)."""
        if self.env.su or self.env.user.has_group(PRIVACY_GROUP):
            return
        # sudo: the consents are staff-only evidence, read to check
        withdrawn = self.sudo().consent_ids.filtered(
            lambda c: c.consent_type == consent_type and c.date_withdrawn
        )
        if withdrawn:
            raise UserError(
                self.env._(
                    "The complainant of %(name)s withdrew this consent: a privacy "
                    "officer records it again, once the person gave it again.",
                    name=withdrawn[0].complaint_id.name,
                )
            )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _privacy_intake_context(self, channel, notice=None):
        """The context an intake channel (portal, API) files its complaints
        with, as superuser: the consents are recorded with that channel and the
        notice it showed (none: the current one)."""
        return {
            CONSENT_CHANNEL_KEY: channel,
            NOTICE_KEY: notice.id if notice else False,
        }

    @api.model
    def _privacy_consent_values(self, sensitive):
        """Complaint values of a complainant who agreed to the notice, and to
        the processing of sensitive data when ``sensitive``."""
        return {
            "privacy_consent_given": True,
            "sensitive_consent_given": sensitive,
            "has_sensitive_data": sensitive,
        }

    def _privacy_record_consents(self, consent_type, notice=None):
        """Record the consent of ``consent_type`` on the complaints of ``self``
        without one in force; the channel comes from the intake
        (``complaint_consent_channel`` in the context), else staff. The
        recording user is the caller (the portal's or channel's user)."""
        # the portal and the API file as superuser and say their channel and the
        # notice they showed; anyone else records a staff consent to the current
        # notice (a context key from JSON-RPC proves nothing)
        channel = self._system_context(CONSENT_CHANNEL_KEY)
        if channel not in dict(CONSENT_CHANNELS):
            channel = "staff"
        Notice = self.env["complaint.privacy.notice"]
        notice_id = self._system_context(NOTICE_KEY)
        vals_list = []
        for complaint in self:
            if complaint._privacy_own_consents(consent_type):
                continue
            vals_list.append(
                {
                    "complaint_id": complaint.id,
                    "partner_id": complaint.partner_id.id,
                    "consent_type": consent_type,
                    "channel": channel,
                    "notice_id": notice_id
                    or (notice or Notice._current(complaint.company_id)).id,
                }
            )
        # sudo: consents are evidence written only here, by the intake, once the
        # caller may write the complaint (nobody creates them directly)
        self.check_access("write")
        return self.env["complaint.privacy.consent"].sudo().create(vals_list)

    def _privacy_own_consents(self, consent_type):
        """The consents of ``consent_type`` in force that the complainant gave
        (a merge brings other people's too, for their messages and files)."""
        self.ensure_one()
        # sudo: the consents are staff-only evidence, read to decide
        return self.sudo().consent_ids.filtered(
            lambda c: c.is_active
            and c.consent_type == consent_type
            and c.partner_id == self.partner_id
        )

    def _privacy_inherit_consents(self, original):
        """A complaint split off ``original`` (or that ``original`` was merged
        into) holds the same person's data from the same intake: the consents
        in force there are recorded here too, with their date, channel, notice
        and who recorded them, and the sensitive-data flag comes along."""
        self.ensure_one()
        # sudo: evidence; a consent already in force here is not repeated
        present = self.sudo().consent_ids.filtered("is_active")
        consents = original.sudo().consent_ids.filtered(
            lambda c: c.is_active
            and (c.partner_id, c.consent_type)
            not in {(p.partner_id, p.consent_type) for p in present}
        )
        if consents:
            self.env["complaint.privacy.consent"].sudo().create(  # sudo: evidence
                [
                    {
                        "complaint_id": self.id,
                        "partner_id": consent.partner_id.id,
                        "consent_type": consent.consent_type,
                        "channel": consent.channel,
                        "notice_id": consent.notice_id.id,
                        "date": consent.date,
                        "user_id": consent.user_id.id,
                    }
                    for consent in consents
                ]
            )
        # the flags say the complainant consented: other people's consents
        # (a merged complaint's complainant) are evidence, not theirs
        types = set(
            consents.filtered(lambda c: c.partner_id == self.partner_id).mapped(
                "consent_type"
            )
        )
        vals = {
            flag: True
            for flag, consent_type in CONSENT_FLAGS.items()
            if consent_type in types
        }
        if original.sudo().has_sensitive_data:  # sudo: a staff-only flag
            vals["has_sensitive_data"] = True
        if vals:
            # the sync key: the flags follow the consents just copied; no staff
            # consent is recorded for them (it opens nothing without sudo)
            self.sudo().with_context(  # sudo: the engine keeps the flags in step
                complaint_consent_sync=True
            ).write(vals)

    def _deidentify(self):
        res = super()._deidentify()
        # the evidence of consent stays (dates, notice version), without the person
        # sudo: retention and erasure act on every complaint's consents
        consents = self.sudo().consent_ids
        consents.write({"partner_id": False})
        # recorded through the complainant's own portal account: that user
        # is the person (staff who recorded a consent stay)
        consents.filtered(lambda consent: consent.user_id.share).write(
            {"user_id": False}
        )
        return res

    def _privacy_notice_url(self):
        """The public address of the privacy notice (the portal gives one)."""
        return False
