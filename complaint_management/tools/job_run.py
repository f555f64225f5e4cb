"""One run of a scheduled job over records (see ``complaint.job.failure``)."""

import logging
import threading

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY

from .dates import months_from

_logger = logging.getLogger(
    "odoo.addons.complaint_management.models.complaint_job_failure"
)

# a failing batch is retried in this many parts, down to the single record
SPLIT = 8


def whole_seconds(moment):
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
        first = failed_on.replace(day=1) - relativedelta(months=1)
        return months_from(first, period) or [period]

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
            if lastcall and failure.run_lastcall == whole_seconds(lastcall):
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
