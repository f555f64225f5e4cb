from odoo import Command, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools import formataddr, is_html_empty

OPEN_STATES = (
    "new",
    "registered",
    "acknowledged",
    "assessed",
    "investigating",
    "proposed",
    "accepted",
    "rejected",
)


# what the complainant (portal) never reads: the handling inside the company
INTERNAL = "base.group_user"


COMPLAINT_STATES = [
    ("new", "Received"),
    ("registered", "Registered"),
    ("acknowledged", "Acknowledged"),
    ("assessed", "Assessed"),
    ("investigating", "Investigating"),
    ("proposed", "Proposal Sent"),
    ("accepted", "Proposal Accepted"),
    ("rejected", "Proposal Rejected"),
    ("closed", "Closed"),
    ("cancelled", "Cancelled"),
]


class ComplaintComplaint(models.Model):
    _name = "complaint.complaint"
    _description = "Customer Complaint"
    # each concern is one abstract model, composed here in this order; the
    # concerns react to the complaint's events (complaint.events)
    _inherit = [
        "complaint.workflow.guard",
        "complaint.assignment.mixin",
        "complaint.next.step.mixin",
        "complaint.sla.mixin",
        "complaint.sla.reminder.mixin",
        "complaint.escalation.mixin",
        "complaint.detection.mixin",
        "complaint.sale.mixin",
        "complaint.retention.mixin",
        "complaint.improvement.mixin",
        "complaint.reply.script.mixin",
        "complaint.mail.threading.mixin",
        "complaint.merge.mixin",
        "complaint.split.mixin",
        "rating.mixin",
        "mail.activity.mixin",
    ]
    _order = "priority desc, date_received desc, id desc"
    _rec_names_search = ["name", "subject", "partner_id.name", "complainant_name"]
    # written only by the action_* methods (complaint.workflow.guard)
    _workflow_fields = (
        "state",
        "decision",
        "date_decision",
        "rejection_reason",
        "date_registered",
        "date_acknowledged",
        "date_assessed",
        "date_investigation",
        "date_proposed",
        "date_closed",
        "date_reopened",
        "reopen_count",
        "is_deidentified",
        "date_deidentified",
        "sender_unverified",
        "date_receipt_sent",
        "merged_into_id",
        "split_from_id",
    )
    _mail_post_access = "read"
    _primary_email = "complainant_email"

    # ------------------------------------------------------------------
    # Fields: identification and complainant
    # ------------------------------------------------------------------
    name = fields.Char(
        string="Tracking Number",
        required=True,
        readonly=True,
        copy=False,
        index="trigram",
        default=lambda self: self.env._("New"),
    )
    subject = fields.Char(required=True, tracking=True)
    description = fields.Html(sanitize=True, sanitize_attributes=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Complainant",
        index=True,
        tracking=True,
        help="The customer who complains; leave empty for a complainant without a "
        "contact and fill in the name, email and phone below.",
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    complainant_name = fields.Char(
        compute="_compute_complainant_contact",
        store=True,
        readonly=False,
        groups="complaint_management.complaint_management_group_user",
    )
    complainant_email = fields.Char(
        compute="_compute_complainant_contact",
        store=True,
        readonly=False,
        groups="complaint_management.complaint_management_group_user",
    )
    complainant_phone = fields.Char(
        compute="_compute_complainant_contact",
        store=True,
        readonly=False,
        groups="complaint_management.complaint_management_group_user",
    )
    is_anonymous = fields.Boolean(
        string="Anonymous",
        tracking=True,
        help="The complainant gives no contact data. They follow the complaint "
        "with its tracking number and a passcode.",
    )
    representative_name = fields.Char(
        string="Representative",
        help="The complainant's representative, if any.",
        groups="complaint_management.complaint_management_group_user",
    )
    contact_name = fields.Char(
        string="Contact Person",
        help="Contact person when different from the complainant.",
        groups="complaint_management.complaint_management_group_user",
    )

    # ------------------------------------------------------------------
    # What the complaint is about
    # ------------------------------------------------------------------
    product_ids = fields.Many2many("product.product", string="Products")
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sales Order",
        index="btree_not_null",
        domain="[('partner_id.commercial_partner_id', '=?', commercial_partner_id)]",
    )
    sale_line_id = fields.Many2one(
        "sale.order.line",
        string="Order Line",
        domain="[('order_id', '=', sale_order_id)]",
    )
    invoice_id = fields.Many2one(
        "account.move",
        domain="[('move_type', '=', 'out_invoice'), "
        "('partner_id.commercial_partner_id', '=?', commercial_partner_id)]",
    )
    date_problem = fields.Date(string="Problem Date", help="When the problem occurred.")
    requested_remedy = fields.Text(help="What the complainant asks for.")
    channel_id = fields.Many2one("complaint.channel", tracking=True, index=True)
    category_id = fields.Many2one("complaint.category", tracking=True, index=True)
    tag_ids = fields.Many2many("complaint.tag", string="Tags")
    level_id = fields.Many2one(
        "complaint.level",
        tracking=True,
        index=True,
        # by id from the cached xmlid map: env.ref() would query once a record
        default=lambda self: self.env["ir.model.data"]._xmlid_to_res_id(
            "complaint_management.complaint_level_normal", raise_if_not_found=False
        ),
    )
    priority = fields.Selection(
        [("0", "Normal"), ("1", "High"), ("2", "Very High"), ("3", "Urgent")],
        default="0",
        tracking=True,
    )
    is_high_risk = fields.Boolean(string="High Risk", tracking=True, index=True)
    high_risk_reason = fields.Text(string="High-Risk Reason", groups=INTERNAL)
    amount_claimed = fields.Monetary(currency_field="currency_id")
    amount_band_id = fields.Many2one(
        "complaint.amount.band",
        compute="_compute_amount_band_id",
        store=True,
    )

    # ------------------------------------------------------------------
    # Organisation
    # ------------------------------------------------------------------
    company_id = fields.Many2one(
        "res.company",
        required=True,
        index=True,
        default=lambda self: self.env.company,
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    team_id = fields.Many2one(
        "complaint.team",
        tracking=True,
        index=True,
        domain="[('company_id', '=', company_id)]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Handler",
        tracking=True,
        index=True,
        domain="[('share', '=', False)]",
        groups=INTERNAL,
    )
    handler_public_name = fields.Char(
        compute="_compute_handler_public_name",
        help="What complainants see instead of the handler's own name.",
    )
    receiver_id = fields.Many2one(
        "res.users",
        string="Received By",
        default=lambda self: self.env.user,
        help="First-contact owner: who received the complaint.",
        groups=INTERNAL,
    )
    state = fields.Selection(
        COMPLAINT_STATES,
        default="new",
        required=True,
        readonly=True,
        tracking=True,
        index=True,
        copy=False,
    )
    is_open = fields.Boolean(compute="_compute_is_open", store=True, index=True)
    stage_id = fields.Many2one(
        "complaint.stage",
        compute="_compute_stage_id",
        store=True,
        precompute=True,
        readonly=False,
        index=True,
        copy=False,
        group_expand="_read_group_stage_ids",
        domain="[('iso_step', '=', state), '|', ('team_ids', '=', False), "
        "('team_ids', 'in', team_id)]",
    )
    is_waiting_customer = fields.Boolean(related="stage_id.is_waiting_customer")
    color = fields.Integer()

    # ------------------------------------------------------------------
    # Dates of each step
    # ------------------------------------------------------------------
    date_received = fields.Datetime(
        string="Received On", default=fields.Datetime.now, required=True, index=True
    )
    date_registered = fields.Datetime(string="Registered On", readonly=True, copy=False)
    date_acknowledged = fields.Datetime(
        string="Acknowledged On", readonly=True, copy=False
    )
    date_assessed = fields.Datetime(string="Assessed On", readonly=True, copy=False)
    date_investigation = fields.Datetime(
        string="Investigation Started On", readonly=True, copy=False
    )
    date_proposed = fields.Datetime(
        string="Proposal Sent On", readonly=True, copy=False
    )
    date_decision = fields.Datetime(
        string="Customer Decision On", readonly=True, copy=False
    )
    date_closed = fields.Datetime(
        string="Closed On", readonly=True, copy=False, index=True
    )
    date_reopened = fields.Datetime(string="Reopened On", readonly=True, copy=False)
    date_receipt_sent = fields.Datetime(
        string="Receipt Sent On",
        readonly=True,
        copy=False,
        help="When the complainant got a receipt with the tracking number (online "
        "filing): the acknowledgement then sends no second email.",
    )
    reopen_count = fields.Integer(readonly=True, copy=False)

    # ------------------------------------------------------------------
    # Assessment
    # ------------------------------------------------------------------
    severity = fields.Selection(
        [
            ("low", "Low"),
            ("medium", "Medium"),
            ("high", "High"),
            ("critical", "Critical"),
        ],
        tracking=True,
        groups=INTERNAL,
    )
    complexity = fields.Selection(
        [("simple", "Simple"), ("moderate", "Moderate"), ("complex", "Complex")],
        groups=INTERNAL,
    )
    impact = fields.Selection(
        [
            ("individual", "Individual Customer"),
            ("group", "Group of Customers"),
            ("public", "Public / Reputation"),
        ],
        groups=INTERNAL,
    )
    is_safety_issue = fields.Boolean(string="Safety Issue")
    validity = fields.Selection(
        [("founded", "Founded"), ("unfounded", "Not Founded")],
        tracking=True,
        help="Whether the complaint is founded, decided at assessment.",
        groups=INTERNAL,
    )
    immediate_action_needed = fields.Boolean()
    immediate_action = fields.Text(string="Immediate Action Taken", groups=INTERNAL)
    immediate_action_effective = fields.Boolean()
    is_compensable = fields.Boolean(string="Compensable")
    handling_plan = fields.Html(
        help="Handling plan required for high-risk complaints.", groups=INTERNAL
    )

    # ------------------------------------------------------------------
    # Investigation, proposal, decision, closure
    # ------------------------------------------------------------------
    findings = fields.Html(groups=INTERNAL)
    root_cause = fields.Text(groups=INTERNAL)
    responsible_party = fields.Selection(
        [
            ("company", "Company"),
            ("supplier", "Supplier"),
            ("carrier", "Carrier"),
            ("customer", "Customer"),
            ("none", "None"),
        ],
        tracking=True,
        groups=INTERNAL,
    )
    remedy_ids = fields.One2many("complaint.remedy", "complaint_id", string="Remedies")
    remedy_amount_total = fields.Monetary(
        compute="_compute_remedy_amount_total", store=True, currency_field="currency_id"
    )
    decision = fields.Selection(
        [("accepted", "Accepted"), ("rejected", "Rejected")],
        string="Customer Decision",
        readonly=True,
        copy=False,
        tracking=True,
    )
    rejection_reason = fields.Text(readonly=True, copy=False)
    resolution_summary = fields.Html(copy=False)

    # ------------------------------------------------------------------
    # Workflow guards: each shows its button and guards its action
    # ------------------------------------------------------------------
    can_register = fields.Boolean(compute="_compute_can_workflow")
    can_acknowledge = fields.Boolean(compute="_compute_can_workflow")
    can_assess = fields.Boolean(compute="_compute_can_workflow")
    can_investigate = fields.Boolean(compute="_compute_can_workflow")
    can_propose = fields.Boolean(compute="_compute_can_workflow")
    can_decide = fields.Boolean(compute="_compute_can_workflow")
    can_close = fields.Boolean(compute="_compute_can_workflow")
    can_reopen = fields.Boolean(compute="_compute_can_workflow")
    can_cancel = fields.Boolean(compute="_compute_can_workflow")

    _sql_constraints = [
        (
            "name_company_uniq",
            "unique(name, company_id)",
            "Tracking numbers are unique.",
        ),
        (
            "amount_claimed_positive",
            "CHECK(amount_claimed >= 0)",
            "The amount claimed cannot be negative.",
        ),
    ]

    # ------------------------------------------------------------------
    # Computes
    # ------------------------------------------------------------------
    @api.depends("partner_id")
    def _compute_complainant_contact(self):
        for complaint in self:
            partner = complaint.partner_id
            if partner:
                complaint.complainant_name = partner.name
                complaint.complainant_email = partner.email
                complaint.complainant_phone = partner.phone or partner.mobile

    @api.depends("state")
    def _compute_is_open(self):
        for complaint in self:
            complaint.is_open = complaint.state in OPEN_STATES

    @api.depends("user_id")
    def _compute_handler_public_name(self):
        # sudo: the complainant reads the public name, never the handler field
        for complaint, complaint_sudo in zip(self, self.sudo(), strict=True):
            handler = complaint_sudo.user_id
            complaint.handler_public_name = (
                handler._complaint_public_name()
                if handler
                else complaint_sudo.team_id.name or ""
            )

    @api.depends("amount_claimed", "company_id")
    def _compute_amount_band_id(self):
        Band = self.env["complaint.amount.band"]
        for complaint in self:
            complaint.amount_band_id = Band._band_for(
                complaint.company_id.id, complaint.amount_claimed
            )

    @api.depends("remedy_ids.amount", "remedy_ids.state")
    def _compute_remedy_amount_total(self):
        for complaint in self:
            complaint.remedy_amount_total = sum(
                complaint.remedy_ids.filtered(
                    lambda r: r.state not in ("cancelled", "refused")
                ).mapped("amount")
            )

    @api.depends("state", "team_id")
    def _compute_stage_id(self):
        index = self.env["complaint.stage"]._stage_index()
        for complaint in self:
            if complaint.stage_id.iso_step == complaint.state and (
                not complaint.stage_id.team_ids
                or complaint.team_id in complaint.stage_id.team_ids
            ):
                continue
            complaint.stage_id = complaint._pick_stage(index)

    def _pick_stage(self, index):
        """First stage of the complaint's team (or shared) standing for its state.

        :param index: ``complaint.stage._stage_index()``
        """
        self.ensure_one()
        candidates = [entry for entry in index if entry[1] == self.state]
        team_id = self.team_id.id
        stage_id = next(
            (sid for sid, _step, teams in candidates if team_id in teams), None
        ) or next((sid for sid, _step, teams in candidates if not teams), None)
        return self.env["complaint.stage"].browse(stage_id)

    @api.model
    def _read_group_stage_ids(self, stages, domain):
        team_id = self.env.context.get("default_team_id")
        search_domain = [("team_ids", "=", False)]
        if team_id:
            search_domain = ["|", ("team_ids", "in", team_id)] + search_domain
        return stages.search(search_domain)

    @api.depends("state", "remedy_ids.state", "validity")
    def _compute_can_workflow(self):
        for complaint in self:
            state = complaint.state
            active_remedies = complaint.remedy_ids.filtered(
                lambda r: r.state not in ("cancelled", "refused")
            )
            complaint.can_register = state == "new"
            complaint.can_acknowledge = state == "registered"
            complaint.can_assess = state == "acknowledged"
            complaint.can_investigate = state == "assessed"
            complaint.can_propose = state in ("assessed", "investigating", "rejected")
            complaint.can_decide = state == "proposed"
            complaint.can_close = (
                state == "rejected"
                or (
                    state == "accepted"
                    and all(r.state == "done" for r in active_remedies)
                )
                or (
                    state in ("assessed", "investigating")
                    and complaint.validity == "unfounded"
                )
            )
            complaint.can_reopen = state == "closed"
            complaint.can_cancel = state in ("new", "registered", "acknowledged")

    # ------------------------------------------------------------------
    # Constraints and onchanges
    # ------------------------------------------------------------------
    @api.onchange("is_anonymous")
    def _onchange_is_anonymous(self):
        if self.is_anonymous:
            self.partner_id = False
            self.complainant_name = self.complainant_email = False
            self.complainant_phone = False

    @api.constrains(
        "partner_id",
        "complainant_name",
        "complainant_email",
        "complainant_phone",
        "is_anonymous",
    )
    def _check_complainant(self):
        for complaint in self.sudo():  # sudo: contact fields are group-restricted
            if not (
                complaint.partner_id
                or complaint.is_anonymous
                or complaint.complainant_name
                or complaint.complainant_email
                or complaint.complainant_phone
            ):
                raise ValidationError(
                    self.env._(
                        "Complaint %(name)s needs a complainant: pick a contact, "
                        "give a name, an email or a phone number, or mark the "
                        "complainant anonymous.",
                        name=complaint.name,
                    )
                )

    @api.constrains("stage_id", "state")
    def _check_stage_matches_state(self):
        for complaint in self:
            if complaint.stage_id and complaint.stage_id.iso_step != complaint.state:
                raise ValidationError(
                    self.env._(
                        "The stage %(stage)s stands for another step than the "
                        "complaint's status %(state)s.",
                        stage=complaint.stage_id.name,
                        state=complaint._state_label(),
                    )
                )

    @api.onchange("sale_order_id")
    def _onchange_sale_order_id(self):
        order = self.sale_order_id
        if not order:
            return
        if not self.partner_id:
            self.partner_id = order.partner_id
        if not self.product_ids:
            self.product_ids = order.order_line.product_id
        if not self.invoice_id:
            self.invoice_id = order._complaint_posted_invoices()[:1]

    @api.onchange("sale_line_id")
    def _onchange_sale_line_id(self):
        if self.sale_line_id.product_id:
            self.product_ids = self.sale_line_id.product_id

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        new_label = self.env._("New")
        pending = [
            vals for vals in vals_list if vals.get("name", new_label) == new_label
        ]
        for vals, number in zip(
            pending, self._next_tracking_numbers(len(pending)), strict=True
        ):
            vals["name"] = number
        for vals in vals_list:
            # a new complaint has no rating yet: rating.mixin's compute would
            # query the ratings of every new record to find none
            vals.setdefault("rating_last_value", 0.0)
        context = self.env.context
        # core subscribes the creator in an insert of its own; it is done below
        # in the complainants' insert (same subtypes, one statement)
        creator = (
            self.env.user.partner_id
            if self.env.user.active
            and not context.get("mail_create_nosubscribe")
            and not context.get("tracking_disable")
            else self.env["res.partner"]
        )
        complaints = (
            super(ComplaintComplaint, self.with_context(mail_create_nosubscribe=True))
            .create(vals_list)
            .with_env(self.env)
        )
        auto = not context.get("tracking_disable")

        def new_followers(complaint, vals):
            partners = (
                creator if complaint.user_id.partner_id != creator else creator[:0]
            )
            if not (auto and vals.get("user_id")):
                # else followed with the handler (_message_auto_subscribe_followers)
                partners |= complaint.partner_id
            return partners

        complaints._subscribe_each(
            {
                complaint: new_followers(complaint, vals)
                for complaint, vals in zip(complaints, vals_list, strict=True)
            }
        )
        # batches get their own single alert: only report the ones created high-risk
        complaints._assign()
        high_risk = complaints.filtered("is_high_risk")
        # a detection error must not refuse the complaint: it is filed, and the
        # failure registered and reported (complaint.job.failure)
        to_detect = complaints._detection_needed()
        if to_detect:
            self.env["complaint.job.failure"]._job_start(
                "detection", self._name, retries=False
            ).process(to_detect, self._job_detect)
        high_risk._notify_high_risk()
        complaints._on_created()
        return complaints

    @api.model
    def _job_detect(self, complaints):
        complaints._detect_repeats()
        complaints._detect_batches()

    @api.model
    def _next_tracking_numbers(self, count):
        """Draw ``count`` tracking numbers from the standard sequence in one query.

        ``ir.sequence.next_by_code`` costs two queries a number; a batch of
        complaints (imports, e-mail bursts) draws its numbers at once instead.
        """
        if not count:
            return []
        # sudo: complaint users may not read ir.sequence
        sequence = (
            self.env["ir.sequence"]
            .sudo()
            .browse(self._tracking_sequence_id(self.env.company.id))
        )
        if not sequence:
            raise UserError(
                self.env._("The sequence of complaint tracking numbers is missing.")
            )
        if sequence.implementation != "standard" or sequence.use_date_range:
            return [sequence.next_by_id() for _i in range(count)]
        self.env.cr.execute(
            "SELECT nextval(%s) FROM generate_series(1, %s)",
            (f"ir_sequence_{sequence.id:03d}", count),
        )
        prefix, suffix = sequence._get_prefix_suffix()
        return [
            f"{prefix}{number:0{sequence.padding}d}{suffix}"
            for (number,) in self.env.cr.fetchall()
        ]

    @api.model
    @tools.ormcache("company_id")
    def _tracking_sequence_id(self, company_id):
        """The company's sequence of tracking numbers (or the shared one), kept
        between transactions until such a sequence changes (ir.sequence)."""
        # sudo: complaint users may not read ir.sequence
        return (
            self.env["ir.sequence"]
            .sudo()
            .search(
                [
                    ("code", "=", "complaint.complaint"),
                    ("company_id", "in", [company_id, False]),
                ],
                order="company_id",
                limit=1,
            )
            .id
        )

    def _message_auto_subscribe_followers(self, updated_values, default_subtype_ids):
        """With a handler, the complainant follows the complaint in the same
        insert as the handler Odoo subscribes (public subtypes only for a
        customer); without one, ``create`` and ``write`` subscribe them."""
        res = super()._message_auto_subscribe_followers(
            updated_values, default_subtype_ids
        )
        partner = self.env["res.partner"].browse(updated_values.get("partner_id"))
        if partner and updated_values.get("user_id"):
            _default, _internal, external = self.env[
                "mail.message.subtype"
            ].default_subtypes(self._name)
            res.append(
                (
                    partner.id,
                    external.ids if partner.partner_share else default_subtype_ids,
                    False,
                )
            )
        return res

    def _subscribe_each(self, partners_by_complaint):
        """Make the given partners follow each complaint, in one insert for
        the whole batch, with the subtypes ``message_subscribe`` would give
        (``message_subscribe`` works one partner set at a time).

        :param partners_by_complaint: ``{complaint: res.partner recordset}``
        """
        wanted = [
            (complaint, partner)
            for complaint, partners in partners_by_complaint.items()
            for partner in partners
        ]
        if not wanted:
            return
        complaints = self.browse({complaint.id for complaint, _p in wanted})
        followers = self.env["mail.followers"]
        existing = {
            (res_id, partner_id)
            for _fid, res_id, partner_id, _sids in followers._get_subscription_data(
                [(self._name, complaints.ids)], [partner.id for _c, partner in wanted]
            )
        }
        default, _internal, external = self.env[
            "mail.message.subtype"
        ].default_subtypes(self._name)
        # read once for all partners (a union per complaint loses the prefetch)
        partners = self.env["res.partner"].browse({p.id for _c, p in wanted})
        share = {partner.id: partner.partner_share for partner in partners}
        vals_list = [
            {
                "res_model": self._name,
                "res_id": complaint.id,
                "partner_id": partner.id,
                "subtype_ids": [
                    Command.set(external.ids if share[partner.id] else default.ids)
                ],
            }
            for complaint, partner in wanted
            if (complaint.id, partner.id) not in existing
        ]
        if not vals_list:
            return
        # sudo: as in message_subscribe, followers are written by the system once
        # the caller's right to write on the complaint is established
        complaints.check_access("write")
        followers.sudo().create(vals_list)

    def write(self, vals):
        newly_high_risk = (
            self.filtered(lambda c: not c.is_high_risk)
            if vals.get("is_high_risk")
            else self.browse()
        )
        res = super().write(vals)
        if vals.get("partner_id"):
            self._subscribe_each(
                {complaint: complaint.partner_id for complaint in self}
            )
        if newly_high_risk:
            newly_high_risk._notify_high_risk()
        self._on_written(vals)
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_only_new_or_cancelled(self):
        if any(c.state not in ("new", "cancelled") for c in self):
            raise UserError(
                self.env._(
                    "Only received or cancelled complaints can be deleted; close or "
                    "cancel the others so their record is kept."
                )
            )

    # ------------------------------------------------------------------
    # Workflow actions
    # ------------------------------------------------------------------
    def _check_can(self, flag, action_label):
        refused = self.filtered(lambda c: not c[flag])
        if refused:
            raise UserError(
                self.env._(
                    "You cannot %(action)s complaint %(name)s in its current status "
                    "(%(state)s).",
                    action=action_label,
                    name=refused[0].name,
                    state=refused[0]._state_label(),
                )
            )

    def action_register(self):
        self._check_can("can_register", self.env._("register"))
        self._assign()
        self._workflow_write(
            {"state": "registered", "date_registered": fields.Datetime.now()}
        )
        self.filtered(lambda c: c._should_auto_acknowledge()).action_acknowledge()
        return True

    def _should_auto_acknowledge(self):
        self.ensure_one()
        return bool(
            self.channel_id.auto_acknowledge
            and self.company_id.complaint_auto_acknowledge
            and (self.partner_id.email or self.sudo().complainant_email)
        )

    def action_acknowledge(self):
        self._check_can("can_acknowledge", self.env._("acknowledge"))
        self._workflow_write(
            {"state": "acknowledged", "date_acknowledged": fields.Datetime.now()}
        )
        # exactly one acknowledgement: a receipt already gave the number
        receipted = self.filtered("date_receipt_sent")
        if not self.env.context.get("complaint_mail_by_composer"):
            (self - receipted)._message_to_complainant(
                "complaint_management.mail_template_complaint_acknowledgement"
            )
        for complaint in receipted:
            complaint._message_log(
                body=self.env._(
                    "Acknowledged: the complainant already received the receipt "
                    "with the tracking number on %(date)s.",
                    date=fields.Datetime.to_string(complaint.date_receipt_sent),
                )
            )
        return True

    def action_assess(self):
        self._check_can("can_assess", self.env._("assess"))
        for complaint in self:
            missing = complaint._next_step_missing()
            if missing:
                raise UserError(
                    self.env._(
                        "Fill in %(fields)s before completing the assessment of "
                        "%(name)s.",
                        fields=missing,
                        name=complaint.name,
                    )
                )
        self._workflow_write(
            {"state": "assessed", "date_assessed": fields.Datetime.now()}
        )
        return True

    def _check_high_risk_gate(self):
        """High-risk complaints leave assessment only with an approved reply
        script (complaint.reply.script.mixin) and a handling plan."""
        for complaint in self.filtered("is_high_risk"):
            if not complaint._reply_script_ready() or is_html_empty(
                complaint.handling_plan
            ):
                raise UserError(
                    self.env._(
                        "Complaint %(name)s is high-risk: choose an approved reply "
                        "script for its category and write the handling plan before "
                        "it leaves assessment.",
                        name=complaint.name,
                    )
                )

    def action_investigate(self):
        self._check_can("can_investigate", self.env._("investigate"))
        self._check_high_risk_gate()
        self._workflow_write(
            {"state": "investigating", "date_investigation": fields.Datetime.now()}
        )
        return True

    def action_propose(self):
        self._check_proposal_ready()
        self._workflow_write(
            {
                "state": "proposed",
                "date_proposed": fields.Datetime.now(),
                "decision": False,
                "rejection_reason": False,
            }
        )
        if not self.env.context.get("complaint_mail_by_composer"):
            self._message_to_complainant(
                "complaint_management.mail_template_complaint_proposal"
            )
        return True

    def _check_proposal_ready(self):
        self._check_can("can_propose", self.env._("send a proposal for"))
        self._check_high_risk_gate()
        for complaint in self:
            remedies = complaint.remedy_ids.filtered(
                lambda r: r.state not in ("cancelled", "refused")
            )
            if not remedies:
                raise UserError(
                    self.env._(
                        "Add at least one remedy to complaint %(name)s before sending "
                        "the proposal.",
                        name=complaint.name,
                    )
                )
            if remedies.filtered(lambda r: r.state == "proposed"):
                raise UserError(
                    self.env._(
                        "Some remedies of complaint %(name)s wait for a manager's "
                        "approval.",
                        name=complaint.name,
                    )
                )

    def action_accept_proposal(self):
        self._check_can("can_decide", self.env._("accept the proposal of"))
        self._workflow_write(
            {
                "state": "accepted",
                "decision": "accepted",
                "date_decision": fields.Datetime.now(),
            }
        )
        return True

    def action_reject_proposal(self, reason):
        self._check_can("can_decide", self.env._("reject the proposal of"))
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason why the proposal is rejected."))
        self._workflow_write(
            {
                "state": "rejected",
                "decision": "rejected",
                "rejection_reason": reason,
                "date_decision": fields.Datetime.now(),
            }
        )
        if not self.env.context.get("complaint_mail_by_composer"):
            self._message_to_complainant(
                "complaint_management.mail_template_complaint_rejection_routes"
            )
        return True

    def action_close(self):
        self._check_can("can_close", self.env._("close"))
        self._check_high_risk_gate()
        empty = self.filtered(lambda c: is_html_empty(c.resolution_summary))
        if empty:
            raise UserError(
                self.env._(
                    "Write the resolution summary of complaint %(name)s before "
                    "closing it.",
                    name=empty[0].name,
                )
            )
        self._workflow_write({"state": "closed", "date_closed": fields.Datetime.now()})
        # every complainant is invited to rate the handling (DOMAIN step 9)
        self.filtered("can_request_rating").action_request_rating()
        return True

    def action_reopen(self):
        self._check_can("can_reopen", self.env._("reopen"))
        for complaint in self:
            complaint._workflow_write(
                {
                    "state": "investigating",
                    "date_reopened": fields.Datetime.now(),
                    "reopen_count": complaint.reopen_count + 1,
                    "date_closed": False,
                }
            )
        return True

    def action_open_reject_wizard(self):
        """Ask for the reason of the rejection, then record it."""
        self.ensure_one()
        self._check_can("can_decide", self.env._("reject the proposal of"))
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Proposal Rejected"),
            "res_model": "complaint.reject.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_complaint_id": self.id},
        }

    def action_open_escalate_wizard(self):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_escalate_wizard_action"
        )
        action["context"] = {
            "active_model": self._name,
            "active_ids": self.ids,
        }
        return action

    def action_cancel(self):
        self._check_can("can_cancel", self.env._("cancel"))
        self._workflow_write({"state": "cancelled"})
        return True

    # ------------------------------------------------------------------
    # Business helpers
    # ------------------------------------------------------------------
    def _message_to_complainant(self, template_xmlid):
        """Send ``template`` to the complainant and keep it in the chatter.

        A complainant with a contact follows the complaint and gets the message
        as a follower; one known only by an e-mail address gets it as an e-mail,
        and the chatter keeps an internal copy. Never signed by the handler.
        """
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if not template:
            return
        complaints = self.with_context(complaint_mail_template=template_xmlid)
        emailed = self.browse()
        for complaint in complaints:
            if complaint.partner_id:
                complaint.message_post_with_source(
                    template,
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                    email_add_signature=False,
                    email_from=complaint._complaint_email_from(),
                )
            elif complaint.sudo().complainant_email:
                template.send_mail(
                    complaint.id,
                    email_layout_xmlid="mail.mail_notification_light",
                    email_values={"email_from": complaint._complaint_email_from()},
                )
                complaint.message_post_with_source(
                    template, subtype_xmlid="mail.mt_note"
                )
                emailed |= complaint
        if emailed:
            emailed.with_context(complaint_mail_template=False)._on_customer_mail(
                template_xmlid
            )

    def _complaint_email_from(self):
        """Sender shown to complainants: the team or company, never the handler."""
        self.ensure_one()
        alias = self.team_id.sudo().alias_id  # sudo: aliases are admin records
        email = (
            alias.display_name
            if alias and alias.alias_name and alias.alias_domain_id
            else self.company_id.email
            or self.company_id.sudo().alias_domain_id.default_from_email
        )
        name = self.team_id.name or self.company_id.name
        if not email:
            return False
        return formataddr((name, email))

    def _state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]
