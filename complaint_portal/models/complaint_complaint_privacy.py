from odoo import api, models


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
        return self._privacy_consent_values(bool(post.get("sensitive_consent")))

    def _privacy_notice_url(self):
        self.ensure_one()
        return f"{self.get_base_url()}/complaint/privacy"
