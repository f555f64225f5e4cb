from collections import defaultdict

from markupsafe import Markup

from odoo import models

from .complaint_sla_calendar import SlaCalendarCache
from .complaint_sla_states import OPEN_SLA_STATES


class ComplaintSlaReplanMixin(models.AbstractModel):
    """Time limits (SLA) of complaints planned again: when the date received
    is corrected, and when a regrade (level, channel, category, team,
    company) chooses other rules or puts the complaint on another working
    calendar. The clock that calls it is ``complaint.sla.mixin``."""

    _name = "complaint.sla.replan.mixin"
    _description = "Complaint Time Limits Replanned"

    def _sla_move_start(self, received):
        """The date received was corrected: the open limits that count from
        it are planned again from the new date (a breach stays a breach;
        reached limits keep what they measured)."""
        lines = self.sudo().sla_line_ids.filtered(  # sudo: engine-owned lines
            lambda line: line.state in ("running", "at_risk", "paused")
            and line.date_start == line.complaint_id.date_received
        )
        if not lines:
            return
        cache = SlaCalendarCache(self.env)
        for line in lines:
            cache.prepare(line.complaint_id._sla_calendar(), received, received)
        for line in lines:
            vals = line._sla_plan(
                cache,
                line.complaint_id._sla_calendar(),
                {
                    "date_start": received,
                    "target_time": line.target_time,
                    "time_unit": line.time_unit,
                    "warning_share": line.warning_share,
                    "paused_time": line.paused_time,
                },
            )
            line.write(line._sla_warning_reset(vals))

    def _sla_recompute(self):
        """Re-choose the policy of open milestones; recompute changed deadlines."""
        complaints = self.sudo().filtered("is_open")  # sudo: engine-owned lines
        policies = self.env["complaint.sla.policy"].sudo()  # sudo: as above
        index = policies._sla_policy_index()
        cache = SlaCalendarCache(self.env)
        changes = []
        for complaint in complaints:
            matched = policies._sla_match(index, complaint)
            for line in complaint.sla_line_ids:
                # a breach is a fact: regrading afterwards does not undo it
                # (lowering the level would erase it from the timeliness figures)
                if line.state not in OPEN_SLA_STATES or line.state == "breached":
                    continue
                policy = matched.get(line.milestone)
                if not policy:
                    # no policy covers it any more (e.g. escalated to a team
                    # without its own): the milestone keeps its limit
                    continue
                if policy != line.policy_id:
                    amount, unit = policy._sla_target(line.milestone)
                    share = policy.warning_share
                elif line._sla_calendar_moved():
                    # the same rule on another working calendar (a team of
                    # another site) is planned again all the same
                    amount, unit = line.target_time, line.time_unit
                    share = line.warning_share
                else:
                    # a policy's rule holds as it stood when the milestone
                    # started: an edit of the policy applies to later ones,
                    # for every complaint alike
                    continue
                changes.append((line, policy, amount, unit, share))
                cache.prepare(
                    complaint._sla_calendar(), line.date_start, line.date_start
                )
        notes = defaultdict(list)
        # escalated: the team it goes to is not given a limit already passed
        # (its breach would escalate the complaint again at the next sweep,
        # up every tier, and count against a team that never had the time)
        escalating = self._system_context("complaint_escalating")
        for line, policy, amount, unit, share in changes:
            note = line._sla_plan_again(
                cache,
                amount,
                unit,
                share,
                keep_if_passed=escalating,
                policy_id=policy.id,
                escalate_on_breach=policy.escalate_on_breach,
            )
            if note:
                notes[line.complaint_id].append(note)
        if notes:
            self._sla_log_replans(
                notes,
                self.env._(
                    "Time limits recomputed after a change of level, channel, "
                    "category or team:"
                ),
            )

    def _sla_log_replans(self, notes, header):
        """One note per complaint listing its moved deadlines: ``notes`` maps
        a complaint to its lines' "milestone: old → new" texts."""
        bodies = {
            complaint.id: Markup("<p>%s</p><ul>%s</ul>")
            % (
                header,
                Markup().join(Markup("<li>%s</li>") % item for item in items),
            )
            for complaint, items in notes.items()
            if items
        }
        if bodies:
            self.browse(list(bodies))._message_log_batch(bodies)
