from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from .complaint_privacy_request_scope import SCOPE_FIELDS

REQUEST_ACTIVITY = "complaint_management.mail_activity_type_privacy_request"
REQUEST_TYPES = [
    ("access", "Access"),
    ("copy", "Copy"),
    ("correction", "Correction"),
    ("deletion", "Deletion"),
    ("withdrawal", "Withdrawal of Consent"),
]


ANSWER_FIELDS = {
    "partner_id",
    "request_type",
    "description",
    "date_received",
    "date_deadline",
    "outcome",
    "refusal_reason",
    "company_id",
    "user_id",
    "include_email_matches",
}


class ComplaintPrivacyRequest(models.Model):
    """A complainant's request about their personal information (PIPL art.
    44 to 47, 50): registered, owned, answered before its deadline, and closed
    with the outcome given to the person."""

    _name = "complaint.privacy.request"
    _description = "Personal Information Request"
    _inherit = [
        "complaint.workflow.guard",
        "complaint.privacy.request.scope",
        "complaint.privacy.request.rights",
        "complaint.privacy.request.owner",
        "mail.thread",
        "complaint.activity.tasks",
    ]
    _order = "date_received desc, id desc"
    # written only by the action_* methods (complaint.workflow.guard)
    _workflow_fields = (
        "state",
        "date_done",
        "export_attachment_id",
        "erasure_report",
        "verified_email",
    )

    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    partner_id = fields.Many2one(
        "res.partner", string="Requester", required=True, index=True, tracking=True
    )
    request_type = fields.Selection(
        REQUEST_TYPES, string="Type", required=True, tracking=True
    )
    description = fields.Text(help="What the person asked for, in their words.")
    date_received = fields.Date(
        string="Received On",
        required=True,
        default=fields.Date.context_today,
        tracking=True,
        copy=False,
    )
    date_deadline = fields.Date(
        string="Deadline",
        compute="_compute_date_deadline",
        store=True,
        readonly=False,
        tracking=True,
        copy=False,
        help="The date of receipt plus the company's answer period for privacy "
        "requests.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        tracking=True,
        domain="[('share', '=', False)]",
        compute="_compute_user_id",
        store=True,
        readonly=False,
        precompute=True,
        help="The request's company's privacy officer unless someone else is "
        "chosen; else its complaint manager on duty; else whoever records it.",
    )
    state = fields.Selection(
        [
            ("new", "New"),
            ("in_progress", "In Progress"),
            ("done", "Done"),
            ("refused", "Refused"),
        ],
        default="new",
        required=True,
        readonly=True,
        tracking=True,
        copy=False,
    )
    # a copy is a new request: its answer and its checks are its own
    outcome = fields.Text(
        tracking=True,
        copy=False,
        help="What was done, as told to the person; required to close.",
    )
    refusal_reason = fields.Text(tracking=True, copy=False)
    date_done = fields.Date(string="Answered On", readonly=True, copy=False)
    is_overdue = fields.Boolean(
        compute="_compute_is_overdue", search="_search_is_overdue"
    )
    # the officer's decision to include the address is kept in the chatter
    include_email_matches = fields.Boolean(tracking=True, copy=False)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    can_close = fields.Boolean(compute="_compute_can_close")

    # not on the company's setting: a new period applies to new requests only
    @api.depends("date_received", "company_id")
    def _compute_date_deadline(self):
        for request in self:
            request.date_deadline = request.date_received and (
                request.date_received
                + timedelta(days=request.company_id.complaint_privacy_request_days)
            )

    @api.depends("date_deadline", "state")
    def _compute_is_overdue(self):
        today = fields.Date.context_today(self)
        for request in self:
            request.is_overdue = (
                request.state in ("new", "in_progress")
                and request.date_deadline
                and request.date_deadline < today
            )

    def _search_is_overdue(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on overdue requests."))
        domain = [
            ("state", "in", ("new", "in_progress")),
            ("date_deadline", "<", fields.Date.context_today(self)),
        ]
        return domain if (operator == "=") == value else ["!", *domain]

    @api.depends("state")
    def _compute_can_close(self):
        """Shows the Done and Refuse buttons; guards ``action_done`` and
        ``action_refuse``."""
        for request in self:
            request.can_close = request.state in ("new", "in_progress")

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            # the reference comes from the sequence, whatever the caller sends
            vals["name"] = self.env["ir.sequence"].next_by_code(
                "complaint.privacy.request"
            ) or self.env._("New")
        requests = super().create(vals_list)
        requests._activity_update()
        return requests

    @api.ondelete(at_uninstall=False)
    def _unlink_only_new(self):
        """A request taken up or answered is the register's record of what
        the person asked and was told (its deadline, its export, its
        outcome): it is refused or done, not deleted."""
        if not self.env.su and self.filtered(lambda r: r.state != "new"):
            raise UserError(
                self.env._(
                    "Only a new privacy request can be deleted; one taken up or "
                    "answered stays in the register."
                )
            )

    def write(self, vals):
        # an answered request is a record of what the person was told
        if (
            not self.env.su
            and set(vals) & ANSWER_FIELDS
            and self.filtered(lambda r: r.state in ("done", "refused"))
        ):
            raise UserError(
                self.env._(
                    "This request is answered: what was asked and answered no "
                    "longer changes. Register a new request."
                )
            )
        if SCOPE_FIELDS & vals.keys():
            self._check_scope_not_carried_out(vals)
        if "include_email_matches" in vals:
            self._drop_export_of_other_scope(vals["include_email_matches"])
        res = super().write(vals)
        if "company_id" in vals and not self.env.su:
            # record rules are checked before a write, not after: a record
            # moved where its writer may not change it is refused
            self.check_access("write")
        if {"user_id", "date_deadline", "date_received"} & set(vals):
            self._activity_update()
        return res

    def _check_carried_out(self):
        """Done means the right was carried out: an erasure for a deletion, an
        export for a copy (else the request is refused). Access may be
        answered otherwise (what is held, told in the outcome)."""
        for request in self:
            missing = (
                request.request_type == "deletion" and not request.erasure_report
            ) or (request.request_type == "copy" and not request.export_attachment_id)
            if missing:
                raise UserError(
                    self.env._(
                        "Request %(name)s is not carried out yet: %(step)s before "
                        "closing it as done, or refuse it with the reason.",
                        name=request.name,
                        step=self.env._("erase the data")
                        if request.request_type == "deletion"
                        else self.env._("export the data"),
                    )
                )

    # ------------------------------------------------------------------
    # Actions
    # ------------------------------------------------------------------
    def action_start(self):
        self._ensure_can_close()
        self.filtered(lambda r: r.state == "new")._workflow_write(
            {"state": "in_progress"}
        )
        return True

    def action_done(self):
        self._ensure_can_close()
        missing = self.filtered(lambda r: not (r.outcome or "").strip())
        if missing:
            raise UserError(
                self.env._(
                    "Write the outcome of request %(name)s (what was done, as told "
                    "to the person) before closing it.",
                    name=missing[0].name,
                )
            )
        self._check_carried_out()
        withdrawals = self.filtered(lambda r: r.request_type == "withdrawal")
        if withdrawals:
            # sudo: the withdrawal holds on every consent of the person given to
            # the request's company, whoever recorded it: theirs, and those of
            # their complaints given by their complainant (not another
            # person's, such as a merged complaint's complainant)
            for request in withdrawals:
                consents = (
                    self.env["complaint.privacy.consent"]
                    .sudo()
                    .search(
                        [
                            ("company_id", "=", request.company_id.id),
                            "|",
                            ("partner_id", "=", request.partner_id.id),
                            ("complaint_id", "in", request._complaints().ids),
                        ]
                    )
                )
                consents.filtered(
                    lambda c, person=request.partner_id: not c.partner_id
                    or c.partner_id in (person, c.complaint_id.partner_id)
                )._withdraw()
        self._workflow_write(
            {"state": "done", "date_done": fields.Date.context_today(self)}
        )
        self._activity_update()
        return True

    def action_refuse(self):
        self._ensure_can_close()
        missing = self.filtered(lambda r: not (r.refusal_reason or "").strip())
        if missing:
            raise UserError(
                self.env._(
                    "Give the reason for refusing request %(name)s: the person "
                    "must be told why (and that they may complain to the "
                    "authorities).",
                    name=missing[0].name,
                )
            )
        self._workflow_write(
            {"state": "refused", "date_done": fields.Date.context_today(self)}
        )
        self._activity_update()
        return True

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    def _ensure_can_close(self):
        if not all(self.mapped("can_close")):
            raise UserError(self.env._("This request is already answered."))

    def _activity_update(self):
        """One activity for the owner, due on the deadline, while the
        request is open."""
        open_requests = self.filtered(lambda r: r.state in ("new", "in_progress"))
        closed = self - open_requests
        closed.sudo().activity_feedback([REQUEST_ACTIVITY])  # sudo: the owner's task
        # the id from the xmlid cache: env.ref would check it exists (a query)
        type_id = self.env["ir.model.data"]._xmlid_to_res_id(
            REQUEST_ACTIVITY, raise_if_not_found=False
        )
        for request in open_requests:
            owner = request.user_id or self.env.user
            activity = request.activity_ids.sudo().filtered(  # sudo: the owner's task
                lambda a: a.activity_type_id.id == type_id
            )
            if activity:
                values = {"date_deadline": request.date_deadline}
                if activity.user_id != owner:
                    # the new owner reads it in their words
                    values.update(
                        user_id=owner.id, summary=request._task_summary(owner)
                    )
                activity.write(values)
            else:
                request.activity_schedule(
                    REQUEST_ACTIVITY,
                    date_deadline=request.date_deadline,
                    user_id=owner.id,
                    summary=request._task_summary(owner),
                )

    def _task_summary(self, user):
        """The request's task in ``user``'s words, whoever recorded it."""
        self.ensure_one()
        request = self.with_context(lang=user._complaint_lang(self.company_id))
        labels = dict(
            request._fields["request_type"]._description_selection(request.env)
        )
        return request.env._(
            "Answer the %(type)s request of %(name)s",
            type=labels[self.request_type],
            name=self.partner_id.display_name,
        )
