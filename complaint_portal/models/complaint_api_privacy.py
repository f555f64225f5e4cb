from odoo import api, models

from odoo.addons.complaint_management.tools.form_text import sent_text


class ComplaintApi(models.AbstractModel):
    """The consents an API channel passes on: ``privacy_consent`` (required,
    true: the complainant agreed to the notice the channel showed),
    ``sensitive_consent`` (optional) and ``privacy_notice_version`` (optional,
    default the current notice)."""

    _inherit = "complaint.api"

    @api.model
    def _api_validate_privacy(self, payload, errors):
        if payload.get("privacy_consent") is not True:
            errors["privacy_consent"] = self.env._(
                "Send privacy_consent: true once the complainant has read the "
                "privacy notice and agreed to the processing of their personal "
                "information for handling the complaint."
            )
        sensitive = payload.get("sensitive_consent", False)
        if not isinstance(sensitive, bool):
            errors["sensitive_consent"] = self.env._("Give true or false.")
            sensitive = False
        version = payload.get("privacy_notice_version")
        Notice = self.env["complaint.privacy.notice"]
        notice = Notice.browse()  # none given: the current one is recorded
        if version is not None:
            # sudo: channel users read no configuration; a version of their company
            notice = (
                Notice.sudo()
                .with_context(active_test=False)
                .search(
                    [
                        ("version", "=", sent_text(str(version)).strip()),
                        ("company_id", "in", [self.env.company.id, False]),
                    ],
                    order="company_id",
                    limit=1,
                )
            )
            if not notice:
                errors["privacy_notice_version"] = self.env._(
                    "Unknown privacy notice version: give the version the "
                    "complainant was shown, or leave it out for the current one."
                )
            elif notice.date > self.env.company._complaint_today():
                # a draft nobody has been shown yet (and which the consent
                # would then lock)
                errors["privacy_notice_version"] = self.env._(
                    "Privacy notice %(version)s is not in force yet: give the "
                    "version the complainant was shown, or leave it out for the "
                    "current one.",
                    version=notice.version,
                )
        return {
            "privacy": self.env["complaint.complaint"]._privacy_consent_values(
                sensitive
            ),
            "privacy_notice": notice,
        }
