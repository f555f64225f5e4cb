import logging
from collections import defaultdict

from odoo import api, fields, models
from odoo.osv import expression

from ..tools.langs import by_company_lang
from .complaint_sla_calendar import SlaCalendarCache

_logger = logging.getLogger(__name__)

# limits whose deadline is still to be met: a breach is a fact, a reached or
# stopped limit measured what it measured
REPLAN_STATES = ("running", "at_risk", "paused")
# complaints whose limits are planned again when the change is saved;
# the sweep, triggered at once, plans the others
REPLAN_AT_ONCE = 200


class ComplaintSlaLineReplan(models.AbstractModel):
    """Time limits planned again when the working time they were planned on
    changes: a public holiday added, moved or removed, working hours or the
    time zone of a calendar edited (``resource_calendar.py`` reports the
    change). The lines concerned are marked; when the change is saved, the
    first ones are planned again, the others by the sweep before it looks
    for due limits, so that no limit is breached on a plan that no longer
    holds."""

    _name = "complaint.sla.line.replan"
    _description = "Complaint Time Limits on a Changed Calendar"

    replan_pending = fields.Boolean(
        string="To Plan Again",
        readonly=True,
        copy=False,
        help="The working time this limit was planned on changed; the "
        "time-limit sweep plans it again.",
    )

    def _sla_warning_reset(self, vals):
        """``vals`` of a line planned again: a warning given for the old plan
        no longer holds when the new at-risk moment is still to come (the
        sweep warns again then)."""
        self.ensure_one()
        if (
            self.is_warned
            and self.state in ("at_risk", "paused")
            and vals["warning_date"] > fields.Datetime.now()
        ):
            vals = dict(vals, is_warned=False)
            if self.state == "at_risk":
                vals["state"] = "running"
        return vals

    def _sla_plan_again(
        self, cache, target_time, time_unit, warning_share, keep_if_passed=False, **vals
    ):
        """Plan this open line again from its start, on its complaint's
        working calendar as it is now, for the rule given (pauses kept;
        ``vals`` written with it). Returns the note of the move, "milestone:
        old → new" in the calendar's zone as the warnings write it, whoever
        triggers it; None when the deadline did not move."""
        self.ensure_one()
        complaint = self.complaint_id
        tz = complaint._sla_tz()
        # a note every colleague reads in their own zone: the zone named
        old = self._sla_deadline_text(tz, show_zone=True)
        paused = self.paused_time
        if (time_unit == "hours") != (self.time_unit == "hours"):
            # the pauses in the new rule's measure: working hours for the
            # working units, hours day and night otherwise
            paused = self.paused_elapsed if time_unit == "hours" else self.paused_hours
        planned = self._sla_plan(
            cache,
            complaint._sla_calendar(),
            {
                "date_start": self.date_start,
                "target_time": target_time,
                "time_unit": time_unit,
                "warning_share": warning_share,
                "paused_time": paused,
            },
        )
        planned.pop("date_start")
        if (
            keep_if_passed
            and planned.get("deadline")
            and (planned["deadline"] < fields.Datetime.now())
        ):
            # the new rule would have it passed already: it keeps its time,
            # under the new policy (a later regrade does not replan it then)
            self.write(vals)
            return None
        self.write(self._sla_warning_reset(dict(planned, **vals)))
        new = self._sla_deadline_text(tz, show_zone=True)
        if new == old:
            return None
        return self.env._(
            "%(milestone)s: %(old)s → %(new)s",
            milestone=self._sla_milestone_label(),
            old=old or "-",
            new=new,
        )

    def _sla_calendar_moved(self):
        """Whether the line was planned on another working calendar than its
        complaint's now (lines planned before the calendar was recorded are
        taken as planned on it)."""
        self.ensure_one()
        return bool(self.calendar_id) and (
            self.calendar_id != self.complaint_id._sla_calendar()
        )

    @api.model
    def _sla_calendar_changed(self, spans):
        """Working time changed in ``spans``: ``(calendar id, company id,
        start, end)``, where no calendar means every calendar of the company
        (or of every company without one) and no start or end an open
        bound. The open limits planned on that working time whose clock runs
        across the span are planned again. Returns the lines marked."""
        domains = []
        for calendar_id, company_id, start, end in spans:
            domain = [("calendar_id", "!=", False)]
            if calendar_id:
                domain.append(("calendar_id", "=", calendar_id))
            elif company_id:
                domain.append(("calendar_id.company_id", "in", [False, company_id]))
            if start:
                domain.append(("deadline", ">", start))
            if end:
                domain.append(("date_start", "<", end))
            domains.append(domain)
        if not domains:
            return self.browse()
        # sudo: the engine's lines of every team follow the company's calendar
        lines = self.sudo().search(
            expression.AND(
                [
                    [("state", "in", REPLAN_STATES), ("replan_pending", "=", False)],
                    expression.OR(domains),
                ]
            )
        )
        return lines._sla_mark_replan()

    @api.model
    def _sla_complaints_moved(self, complaint_domain):
        """The complaints of ``complaint_domain`` were put on another working
        calendar (their team's or company's changed): their open limits are
        planned again on it when the change is saved."""
        # sudo: the engine's lines of every team follow the team's calendar
        lines = self.sudo().search(
            [
                ("state", "in", REPLAN_STATES),
                ("replan_pending", "=", False),
                ("complaint_id", "any", complaint_domain),
            ]
        )
        return lines._sla_mark_replan()

    def _sla_mark_replan(self):
        """Mark these lines to plan again, when the change is saved."""
        if self:
            self.write({"replan_pending": True})
            self._sla_replan_at_commit()
        return self

    def _sla_replan_at_commit(self):
        """Plan the lines of ``self`` again once, when the change is saved: a
        calendar saved from its form writes each of its working hours apart,
        and its limits must move once, to the calendar as saved (one note
        each, not one per line of working hours). Only the lines this change
        marked: a complaint whose replan keeps failing (left to the sweep,
        which registers it) must not refuse every later change of a
        calendar; one failing now is left to the sweep too."""
        data = self.env.cr.precommit.data
        marked = data.get("complaint.sla.replan")
        if marked is not None:
            marked.update(self.ids)
            return
        marked = data["complaint.sla.replan"] = set(self.ids)
        env = self.env

        @env.cr.precommit.add
        def replan():
            # sudo: the engine's lines of every team follow the company's calendar
            lines = env["complaint.sla.line"].sudo().browse(marked).exists()
            complaints = lines.filtered("replan_pending").complaint_id
            at_once = complaints[:REPLAN_AT_ONCE]
            failed = lines._sla_replan_isolated(at_once)
            if failed or complaints - at_once:
                cron = env.ref(
                    "complaint_management.ir_cron_complaint_sla_sweep",
                    raise_if_not_found=False,
                )
                if cron:
                    # sudo: who edits a calendar starts the sweep
                    cron.sudo()._trigger()
            env.flush_all()

    @api.model
    def _sla_replan_isolated(self, complaints):
        """Plan the pending lines of ``complaints`` again, all in one go,
        else each complaint apart; returns those that failed (still marked:
        the sweep retries and registers them)."""
        if not complaints:
            return complaints
        try:
            with self.env.cr.savepoint():
                complaints.sla_line_ids.filtered("replan_pending")._sla_replan()
        except Exception:  # noqa: BLE001 - left to the sweep, which registers it
            if len(complaints) > 1:
                failed = complaints.browse()
                for complaint in complaints:
                    failed |= self._sla_replan_isolated(complaint)
                return failed
            _logger.warning(
                "Time limits of complaint %s not planned again at once: left to "
                "the sweep",
                complaints.id,
                exc_info=True,
            )
            return complaints
        return complaints.browse()

    def _sla_replan(self):
        """Plan the lines of ``self`` again on their complaint's working
        calendar as it is now (rule, start and pauses kept), note each moved
        deadline on its complaint in the company's language and move the
        reminders."""
        self.write({"replan_pending": False})
        lines = self.filtered(lambda line: line.state in REPLAN_STATES)
        if not lines:
            return
        cache = SlaCalendarCache(self.env)
        for line in lines:
            cache.prepare(
                line.complaint_id._sla_calendar(), line.date_start, line.date_start
            )
        for complaints in by_company_lang(lines.complaint_id):
            notes = defaultdict(list)
            for line in lines.with_env(complaints.env).filtered(
                lambda line, complaints=complaints: line.complaint_id in complaints
            ):
                note = line._sla_plan_again(
                    cache, line.target_time, line.time_unit, line.warning_share
                )
                if note:
                    notes[line.complaint_id].append(note)
            complaints._sla_log_replans(
                notes,
                complaints.env._(
                    "Time limits recomputed after a change of the working "
                    "calendar (public holidays, working hours or time zone):"
                ),
            )
        lines.complaint_id._sla_sync_activities()

    @api.model
    def _sla_replan_run(self, batch_size, progress):
        """The sweep's first step: the complaints whose limits wait to be
        planned again, by batches, one failing complaint never stopping the
        others (it stays marked and is retried alone, first, at the next
        run). Returns the ids of the complaints whose replan failed (and is
        registered) and still waits."""
        run = self.env["complaint.job.failure"]._job_start(
            "sla_replan", "complaint.complaint"
        )
        pending = [
            complaint.id
            for (complaint,) in self.sudo()._read_group(  # sudo: every team's
                [("replan_pending", "=", True)], ["complaint_id"], order="complaint_id"
            )
        ]
        Complaint = self.env["complaint.complaint"].sudo()  # sudo: as above

        def replan(complaints):
            complaints.sla_line_ids.filtered("replan_pending")._sla_replan()

        run.process_ids(Complaint, pending, replan, batch_size, progress)
        # registered failures only: one postponed (a user changed the
        # complaint meanwhile) is planned at the next run, not swept on the
        # plan that no longer holds
        return (set(run.known) | run.registered_ids) & set(pending)
