from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_list

from .complaint_states import MANAGER

# what the body was told; the follow-up call and the complainant's verdict
# come after the reply, on a concluded case too
REPORTED_FIELDS = {
    "negotiation_date",
    "negotiation_process",
    "negotiation_method",
    "negotiation_result",
    "reply_text",
}


class ComplaintExternalReportMixin(models.AbstractModel):
    """What an outside body wants reported back on a spill-over case before it
    is closed (which of these: the body's ``report_field_ids``), and the
    complainant's verdict on the reply, which may re-open the work order.
    Composed into ``complaint.external.case``, which holds its outcome and
    body."""

    _name = "complaint.external.report.mixin"
    _description = "Spill-Over Report-Back"

    @api.ondelete(at_uninstall=False)
    def _unlink_only_pending(self):
        """A concluded case is what was reported back to the body, and what
        its on-time figures count: re-opened, not deleted. Nor is a case of a
        held complaint deleted: core would delete its messages and files as
        the system, past the hold."""
        self.complaint_id._check_not_held()
        if not self.env.su and self.filtered(lambda case: case.outcome != "pending"):
            raise UserError(
                self.env._(
                    "A concluded spill-over case is the record of what was reported "
                    "back: re-open it instead of deleting it."
                )
            )

    def write(self, vals):
        """What a concluded case reported back to its body is a record: a
        complaint manager corrects it (tracked), or the case is re-opened."""
        if (
            REPORTED_FIELDS & vals.keys()
            and not self.env.su
            and not self.env.user.has_group(MANAGER)
        ):
            concluded = self.filtered(lambda case: case.outcome != "pending")
            if concluded:
                raise UserError(
                    self.env._(
                        "Case %(reference)s is concluded: what was reported back "
                        "to its body is corrected by a complaint manager (or "
                        "re-open the case).",
                        reference=concluded[0].display_name,
                    )
                )
        return super().write(vals)

    # report-back data (which ones a body asks for: its report_field_ids)
    negotiation_date = fields.Date(tracking=True)
    negotiation_process = fields.Text(
        help="How the negotiation went, as reported to the platform.", tracking=True
    )
    negotiation_method = fields.Selection(
        [
            ("phone", "Phone"),
            ("online", "Online"),
            ("on_site", "On Site"),
            ("mediation", "Mediation"),
            ("letter", "Letter"),
            ("other", "Other"),
        ],
        tracking=True,
    )
    negotiation_result = fields.Text(tracking=True)
    reply_text = fields.Text(
        string="Reply", help="The reply to the work order.", tracking=True
    )
    # the complainant was dissatisfied with this reply and the work order was
    # re-opened for it: the same verdict on the same reply re-opens no more
    reply_reopened = fields.Boolean(readonly=True, copy=False)
    followup_call_date = fields.Date(string="Follow-Up Call On", tracking=True)
    followup_call_note = fields.Text(string="Follow-Up Call Note", tracking=True)
    verdict = fields.Selection(
        [
            ("satisfied", "Satisfied"),
            ("basically_satisfied", "Basically Satisfied"),
            ("dissatisfied", "Dissatisfied"),
        ],
        tracking=True,
        help="The complainant's verdict on the reply; dissatisfied re-opens the "
        "work order.",
    )

    report_locked = fields.Boolean(
        compute="_compute_report_locked",
        help="What was reported back is a record once the case is concluded: "
        "a complaint manager corrects it, or the case is re-opened.",
    )

    @api.depends("outcome")
    @api.depends_context("uid")
    def _compute_report_locked(self):
        # the write's rule, shown on the form
        corrects = self.env.su or self.env.user.has_group(MANAGER)
        for case in self:
            case.report_locked = not corrects and case.outcome != "pending"

    def _report_back_fields(self):
        self.ensure_one()
        return (self.body_id.report_field_names or "").split()

    def _report_back_missing(self, names=None):
        """Labels of the report-back data the body requires and the case lacks
        (of ``names`` only, when given)."""
        self.ensure_one()
        return [
            self._fields[name]._description_string(self.env)
            for name in self._report_back_fields()
            if name in self._fields
            and not self[name]
            and (names is None or name in names)
        ]

    def _reopens_on_dissatisfied(self):
        """A dissatisfied verdict re-opens a work order whose body asks for the
        verdict, once it was replied to (settled, or pending with a reply)."""
        self.ensure_one()
        return "verdict" in self._report_back_fields() and (
            self.outcome == "settled"
            or (
                self.outcome == "pending"
                and bool(self.reply_text)
                and not self.reply_reopened
            )
        )

    def _check_verdict_on_new_reply(self):
        """A work order re-opened for the complainant's dissatisfaction with
        its reply awaits a new reply: the same verdict on the same reply (a
        replay, a form saved again) would re-open it again."""
        waiting = self.filtered(
            lambda case: case.outcome == "pending" and case.reply_reopened
        )
        if waiting:
            raise UserError(
                self.env._(
                    "%(cases)s was re-opened for the complainant's dissatisfaction "
                    "with its reply: write the new reply before their verdict on it.",
                    cases=format_list(self.env, waiting.mapped("display_name")),
                )
            )

    def _reopen_dissatisfied(self):
        """A work order is never left settled (or replied) with a dissatisfied
        verdict, whichever write brought them together."""
        self.filtered(
            lambda c: c.verdict == "dissatisfied" and c._reopens_on_dissatisfied()
        )._reopen(
            self.env._(
                "The complainant is dissatisfied with the reply: the work "
                "order is re-opened."
            ),
            dissatisfied=True,
        )
