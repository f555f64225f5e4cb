from odoo import api, fields, models
from odoo.tools import is_html_empty

from ..tools.formats import field_labels

# what each step needs filled in before its button does its work
STEP_FIELDS = {
    "acknowledged": ("level_id", "validity"),
}
# the states whose next step passes the high-risk gate (investigate, propose,
# close): a complaint flagged high-risk there needs its reply script and plan
HIGH_RISK_GATED = ("assessed", "investigating", "accepted", "rejected")


class ComplaintNextStepMixin(models.AbstractModel):
    """The next step: one sentence on the form that says what the complaint
    waits for and what that step needs, with the fields named as the form
    labels them. The refusals of the workflow buttons name them the same way.
    """

    _name = "complaint.next.step.mixin"
    _description = "Complaint Next Step"

    # staff's words (they name a high-risk gate, a missing field): the
    # complainant reads the portal's own (``_portal_next_step_text``); its
    # computation reads fields of complaint staff, refused to anyone else
    next_step = fields.Char(compute="_compute_next_step")

    def _field_labels(self, fnames):
        return field_labels(self.env, [self._fields[fname] for fname in fnames])

    def _next_step_missing(self):
        """Labels of the fields the current step still needs (empty if none)."""
        self.ensure_one()
        needed = [f for f in STEP_FIELDS.get(self.state, ()) if not self[f]]
        # urgent safety or quality matters get immediate action (GB/T 19012):
        # assessed as needing it, the assessment records what was done
        if (
            self.state == "acknowledged"
            and self.immediate_action_needed
            and not (self.immediate_action or "").strip()
        ):
            needed.append("immediate_action")
        if self.is_high_risk and self.state in HIGH_RISK_GATED:
            if not self._reply_script_ready():
                needed.append("reply_script_id")
            if is_html_empty(self.handling_plan):
                needed.append("handling_plan")
        if self._closes_next() and is_html_empty(self.resolution_summary):
            needed.append("resolution_summary")
        return self._field_labels(needed) if needed else ""

    def _closes_next(self):
        """Whether Close is a way on from here (it asks for the summary)."""
        self.ensure_one()
        return self.state in ("accepted", "rejected") or self._closes_unfounded()

    @api.depends(
        "state",
        "level_id",
        "validity",
        "immediate_action_needed",
        "immediate_action",
        "is_high_risk",
        "reply_script_id.state",
        "reply_script_id.category_ids",
        "category_id",
        "handling_plan",
        "resolution_summary",
        "remedy_ids.state",
        "user_id",
        "stage_id.is_waiting_customer",
        "external_case_ids.outcome",
    )
    @api.depends_context("lang")
    def _compute_next_step(self):
        for complaint in self:
            complaint.next_step = complaint._next_step_text()

    def _next_step_text(self):
        self.ensure_one()
        missing = self._next_step_missing()
        remedies = self.remedy_ids
        waiting = self._remedies_awaiting_approval()
        to_carry_out = remedies.filtered(lambda r: r.state == "approved")
        texts = {
            "new": self.env._(
                "Next: check the complainant and the category, then Register."
            ),
            "registered": self.env._(
                "Next: Acknowledge, so the complainant gets the tracking number and "
                "the expected handling time."
            ),
            "acknowledged": self.env._(
                "Next: fill in %(fields)s, then Complete Assessment.",
                fields=missing,
            )
            if missing
            else self.env._("Next: Complete Assessment."),
            "assessed": self.env._("Next: Start Investigation."),
            "investigating": self.env._(
                "Next: remedies wait for a manager's approval (%(count)s).",
                count=len(waiting),
            )
            if waiting
            else self.env._(
                "Next: add the remedies (Remedies tab), then Send Proposal."
            ),
            # not founded: closed with the reasons, without a proposal
            "unfounded": self.env._(
                "Next: not founded: fill in %(fields)s (why, for the "
                "complainant), then Close.",
                fields=missing,
            )
            if missing
            else self.env._("Next: not founded: Close."),
            # a manager changing the proposal: the customer answers it once
            # its remedies are decided
            "proposed": self.env._(
                "Next: remedies wait for a manager's approval (%(count)s); the "
                "customer answers the proposal once they are decided.",
                count=len(waiting),
            )
            if waiting
            else self.env._(
                "Next: the proposal offers no remedy any more: a complaint manager "
                "adds one, then the customer answers it."
            )
            if self.state == "proposed" and not self._remedies_offered()
            else self.env._(
                "Next: record the customer's answer: Customer Accepts or "
                "Customer Rejects."
            ),
            "accepted": self.env._(
                "Next: press Carried Out on each approved remedy (%(count)s left) "
                "(Remedies tab).",
                count=len(to_carry_out),
            )
            if to_carry_out
            else (
                self.env._("Next: fill in %(fields)s, then Close.", fields=missing)
                if missing
                else self.env._("Next: Close.")
            ),
            "rejected": self.env._(
                "Next: the complaint stays open: propose again, escalate, or fill "
                "in %(fields)s and Close once every route is used.",
                fields=missing,
            )
            if missing
            else self.env._(
                "Next: the complaint stays open: propose again, escalate, or Close "
                "once every route is used."
            ),
            "closed": "",
            "cancelled": "",
        }
        key = "unfounded" if self._closes_unfounded() else self.state
        # Close and a new proposal both wait for the approvals first
        if waiting and key in ("rejected", "unfounded"):
            key = "investigating"
        text = texts.get(key, "")
        if self.is_waiting_customer and self.state != "proposed":
            text = self.env._(
                "Next: the complainant's information, asked for in a message; "
                "their answer brings the complaint back to work (time limits "
                "paused until then)."
            )
        elif self.state in HIGH_RISK_GATED and self.is_high_risk and missing:
            text = self.env._(
                "Next: high-risk: fill in %(fields)s before the complaint moves on.",
                fields=missing,
            )
        elif text and self._closes_but_for_cases() and self._pending_external_cases():
            # closing is all that is left, and it waits for the outside body
            body = self._pending_external_cases()[0].body_id.name
            text = (
                self.env._(
                    "Next: %(body)s still handles its case: record its outcome "
                    "(Spill-Over tab), fill in %(fields)s, then Close.",
                    body=body,
                    fields=missing,
                )
                if missing
                else self.env._(
                    "Next: %(body)s still handles its case: record its outcome "
                    "(Spill-Over tab), then Close.",
                    body=body,
                )
            )
        if text and not self.user_id:
            # who owns it meanwhile: the leader its reminders go to
            # sudo: the leader's name, whoever reads the complaint
            leader = self.sudo()._owner_in_team()
            # else the complaint manager who stands in
            # sudo: the manager's name, whoever reads the complaint
            manager = not leader and self.sudo()._sla_activity_user()
            text = (
                self.env._(
                    "%(text)s Nobody handles it yet; %(leader)s, its team's leader, "
                    "is reminded: Assign to me.",
                    text=text,
                    leader=leader.name,
                )
                if leader
                else self.env._(
                    "%(text)s Nobody handles it yet, and no team leader can take "
                    "it; %(manager)s, complaint manager, is reminded: Assign to me.",
                    text=text,
                    manager=manager.name,
                )
                if manager
                else self.env._(
                    "%(text)s Nobody handles it yet: Assign to me.", text=text
                )
            )
        return text
