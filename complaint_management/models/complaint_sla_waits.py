from odoo import models


class ComplaintSlaWaitMixin(models.AbstractModel):
    """When a complaint's clock waits (composed by ``complaint.complaint``;
    the engine, ``complaint.sla.mixin``, pauses and resumes the lines): for
    the complainant, in a stage that waits for them; for an outside body
    holding the closing, the resolution only."""

    _name = "complaint.sla.wait.mixin"
    _description = "Complaint Time Limits: Waits"

    def _sla_waits(self):
        """Whether the clock of the complaint waits for the complainant: in a
        stage that waits for them, unless it is a proposal a manager is
        revising (the company is at work, the customer cannot answer)."""
        self.ensure_one()
        return self.is_waiting_customer and not (
            self.state == "proposed" and self.sudo()._proposal_being_revised()
        )  # sudo: the proposal's remedies, whoever's change is synced

    def _sla_sync_if_body_holds(self):
        """Sync the clocks of those complaints an outside body's case may
        hold (a remedy's change of state may leave only closing)."""
        # sudo: whether a case is pending, whoever changed the remedy
        self.sudo().filtered(
            lambda c: c.is_open and c._pending_external_cases()
        )._sla_sync()

    def _sla_waits_for_body(self):
        """Whether the resolution waits for an outside body: only closing is
        left, and a body still handles one of the complaint's cases (its
        time is not the company's)."""
        self.ensure_one()
        # sudo: the remedies and cases, whoever's change is synced
        complaint = self.sudo()
        return bool(
            complaint._pending_external_cases()
            and complaint._closes_but_for_cases()
            # the company's own work done: no manager's approval, nor the
            # high-risk gate (its reply script and plan) waiting
            and not complaint._remedies_awaiting_approval()
            and not complaint._high_risk_gate_closed()
        )
