from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools.misc import clean_context

from .complaint_party_case import PARTY_CASE_FIELDS
from .complaint_states import COMPLAINT_STATES, INTERNAL, OPEN_STATES  # noqa: F401


class ComplaintComplaint(models.Model):
    _name = "complaint.complaint"
    _description = "Customer Complaint"
    _check_company_auto = True
    # each concern is one abstract model, composed here in this order; the
    # concerns react to the complaint's events (complaint.events)
    _inherit = [
        "complaint.workflow.guard",
        "complaint.step.guard.mixin",
        "complaint.step.mixin",
        "complaint.stage.mixin",
        "complaint.customer.mail.mixin",
        "complaint.step.mail.mixin",
        "complaint.intake.mixin",
        "complaint.tracking.number",
        "complaint.assignment.mixin",
        "complaint.next.step.mixin",
        "complaint.sla.mixin",
        "complaint.sla.wait.mixin",
        "complaint.sla.replan.mixin",
        "complaint.sla.reminder.mixin",
        "complaint.sla.text.mixin",
        "complaint.note.notify.mixin",
        "complaint.escalation.mixin",
        "complaint.detection.mixin",
        "complaint.detection.batch.mixin",
        "complaint.sale.mixin",
        "complaint.link.company.mixin",
        # before retention: extends its de-identification
        "complaint.privacy.mixin",
        "complaint.retention.mixin",
        "complaint.improvement.mixin",
        "complaint.reply.script.mixin",
        "complaint.mail.threading.mixin",
        "complaint.followers.mixin",
        "complaint.merge.mixin",
        "complaint.split.mixin",
        "complaint.party.mixin",
        "complaint.party.forward.mixin",
        "complaint.party.case.mixin",
        "complaint.party.answer.mixin",
        "complaint.satisfaction.mixin",
        "complaint.activity.tasks",
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
        "date_outcome_told",
        "date_cancelled",
        "date_reopened",
        "reopen_count",
        "is_deidentified",
        "date_deidentified",
        "sender_unverified",
        "date_receipt_sent",
        "merged_into_id",
        "split_from_id",
        # the customer company: computed when the complainant is named, kept
        # by a split (its record rule reads it)
        "commercial_partner_id",
        "party_state",
        "party_forwarded_date",
        "party_response_deadline",
        "party_response",
        "party_response_date",
        # the detection's findings (complaint.detection.mixin)
        "is_repeat",
        "repeat_of_ids",
        "is_batch",
    )
    # who may set them is checked in ``create`` (number, hold, party's case)
    _create_checked_fields = ("name", "keep_permanently", *PARTY_CASE_FIELDS)
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
    description = fields.Html(
        sanitize=True, sanitize_attributes=True, sanitize_style=True
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Complainant",
        index=True,
        tracking=True,
        # its company's or shared (complaint.link.company.mixin)
        domain="[('company_id', 'in', [company_id, False])]",
        help="The customer who complains; leave empty for a complainant without a "
        "contact and fill in the name, email and phone below.",
    )
    # ------------------------------------------------------------------
    # What the complaint is about
    # ------------------------------------------------------------------
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
        compute="_compute_priority",
        store=True,
        readonly=False,
        precompute=True,
        tracking=True,
    )
    is_high_risk = fields.Boolean(
        string="High Risk", tracking=True, index=True, groups=INTERNAL
    )
    high_risk_reason = fields.Text(string="High-Risk Reason", groups=INTERNAL)
    amount_claimed = fields.Monetary(currency_field="currency_id")
    amount_band_id = fields.Many2one(
        "complaint.amount.band",
        compute="_compute_amount_band_id",
        store=True,
        groups=INTERNAL,
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
        check_company=True,
        domain="[('company_id', '=', company_id)]",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Handler",
        tracking=True,
        index=True,
        domain=lambda self: self.env["res.users"]._complaint_owner_domain(),
        groups=INTERNAL,
    )
    receiver_id = fields.Many2one(
        "res.users",
        string="Received By",
        # staff only: a complaint filed in the portal was received by nobody
        # yet (the customer's own account is not its receiver)
        default=lambda self: self.env.user.filtered(lambda user: not user.share),
        # a duplicate is received by who makes it
        copy=False,
        help="First-contact owner: who received the complaint.",
        groups=INTERNAL,
        tracking=True,
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
    color = fields.Integer()

    # ------------------------------------------------------------------
    # Dates of each step
    # ------------------------------------------------------------------
    # a duplicate is received when made: its time limits start then
    date_received = fields.Datetime(
        string="Received On",
        default=fields.Datetime.now,
        required=True,
        index=True,
        copy=False,
        tracking=True,
    )
    remedy_ids = fields.One2many("complaint.remedy", "complaint_id", string="Remedies")
    # remedies still awaiting approval count: the portal shows the proposal only
    remedy_amount_total = fields.Monetary(
        string="Remedies Offered",
        compute="_compute_remedy_amount_total",
        store=True,
        currency_field="currency_id",
        groups=INTERNAL,
        help="The remedies offered, approved or awaiting approval, and those "
        "carried out (not those refused or cancelled).",
    )
    remedy_amount_done = fields.Monetary(
        string="Remedies Carried Out",
        compute="_compute_remedy_amount_total",
        store=True,
        currency_field="currency_id",
        groups=INTERNAL,
        help="What the complainant was given: the remedies carried out.",
    )
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
    @api.depends("state")
    def _compute_is_open(self):
        for complaint in self:
            complaint.is_open = complaint.state in OPEN_STATES

    @api.depends("amount_claimed", "company_id")
    def _compute_amount_band_id(self):
        Band = self.env["complaint.amount.band"]
        for complaint in self:
            complaint.amount_band_id = Band._band_for(
                complaint.company_id.id, complaint.amount_claimed
            )

    @api.depends(
        "remedy_ids.amount", "remedy_ids.state", "remedy_ids.credit_note_id.state"
    )
    def _compute_remedy_amount_total(self):
        for complaint in self:
            remedies = complaint.remedy_ids
            complaint.remedy_amount_total = sum(
                remedies.filtered(
                    lambda r: r.state not in ("cancelled", "refused")
                ).mapped("amount")
            )
            complaint.remedy_amount_done = sum(
                remedies.filtered(lambda r: r._is_given()).mapped("amount")
            )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        # the placeholder in the user's language or in English (an import
        # file), or an empty cell: a number is drawn
        new_labels = {self.env._("New"), "New"}
        for vals in vals_list:
            if not vals.get("name", True) or vals.get("name") in new_labels:
                del vals["name"]
        if not self.env.su and any("name" in vals for vals in vals_list):
            self._refuse_tracking_number()
        if any(vals.get("keep_permanently") for vals in vals_list):
            self._check_can_hold()
        self._party_check_case_writer(vals_list)
        # each company's numbers from its own sequence (an email to another
        # company's address, a complaint filed for another company)
        pending = defaultdict(list)
        # the company it is filed in: its own, else the context's default
        default_company = self.env.context.get("default_company_id")
        for vals in vals_list:
            if "name" not in vals:
                company = vals.get("company_id") or default_company
                pending[company or self.env.company.id].append(vals)
        for company_id, company_vals in pending.items():
            numbers = self.with_company(company_id)._next_tracking_numbers(
                len(company_vals)
            )
            for vals, number in zip(company_vals, numbers, strict=True):
                vals["name"] = number
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
        created = (
            super(ComplaintComplaint, self.with_context(mail_create_nosubscribe=True))
            .create(vals_list)
            .with_env(self.env)
        )
        # what the creation brings about (followers, assignment, time limits,
        # consents, detection) takes nothing of the caller's context defaults
        complaints = created.with_env(self.env(context=clean_context(context)))
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
        unteamed = complaints.filtered(lambda c: not c.team_id)
        complaints._assign()
        unteamed._complaint_tell_team_of_new()
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
        return created

    def write(self, vals):
        self._on_writing(vals)
        newly_high_risk = (
            self.filtered(lambda c: not c.is_high_risk)
            if vals.get("is_high_risk")
            else self.browse()
        )
        moved = (
            self.filtered(lambda c: c.company_id.id != (vals["company_id"] or False))
            if "company_id" in vals and not self.env.su
            else self.browse()
        )
        former, named_again = self._complainant_changes(vals)
        with self.env.protecting(self._named_with_complainant(), named_again):
            res = super().write(vals)
        # what the write brings about is the system's (a caller's context
        # defaults set nothing of it)
        self = self._without_caller_defaults()
        if former:
            self._unfollow_former_complainants(
                {complaint: partner for complaint, (partner, _c) in former.items()}
            )
        if moved:
            # record rules are checked before a write: the complaint moves
            # only into a company where the user may still change it
            moved.check_access("write")
        if moved or (former and not self.env.su):
            (
                moved
                | self.filtered(
                    lambda c: c in former and c.commercial_partner_id != former[c][1]
                )
            )._remedies_for_new_terms()
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
