from odoo import api, models


class ComplaintComplaint(models.Model):
    """The privacy notice and the complainant's consent on the portal form:
    the consent to the processing is required, the one to sensitive data is
    given separately when the complaint holds such data."""

    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _portal_validate_privacy(self, post, errors):
        """The consents ticked on the form, as complaint values. A consent
        ticked under a notice that is no longer the current one (a new
        version published while the form was open) is no consent to the
        current one: the form comes back with the new notice, unticked."""
        shown = str(post.get("privacy_notice_id") or "")
        current = self.env["complaint.privacy.notice"]._current()
        if current and post.get("privacy_consent") and shown != str(current.id):
            post.pop("privacy_consent")
            post.pop("sensitive_consent", None)
            errors["privacy_consent"] = self.env._(
                "Our privacy notice changed since you opened this form: read "
                "the new notice above and tick the box again."
            )
            return {}
        if not post.get("privacy_consent"):
            errors["privacy_consent"] = self.env._(
                "Tick the box to agree to the processing of your personal "
                "information for handling this complaint: we cannot handle it "
                "otherwise."
            )
            return {}
        return self._privacy_consent_values(bool(post.get("sensitive_consent")))

    def _privacy_notice_url(self):
        """The notice the complainant agreed to (its version, of the
        complaint's company), else the one its company shows now: the
        reader's company's current notice is another company's, or a later
        version."""
        self.ensure_one()
        # sudo: which notice was agreed to, whoever renders the email
        notice = self.sudo().consent_ids.sorted("id", reverse=True).notice_id[
            :1
        ] or self.env["complaint.privacy.notice"]._current(self.company_id)
        path = f"/complaint/privacy/{notice.id}" if notice else "/complaint/privacy"
        return f"{self.get_base_url()}{path}"
