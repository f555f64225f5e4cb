from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_list
from odoo.tools.misc import format_date


class ComplaintExternalCaseSteps(models.AbstractModel):
    """The outcome of a spill-over case (composed by
    ``complaint.external.case``): settled or not, on the company's day, and
    re-opened with a new deadline; a case once concluded late stays late in
    the body's figures."""

    _name = "complaint.external.case.steps"
    _description = "Spill-Over Case Outcome"

    was_late = fields.Boolean(
        string="Concluded Late Before",
        readonly=True,
        copy=False,
        help="Concluded after its deadline once: a re-opening and a conclusion "
        "in time do not make it on time in the body's figures.",
    )
    can_be_settled = fields.Boolean(compute="_compute_can_be")
    can_be_reopened = fields.Boolean(compute="_compute_can_be")

    @api.depends("outcome", "complaint_id.state", "complaint_id.is_deidentified")
    def _compute_can_be(self):
        """Show the Settle / Not Settled and Re-open buttons; the same flags
        guard ``action_settle``, ``action_not_settled`` and ``action_reopen``.
        A case of a cancelled or de-identified complaint is not re-opened
        (:meth:`_check_complaint_takes_cases`)."""
        for case in self:
            # sudo: the complaint's status, whoever reads the case
            complaint = case.sudo().complaint_id
            case.can_be_settled = case.outcome == "pending"
            case.can_be_reopened = (
                case.outcome != "pending"
                and complaint.state != "cancelled"
                and not complaint.is_deidentified
            )

    def write(self, vals):
        res = super().write(vals)
        # the deadline follows the receipt and the body: lateness with it
        # (a conclusion or a re-opening says its lateness itself)
        if {
            "date_settled",
            "deadline",
            "date_received",
            "body_id",
        } & vals.keys() and "was_late" not in vals:
            # a manager's correction of a case concluded once
            for case in self.filtered(
                lambda c: c.outcome != "pending" and not c.date_reopened
            ):
                late = case._concluded_late_on(case.date_settled)
                if case.was_late != late:
                    case._workflow_write({"was_late": late})
        return res

    def _concluded_late_on(self, day):
        """Whether a conclusion on ``day`` is after the deadline."""
        self.ensure_one()
        return bool(self.deadline and day and day > self.deadline)

    def _concluded_on_time(self):
        """Concluded by its deadline and never late before: a success of the
        body's on-time figure (the rate and the cases it lists)."""
        self.ensure_one()
        return bool(
            self.outcome != "pending"
            and self.date_settled
            and not self.was_late
            and not self._concluded_late_on(self.date_settled)
        )

    def action_settle(self):
        return self._conclude("settled")

    def action_not_settled(self):
        return self._conclude("not_settled")

    def _conclude(self, outcome):
        self._ensure_can("can_be_settled")
        for case in self:
            # the day where the company works, whoever concludes it
            today = case._deadline_today()
            date_settled = case.date_settled or today
            case._workflow_write(
                {
                    "outcome": outcome,
                    "date_settled": date_settled,
                    # late once, late in the figures (a re-opening restarts
                    # the deadline, not the body's count); recorded after
                    # the deadline, late whatever day it was settled on (a
                    # manager corrects the date, and the lateness with it)
                    "was_late": case.was_late
                    or case._concluded_late_on(date_settled)
                    or case._concluded_late_on(today),
                }
            )
        return True

    def unlink(self):
        complaints = self.sudo().complaint_id  # sudo: whose clocks to sync
        res = super().unlink()
        complaints.exists().filtered("is_open")._sla_sync()
        return res

    def _sync_complaint_clocks(self, former=None):
        """A complaint's resolution waits while an outside body handles one
        of its cases once only closing is left
        (``complaint.sla.wait.mixin._sla_waits_for_body``): a case filed,
        concluded, re-opened, moved or deleted syncs its clock."""
        # sudo: the engine's lines, whoever changes the case
        complaints = self.sudo().complaint_id
        if former:
            complaints |= former.sudo()
        complaints.filtered("is_open")._sla_sync()

    def _flag_high_risk(self):
        """A case with a body whose attention makes a complaint high-risk
        (the media, the regulator: 媒体曝光、政府关注) flags its complaint as
        high-risk: the complaint managers are told at once (the complaint's
        own rule) and its next steps wait for the reply script and plan."""
        # sudo: the body's rule and the complaint's flag, whoever files it
        for case in self.sudo().filtered(
            lambda c: c.body_id.makes_high_risk and not c.complaint_id.is_high_risk
        ):
            complaint = case.complaint_id._in_company_lang()
            reason = complaint.env._(
                "Spilled over to %(body)s (%(case)s).",
                body=case.body_id.with_env(complaint.env).name,
                case=case.with_env(complaint.env).display_name,
            )
            complaint.write(
                {
                    "is_high_risk": True,
                    "high_risk_reason": "\n".join(
                        filter(None, (complaint.high_risk_reason, reason))
                    ),
                }
            )

    def action_reopen(self):
        self._ensure_can("can_be_reopened")
        self._reopen(self.env._("Re-opened by %(user)s.", user=self.env.user.name))
        return True

    def _ensure_can(self, flag):
        refused = self.filtered(lambda case: not case[flag])
        if refused:
            raise UserError(
                self.env._(
                    "%(cases)s: this is not possible in its current outcome.",
                    cases=format_list(self.env, refused.mapped("display_name")),
                )
            )

    def _reopen(self, reason, dissatisfied=False):
        """Back to pending with a new deadline from today; the follow-up and
        the verdict are asked again (their old values stay in the chatter).
        ``dissatisfied``: for the complainant's verdict on the reply, which
        then waits for a new reply."""
        self._check_complaint_takes_cases()
        for case in self:
            case._workflow_write(
                {
                    "outcome": "pending",
                    # concluded late (a case imported concluded too): late
                    # in the body's figures, whatever comes next
                    # (a pending case re-opened by a dissatisfied verdict:
                    # late if its deadline passed meanwhile)
                    "was_late": case.was_late
                    or case._concluded_late_on(
                        case.date_settled or case._deadline_today()
                    ),
                    "date_settled": False,
                    # the day where the company works, whoever re-opens it
                    "date_reopened": case._deadline_today(),
                    "reopen_count": case.reopen_count + 1,
                    "reply_reopened": dissatisfied,
                    "verdict": False,
                    "followup_call_date": False,
                    "followup_call_note": False,
                }
            )
            case.message_post(
                body=self.env._(
                    "%(reason)s New deadline: %(deadline)s.",
                    reason=reason,
                    deadline=format_date(self.env, case.deadline),
                ),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
