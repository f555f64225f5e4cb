"""Scheduled work that survives a bad record.

Every batch job of the addons (the time-limit sweep, retention, the monthly
review mailing, the quality-review draw, the proposals of corrective actions
for recurring problems, repeat and batch detection, email intake) runs its
records through a :class:`JobRun`: each batch under a savepoint; a batch that
fails is split in parts down to the single record, so every healthy record is
processed in the same run. A record that fails is logged, skipped, counted and
kept in ``complaint.job.failure``; the complaint managers are told once, when
it first fails. The next run retries the known failures one by one before the
other batches, so a record that keeps failing costs one attempt per run, not a
bisection; once it succeeds its failure row goes away.
"""

import logging
import threading

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY

_logger = logging.getLogger(__name__)

# a failing batch is retried in this many parts, down to the single record
SPLIT = 8

JOBS = [
    ("sla_sweep", "Time-limit sweep"),
    ("sla_replan", "Time limits replanned after a calendar change"),
    ("party_overdue", "Complained-about parties overdue"),
    ("external_sweep", "Spill-over deadlines"),
    ("retention", "Retention (de-identification)"),
    ("review", "Monthly management review"),
    ("detection", "Repeat and batch detection"),
    ("mail_intake", "Email intake"),
    ("sample_draw", "Quality review draw"),
    ("recurring_actions", "Recurring problems proposed as corrective actions"),
]


def _whole_seconds(moment):
    """``moment`` as a Datetime field keeps it (no microseconds)."""
    return fields.Datetime.to_datetime(moment).replace(microsecond=0)


class JobRun:
    """One run of a job: isolation, counters and the failure register."""

    def __init__(self, failures, job, model_name, retries=True):
        self.failures = failures  # complaint.job.failure, as superuser
        self.job = job
        self.model_name = model_name
        # jobs that run inside a create (detection, intake) see a record once:
        # no earlier failure to retry, and no query to look for one
        self._known = None if retries else {}
        self.retries = retries
        self.done = 0
        self.skipped = 0
        self.failed_ids = set()
        # registered in this run (postponed ones are not: they wait)
        self.registered_ids = set()

    @property
    def known(self):
        """{record id: failure} of the records that failed in earlier runs,
        read on first use."""
        if self._known is None:
            self._known = {
                failure.res_id: failure
                for failure in self.failures.search(
                    [("job", "=", self.job), ("res_model", "=", self.model_name)]
                )
            }
        return self._known

    @property
    def excluded_ids(self):
        """Records not to put in the ordinary batches of this run: those that
        failed before (retried alone) or in this run."""
        return list(set(self.known) | self.failed_ids)

    def process(self, records, function):
        """Run ``function(records)``; a failing batch is split until the
        failing records stand alone. Returns the records processed."""
        cr = records.env.cr
        failure = None
        try:
            with cr.savepoint():
                function(records)
        except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY as error:
            if not self.retries:
                # inside a request (the email intake, a create): not the
                # record's fault, and Odoo retries the whole request
                raise
            # a record a user changed meanwhile: Odoo does not retry a
            # scheduled job, which would lose all it did since it last
            # committed; the record waits for the next run, unregistered
            failure = error
        except Exception as error:  # noqa: BLE001 - any error of one record
            failure = error
        # outside the except block: retries do not chain their tracebacks
        if failure is not None:
            if len(records) > 1:
                # eight parts, not two: a failing record costs fewer attempts
                # that fail (1000 -> 125 -> 16 -> 2 -> 1)
                size = -(-len(records) // SPLIT)
                done = records.browse()
                for start in range(0, len(records), size):
                    done |= self.process(records[start : start + size], function)
                return done
            if isinstance(failure, PG_CONCURRENCY_EXCEPTIONS_TO_RETRY):
                self.postpone(records, failure)
            else:
                self.fail(records, failure)
            return records.browse()
        self.done += len(records)
        if self.known:
            resolved = [
                self.known.pop(record_id)
                for record_id in records.ids
                if record_id in self.known
            ]
            if resolved:
                self.failures.browse([failure.id for failure in resolved]).unlink()
        return records

    def process_each(self, records, function):
        """``function`` on each of ``records`` alone (a monthly job's
        companies), committed after each outside tests: a job the worker's
        time limit stops keeps the companies it did (their work is made once:
        the next run skips them), instead of starting over every day."""
        testing = getattr(threading.current_thread(), "testing", False)
        for record in records:
            self.process(record, function)
            if not testing:
                records.env.cr.commit()

    def periods(self, record, period):
        """The months (their first days) a monthly job runs for ``record``:
        ``period``, preceded, when its run failed before, by the months
        missed since the first failure (a year at most), which a run for
        the current month alone would never make up for."""
        failure = self.known.get(record.id)
        if not failure or not failure.date_first:
            return [period]
        # the month that run worked on: the one before its date, in the time
        # zone the job takes its date in (as ``period`` was)
        failed_on = fields.Date.context_today(record, failure.date_first)
        month = failed_on.replace(day=1) - relativedelta(months=1)
        month = max(month, period - relativedelta(months=11))
        months = []
        while month <= period:
            months.append(month)
            month += relativedelta(months=1)
        return months or [period]

    def forget_unqualified(self, qualifying_ids):
        """The earlier failures of records this job no longer has to do
        (closed by hand since, deleted): out of the register, so that a
        later failure of the same record is told anew, not counted as the
        old one retried. ``qualifying_ids``: the known records still due."""
        qualifying = set(qualifying_ids)
        stale = [rid for rid in self.known if rid not in qualifying]
        if stale:
            self.failures.browse([self.known.pop(rid).id for rid in stale]).unlink()

    def retry_known(self, records, function):
        """The records that failed in earlier runs, one by one: once a run.
        Odoo calls a job again within one run while it reports work left
        (``lastcall``, the end of the previous run, stays the same in each
        call): a failure noted since then was this run's, and waits for the
        next one. A failure noted outside a run (detection when a complaint
        is filed) is retried by the next run."""
        lastcall = records.env.context.get("lastcall")
        for record in records.filtered(lambda r: r.id in self.known):
            failure = self.known[record.id]
            if lastcall and failure.run_lastcall == _whole_seconds(lastcall):
                continue
            self.process(record, function)

    def process_ids(self, model, ids, function, batch_size, progress):
        """The records of ``model`` with ``ids`` (in that order): those that
        failed in earlier runs first, alone (a record that keeps failing costs
        one attempt, not a bisection), then the others by batches of
        ``batch_size``; ``progress()`` after each step (commit, report)."""
        self.forget_unqualified(ids)
        failed_before = set(self.known)
        if failed_before:
            self.retry_known(
                model.browse([rid for rid in ids if rid in failed_before]), function
            )
            progress()
        todo = [rid for rid in ids if rid not in failed_before]
        for start in range(0, len(todo), batch_size):
            self.process(model.browse(todo[start : start + batch_size]), function)
            progress()

    def postpone(self, record, error):
        """Leave ``record`` to the next run: another transaction changed it
        (not its fault, so not registered)."""
        self.skipped += 1
        self.failed_ids.add(record.id)
        _logger.warning(
            "Complaint job %s: %s %s changed meanwhile, left to the next run: %s",
            self.job,
            self.model_name,
            record.id,
            error,
        )

    def fail(self, record, error):
        """Skip ``record``: log it (with where it failed), count it, register
        it."""
        self.skipped += 1
        self.failed_ids.add(record.id)
        self.registered_ids.add(record.id)
        _logger.error(
            "Complaint job %s: %s %s failed and is skipped: %s",
            self.job,
            self.model_name,
            record.id,
            error,
            exc_info=error,
        )
        try:
            with record.env.cr.savepoint():
                self.failures._note(self.job, record, error, self.known.get(record.id))
        except Exception:  # noqa: BLE001 - the register must not stop the job
            _logger.exception(
                "Complaint job %s: could not register the failure", self.job
            )

    def summary(self):
        return {"done": self.done, "skipped": self.skipped}


class ComplaintJobFailure(models.Model):
    _name = "complaint.job.failure"
    _inherit = ["complaint.system.record", "mail.thread"]
    _description = "Record a scheduled complaint job could not process"
    _order = "date_last desc, id desc"
    _rec_name = "record_name"

    job = fields.Selection(JOBS, required=True, readonly=True)
    res_model = fields.Char("Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(
        "Record ID", model_field="res_model", required=True, readonly=True
    )
    record_name = fields.Char("Record", readonly=True)
    record_ref = fields.Reference(
        selection="_selection_record_ref",
        string="Open record",
        compute="_compute_record_ref",
    )
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    error = fields.Text(readonly=True)
    date_first = fields.Datetime("First failed", readonly=True)
    date_last = fields.Datetime("Last failed", readonly=True)
    fail_count = fields.Integer("Failed runs", readonly=True, default=1)
    run_lastcall = fields.Datetime(
        string="Noted in Run",
        readonly=True,
        help="The run of the scheduled action that noted it last (the end of "
        "its previous run); none when noted outside a run. A run does not "
        "retry what it noted itself: the next one does.",
    )

    _sql_constraints = [
        (
            "record_uniq",
            "unique(job, res_model, res_id)",
            "A record is registered once per job.",
        )
    ]

    @api.ondelete(at_uninstall=False)
    def _unlink_not_a_companys_missed_months(self):
        """A company's monthly job (a quality review draw, the recurring
        problems) makes up the months it missed from its entry: deleted, they
        were lost. It goes once the job succeeds."""
        monthly = self.filtered(
            lambda f: f.job in ("sample_draw", "recurring_actions")
            and f.res_model == "res.company"
            and self.env["res.company"].sudo().browse(f.res_id).exists().active
        )
        if monthly and not self.env.su:
            raise UserError(
                self.env._(
                    "A company's monthly job makes up the months it missed from "
                    "this entry: it goes by itself once the job succeeds. Fix "
                    "what stops it (its message says what)."
                )
            )

    @api.model
    def _selection_record_ref(self):
        return [(model.model, model.name) for model in self.env["ir.model"].search([])]

    @api.depends("res_model", "res_id")
    def _compute_record_ref(self):
        for failure in self:
            failure.record_ref = (
                f"{failure.res_model},{failure.res_id}"
                if failure.res_model in self.env and failure.res_id
                else False
            )

    @api.model
    def _job_start(self, job, model_name, retries=True):
        """A new run of ``job`` over records of ``model_name``; ``retries``:
        the job meets the same records again (a cron), so earlier failures
        are retried and forgotten once they succeed."""
        # sudo: jobs act for everyone, and register what they could not do
        return JobRun(self.sudo(), job, model_name, retries)

    @api.model
    def _job_settled(self, job, records):
        """``records`` had ``job`` done by hand (a job that meets a record
        once, such as the email intake, never retries it): its failures
        leave the register."""
        # sudo: the register is the managers'; whoever settles the record
        self.sudo().search(
            [
                ("job", "=", job),
                ("res_model", "=", records._name),
                ("res_id", "in", records.ids),
            ]
        ).unlink()

    @api.model
    def _note(self, job, record, error, failure=None):
        """Register a failure; tell the managers the first time only. A job
        that meets a record once (``failure`` unknown to it: detection, the
        email intake) and fails on it again tells them again: it is a new
        event, not the same record retried."""
        now = fields.Datetime.now()
        message = str(error) or error.__class__.__name__
        # a company's own job (a monthly draw, a review) is its managers'
        if record._name == "res.company":
            company = record
        else:
            company = record.company_id if "company_id" in record._fields else False
        if company and not company.active:
            # an archived company's records (retention still reaches them) are
            # in nobody's companies: registered and told for every company
            company = False
        again = not failure and self.search(
            [
                ("job", "=", job),
                ("res_model", "=", record._name),
                ("res_id", "=", record.id),
            ],
            limit=1,
        )
        lastcall = self.env.context.get("lastcall")
        run_lastcall = _whole_seconds(lastcall) if lastcall else False
        if failure or again:
            (failure or again).write(
                {
                    "error": message,
                    "run_lastcall": run_lastcall,
                    "date_last": now,
                    "fail_count": (failure or again).fail_count + 1,
                }
            )
            if again:
                again._report(company)
            return failure or again
        failure = self.create(
            {
                "job": job,
                "res_model": record._name,
                "res_id": record.id,
                "record_name": record.display_name,
                "company_id": company and company.id,
                "error": message,
                "date_first": now,
                "date_last": now,
                "run_lastcall": run_lastcall,
            }
        )
        failure._report(company)
        return failure

    def _report(self, company):
        """One message to the complaint managers, with the error and a link,
        in the company's language (jobs run without one); a failure of no
        company (an archived one's record) to those of every company."""
        self.ensure_one()
        self = self.with_context(  # noqa: PLW0642
            lang=(company or self.env.company)._complaint_lang()
        )
        managers = self.env["complaint.complaint"]._get_complaint_managers(
            company or self.env["res.company"].sudo().search([])  # sudo: every company
        )
        job = dict(self._fields["job"]._description_selection(self.env))[self.job]
        if self.job == "mail_intake":
            # met once: the email is filed with what it gave
            text = self.env._(
                "The job “%(job)s” could not file %(record)s in full: it is "
                "filed with what the email gave; complete it by hand.",
                job=job,
                record=self.record_name,
            )
        else:
            text = self.env._(
                "The scheduled job “%(job)s” could not process %(record)s; it is "
                "skipped and retried at every run until it succeeds.",
                job=job,
                record=self.record_name,
            )
        body = Markup("<p>%s</p><p><a href='%s'>%s</a></p><pre>%s</pre>") % (
            text,
            f"/web#model={self.res_model}&id={self.res_id}&view_type=form",
            self.record_name,
            self.error,
        )
        self.message_post(
            body=body,
            partner_ids=managers.partner_id.ids,
            author_id=self.env.ref("base.partner_root").id,
            message_type="notification",
            subtype_xmlid="mail.mt_comment",
        )
