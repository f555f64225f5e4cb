import logging
import threading

from odoo import api, fields, models

from ..tools.langs import by_company_lang

_logger = logging.getLogger(__name__)


class ComplaintSlaSweep(models.AbstractModel):
    """The scheduled sweep over the time limits (``complaint.sla.line``):
    milestones turning at risk are warned, breached ones escalated, by
    batches of complaints that one failing record never stops; then the
    complained-about parties and the outside bodies' deadlines."""

    _name = "complaint.sla.sweep"
    _description = "Complaint Time-Limit Sweep"

    @api.model
    def _sla_due_domain(self, now, stuck_ids=()):
        """The lines due at ``now``. A line waiting to be planned again is
        planned first (not warned or breached on a plan that no longer
        holds), unless its complaint's replan keeps failing (``stuck_ids``:
        registered and retried at every run): it is swept on the deadline it
        has rather than never."""
        return [
            ("state", "in", ("running", "at_risk")),
            "|",
            ("replan_pending", "=", False),
            ("complaint_id", "in", list(stuck_ids)),
            "|",
            ("deadline", "<=", now),
            "&",
            ("warning_date", "<=", now),
            ("is_warned", "=", False),
        ]

    @api.model
    def _cron_sla_sweep(self, batch_size=1000, commit=None):
        """Warn on milestones at risk and escalate breached ones.

        Works by batches of ``batch_size`` complaints, each under a savepoint
        (``complaint.job.failure``): a complaint that fails is skipped and
        registered, the others of its batch are processed all the same, and
        it is retried first at the next run. Reports its progress to the cron
        and commits each batch, so an interrupted run loses nothing committed.
        Lines leave the searched set once processed (warned or breached): a
        second run finds nothing to do. Returns ``{"done", "skipped"}``.
        """
        if commit is None:
            commit = not getattr(threading.current_thread(), "testing", False)
        commit_batch = self.env.cr.commit if commit is True else commit
        lines_model = self.sudo()  # sudo: the sweep acts for every team

        def commit_replans():
            if commit_batch:
                commit_batch()
            self.env.invalidate_all()

        # limits whose working time changed are planned again first: none is
        # warned or breached on a plan that no longer holds
        stuck_ids = self.env["complaint.sla.line"]._sla_replan_run(
            batch_size, commit_replans
        )
        now = fields.Datetime.now()
        domain = self._sla_due_domain(now, stuck_ids)
        run = self.env["complaint.job.failure"]._job_start(
            "sla_sweep", "complaint.complaint"
        )
        # the run's complaints, most urgent first, read once: each batch then
        # costs no search of its own (an escalation may plan new limits that
        # are due at once: they wait for the next run, as a complaint is
        # processed once per run)
        due_ids = [
            complaint.id
            for (complaint,) in lines_model._read_group(
                domain, ["complaint_id"], order="complaint_id"
            )
        ]
        remaining = len(due_ids)

        def process(complaints):
            # the warnings and escalation notes in each company's language
            for part in by_company_lang(complaints):
                part._assign()  # a complaint due without owner gets one now
                lines_model.with_env(part.env).search(
                    domain + [("complaint_id", "in", part.ids)]
                )._sla_process_due(now)

        def progress():
            self.env["ir.cron"]._notify_progress(
                done=run.done + run.skipped,
                remaining=max(remaining - run.done - run.skipped, 0),
            )
            if commit_batch:
                commit_batch()
            self.env.invalidate_all()

        Complaint = self.env["complaint.complaint"].sudo()  # sudo: every team's
        # those that failed before first, and only while still due
        run.process_ids(Complaint, due_ids, process, batch_size, progress)
        # the complained-about parties that let their deadline pass, in a run
        # of their own: a party marked must not clear its complaint's failure
        # of the steps above
        Complaint._party_mark_overdue(
            self.env["complaint.job.failure"]._job_start(
                "party_overdue", "complaint.complaint"
            )
        )
        if run.done or run.skipped:
            _logger.info(
                "Time-limit sweep: %(done)s complaints processed, %(skipped)s skipped",
                run.summary(),
            )
        # the deadlines of outside bodies, on the same schedule
        self.env["complaint.external.case"]._cron_deadline_sweep(
            batch_size, commit_batch
        )
        return run.summary()

    def _sla_process_due(self, now):
        """Warn or breach the due lines in ``self``, in a fixed number of queries
        (apart from the escalations themselves)."""
        self = self.with_context(mail_notify_force_send=False)
        breached = self.filtered(lambda line: line.deadline <= now)
        warned = self - breached
        breached.write({"state": "breached", "is_warned": True})
        warned.write({"state": "at_risk", "is_warned": True})
        if warned:
            warned.complaint_id._sla_notify_at_risk(warned)
        if breached:
            breached.complaint_id._sla_on_breach(breached)
