"""One failing record never stops a scheduled job for the others."""

from datetime import datetime
from unittest.mock import patch

import psycopg2.errors
from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .sla_common import SlaCommon, at

JOB_LOGGER = "odoo.addons.complaint_management.models.complaint_job_failure"


class BrokenRecords:
    """Make ``method`` of complaint.complaint raise for the complaints in
    ``broken`` (a misconfigured team, a broken template...)."""

    def __init__(self, method, broken, error=None):
        self.model_class = broken.env.registry["complaint.complaint"]
        self.method = method
        self.broken = broken
        self.original = getattr(self.model_class, method)
        self.error = error or ValueError("The escalation team has no calendar")

    def __enter__(self):
        broken, original, error = self.broken, self.original, self.error

        def failing(records, *args, **kwargs):
            if records & broken:
                raise error
            return original(records, *args, **kwargs)

        self.patcher = patch.object(self.model_class, self.method, failing)
        self.patcher.start()
        return self

    def __exit__(self, *exc):
        self.patcher.stop()


@tagged("post_install", "-at_install")
class TestSweepSurvivesBadRecord(SlaCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._policy(
            name="Failure rules",
            team_ids=[(6, 0, cls.team.ids)],
            acknowledge_time=2,
            acknowledge_unit="working_hours",
            resolution_time=10,
            resolution_unit="working_hours",
        )
        with freeze_time(at(0, 9)):
            cls.complaints = cls.env["complaint.complaint"].create(
                [
                    cls._complaint_vals(
                        user_id=cls.handler.id, date_received=at(0, 9), subject=f"f{i}"
                    )
                    for i in range(25)
                ]
            )
        cls.Failure = cls.env["complaint.job.failure"]

    def _sweep(self):
        with freeze_time(at(2, 12)):
            return self.env["complaint.sla.line"]._cron_sla_sweep(
                batch_size=10, commit=False
            )

    def _manager_reports(self):
        return self.env["mail.message"].search(
            [
                ("model", "=", "complaint.job.failure"),
                ("partner_ids", "in", self.leader.partner_id.id),
            ]
        )

    def _escalated(self):
        return self.complaints.filtered("escalation_ids")

    def _check_bad_record(self, bad):
        with (
            BrokenRecords("_sla_escalate", bad),
            self.assertLogs(JOB_LOGGER, "ERROR") as logs,
        ):
            summary = self._sweep()
        self.assertEqual(summary, {"done": 24, "skipped": 1})
        # the log says where it failed (it said "NoneType: None")
        self.assertIs(logs.records[-1].exc_info[0], ValueError)
        self.assertEqual(
            self._escalated(), self.complaints - bad, "all others escalated"
        )
        self.assertFalse(bad.escalation_ids, "nothing half-written on the bad one")
        failure = self.Failure.search([("res_id", "=", bad.id)])
        self.assertEqual(failure.job, "sla_sweep")
        self.assertEqual(failure.res_model, "complaint.complaint")
        self.assertIn("no calendar", failure.error)
        self.assertEqual(len(self._manager_reports()), 1, "managers told once")

        # still broken: retried alone, not reported again, nothing done twice
        escalations = self.complaints.escalation_ids
        with BrokenRecords("_sla_escalate", bad), self.assertLogs(JOB_LOGGER, "ERROR"):
            self.assertEqual(self._sweep(), {"done": 0, "skipped": 1})
        self.assertEqual(self.complaints.escalation_ids, escalations)
        self.assertEqual(failure.fail_count, 2)
        self.assertEqual(len(self._manager_reports()), 1, "not at every run")

        # fixed: the next run processes it, once, and forgets the failure
        self.assertEqual(self._sweep(), {"done": 1, "skipped": 0})
        self.assertEqual(len(bad.escalation_ids), 1)
        self.assertEqual(len(self.complaints.escalation_ids), 25)
        self.assertFalse(failure.exists())
        self.assertEqual(self._sweep(), {"done": 0, "skipped": 0}, "a rerun is a no-op")
        self.assertEqual(len(self.complaints.escalation_ids), 25)

    def test_bad_record_in_the_first_batch(self):
        self._check_bad_record(self.complaints[0])

    def test_bad_record_in_a_middle_batch(self):
        self._check_bad_record(self.complaints[14])

    def test_bad_record_in_the_last_batch(self):
        self._check_bad_record(self.complaints[24])

    def test_a_record_changed_meanwhile_waits_for_the_next_run(self):
        """A user saving a complaint the sweep updates makes PostgreSQL refuse
        the sweep's update: Odoo does not retry a scheduled job, which lost
        every batch since its last commit. The complaint waits for the next
        run, not registered as broken."""
        locked = self.complaints[12]
        error = psycopg2.errors.SerializationFailure("could not serialize access")
        with (
            BrokenRecords("_sla_escalate", locked, error),
            self.assertLogs(JOB_LOGGER, "WARNING") as logs,
        ):
            self.assertEqual(self._sweep(), {"done": 24, "skipped": 1})
        self.assertIn("left to the next run", logs.output[-1])
        self.assertEqual(self._escalated(), self.complaints - locked)
        self.assertFalse(self.Failure.search([("res_id", "=", locked.id)]))
        self.assertFalse(self._manager_reports())
        # control: the next run escalates it
        self.assertEqual(self._sweep(), {"done": 1, "skipped": 0})
        self.assertEqual(self._escalated(), self.complaints)

    def test_a_failure_settled_by_hand_leaves_the_register(self):
        bad, other = self.complaints[3], self.complaints[5]
        with (
            BrokenRecords("_sla_escalate", bad | other),
            self.assertLogs(JOB_LOGGER, "ERROR"),
        ):
            self._sweep()
        failures = self.Failure.search([("res_id", "in", (bad | other).ids)])
        self.assertEqual(len(failures), 2)
        # one closed by hand: no longer due, its failure is no longer the job's
        bad.sudo()._workflow_write({"state": "closed"})
        with (
            BrokenRecords("_sla_escalate", bad | other),
            self.assertLogs(JOB_LOGGER, "ERROR"),
        ):
            self._sweep()
        self.assertFalse(self.Failure.search([("res_id", "=", bad.id)]))
        # control: the one still due stays registered while it keeps failing
        kept = self.Failure.search([("res_id", "=", other.id)])
        self.assertEqual(kept.fail_count, 2)

    def test_control_clean_run(self):
        self.assertEqual(self._sweep(), {"done": 25, "skipped": 0})
        self.assertEqual(len(self.complaints.escalation_ids), 25)
        self.assertFalse(self.Failure.search([]))
        self.assertFalse(self._manager_reports())

    def test_progress_counts_processed_and_skipped(self):
        marks = []
        cron = type(self.env["ir.cron"])
        original = cron._notify_progress

        def spy(cron_self, *, done, remaining, deactivate=False):
            marks.append((done, remaining))
            return original(cron_self, done=done, remaining=remaining)

        with (
            BrokenRecords("_sla_escalate", self.complaints[3]),
            self.assertLogs(JOB_LOGGER, "ERROR"),
            patch.object(cron, "_notify_progress", spy),
        ):
            self._sweep()
        self.assertEqual(marks, [(10, 15), (20, 5), (25, 0)])

    def test_interrupted_run_loses_nothing_committed(self):
        """A worker killed between two batches: what was committed stays, the
        batch in progress is gone whole, the next run finishes the job."""
        cr = self.env.cr
        commits = []

        def commit():
            if len(commits) == 2:
                raise KeyboardInterrupt  # the process dies before committing batch 3
            # stands for COMMIT: the work so far survives the "crash" below
            cr.execute("SAVEPOINT committed_batch")
            commits.append(len(commits))

        # not assertRaises: Odoo's rolls back to a savepoint of its own
        crashed = False
        with freeze_time(at(2, 12)):
            try:
                self.env["complaint.sla.line"]._cron_sla_sweep(
                    batch_size=10, commit=commit
                )
            except KeyboardInterrupt:
                crashed = True
        self.assertTrue(crashed)
        # the crash: everything after the last commit is rolled back
        cr.clear()
        cr.execute("ROLLBACK TO SAVEPOINT committed_batch")
        self.env.invalidate_all()
        self.assertEqual(len(self.complaints.escalation_ids), 20)
        with_lines = self.complaints.filtered(
            lambda c: c.sla_line_ids.filtered(lambda line: line.is_escalated)
        )
        self.assertEqual(with_lines, self._escalated(), "no half-written complaint")
        self.assertEqual(self._sweep(), {"done": 5, "skipped": 0})
        self.assertEqual(len(self.complaints.escalation_ids), 25)


@tagged("post_install", "-at_install")
class TestOtherJobsSurviveBadRecord(SlaCommon):
    def _broken_detection(self):
        return patch.object(
            self.env.registry["complaint.complaint"],
            "_detect_repeats",
            side_effect=UserError("detection broken"),
            autospec=True,
        )

    def _filed_with_broken_detection(self, subject):
        """A complaint filed while detection fails, and its failure."""
        with self._broken_detection(), self.assertLogs(JOB_LOGGER, "ERROR"):
            complaint = self.env["complaint.complaint"].create(
                self._complaint_vals(subject=subject)
            )
        failure = self.env["complaint.job.failure"].search(
            [("job", "=", "detection"), ("res_id", "=", complaint.id)]
        )
        return complaint, failure

    def _closed(self, count):
        with freeze_time(datetime(2023, 1, 1, 9)):
            complaints = self.env["complaint.complaint"].create(
                [
                    self._complaint_vals(
                        subject=f"old {i}", complainant_email="a@b.example"
                    )
                    for i in range(count)
                ]
            )
        complaints.sudo().write(
            {"state": "closed", "date_closed": datetime(2023, 1, 10, 9)}
        )
        return complaints

    def test_retention_skips_the_bad_one(self):
        complaints = self._closed(5)
        bad = complaints[2]
        cron = self.env["complaint.complaint"]._cron_deidentify
        with freeze_time(datetime(2026, 3, 1)):
            with (
                BrokenRecords("_deidentify", bad),
                self.assertLogs(JOB_LOGGER, "ERROR"),
            ):
                self.assertEqual(cron(), {"done": 4, "skipped": 1})
            self.assertFalse(bad.is_deidentified)
            self.assertEqual(complaints.filtered("is_deidentified"), complaints - bad)
            failure = self.env["complaint.job.failure"].search(
                [("res_id", "=", bad.id)]
            )
            self.assertEqual(failure.job, "retention")
            # repaired: the next run de-identifies it, and only it
            self.assertEqual(cron(), {"done": 1, "skipped": 0})
        self.assertTrue(all(complaints.mapped("is_deidentified")))
        self.assertFalse(failure.exists())

    def test_a_record_failing_again_is_tried_once_a_run(self):
        """Odoo calls a job again within one run while it reports work left
        (ten times at most): a record that keeps failing is retried by the
        first call of a run, not by each (its count would grow tenfold, and
        many failures retried each time would outlast the worker's limit)."""
        complaints = self._closed(3)
        bad = complaints[1]
        Complaint = self.env["complaint.complaint"]
        with freeze_time(datetime(2026, 3, 1, 2)):
            with (
                BrokenRecords("_deidentify", bad),
                self.assertLogs(JOB_LOGGER, "ERROR"),
            ):
                Complaint.with_context(
                    lastcall=datetime(2026, 3, 1, 1)
                )._cron_deidentify()
        failure = self.env["complaint.job.failure"].search([("res_id", "=", bad.id)])
        self.assertEqual(failure.fail_count, 1)
        # a later call of the run that failed it (the previous run ended
        # before it): the record waits for the next run
        run = Complaint.with_context(lastcall=datetime(2026, 3, 1, 1))
        with freeze_time(datetime(2026, 3, 1, 2, 5)), BrokenRecords("_deidentify", bad):
            run._cron_deidentify(batch_size=1)
        self.assertEqual(failure.fail_count, 1)
        # control: the next run (its previous one ended after the failure)
        next_run = Complaint.with_context(lastcall=datetime(2026, 3, 1, 3))
        with (
            freeze_time(datetime(2026, 3, 2, 2)),
            BrokenRecords("_deidentify", bad),
            self.assertLogs(JOB_LOGGER, "ERROR"),
        ):
            next_run._cron_deidentify(batch_size=1)
        self.assertEqual(failure.fail_count, 2)

    def test_a_closed_branchs_failure_is_seen(self):
        """Retention still reaches the complaints of an archived company (a
        closed branch): a failure there is registered and told where the
        managers see it, not filed under a company nobody works in."""
        branch = self.env["res.company"].create({"name": "Closed Branch"})
        complaints = self._closed(2)
        complaints.sudo().write(
            {"company_id": branch.id, "user_id": False, "team_id": False}
        )
        branch.active = False
        # a manager of another company only: told too (the failure is of
        # nobody's company; it was told to the main company's managers only)
        elsewhere = self.env["res.company"].create({"name": "Other Branch"})
        other_manager = new_test_user(
            self.env,
            login="cm_failure_manager_elsewhere",
            groups="complaint_management.complaint_management_group_manager",
            company_id=elsewhere.id,
            company_ids=[(6, 0, elsewhere.ids)],
        )
        bad = complaints[0]
        cron = self.env["complaint.complaint"]._cron_deidentify
        manager = self.complaint_manager
        inbox = self.env["mail.notification"].search(
            [("res_partner_id", "=", manager.partner_id.id)]
        )
        with freeze_time(datetime(2026, 3, 1)):
            with (
                BrokenRecords("_deidentify", bad),
                self.assertLogs(JOB_LOGGER, "ERROR"),
            ):
                self.assertEqual(cron(), {"done": 1, "skipped": 1})
        Failure = self.env["complaint.job.failure"].with_user(manager)
        failure = Failure.search([("res_id", "=", bad.id)])
        self.assertEqual(failure.job, "retention")
        told = (
            self.env["mail.notification"].search(
                [("res_partner_id", "=", manager.partner_id.id)]
            )
            - inbox
        )
        self.assertEqual(told.mail_message_id.res_id, failure.id)
        self.assertIn(
            other_manager.partner_id,
            told.mail_message_id.notification_ids.res_partner_id,
        )
        # control: a failure of an active company's complaint is that company's
        failure.sudo().unlink()
        branch.active = True
        with freeze_time(datetime(2026, 3, 2)):
            with (
                BrokenRecords("_deidentify", bad),
                self.assertLogs(JOB_LOGGER, "ERROR"),
            ):
                cron()
        self.assertEqual(
            Failure.sudo().search([("res_id", "=", bad.id)]).company_id, branch
        )

    def test_detection_error_does_not_refuse_the_complaint(self):
        with (
            patch.object(
                self.env.registry["complaint.complaint"],
                "_detect_repeats",
                side_effect=UserError("detection broken"),
                autospec=True,
            ),
            self.assertLogs(JOB_LOGGER, "ERROR"),
        ):
            complaint = self.env["complaint.complaint"].create(
                self._complaint_vals(subject="filed anyway")
            )
        self.assertTrue(complaint.exists())
        failure = self.env["complaint.job.failure"].search(
            [("job", "=", "detection"), ("res_id", "=", complaint.id)]
        )
        self.assertIn("detection broken", failure.error)

    def test_detection_failing_again_is_told_again_and_settled_once_done(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.company.partner_id.lang = "zh_CN"
        broken = self._broken_detection()
        complaint, failure = self._filed_with_broken_detection("filed anyway")
        told = failure.message_ids.filtered(lambda m: m.message_type == "notification")
        self.assertEqual(len(told), 1)
        # told in the company's language: the job runs without one
        self.assertIn("定时任务", str(told.body))
        # staff correct the category: detection runs again and fails again
        other_category = self.category.copy({"name": "Other category"})
        with broken, self.assertLogs(JOB_LOGGER, "ERROR"):
            complaint.with_user(self.complaint_user).category_id = other_category
        self.assertEqual(failure.fail_count, 2)
        told = failure.message_ids.filtered(lambda m: m.message_type == "notification")
        self.assertEqual(len(told), 2)
        # control: detected at last, the failure is settled
        complaint.with_user(self.complaint_user).category_id = self.category
        self.assertFalse(failure.exists())

    def test_a_detection_that_failed_is_retried_by_its_daily_job(self):
        """Detection runs when a complaint is filed or corrected: one whose
        detection failed stayed unflagged (no repeat, no batch) until
        somebody happened to edit it, though the managers were told it would
        be retried."""
        earlier = self.env["complaint.complaint"].create(
            self._complaint_vals(subject="first")
        )
        broken = self._broken_detection()
        complaint, failure = self._filed_with_broken_detection("again")
        self.assertIn("retried at every run", str(failure.message_ids.body))
        self.assertFalse(complaint.is_repeat)
        # still broken at the first run: kept, told once
        with broken, self.assertLogs(JOB_LOGGER, "ERROR"):
            self.env["complaint.complaint"]._cron_detection_retry()
        self.assertTrue(failure.exists())
        self.env["complaint.complaint"]._cron_detection_retry()
        self.assertFalse(failure.exists())
        self.assertEqual(complaint.repeat_of_ids, earlier)
        self.assertTrue(complaint.is_repeat)
        # control: a complaint closed meanwhile leaves the register unretried
        with broken, self.assertLogs(JOB_LOGGER, "ERROR"):
            closed = self.env["complaint.complaint"].create(
                self._complaint_vals(subject="closed later")
            )
        closed.sudo()._workflow_write({"state": "closed"})
        self.env["complaint.complaint"]._cron_detection_retry()
        self.assertFalse(
            self.env["complaint.job.failure"].search([("res_id", "=", closed.id)])
        )
        self.assertFalse(closed.is_repeat)

    def test_a_detection_failed_at_filing_is_retried_by_the_next_run(self):
        """A failure noted when the complaint was filed is later than the
        previous run's end: the next daily run took it for one of its own
        and left it a day more (every day, for a complaint edited daily)."""
        with freeze_time(datetime(2026, 3, 1, 10)):
            earlier = self.env["complaint.complaint"].create(
                self._complaint_vals(subject="first")
            )
        with freeze_time(datetime(2026, 3, 2, 10)):
            complaint, failure = self._filed_with_broken_detection("again")
        self.assertFalse(failure.run_lastcall)
        # the next run: its previous one ended before the filing
        run = self.env["complaint.complaint"].with_context(
            lastcall=datetime(2026, 3, 2, 3)
        )
        with freeze_time(datetime(2026, 3, 3, 3)):
            run._cron_detection_retry()
        self.assertFalse(failure.exists())
        self.assertEqual(complaint.repeat_of_ids, earlier)
        # control: what a run noted itself waits for the next run
        broken = self._broken_detection()
        with freeze_time(datetime(2026, 3, 4, 10)):
            later, failure = self._filed_with_broken_detection("once more")
        with freeze_time(datetime(2026, 3, 5, 3)):
            with broken, self.assertLogs(JOB_LOGGER, "ERROR"):
                run._cron_detection_retry()
            self.assertEqual(failure.fail_count, 2)
            self.assertEqual(failure.run_lastcall, datetime(2026, 3, 2, 3))
            run._cron_detection_retry()  # called again within the same run
        self.assertTrue(failure.exists())
        self.assertEqual(failure.fail_count, 2)

    def test_control_detection_without_error(self):
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(subject="filed")
        )
        self.assertTrue(complaint.exists())
        self.assertFalse(self.env["complaint.job.failure"].search([]))


@tagged("post_install", "-at_install")
class TestJobRunKeepsTheTrail(SlaCommon):
    def test_the_records_done_keep_their_trail_when_another_fails(self):
        """A record failing after others were done rolls back its savepoint,
        which clears the transaction's pending tracking: the records done
        keep the line in their history because each part's savepoint writes
        the trail of the work before it (core's flushing savepoint; a job
        must not open its savepoints without flushing)."""
        complaints = self.env["complaint.complaint"].create(
            [self._complaint_vals(subject=f"t{i}") for i in range(2)]
        )
        done, bad = complaints

        def check(records):
            for complaint in records.with_context(tracking_disable=False):
                if complaint == bad:
                    raise ValueError("broken record")
                complaint.write({"subject": f"{complaint.subject} (checked)"})

        run = self.env["complaint.job.failure"]._job_start(
            "retention", "complaint.complaint"
        )
        with self.assertLogs(JOB_LOGGER, "ERROR"):
            run.process(complaints, check)
        self.flush_tracking()
        self.assertEqual(done.subject, "t0 (checked)")
        self.assertEqual(bad.subject, "t1", "nothing half-written on the bad one")
        tracked = done.message_ids.tracking_value_ids.filtered(
            lambda value: value.field_id.name == "subject"
        )
        self.assertEqual(tracked.new_value_char, "t0 (checked)")

    def test_a_companys_monthly_entry_stays_until_its_job_succeeds(self):
        """The quality review draw and the recurring problems make up the
        months a company missed from its entry: deleted by hand, as the form
        suggested, those months were lost."""
        Failure = self.env["complaint.job.failure"].sudo()
        company = self.env.company
        draw = Failure._note("sample_draw", company, ValueError("no reviewer"))
        with self.assertRaisesRegex(UserError, "months it missed"):
            with self.env.cr.savepoint():
                draw.with_user(self.complaint_manager).unlink()
        self.assertTrue(draw.exists())
        # control: another job's entry is deleted to be told again
        review = Failure._note("review", company, ValueError("layout"))
        review.with_user(self.complaint_manager).unlink()
        self.assertFalse(review.exists())
