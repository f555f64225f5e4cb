from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import format_list

from ..tools.chatter import drop_chatter
from .complaint_external_body import REPORT_FIELDS

OUTCOMES = [
    ("pending", "Pending"),
    ("settled", "Settled"),
    ("not_settled", "Not Settled"),
]
DEADLINE_STATES = [
    ("on_track", "On Track"),
    ("at_risk", "At Risk"),
    ("overdue", "Overdue"),
    ("done", "Done"),
]
# what a copy (a new work order) starts without
FRESH_FIELDS = ("reference", "date_received", "deadline", "outcome", "date_settled")
# what may hold the complainant's personal data: de-identified with the
# complaint (the reference is the body's work order, which names them there)
PERSONAL_FIELDS = (
    "note",
    "reference",
    "negotiation_process",
    "negotiation_result",
    "reply_text",
    "followup_call_note",
)
# a change of these moves (or closes) the owner's deadline activity
ACTIVITY_FIELDS = {"outcome", "deadline", "body_id", "date_received", "complaint_id"}


class ComplaintExternalCase(models.Model):
    """A spill-over: the complainant took the dispute outside the company.

    The body (``complaint.external.body``) sets the deadline and the data to
    report back; ``complaint.external.deadline.mixin`` plans the deadline on
    the company's calendar and reminds the complaint's owner,
    ``complaint.external.deadline.sweep`` sweeps the cases at risk and
    overdue, ``complaint.external.report.mixin`` holds what is reported back
    and ``complaint.external.case.steps`` the outcome.
    """

    _name = "complaint.external.case"
    _inherit = [
        "complaint.workflow.guard",
        "mail.thread",
        "complaint.activity.tasks",
        "complaint.external.deadline.mixin",
        "complaint.external.deadline.sweep",
        "complaint.external.report.mixin",
        "complaint.external.case.steps",
    ]
    _description = "Complaint Spill-Over Case"
    _check_company_auto = True
    # written only by the actions and the sweep (complaint.workflow.guard); the
    # company, customer and owner come from the complaint
    _workflow_fields = (
        "outcome",
        "date_reopened",
        "reopen_count",
        "was_late",
        "reply_reopened",
        "deadline_state",
        "date_warning",
        "company_id",
        "partner_id",
        "user_id",
    )
    _order = "date_received desc, id desc"
    _rec_name = "reference"

    complaint_id = fields.Many2one(
        "complaint.complaint", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(
        related="complaint_id.company_id", store=True, index=True
    )
    partner_id = fields.Many2one(
        related="complaint_id.commercial_partner_id",
        string="Customer",
        store=True,
        index=True,
    )
    user_id = fields.Many2one(
        related="complaint_id.user_id", string="Owner", store=True, index=True
    )
    body_id = fields.Many2one(
        "complaint.external.body",
        required=True,
        index=True,
        ondelete="restrict",
        tracking=True,
        check_company=True,
        domain="[('company_id', 'in', [False, company_id]),"
        " ('replaced_company_ids', 'not in', [company_id])]",
    )
    # the indicators count by code: stable whatever the body's name
    body = fields.Char(
        related="body_id.code", string="Body Code", store=True, index=True
    )
    report_field_names = fields.Char(related="body_id.report_field_names")
    reference = fields.Char(string="External Reference", tracking=True)
    # the company's day (a form's default; create takes the complaint's)
    date_received = fields.Date(
        string="Received On",
        required=True,
        default=lambda self: self.env.company._complaint_today(),
    )
    deadline = fields.Date(
        compute="_compute_deadline",
        store=True,
        readonly=False,
        tracking=True,
        help="Computed from the day received (or re-opened) and the body's time "
        "limit; may be changed when the body set another date.",
    )
    date_warning = fields.Date(
        string="At Risk From", compute="_compute_date_warning", store=True
    )
    deadline_state = fields.Selection(
        DEADLINE_STATES,
        compute="_compute_deadline_state",
        store=True,
        index=True,
        help="Updated when the case changes and by the time-limit sweep.",
    )
    outcome = fields.Selection(
        OUTCOMES, required=True, default="pending", tracking=True
    )
    date_settled = fields.Date(string="Concluded On", tracking=True)
    date_reopened = fields.Date(string="Re-Opened On", readonly=True, copy=False)
    reopen_count = fields.Integer(string="Re-Openings", readonly=True, copy=False)
    consumer_score = fields.Float(
        digits=(2, 1), help="Score the consumer gave on the platform (0 to 5)."
    )
    note = fields.Text()

    @api.depends("reference", "body_id")
    def _compute_display_name(self):
        for case in self:
            case.display_name = " ".join(
                part for part in (case.body_id.name, case.reference) if part
            )

    # ------------------------------------------------------------------
    # Constraints
    # ------------------------------------------------------------------
    @api.constrains("consumer_score")
    def _check_consumer_score(self):
        for case in self:
            if not 0 <= case.consumer_score <= 5:
                raise ValidationError(
                    self.env._("The consumer score lies between 0 and 5.")
                )

    @api.constrains("date_received", "date_settled", "deadline")
    def _check_dates(self):
        for case in self:
            if case.date_settled and case.date_settled < case.date_received:
                raise ValidationError(
                    self.env._(
                        "A spill-over case cannot be settled before it was received."
                    )
                )
            if case.deadline and case.deadline < case.date_received:
                raise ValidationError(
                    self.env._(
                        "The deadline of a spill-over case cannot precede its receipt."
                    )
                )

    @api.constrains("body_id")
    def _check_body_of_company(self):
        """A company that has its own body of a code files under it, not
        under the shared one it replaces (its time limit, its report-back).
        Checked as a body is chosen: a case filed before the company had its
        own body keeps its body, on whichever complaint it moves to."""
        Body = self.env["complaint.external.body"]
        for case in self.filtered(lambda c: not c.body_id.company_id):
            own = Body._get_by_code(case.body_id.code, case.company_id)
            if own and own != case.body_id:
                raise ValidationError(
                    self.env._(
                        "%(company)s has its own body %(own)s for code %(code)s: "
                        "file the case with it.",
                        company=case.company_id.name,
                        own=own.display_name,
                        code=case.body_id.code,
                    )
                )

    def _check_report_back(self, written=None):
        """A case is settled only once the body's report-back data is filled,
        whoever writes (form, button, import, API); settled, it keeps what it
        reported (``written``: the report-back fields written). Data a body
        asks from later on binds the cases settled later: its older ones
        stand (de-identified, corrected)."""
        for case in self.filtered(lambda c: c.outcome == "settled"):
            missing = case._report_back_missing(written)
            if missing:
                raise ValidationError(
                    self.env._(
                        "%(case)s cannot be settled before this is reported back "
                        "to %(body)s: %(fields)s.",
                        case=case.display_name,
                        body=case.body_id.name,
                        fields=format_list(self.env, missing),
                    )
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        vals_list = [
            self.env["complaint.external.body"]._case_vals(vals, self)
            for vals in vals_list
        ]
        for vals in vals_list:
            # a new case is pending (what a form sends as the default)
            if vals.get("outcome") == "pending":
                del vals["outcome"]
            if not vals.get("date_received"):
                # sudo: the company of the complaint, whoever files the case
                complaint = (
                    self.env["complaint.complaint"]
                    .sudo()
                    .browse(vals.get("complaint_id"))
                )
                company = complaint.company_id or self.env.company
                vals["date_received"] = company._complaint_today()
        cases = super().create(vals_list)
        cases._check_report_back()
        cases._check_complaint_takes_cases()
        cases._deadline_check_created()
        cases._activity_sync()
        cases._reopen_dissatisfied()
        cases._flag_high_risk()
        cases._sync_complaint_clocks()
        return cases

    def copy_data(self, default=None):
        """A copy is a new work order about the same complaint: pending,
        received today, nothing concluded nor reported back yet."""
        fresh = {*FRESH_FIELDS, "consumer_score", *REPORT_FIELDS} - set(default or ())
        vals_list = [
            {fname: value for fname, value in vals.items() if fname not in fresh}
            for vals in super().copy_data(default)
        ]
        Body = self.env["complaint.external.body"]
        for case, vals in zip(self, vals_list, strict=True):
            if "body_id" not in (default or {}):
                # a new work order of a code the company now has its own body for
                own = Body._get_by_code(case.body_id.code, case.company_id)
                vals["body_id"] = (own or case.body_id).id
        return vals_list

    def write(self, vals):
        if "complaint_id" in vals:
            # a held complaint's case (its letters, its messages) stays with it
            self.complaint_id._check_not_held()
        vals = self.env["complaint.external.body"]._case_vals(vals, self)
        # the body's deadline (computed, or entered from its notice) does not
        # move with the case to another complaint of the same company (a
        # merge): moving only re-triggers its computation
        kept = (
            {case: (case.company_id, case.deadline) for case in self}
            if "complaint_id" in vals and "deadline" not in vals
            else {}
        )
        companies = (
            {case: case.company_id for case in self} if "complaint_id" in vals else {}
        )
        # sudo: the complaints a move leaves, whose clocks then run again
        former = self.sudo().complaint_id if "complaint_id" in vals else None
        # a new reply: the complainant's verdict on it counts again
        replied = self.filtered(
            lambda case: "reply_text" in vals
            and (case.reply_text or "") != (vals["reply_text"] or "")
            and case.reply_reopened
        )
        if vals.get("verdict") == "dissatisfied":
            (self - replied)._check_verdict_on_new_reply()
        res = super().write(vals)
        if set(PERSONAL_FIELDS) & vals.keys():
            self._check_complaint_takes_cases(personal=True)
        if {"outcome", "body_id"} & vals.keys():
            self._check_report_back()
        elif set(REPORT_FIELDS) & vals.keys():
            self._check_report_back(vals.keys())
        if replied:
            replied._workflow_write({"reply_reopened": False})
        if "complaint_id" in vals:
            # moved to another complaint: the caller must be able to change it,
            # and the body must be one of its company's
            self.check_access("write")
            self._check_company()
            self._check_company_kept(companies)
            # nor onto a complaint de-identified (its texts and reference)
            self._check_complaint_takes_cases()
        for case, (company, deadline) in kept.items():
            if case.company_id == company and case.deadline != deadline:
                # sudo: the case's own date put back, not a correction of it
                # (nor of its lateness: recorded late, it stays late)
                case.sudo().write({"deadline": deadline, "was_late": case.was_late})
        if {"verdict", "outcome", "reply_text"} & vals.keys():
            self._reopen_dissatisfied()
        if ACTIVITY_FIELDS & vals.keys():
            self._activity_sync()
        if {"body_id", "complaint_id"} & vals.keys():
            self._flag_high_risk()
        if {"outcome", "complaint_id"} & vals.keys():
            self._sync_complaint_clocks(former)
        return res

    def _check_complaint_takes_cases(self, personal=False):
        """A cancelled complaint takes no new case; a de-identified one no
        new case nor personal data again (``personal``: texts written):
        nothing would remove it again, and the retention job and erasures
        pass such a complaint by."""
        if self.env.su:
            return
        # sudo: the complaints' status, whoever files or changes the case
        complaints = self.sudo().complaint_id
        if not personal and complaints.filtered(lambda c: c.state == "cancelled"):
            raise UserError(
                self.env._("A spill-over case is not filed on a cancelled complaint.")
            )
        deidentified = complaints.filtered("is_deidentified")
        if deidentified:
            raise UserError(
                self.env._(
                    "Complaint %(name)s was de-identified: its spill-over cases "
                    "take no new case, re-opening or personal data.",
                    name=deidentified[0].name,
                )
            )

    def _check_company_kept(self, companies):
        """A case stays with its company's complaints (``companies``: each
        case's before the move): filed with its body, on its calendar, in its
        figures; its deadline would be computed anew without a manager."""
        if self.env.su:
            return
        moved = self.filtered(lambda case: case.company_id != companies[case])
        if moved:
            raise UserError(
                self.env._(
                    "%(case)s was filed with an outside body of %(company)s: it "
                    "moves to another complaint of that company only.",
                    case=moved[0].display_name,
                    company=companies[moved[0]].name,
                )
            )

    # ------------------------------------------------------------------
    # Business methods
    # ------------------------------------------------------------------
    @api.model
    def _complaint_ids_of(self, case_ids):
        """The complaints of the cases ``case_ids`` (whose files and messages
        are the complaint's: its legal hold keeps them)."""
        case_ids = {case_id for case_id in case_ids if case_id}
        if not case_ids:
            return []
        # sudo: the complaint of the cases, whatever the caller reads
        return self.sudo().browse(case_ids).exists().complaint_id.ids

    def _deidentify(self):
        """Retention: the free texts may hold the complainant's personal data.
        The facts stay for the statistics (dates, method, verdict, outcome);
        filled texts become a placeholder, so a settled case keeps its
        report-back complete; the case's messages and files go."""
        # sudo: the retention cron acts on every case of its complaints;
        # mail_notrack: tracking would copy the personal data into new messages
        cases = self.sudo().with_context(mail_notrack=True, tracking_disable=True)
        cases.write({"note": False})
        placeholder = self.env._("(de-identified)")
        for name in PERSONAL_FIELDS[1:]:
            cases.filtered(name).write({name: placeholder})
        # its messages and files (scanned letters, ID copies)
        drop_chatter(cases)
