from markupsafe import Markup

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty

from .complaint_states import INTERNAL, MANAGER


class ComplaintStepMixin(models.AbstractModel):
    """The steps of handling a complaint (ISO 10002): the date and data of
    each step, the step actions (each checks its ``can_*`` guard of
    ``complaint.step.guard.mixin``); they send the complainant their messages
    through ``complaint.customer.mail.mixin``. State fields are written only
    here, through ``complaint.workflow.guard``."""

    _name = "complaint.step.mixin"
    _description = "Complaint handling steps"

    # ------------------------------------------------------------------
    # Dates of each step
    # ------------------------------------------------------------------
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
    date_cancelled = fields.Datetime(
        string="Cancelled On",
        readonly=True,
        copy=False,
        help="When the complaint was cancelled or merged into another; the "
        "retention period of its personal data runs from then.",
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
    is_safety_issue = fields.Boolean(string="Safety Issue", groups=INTERNAL)
    validity = fields.Selection(
        [("founded", "Founded"), ("unfounded", "Not Founded")],
        tracking=True,
        help="Whether the complaint is founded, decided at assessment.",
        groups=INTERNAL,
    )
    immediate_action_needed = fields.Boolean(groups=INTERNAL)
    immediate_action = fields.Text(string="Immediate Action Taken", groups=INTERNAL)
    immediate_action_effective = fields.Boolean(groups=INTERNAL)
    is_compensable = fields.Boolean(string="Compensable", groups=INTERNAL)
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
    decision = fields.Selection(
        [("accepted", "Accepted"), ("rejected", "Rejected")],
        string="Customer Decision",
        readonly=True,
        copy=False,
        tracking=True,
    )
    # tracked: a proposal sent again clears it, the chatter keeps it
    rejection_reason = fields.Text(readonly=True, copy=False, tracking=True)
    resolution_summary = fields.Html(copy=False)

    # ------------------------------------------------------------------
    # Workflow actions
    # ------------------------------------------------------------------
    def action_register(self):
        self._check_can("can_register", self.env._("register"))
        self._assign()
        self._workflow_write(
            {"state": "registered", "date_registered": fields.Datetime.now()}
        )
        # an emailed complaint the intake could not register: done by hand
        self.env["complaint.job.failure"]._job_settled("mail_intake", self)
        self.filtered(lambda c: c._should_auto_acknowledge()).action_acknowledge()
        return True

    def _should_auto_acknowledge(self):
        self.ensure_one()
        return bool(
            self.channel_id.auto_acknowledge
            and self.company_id.complaint_auto_acknowledge
            and (self.partner_id.email or self.sudo().complainant_email)  # sudo: if any
        )

    def action_acknowledge(self):
        return self._step_acknowledge(mail=True)

    def _step_acknowledge(self, mail):
        """``mail``: False when the composer sends the email staff previewed
        (private: no request records a step without the complainant's email)"""
        self._check_can("can_acknowledge", self.env._("acknowledge"))
        self._workflow_write(
            {"state": "acknowledged", "date_acknowledged": fields.Datetime.now()}
        )
        # exactly one acknowledgement: a receipt already gave the number
        receipted = self.filtered("date_receipt_sent")
        if mail:
            (self - receipted)._message_to_complainant(
                "complaint_management.mail_template_complaint_acknowledgement"
            )
        for complaint in receipted:
            complaint._message_log(
                body=self.env._(
                    "Acknowledged: the complainant already received the receipt "
                    "with the tracking number on %(date)s.",
                    date=complaint._sla_moment_text(complaint.date_receipt_sent),
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

    def action_investigate(self):
        self._check_can("can_investigate", self.env._("investigate"))
        self._check_high_risk_gate()
        self._workflow_write(
            {"state": "investigating", "date_investigation": fields.Datetime.now()}
        )
        return True

    def action_propose(self):
        return self._step_propose(mail=True)

    def _step_propose(self, mail):
        self._check_proposal_ready()
        self._workflow_write(
            {
                "state": "proposed",
                "date_proposed": fields.Datetime.now(),
                "decision": False,
                "date_decision": False,
                "rejection_reason": False,
            }
        )
        if mail:
            self._message_to_complainant(
                "complaint_management.mail_template_complaint_proposal"
            )
        return True

    def action_accept_proposal(self):
        # a proposal being revised, or left empty, says so first
        self.filtered(lambda c: c.state == "proposed")._check_proposal_not_revised()
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
        return self._step_reject_proposal(reason, mail=True)

    def _step_reject_proposal(self, reason, mail):
        reason = self._check_can_reject(reason)
        self._workflow_write(
            {
                "state": "rejected",
                "decision": "rejected",
                "rejection_reason": reason,
                "date_decision": fields.Datetime.now(),
            }
        )
        if mail:
            self._message_to_complainant(
                "complaint_management.mail_template_complaint_rejection_routes"
            )
        return True

    def action_close(self):
        self._check_no_pending_external_case(closing=True)
        self._check_can("can_close", self.env._("close"))
        waiting = self.filtered(lambda c: c._remedies_awaiting_approval())
        if waiting:
            # closed, they would wait for an approval nobody gives any more
            raise UserError(
                self.env._(
                    "Some remedies of complaint %(name)s wait for a manager's "
                    "approval: delete them, or send them in a new proposal, "
                    "before closing it.",
                    name=waiting[0].name,
                )
            )
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
        self._tell_complainant_closed()
        # every complainant is invited to rate the handling (DOMAIN step 9)
        self.filtered("can_request_rating").action_request_rating()
        return True

    def _decision_in_force(self):
        """The complainant's answer to the proposal in force, or False: the
        answer to a proposal made before the complaint was reopened concerned
        a resolution now reopened (it stays recorded, and counted, until a new
        proposal asks again), even if the complaint was closed since without
        one. Reopened and proposed within the same second: the state tells
        which came last."""
        self.ensure_one()
        proposed = self.date_proposed or self.date_decision
        if not (self.decision and self.date_reopened and proposed):
            return self.decision
        if self.date_reopened > proposed or (
            self.date_reopened == proposed
            and self.state not in ("accepted", "rejected", "closed")
        ):
            return False
        return self.decision

    def action_reopen(self):
        deidentified = self.filtered("is_deidentified")
        if deidentified:
            raise UserError(
                self.env._(
                    "Complaint %(name)s was de-identified: it cannot be reopened. "
                    "File a new complaint for the customer instead.",
                    name=deidentified[0].name,
                )
            )
        # closed and not de-identified: refused only as rated (can_reopen)
        rated = self.filtered(lambda c: c.state == "closed" and not c.can_reopen)
        if rated:
            # reopened, the customer's rating leaves the figures: not a
            # handler's way round a low one (the customer's own message
            # reopens it, as does a manager)
            raise UserError(
                self.env._(
                    "The customer rated complaint %(name)s: a complaint manager "
                    "reopens it (its rating then leaves the figures until the "
                    "customer rates it again).",
                    name=rated[0].name,
                )
            )
        self._check_can("can_reopen", self.env._("reopen"))
        for complaint in self:
            summary = complaint.resolution_summary
            complaint._workflow_write(
                {
                    "state": "investigating",
                    "date_reopened": fields.Datetime.now(),
                    "reopen_count": complaint.reopen_count + 1,
                    "date_closed": False,
                    # the outcome of this resolution is written anew: the
                    # letter and the next closing do not tell the former one
                    "resolution_summary": False,
                }
            )
            if not is_html_empty(summary):
                staff = complaint._in_company_lang()
                staff._message_log(
                    body=Markup("<p>%s</p>%s")
                    % (staff.env._("Resolution summary before the reopening:"), summary)
                )
        self._outdate_ratings()
        # a fast-tracked remedy never carried out (the customer rejected it)
        # left the customer's limit at the closing: reopened, it fits the
        # limit again, or goes to a manager
        # sudo: the remedies' workflow, whoever reopens
        self.sudo().remedy_ids.filtered(
            lambda r: r.state == "approved" and r.is_fast_track
        )._reconsider()
        # back to work with someone present to do it
        self._owner_refresh()
        return True

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
        # the high-risk gate is lifted by a manager only: cancelling is not
        # a way round it (can_cancel says so too; this says why)
        if not self.env.user.has_group(MANAGER) and self.filtered("is_high_risk"):
            raise UserError(
                self.env._(
                    "Complaint %(name)s is high-risk: only a complaint manager can "
                    "cancel it.",
                    name=self.filtered("is_high_risk")[0].name,
                )
            )
        self._check_no_pending_external_case()
        self._check_can("can_cancel", self.env._("cancel"))
        # its remedies are withdrawn: nobody decides those awaiting approval
        # on a complaint that ended, nobody carries out those approved (nor
        # do they count against the customer's fast track any longer); a
        # refund whose credit note stands is not withdrawn behind it
        # sudo: the remedies' workflow, whoever cancels the complaint
        waiting = self.sudo()._remedies_awaiting_approval()
        withdrawn = self.sudo().remedy_ids.filtered(
            lambda r: r.state in ("proposed", "approved")
        )
        withdrawn._check_no_credit_note()
        self._workflow_write(
            {"state": "cancelled", "date_cancelled": fields.Datetime.now()}
        )
        if withdrawn:
            withdrawn._workflow_write({"state": "cancelled"})
        if waiting:
            waiting._close_approval_requests(self.sudo(), self.env._("Cancelled"))
        return True

    def _state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]
