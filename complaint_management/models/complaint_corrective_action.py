from odoo import api, fields, models
from odoo.exceptions import UserError

ROOT_CAUSE_METHODS = [
    ("five_whys", "5 Whys"),
    ("fishbone", "Fishbone (Ishikawa)"),
    ("other", "Other"),
]
# the branches of the fishbone diagram
CAUSE_CATEGORIES = [
    ("people", "People"),
    ("method", "Method"),
    ("machine", "Machine"),
    ("material", "Material"),
    ("measurement", "Measurement"),
    ("environment", "Environment"),
    ("supplier", "Supplier"),
]


# what a verification judges: what the action found and did, and how the
# figures and the management review class it; unchanged while the action
# awaits verification (the verifier checks what was done) and once verified
# effective (found not effective, it is its owner's to change again)
JUDGED_FIELDS = {
    "complaint_ids",
    "title",
    "problem",
    "root_cause",
    "root_cause_method",
    "cause_category",
    "action_plan",
    "company_id",
    "is_systemic",
    "category_id",
    "product_id",
    "supplier_id",
    "department",
    "date_due",
}
# and what the verifier wrote: unchanged once verified effective
VERIFIED_FIELDS = JUDGED_FIELDS | {"verification_note"}


class ComplaintCorrectiveAction(models.Model):
    """A corrective action: the cause of one or many complaints removed, and
    verified to have worked by someone else than its owner (ISO 10002 and
    GB/T 19012, continual improvement; the "Correction" and "Correction
    verification" rows of the tracking form)."""

    _name = "complaint.corrective.action"
    _description = "Corrective Action"
    _inherit = [
        "complaint.workflow.guard",
        "complaint.corrective.action.holders",
        "complaint.corrective.action.steps",
        "complaint.write.access",
        "mail.thread",
        "complaint.activity.tasks",
        "complaint.holder.request",
    ]
    _order = "date_due, id desc"
    # its owner until it is done, its verifier until verified
    _holder_fields = {
        "user_id": ("draft", "open"),
        "verifier_id": ("draft", "open", "done"),
    }
    _check_company_auto = True
    _workflow_fields = (
        "state",
        "date_done",
        "done_by_id",
        "date_verified",
        "verified_by_id",
        "reopen_count",
        # set when opened (a recurring problem's proposal by the monthly job):
        # the job proposes a problem once per period, by its key
        "date_opened",
        "origin",
        "recurring_key",
    )

    name = fields.Char(
        string="Reference", required=True, readonly=True, copy=False, default="/"
    )
    title = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    complaint_ids = fields.Many2many(
        "complaint.complaint",
        "complaint_corrective_action_rel",
        "action_id",
        "complaint_id",
        string="Complaints",
        check_company=True,
    )
    complaint_count = fields.Integer(compute="_compute_complaint_count")
    category_id = fields.Many2one("complaint.category", tracking=True)
    product_id = fields.Many2one("product.product", tracking=True, check_company=True)
    problem = fields.Html(string="Problem Statement")
    root_cause_method = fields.Selection(ROOT_CAUSE_METHODS, string="Analysis Method")
    cause_category = fields.Selection(CAUSE_CATEGORIES)
    root_cause = fields.Text()
    is_systemic = fields.Boolean(
        string="Systemic",
        tracking=True,
        help="The cause lies in the way of working, not in one case: the "
        "management review lists systemic problems.",
    )
    action_plan = fields.Html(string="Action")
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        default=lambda self: self.env.user,
        domain=lambda self: self.env["res.users"]._complaint_owner_domain(),
        tracking=True,
    )
    department = fields.Char(string="Department Responsible")
    supplier_id = fields.Many2one(
        "res.partner", string="Supplier Responsible", check_company=True
    )
    date_due = fields.Date(string="Due Date", tracking=True)
    verifier_id = fields.Many2one(
        "res.users",
        domain=lambda self: self.env["res.users"]._complaint_owner_domain(),
        tracking=True,
        help="Who checks that the action worked: never its owner.",
    )
    state = fields.Selection(
        [
            ("draft", "Proposed"),
            ("open", "In Progress"),
            ("done", "Awaiting Verification"),
            ("effective", "Verified Effective"),
            ("cancelled", "Cancelled"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        group_expand=True,
    )
    date_opened = fields.Datetime(
        string="Opened On",
        default=fields.Datetime.now,
        readonly=True,
        copy=False,
        help="When the action was taken up (started); a proposal's creation "
        "until then.",
    )
    date_done = fields.Datetime(readonly=True, copy=False)
    done_by_id = fields.Many2one(
        "res.users",
        string="Marked Done By",
        readonly=True,
        copy=False,
        help="Who marked the action done: they do not verify it.",
    )
    date_verified = fields.Datetime(readonly=True, copy=False)
    verified_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    verification_note = fields.Text(
        tracking=True,
        help="What was checked, and how: required to close the verification.",
    )
    reopen_count = fields.Integer(
        string="Found Not Effective",
        readonly=True,
        copy=False,
        help="Times the verification found the action not effective.",
    )
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue"
    )
    can_verify = fields.Boolean(
        compute="_compute_can_verify",
        help="Whether you may record the verification (Effective or Not "
        "Effective): not its owner, not who marked it done.",
    )
    origin = fields.Selection(
        [("manual", "Staff"), ("recurring", "Recurring Problem")],
        default="manual",
        required=True,
        readonly=True,
        # a duplicate is the staff's own
        copy=False,
    )
    # one proposal per recurring problem and period (complaint.improvement)
    recurring_key = fields.Char(readonly=True, copy=False, index=True)

    _sql_constraints = [
        (
            "recurring_key_unique",
            "UNIQUE(recurring_key)",
            "A recurring problem is proposed once per period.",
        ),
    ]

    @api.depends("complaint_ids")
    def _compute_complaint_count(self):
        for action in self:
            action.complaint_count = len(action.complaint_ids)

    @api.depends("state", "date_due")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for action in self:
            action.is_overdue = bool(
                action.state in ("draft", "open")
                and action.date_due
                and action.date_due < today
            )

    @api.depends_context("uid")
    @api.depends("state", "user_id", "done_by_id", "verifier_id")
    def _compute_can_verify(self):
        for action in self:
            action.can_verify = action.state == "done" and not action._verify_refusal()

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Search the overdue actions with = or !=."))
        domain = [
            ("state", "in", ("draft", "open")),
            ("date_due", "<", fields.Date.context_today(self)),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.depends("name", "title")
    def _compute_display_name(self):
        for action in self:
            action.display_name = (
                f"{action.name} {action.title}" if action.name != "/" else action.title
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") != "/":
                self._refuse_reference()
            if vals.get("name", "/") == "/":
                # the action's company's numbers, in its year (the proposal
                # job runs for every company, without a time zone)
                company = self.env["res.company"].browse(
                    vals.get("company_id") or self.env.company.id
                )
                vals["name"] = (
                    self.env["ir.sequence"]
                    .with_company(company)
                    .with_context(tz=company._complaint_tz())
                    .next_by_code("complaint.corrective.action")
                )
        actions = super().create(vals_list)
        if not self.env.su and self.env.user in actions.verifier_id:
            # the creator wrote its root cause and plan (a context default too)
            self._check_not_own_verifier(self.env.uid)
        actions._check_complaints_readable(self.env["complaint.complaint"])
        return actions

    def _refuse_reference(self):
        if self.env.su:
            return
        raise UserError(
            self.env._(
                "The reference of a corrective action is given by its sequence; "
                "it cannot be set or changed."
            )
        )

    def _check_not_judged(self):
        """What an action awaiting verification found and did (its
        complaints among them) is what its verifier checks: it changes once
        found not effective, back with its owner."""
        awaiting = self.filtered(lambda action: action.state == "done")
        if awaiting:
            raise UserError(
                self.env._(
                    "%(action)s awaits verification: what it found and did is "
                    "what its verifier checks. Found not effective, it is its "
                    "owner's to change again.",
                    action=awaiting[0].display_name,
                )
            )
        self._check_not_verified()

    def _check_not_verified(self):
        """What an action verified effective found and did (its complaints
        among them) is a record: it no longer changes."""
        verified = self.filtered(lambda action: action.state == "effective")
        if verified:
            raise UserError(
                self.env._(
                    "%(action)s was verified effective: what it found and did "
                    "no longer changes. Open a new corrective action.",
                    action=verified[0].display_name,
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_only_what_was_never_taken_up(self):
        """An action taken up is in the figures of its months, and a recurring
        problem's proposal deleted (cancelled or not) would be proposed again
        the next day: cancel them instead. A draft made by hand, or an action
        made by hand and cancelled, goes."""
        kept = self.filtered(
            lambda a: a.state not in ("draft", "cancelled") or a.recurring_key
        )
        if kept:
            raise UserError(
                self.env._(
                    "%(action)s is a record of the improvement loop: cancel it "
                    "instead of deleting it.",
                    action=kept[0].display_name,
                )
            )

    def write(self, vals):
        """Once done, who owns and who verifies the action no longer change:
        the owner could otherwise hand it over and verify it themselves. Once
        verified effective, what was found and done is a record."""
        if "name" in vals:
            self._refuse_reference()
        if not self.env.su:
            frozen = self.filtered(lambda a: a.state in ("done", "effective"))
            if {"user_id", "verifier_id"} & vals.keys() and frozen:
                frozen._check_holders_frozen(vals)
            if "verifier_id" in vals:
                self._check_not_own_verifier(vals["verifier_id"])
            self._check_verifier_hands_off(vals, JUDGED_FIELDS)
            if JUDGED_FIELDS & vals.keys():
                frozen._check_not_judged()
            elif VERIFIED_FIELDS & vals.keys():
                frozen._check_not_verified()
            if "verification_note" in vals:
                self._check_note_by_verifier()
        links = "complaint_ids" in vals
        # sudo: the links, readable or not
        before = self.sudo().complaint_ids if links else None
        # a verification handed to someone else: the former verifier's note
        # is not what the new one checked
        handed = (
            self.filtered(
                lambda a: a.state == "done"
                and a.verification_note
                and a.verifier_id.id != vals["verifier_id"]
            )
            if "verifier_id" in vals and "verification_note" not in vals
            else self.browse()
        )
        res = super().write(vals)
        if handed:
            handed._workflow_write({"verification_note": False})
        if "company_id" in vals and not self.env.su:
            # record rules are checked before a write: an action moves only
            # into a company where the user may still change it
            self.check_access("write")
        if links:
            self._check_complaints_readable(before)
        if {"user_id", "verifier_id"} & vals.keys():
            self._activity_follow_holder(vals.keys())
        if "date_due" in vals:
            self._activity_follow_due_date()
        return res

    def _check_note_by_verifier(self):
        """The verification note is what the verifier checked: written by
        who may verify the action, while it awaits verification (the owner's
        words would otherwise close a verification nobody made)."""
        for action in self:
            refusal = action.state != "done" and self.env._(
                "%(action)s is not awaiting verification: its verification note "
                "is written when it is.",
                action=action.display_name,
            )
            refusal = refusal or action._verify_refusal()
            if refusal:
                raise UserError(refusal)

    def _check_complaints_readable(self, before):
        """A complaint is linked only by who may read it (a link shows the
        action on its tracking form, in every company)."""
        if self.env.su:
            return
        # sudo: the links, readable or not; checked as the caller below
        added = self.sudo().complaint_ids - before.sudo()
        # the cache is shared with the caller's reads: a form read back after
        # its save would find the complaints it may not read there
        self.invalidate_recordset(["complaint_ids"])
        added.with_env(self.env).check_access("read")

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_complaint_action"
        )
        action.pop("path", None)
        action.update(
            domain=[("id", "in", self.complaint_ids.ids)],
            context={"create": False},
        )
        return action
