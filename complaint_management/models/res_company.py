from dateutil.relativedelta import relativedelta

from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError

from .complaint_sla_calendar import company_calendar
from .complaint_states import MANAGER


class ResCompany(models.Model):
    _inherit = "res.company"

    complaint_auto_acknowledge = fields.Boolean(
        string="Acknowledge Complaints Automatically", default=True
    )
    complaint_step_mail_auto = fields.Boolean(
        string="Send Step Emails Without Preview",
        help="Acknowledgement, proposal and the routes after a rejection go to the "
        "customer as soon as staff do the step, without opening the composer.",
        groups="base.group_user",
    )
    complaint_fast_track_amount = fields.Monetary(
        string="Fast-Track Remedy Limit",
        currency_field="currency_id",
        default=200.0,
        help="Remedies up to this amount are approved at once (compensation first).",
        groups="base.group_user",
    )
    complaint_fast_track_customer_amount = fields.Monetary(
        string="Fast-Track Limit per Customer",
        currency_field="currency_id",
        default=500.0,
        help="What one customer is granted by the fast track over the period "
        "below, all their complaints together; above it a manager approves. "
        "0: no limit per customer.",
        groups="base.group_user",
    )
    complaint_fast_track_days = fields.Integer(
        string="Fast-Track Period (Days)",
        default=30,
        help="The period over which the fast track's grants to one customer "
        "are added up.",
        groups="base.group_user",
    )
    complaint_remedy_approver_id = fields.Many2one(
        "res.users",
        string="Remedy Approver",
        domain=lambda self: [
            ("share", "=", False),
            (
                "groups_id",
                "in",
                self.env.ref(
                    "complaint_management.complaint_management_group_manager"
                ).id,
            ),
        ],
        help="The complaint manager who approves remedies above the fast-track "
        "limit; by default the team leader when a complaint manager, else a "
        "complaint manager.",
        groups="base.group_user",
    )
    complaint_reply_script_group_id = fields.Many2one(
        "res.groups",
        string="Reply Script Approvers",
        domain="[('share', '=', False)]",
        ondelete="set null",
        default=lambda self: self.env.ref(
            "complaint_management.complaint_management_group_reply_script_approver",
            raise_if_not_found=False,
        ),
        help="The group (legal, public relations) whose members approve the reply "
        "scripts for the media and the public; empty: the Reply Script Approver "
        "group. Never the script's own author.",
        groups="base.group_user",
    )
    complaint_repeat_days = fields.Integer(
        string="Repeat Window (days)",
        default=90,
        help="A complaint of the same customer on the same product or category "
        "within this many days is a repeat (0: repeats are not looked for).",
        groups="base.group_user",
    )
    complaint_batch_count = fields.Integer(
        string="Batch Threshold",
        default=5,
        help="This many complaints on the same product or category (at least 2; "
        "0: batches are found across provinces only) ...",
        groups="base.group_user",
    )
    complaint_batch_hours = fields.Integer(
        string="Batch Window (hours)",
        default=24,
        help="... within this many hours are a batch: all turn high-risk (0: no "
        "batch is looked for).",
        groups="base.group_user",
    )
    # high-risk type of the Shenzhen guideline: 二个以上省集中突发的批量投诉
    complaint_batch_province_rule = fields.Boolean(
        string="Batches Across Provinces",
        default=True,
        help="Complaints on the same product or category from several provinces "
        "(the complainant's state) within the batch window are a batch: all turn "
        "high-risk, whatever their number.",
        groups="base.group_user",
    )
    complaint_batch_province_count = fields.Integer(
        string="Provinces for a Batch",
        default=2,
        help="How many provinces make a batch across provinces.",
        groups="base.group_user",
    )
    complaint_party_response_days = fields.Integer(
        string="Party Answer Time (working days)",
        default=3,
        help="Working days the complained-about party has to answer a complaint "
        "forwarded to it, on the company's working calendar (not a team's "
        "shifts).",
    )
    complaint_reopen_days = fields.Integer(
        string="Reopen Period (days)",
        default=30,
        help="A message from the complainant within this many days after closure "
        "reopens the complaint.",
    )
    complaint_retention_months = fields.Integer(
        string="Retention (months)",
        default=24,
        help="Closed complaints keep the complainant's personal data this long.",
    )
    # The set-up of complaint handling (Shenzhen guideline, indicators 1 to 4):
    # the unit and its staff are the teams and the users of the complaint
    # groups; the representative and the policy are recorded here.
    complaint_representative_id = fields.Many2one(
        "res.users",
        string="Management Representative",
        domain="[('share', '=', False)]",
        help="The member of management appointed to answer for complaint "
        "handling (indicator 2 of the guideline).",
    )
    complaint_policy_date = fields.Date(
        string="Complaint Policy Adopted On",
        help="When the after-sales and complaint handling policy was adopted "
        "(indicator 4 of the guideline); empty while there is none.",
    )
    # Continual improvement
    complaint_recurring_count = fields.Integer(
        string="Recurring Problem Threshold",
        default=3,
        help="This many complaints on the same product, or on the same category, "
        "within a month propose a corrective action (once per problem and month).",
        groups="base.group_user",
    )
    complaint_sample_rate = fields.Integer(
        string="Sampling Rate (%)",
        default=10,
        help="Share of each team's complaints closed last month drawn on the "
        "second of the month for a quality review; 0 draws none.",
        groups="base.group_user",
    )

    @api.constrains("complaint_batch_province_count")
    def _check_batch_province_count(self):
        if any(company.complaint_batch_province_count < 2 for company in self):
            raise ValidationError(
                self.env._(
                    "A batch across provinces needs at least two provinces; turn "
                    "the rule off instead."
                )
            )

    @api.constrains("complaint_recurring_count")
    def _check_recurring_count(self):
        # 0 or 1 would propose an action for every product and category
        # complained about, every day
        if any(company.complaint_recurring_count < 2 for company in self):
            raise ValidationError(
                self.env._(
                    "A recurring problem is at least two complaints on the same "
                    "category or product within a month."
                )
            )

    @api.constrains("complaint_sample_rate")
    def _check_sample_rate(self):
        if any(not 0 <= company.complaint_sample_rate <= 100 for company in self):
            raise ValidationError(
                self.env._(
                    "The sampling rate of the quality reviews is a percentage, "
                    "from 0 to 100."
                )
            )

    @api.constrains(
        "complaint_fast_track_amount",
        "complaint_fast_track_customer_amount",
        "complaint_fast_track_days",
    )
    def _check_fast_track(self):
        for company in self:
            if (
                company.complaint_fast_track_amount < 0
                or company.complaint_fast_track_customer_amount < 0
            ):
                raise ValidationError(
                    self.env._("The fast track's limits cannot be negative.")
                )
            customer_limit = company.complaint_fast_track_customer_amount
            if customer_limit and customer_limit < company.complaint_fast_track_amount:
                raise ValidationError(
                    self.env._(
                        "The fast track's limit per customer is at least its limit "
                        "per complaint (or 0, for no limit per customer)."
                    )
                )
            if company.complaint_fast_track_days < 1:
                raise ValidationError(
                    self.env._(
                        "The fast track adds up a customer's grants over one day "
                        "at least."
                    )
                )

    @api.constrains("complaint_reopen_days")
    def _check_reopen_days(self):
        if any(company.complaint_reopen_days < 0 for company in self):
            raise ValidationError(
                self.env._(
                    "The reopening period is a number of days, 0 to never reopen "
                    "on a message."
                )
            )

    @api.constrains("complaint_party_response_days")
    def _check_party_response_days(self):
        if any(company.complaint_party_response_days < 1 for company in self):
            raise ValidationError(
                self.env._("The party needs at least one working day to answer.")
            )

    @api.constrains("complaint_reply_script_group_id")
    def _check_reply_script_group(self):
        """The approvers open and approve the scripts: their group must be
        allowed to edit them (a complaint group, or one implying Reply Script
        Approver)."""
        for company in self:
            group = company.complaint_reply_script_group_id
            if not group:
                continue
            # sudo: the access rights are read to check the group, whoever sets it
            allowed = (
                self.env["ir.model.access"]
                .sudo()
                .search_count(
                    [
                        ("model_id.model", "=", "complaint.reply.script"),
                        ("group_id", "in", (group | group.trans_implied_ids).ids),
                        ("perm_write", "=", True),
                    ],
                    limit=1,
                )
            )
            if not allowed:
                raise ValidationError(
                    self.env._(
                        "Members of “%(group)s” cannot open reply scripts to approve "
                        "them: choose a complaint group or a group that implies "
                        "“Reply Script Approver”.",
                        group=group.full_name,
                    )
                )

    def write(self, vals):
        # colleagues added to or removed from the company here, not on the
        # user (an import, JSON-RPC): who may own its complaints changes too
        users_before = self.user_ids if "user_ids" in vals else None
        Case = self.env["complaint.external.case"]
        calendar_moved = "resource_calendar_id" in vals
        cases_before = Case._deadline_plans_before() if calendar_moved else None
        res = super().write(vals)
        if users_before is not None:
            self.env.registry.clear_cache()  # res.users._complaint_can_own_ids
            (users_before - self.user_ids)._complaint_owners_changed()
        if calendar_moved:
            # outside bodies' working days are the company's: their pending
            # cases' planned deadlines follow (one entered by hand stays)
            Case._deadline_follow_working_time(cases_before)
            # the open limits of the complaints on the company's working time
            # (no team, or a team without its own calendar) follow the new one
            self.env["complaint.sla.line"]._sla_complaints_moved(
                [
                    ("company_id", "in", self.ids),
                    # no team, or one without its own calendar
                    ("team_id", "not any", [("resource_calendar_id", "!=", False)]),
                ]
            )
        return res

    def _complaint_manager_on_duty(self):
        """The complaint manager who stands in for the company's complaints
        when nobody else can own them (no handler, no team leader left): the
        earliest one still working here, so always the same. Asked for each
        complaint without an owner: cached, as who may own a complaint is
        (``res.users._complaint_can_own``)."""
        self.ensure_one()
        return self.env["res.users"].browse(self._complaint_manager_on_duty_id(self.id))

    @api.model
    @tools.ormcache("company_id")
    def _complaint_manager_on_duty_id(self, company_id):
        company = self.browse(company_id)
        # sudo: who manages the company's complaints, whoever asks
        managers = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("groups_id", "in", self.env.ref(MANAGER).id),
                    ("share", "=", False),
                    ("company_ids", "in", company_id),
                ],
                order="id",
            )
        )
        return (
            self.env["res.users"]
            ._complaint_first_owner(
                [manager for manager in managers if not manager._is_superuser()],
                company,
            )
            .id
        )

    @api.model
    @tools.ormcache()
    def _complaint_default_lang(self):
        """The installation's default language for contacts, read once: a
        change of defaults clears Odoo's caches (ir.default)."""
        defaults = self.env["ir.default"].sudo()  # sudo: a setting, read by jobs
        return defaults._get("res.partner", "lang")

    def _complaint_lang(self, preferred=None):
        """The language the company's scheduled jobs write in (they run
        without one): its own, its partner's, else the installation's default
        for contacts, else English, else the first installed; never another
        company's (core's ``get_lang`` falls back to the user's company).
        ``preferred`` (a reader's language) first, when installed."""
        self.ensure_one()
        installed = [code for code, _name in self.env["res.lang"].get_installed()]
        default = self._complaint_default_lang()
        for code in (preferred, self.partner_id.lang, default, "en_US"):
            if code in installed:
                return code
        return installed[0]

    def _complaint_calendar(self):
        """The company's working calendar as complaints count it (on a
        calendar shared between companies, with this company's public
        holidays): the working days of outside bodies and complained-about
        parties, not a team's shifts."""
        self.ensure_one()
        return company_calendar(self.resource_calendar_id, self)

    def _complaint_tz(self):
        """Where the company works, for its scheduled jobs (which run without
        a time zone): its working calendar's time zone, else its address's."""
        self.ensure_one()
        company = self.sudo()  # sudo: where it works, whoever asks (a visitor)
        return company.resource_calendar_id.tz or company.partner_id.tz or "UTC"

    def _complaint_today(self):
        """Today where the company works (:meth:`_complaint_tz`)."""
        self.ensure_one()
        return fields.Date.context_today(self.with_context(tz=self._complaint_tz()))

    def _complaint_last_month(self):
        """The first day of last month where the company works: the month its
        monthly jobs (the review, the quality-review draw) are about."""
        self.ensure_one()
        return self._complaint_today().replace(day=1) - relativedelta(months=1)
