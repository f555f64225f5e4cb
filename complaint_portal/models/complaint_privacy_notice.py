from odoo import api, models
from odoo.tools import format_date


class ComplaintPrivacyNotice(models.Model):
    _inherit = "complaint.privacy.notice"

    @api.model
    def _published(self, notice_id):
        """The notice ``notice_id`` once in force (archived versions too: a
        complainant's emails link the one they agreed to); as superuser, the
        notice being public text."""
        notice = self.sudo().with_context(active_test=False).browse(notice_id).exists()
        if notice and notice.date <= notice._in_force_today():
            return notice
        return self.browse()

    # Whole sentences with their values: a translation orders them and
    # writes its own punctuation.
    def _portal_version_sentence(self):
        """Under the notice: its version and the day it took effect."""
        self.ensure_one()
        return self.env._(
            "Version %(version)s, effective from %(date)s.",
            version=self.version,
            date=format_date(self.env, self.date),
        )

    def _portal_summary(self):
        """The notice's folded title on the complaint form."""
        self.ensure_one()
        return self.env._(
            "Read the privacy notice (version %(version)s)", version=self.version
        )
