from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError


class ComplaintPrivacyNotice(models.Model):
    """The privacy notice shown to complainants before they give their
    personal information (PIPL art. 17): each version is kept, and every
    consent names the version its complainant saw."""

    _name = "complaint.privacy.notice"
    _description = "Complaint Privacy Notice"
    # a shared notice is what every company without its own shows: it is
    # made, published, withdrawn and removed by who works for all of them
    _inherit = ["complaint.company.guard"]
    _order = "company_id, date desc, id desc"
    _rec_name = "version"

    version = fields.Char(required=True)
    body = fields.Html(
        string="Text",
        required=True,
        translate=True,
        sanitize=True,
        help="What complainants read: the purpose (handling the complaint), the "
        "data collected, how long it is kept, their rights and whom to contact.",
    )
    date = fields.Date(
        string="Effective From", required=True, default=fields.Date.context_today
    )
    is_current = fields.Boolean(
        string="Current",
        default=True,
        help="The version shown on the intake forms of its company (or of every "
        "company when it has none).",
    )
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Empty: shared by the companies that have no notice of their own.",
    )
    active = fields.Boolean(default=True)
    # counted in every company and team (a shared notice is frozen by any):
    # the figure is for those who keep the register, not for every handler
    consent_count = fields.Integer(
        compute="_compute_consent_count",
        groups="complaint_management.complaint_management_group_privacy_officer,"
        "complaint_management.complaint_management_group_manager",
    )
    is_agreed = fields.Boolean(
        string="Agreed To",
        compute="_compute_consent_count",
        help="Complainants agreed to this version: its text stays as they read it.",
    )

    _sql_constraints = [
        (
            "version_company_uniq",
            "unique(version, company_id)",
            "A version number is used once per company.",
        ),
    ]

    def _compute_consent_count(self):
        counts = dict(
            # sudo: every company's consents freeze a shared notice, not only
            # those of the companies the editor has selected
            self.env["complaint.privacy.consent"]
            .sudo()
            ._read_group([("notice_id", "in", self.ids)], ["notice_id"], ["__count"])
        )
        for notice in self:
            notice.consent_count = counts.get(notice, 0)
            notice.is_agreed = bool(notice.consent_count)

    @api.constrains("is_current", "company_id", "active")
    def _check_one_current(self):
        for notice in self.filtered(lambda n: n.is_current and n.active):
            # sudo: the company's current notice, whichever companies the
            # editor may read (a notice moved into another company included)
            others = self.sudo().search_count(
                [
                    ("id", "!=", notice.id),
                    ("is_current", "=", True),
                    ("company_id", "=", notice.company_id.id),
                ]
            )
            if others:
                raise ValidationError(
                    self.env._(
                        "Only one privacy notice is current per company: untick "
                        "“Current” on the previous version before making %(version)s "
                        "current.",
                        version=notice.version,
                    )
                )

    @api.constrains("version", "company_id")
    def _check_shared_version_unique(self):
        """The SQL constraint does not compare shared notices (no company:
        NULL differs from NULL): a version is named once among them too."""
        for notice in self.filtered(lambda n: not n.company_id):
            # sudo: every shared version, archived ones included
            if (
                self.sudo()
                .with_context(active_test=False)
                .search_count(
                    [
                        ("id", "!=", notice.id),
                        ("version", "=", notice.version),
                        ("company_id", "=", False),
                    ]
                )
            ):
                raise ValidationError(
                    self.env._(
                        "A version number is used once per company: "
                        "%(version)s is already a shared notice.",
                        version=notice.version,
                    )
                )

    @api.constrains("is_current", "date", "active")
    def _check_current_in_force(self):
        """The current version is the one complainants agree to on the forms
        and the API: one not in force yet would be agreed to, and its link
        in the receipts not found until its date."""
        for notice in self.filtered(lambda n: n.is_current and n.active):
            if notice.date > notice._in_force_today():
                raise ValidationError(
                    self.env._(
                        "Privacy notice %(version)s takes effect on %(date)s: "
                        "make it current from that day.",
                        version=notice.version,
                        date=tools.format_date(self.env, notice.date),
                    )
                )

    def _in_force_today(self):
        """Today where the notice's company works: one day for whoever makes
        it current and whoever opens its link (a visitor elsewhere)."""
        self.ensure_one()
        return (self.company_id or self.env.company)._complaint_today()

    def _check_text_not_agreed(self):
        # a version complainants agreed to is evidence: its text stays as read
        if self.filtered("is_agreed"):
            raise ValidationError(
                self.env._(
                    "Complainants have agreed to this version of the notice: "
                    "create a new version instead of changing its text, date or "
                    "company."
                )
            )

    def write(self, vals):
        if "active" in vals and not vals["active"]:
            # an archived version is shown to nobody
            vals = dict(vals, is_current=False)
        if {"body", "version", "date", "company_id"} & set(vals):
            self._check_text_not_agreed()
        res = super().write(vals)
        if {"is_current", "company_id", "active"} & set(vals):
            self.env.registry.clear_cache()  # _current_id
        return res

    @api.model_create_multi
    def create(self, vals_list):
        notices = super().create(vals_list)
        self.env.registry.clear_cache()  # _current_id
        return notices

    def unlink(self):
        res = super().unlink()
        self.env.registry.clear_cache()  # _current_id
        return res

    def _update_field_translations(
        self, field_name, translations, digest=None, source_lang=None
    ):
        """The translations of the text are the text too: frozen once agreed to,
        and sanitized (core writes them by SQL, without ``write``)."""
        if field_name in ("body", "version"):
            self.check_access("write")
            self._check_text_not_agreed()
        # (the company guard checks who may change it and sanitizes the terms)
        return super()._update_field_translations(
            field_name, translations, digest=digest, source_lang=source_lang
        )

    @api.model
    def _current(self, company=None):
        """The notice shown to complainants of ``company`` (default: the
        current one): its own current version, else the shared one; as
        superuser, to be read (never written) by visitors and channel users."""
        company = company or self.env.company
        return self.sudo().browse(  # sudo: public text, read by visitors too
            self._current_id(company.id)
        )

    @api.model
    @tools.ormcache("company_id")
    def _current_id(self, company_id):
        # every portal form shows the notice: its id is looked up once per
        # process, until a notice is created, published or removed
        return (
            self.sudo()  # sudo: the notice is public text (see _current)
            .with_context(active_test=True)
            .search(
                [
                    ("is_current", "=", True),
                    ("company_id", "in", [company_id, False]),
                ],
                order="company_id",
                limit=1,
            )
            .id
        )
