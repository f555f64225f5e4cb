from odoo import api, models

CONSENT_CHANNEL = "complaint_consent_channel"
NOTICE = "complaint_privacy_notice_id"


class ComplaintComplaint(models.Model):
    """The privacy notice and the complainant's consent on the portal form:
    the consent to the processing is required, the one to sensitive data is
    given separately when the complaint holds such data."""

    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _portal_validate_privacy(self, post, errors):
        """The consents ticked on the form, as complaint values."""
        if not post.get("privacy_consent"):
            errors["privacy_consent"] = self.env._(
                "Tick the box to agree to the processing of your personal "
                "information for handling this complaint: we cannot handle it "
                "otherwise."
            )
            return {}
        sensitive = bool(post.get("sensitive_consent"))
        return {
            "privacy_consent_given": True,
            "sensitive_consent_given": sensitive,
            "has_sensitive_data": sensitive,
        }

    @api.model
    def _privacy_intake_context(self, channel, notice=None):
        """The context a channel files its complaints with, so that the
        consents are recorded with that channel and the notice shown."""
        notice = notice or self.env["complaint.privacy.notice"]._current()
        return {CONSENT_CHANNEL: channel, NOTICE: notice.id}

    def _privacy_notice_url(self):
        self.ensure_one()
        return f"{self.get_base_url()}/complaint/privacy"
