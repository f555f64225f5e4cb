"""The sweep of spill-over deadlines: the time-limit sweep
(``complaint.sla.line._cron_sla_sweep``) calls ``_cron_deadline_sweep`` to
mark the cases at risk and overdue, and tells the owner of a case turned
overdue."""

import logging
from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools.misc import format_date

from ..tools.langs import by_company_lang

_logger = logging.getLogger(__name__)


class ComplaintExternalDeadlineSweep(models.AbstractModel):
    _name = "complaint.external.deadline.sweep"
    _description = "Spill-Over Deadline Sweep"

    @api.model
    def _deadline_due_domain(self, today):
        """Pending cases whose stored state is behind the date."""
        return [
            ("outcome", "=", "pending"),
            # a cancelled complaint's cases are out of the figures and reminders
            ("complaint_id.state", "!=", "cancelled"),
            "|",
            "&",
            ("deadline", "<", today),
            ("deadline_state", "!=", "overdue"),
            "&",
            ("date_warning", "<=", today),
            ("deadline_state", "=", "on_track"),
        ]

    @api.model
    def _cron_deadline_sweep(self, batch_size=1000, commit_batch=None):
        """Mark the cases at risk and overdue, by batches, each under a
        savepoint (``complaint.job.failure``): a case that fails is skipped,
        registered and retried first at the next run. A case leaves the
        searched set once its state is up to date. Returns ``{"done",
        "skipped"}``."""
        cases_model = self.sudo()  # sudo: the sweep acts for every team
        # a day ahead of UTC: somewhere it is already tomorrow; each case's state
        # is then decided on its company's date (_deadline_today)
        domain = self._deadline_due_domain(
            fields.Date.context_today(self) + timedelta(days=1)
        )
        run = self.env["complaint.job.failure"]._job_start("external_sweep", self._name)

        def process(cases):
            for part in by_company_lang(cases):  # notes in the company's language
                part._deadline_refresh()

        def next_batch():
            if commit_batch:
                commit_batch()
            # a failed part was rolled back to its savepoint: read it again
            self.env.invalidate_all()

        seen = set()
        if run.known:
            retry = cases_model.search(domain + [("id", "in", list(run.known))])
            run.forget_unqualified(retry.ids)
            seen.update(retry.ids)
            run.retry_known(retry, process)
            next_batch()
        while True:
            cases = cases_model.search(
                domain + [("id", "not in", list(seen | set(run.known)))],
                limit=batch_size,
                order="id",
            )
            if not cases:
                break
            seen.update(cases.ids)
            run.process(cases, process)
            next_batch()
        if run.done or run.skipped:
            _logger.info(
                "Spill-over deadlines: %(done)s cases updated, %(skipped)s skipped",
                run.summary(),
            )
        return run.summary()

    def _deadline_refresh(self):
        """Recompute the stored deadline state (it depends on the date); tell
        the owner once, when a case turns overdue."""
        before = {case.id: case.deadline_state for case in self}
        self.env.add_to_compute(self._fields["deadline_state"], self)
        self._recompute_recordset(["deadline_state"])
        overdue = self.filtered(
            lambda c: c.deadline_state == "overdue" and before[c.id] != "overdue"
        )
        overdue._deadline_notify_overdue()

    def _deadline_notify_overdue(self):
        author = self.env.ref("base.partner_root")
        # (the sweep runs in superuser mode: the system's note, under its name)
        for case in self.with_context(mail_notify_force_send=False):
            user = case.complaint_id._sla_activity_user()
            case.message_post(
                body=Markup("<p>%s</p>")
                % self.env._(
                    "The deadline of %(body)s was %(deadline)s and the case is "
                    "still pending: report back now or record the outcome.",
                    body=case.body_id.display_name,
                    deadline=format_date(self.env, case.deadline),
                ),
                partner_ids=user.partner_id.ids,
                author_id=author.id,
                message_type="comment",
                subtype_xmlid="mail.mt_note",
            )
