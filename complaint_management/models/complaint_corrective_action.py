from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_list

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


# what a verification judged: unchanged once the action is verified effective
VERIFIED_FIELDS = {
    "complaint_ids",
    "title",
    "problem",
    "root_cause",
    "root_cause_method",
    "cause_category",
    "action_plan",
    "verification_note",
    "company_id",
}


class ComplaintCorrectiveAction(models.Model):
    """A corrective action: the cause of one or many complaints removed, and
    verified to have worked by someone else than its owner (ISO 10002 and
    GB/T 19012, continual improvement; the "Correction" and "Correction
    verification" rows of the tracking form)."""

    _name = "complaint.corrective.action"
    _description = "Corrective Action"
    _inherit = ["complaint.workflow.guard", "mail.thread", "mail.activity.mixin"]
    _order = "date_due, id desc"
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
    product_id = fields.Many2one("product.product", tracking=True)
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
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
        tracking=True,
    )
    department = fields.Char(string="Department Responsible")
    supplier_id = fields.Many2one(
        "res.partner", string="Supplier Responsible", check_company=True
    )
    date_due = fields.Date(string="Due Date", tracking=True)
    verifier_id = fields.Many2one(
        "res.users",
        domain="[('share', '=', False), ('company_ids', 'in', company_id)]",
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
        string="Opened On", default=fields.Datetime.now, readonly=True, copy=False
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

    @api.constrains("user_id", "verifier_id")
    def _check_verifier_is_not_owner(self):
        for action in self:
            if action.verifier_id and action.verifier_id == action.user_id:
                raise ValidationError(
                    self.env._(
                        "The verifier of %(action)s must be someone else than "
                        "its owner.",
                        action=action.display_name,
                    )
                )

    @api.depends("name", "title")
    def _compute_display_name(self):
        for action in self:
            action.display_name = (
                f"{action.name} {action.title}" if action.name != "/" else action.title
            )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("name", "/") == "/":
                vals["name"] = self.env["ir.sequence"].next_by_code(
                    "complaint.corrective.action"
                )
        actions = super().create(vals_list)
        actions._check_complaints_readable(self.env["complaint.complaint"])
        return actions

    def write(self, vals):
        """Once done, who owns and who verifies the action no longer change:
        the owner could otherwise hand it over and verify it themselves. Once
        verified effective, what was found and done is a record."""
        if not self.env.su:
            frozen = self.filtered(lambda a: a.state in ("done", "effective"))
            if {"user_id", "verifier_id"} & vals.keys() and frozen:
                raise UserError(
                    self.env._(
                        "%(action)s is done: its owner and verifier no longer change.",
                        action=frozen[0].display_name,
                    )
                )
            verified = frozen.filtered(lambda a: a.state == "effective")
            if VERIFIED_FIELDS & vals.keys() and verified:
                raise UserError(
                    self.env._(
                        "%(action)s was verified effective: what it found and did "
                        "no longer changes. Open a new corrective action.",
                        action=verified[0].display_name,
                    )
                )
        before = self.sudo().complaint_ids  # sudo: the links, readable or not
        res = super().write(vals)
        if "complaint_ids" in vals:
            self._check_complaints_readable(before)
        return res

    def _check_complaints_readable(self, before):
        """A complaint is linked only by who may read it (a link shows the
        action on its tracking form, in every company)."""
        if self.env.su:
            return
        # sudo: the links, readable or not; checked as the caller below
        added = self.sudo().complaint_ids - before.sudo()
        added.with_env(self.env).check_access("read")

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _check_state(self, states):
        wrong = self.filtered(lambda a: a.state not in states)
        if wrong:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "This step does not apply to %(action)s: it is %(state)s.",
                    action=wrong[0].display_name,
                    state=labels[wrong[0].state],
                )
            )

    def action_start(self):
        """Proposed -> in progress: the owner is reminded of the due date."""
        self._check_state(("draft",))
        missing = self.filtered(lambda a: not a.user_id or not a.date_due)
        if missing:
            raise UserError(
                self.env._(
                    "Give %(actions)s an owner and a due date before starting it.",
                    actions=format_list(self.env, missing.mapped("display_name")),
                )
            )
        self._workflow_write({"state": "open"})
        self._schedule_owner_activity()
        return True

    def action_done(self):
        """In progress -> awaiting verification: the verifier is asked."""
        self._check_state(("open",))
        missing = self.filtered(lambda a: not a.verifier_id)
        if missing:
            raise UserError(
                self.env._(
                    "Name who verifies %(actions)s (someone else than its owner) "
                    "before marking it done.",
                    actions=format_list(self.env, missing.mapped("display_name")),
                )
            )
        self._workflow_write(
            {
                "state": "done",
                "date_done": fields.Datetime.now(),
                "done_by_id": self.env.user.id,
            }
        )
        self.activity_feedback(["mail.mail_activity_data_todo"])
        for action in self:
            action.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=fields.Date.context_today(self) + relativedelta(days=14),
                summary=self.env._("Verify that the corrective action worked"),
                user_id=action.verifier_id.id,
            )
        return True

    def _verify_refusal(self):
        """Why the current user may not verify this action, or ``""``: the
        button shows by it and the verification refuses by it."""
        self.ensure_one()
        user = self.env.user
        if user == self.user_id:
            return self.env._(
                "You own %(action)s: its effect is verified by someone else.",
                action=self.display_name,
            )
        if user == self.done_by_id:
            return self.env._(
                "You marked %(action)s done: its effect is verified by someone else.",
                action=self.display_name,
            )
        if user != self.verifier_id and not user.has_group(
            "complaint_management.complaint_management_group_manager"
        ):
            return self.env._(
                "%(action)s is verified by %(verifier)s or a complaint manager.",
                action=self.display_name,
                verifier=self.verifier_id.name,
            )
        return ""

    def _check_can_verify(self):
        self._check_state(("done",))
        for action in self:
            refusal = action._verify_refusal()
            if refusal:
                raise UserError(refusal)
            if not (action.verification_note or "").strip():
                raise UserError(
                    self.env._(
                        "Write what was checked in the verification note of "
                        "%(action)s.",
                        action=action.display_name,
                    )
                )

    def action_verify_effective(self):
        self._check_can_verify()
        self._workflow_write(
            {
                "state": "effective",
                "date_verified": fields.Datetime.now(),
                "verified_by_id": self.env.user.id,
            }
        )
        self.activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_verify_not_effective(self):
        """The problem is still there: the action is reopened for its owner."""
        self._check_can_verify()
        for action in self:
            action._workflow_write(
                {
                    "state": "open",
                    "date_verified": fields.Datetime.now(),
                    "verified_by_id": self.env.user.id,
                    "reopen_count": action.reopen_count + 1,
                }
            )
            action.message_post(
                body=self.env._(
                    "Found not effective: %(note)s", note=action.verification_note
                ),
                subtype_xmlid="mail.mt_note",
            )
        self.activity_feedback(["mail.mail_activity_data_todo"])
        self._schedule_owner_activity()
        return True

    def action_cancel(self):
        self._check_state(("draft", "open"))
        self._workflow_write({"state": "cancelled"})
        self.activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def _schedule_owner_activity(self):
        for action in self.filtered("user_id"):
            action.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=action.date_due,
                summary=self.env._("Carry out the corrective action"),
                user_id=action.user_id.id,
            )

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
