from odoo.tests import Form, tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestPrivacyNoticeSettings(ComplaintCommon):
    """The notice complainants agree to says how long their data is kept and
    how soon a request is answered: the settings warn when that stops being
    true."""

    def _warning(self):
        return (
            self.env["res.config.settings"].create({}).complaint_privacy_notice_warning
        )

    def test_settings_warn_when_the_notice_no_longer_says_it(self):
        self.env.company.write(
            {"complaint_retention_months": 24, "complaint_privacy_request_days": 15}
        )
        # the default notice: 24 months, 15 days
        self.assertFalse(self._warning())
        self.env.company.complaint_retention_months = 36
        warning = self._warning()
        self.assertIn("36 months", warning)
        self.assertNotIn("15 days", warning)
        self.env.company.complaint_privacy_request_days = 10
        self.assertIn("10 days", self._warning())
        # a new version that states them clears it
        notice = self.env["complaint.privacy.notice"]._current()
        notice.is_current = False
        self.env["complaint.privacy.notice"].create(
            {
                "version": "2.0",
                "company_id": notice.company_id.id,
                "body": "<p>We keep it 36 months and answer within 10 days.</p>",
                "is_current": True,
            }
        )
        self.assertNotEqual(self.env["complaint.privacy.notice"]._current(), notice)
        self.assertFalse(self._warning())

    def test_the_settings_form_shows_it(self):
        self.env.company.complaint_retention_months = 36
        form = Form(self.env["res.config.settings"])
        self.assertIn("36 months", form.complaint_privacy_notice_warning)
