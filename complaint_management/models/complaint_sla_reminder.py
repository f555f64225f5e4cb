from collections import defaultdict

from markupsafe import Markup

from odoo import models
from odoo.tools import format_list

from .complaint_sla_states import OPEN_SLA_STATES


class ComplaintSlaReminderMixin(models.AbstractModel):
    """Time limits (SLA) of complaints: who is reminded and told.

    One "next deadline" activity per open complaint; the at-risk warning and
    the escalation on a breach that the sweep (``complaint.sla.line``)
    decides; the texts that tell the complainant when to expect what.
    """

    _name = "complaint.sla.reminder.mixin"
    _description = "Complaint Time Limit Reminders"

    # ------------------------------------------------------------------
    # Activities
    # ------------------------------------------------------------------
    def _sla_sync_activities(self):
        """One "next deadline" activity per open complaint, on its owner.

        It hangs on the open milestone with the nearest deadline and moves to
        the next one as milestones are reached (the reached one is marked done
        by :meth:`_sla_reach`): a handler sees one reminder per complaint, due
        when the complaint next needs them.
        """
        activity_type = self._sla_activity_type()
        lines = self.sudo().sla_line_ids.filtered(  # sudo: engine-owned lines
            lambda line: line.state in OPEN_SLA_STATES
        )
        if not activity_type or not lines:
            return
        # iterate the batch's records (not per-complaint recordsets) so that
        # every field is read once for the whole batch
        by_complaint = defaultdict(list)
        for line in lines:
            by_complaint[line.complaint_id].append(line)
        stale_ids = []
        todo = []
        labels = {}  # the milestones' names by language, once for the batch
        for complaint, open_lines in by_complaint.items():
            # a paused limit's deadline stands still while the complainant is
            # asked (it moves on when the clock runs again): the reminder
            # follows the limits still running, and there is none while every
            # limit waits, rather than one falling overdue meanwhile
            running = [line for line in open_lines if line.state != "paused"]
            target = (
                min(running, key=lambda line: (line.deadline, line.id))
                if running
                else None
            )
            user = complaint._sla_activity_user()
            expected = (
                target._sla_activity_values(user, activity_type, labels)
                if user and target
                else {}
            )
            keep = False
            for line in open_lines:
                activity = line.activity_id
                if not activity:
                    continue
                if (
                    line == target
                    and expected
                    # archived before its limit was met: made again
                    and activity.active
                    and activity.user_id == user
                    and activity.summary == expected["summary"]
                    and activity.date_deadline == expected["date_deadline"]
                    # its note gives the time: a deadline moved within its day
                    and line.reminded_deadline == line.deadline
                ):
                    keep = True
                else:
                    stale_ids.append(activity.id)
            if expected and not keep:
                todo.append((target, expected))
        if stale_ids:
            # sudo: the engine removes the reminders it created
            self.env["mail.activity"].sudo().browse(stale_ids).unlink()
        if not todo:
            return
        activities = self._sla_create_reminders([vals for _line, vals in todo])
        for (line, _vals), activity in zip(todo, activities, strict=True):
            line.write({"activity_id": activity.id, "reminded_deadline": line.deadline})

    def _sla_create_reminders(self, values_list):
        """The reminders' activities in one batch, one per complaint
        (mail.activity subscribes each assignee). The stored fields core
        computes once the rows exist (the complaint's name, the assignee's
        time zone, no done date) come with the insert: core's recompute then
        finds them in place and writes nothing (an UPDATE per reminder less);
        were they to differ, it would write its own."""
        complaints = self.browse({values["res_id"] for values in values_list})
        names = {complaint.id: complaint.display_name for complaint in complaints}
        users = self.env["res.users"].browse(
            {values["user_id"] for values in values_list}
        )
        zones = {user.id: user.tz for user in users.sudo()}  # sudo: a handler's zone
        values_list = [
            dict(
                values,
                res_name=names[values["res_id"]],
                user_tz=zones[values["user_id"]],
                date_done=False,
            )
            for values in values_list
        ]
        return (
            self.env["mail.activity"]
            .sudo()  # sudo: the engine assigns activities to handlers
            .with_context(mail_activity_quick_update=True)
            .create(values_list)
        )

    def _sla_activity_type(self):
        # the id from the xmlid cache: env.ref would check it exists (a query)
        return self.env["mail.activity.type"].browse(
            self.env["ir.model.data"]._xmlid_to_res_id(
                "complaint_management.mail_activity_type_sla", raise_if_not_found=False
            )
        )

    def _sla_remind_new(self, vals_list):
        """The reminder of a complaint's first time limits, made before its
        lines (``vals_list``, planned): the nearest running one is created
        with its activity, as :meth:`_sla_sync_activities` would hang it
        (which then finds it in place), rather than written a second time.
        Complaints that already have open limits are left to the sync.
        Returns the complaints reminded: their reminder is in place."""
        activity_type = self._sla_activity_type()
        if not activity_type:
            return self.browse()
        new_by_complaint = defaultdict(list)
        for vals in vals_list:
            new_by_complaint[vals["complaint_id"]].append(vals)
        Line = self.env["complaint.sla.line"].sudo()  # sudo: engine-owned lines
        todo = []
        labels = {}
        for complaint in self:
            new = [vals for vals in new_by_complaint[complaint.id] if vals["deadline"]]
            if (
                not new
                or complaint.is_waiting_customer
                or complaint.sla_line_ids.filtered(
                    lambda line: line.state in OPEN_SLA_STATES
                )
            ):
                continue
            user = complaint._sla_activity_user()
            if not user:
                continue
            # the first of the nearest, as the sync orders them (deadline, id)
            target = min(new, key=lambda vals: vals["deadline"])
            todo.append(
                (
                    target,
                    Line.new(target)._sla_activity_values(user, activity_type, labels),
                )
            )
        if not todo:
            return self.browse()
        activities = self._sla_create_reminders([values for _vals, values in todo])
        for (vals, _values), activity in zip(todo, activities, strict=True):
            vals.update(activity_id=activity.id, reminded_deadline=vals["deadline"])
        return self.browse([vals["complaint_id"] for vals, _values in todo])

    # ------------------------------------------------------------------
    # Sweep outcomes
    # ------------------------------------------------------------------
    def _sla_notify_at_risk(self, lines):
        """Warn handler and team leader once, in the Odoo inbox, in one batch."""
        values_list = []
        author = self.env.ref("base.partner_root")
        subtype_id = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_note")
        by_complaint = defaultdict(list)
        for line in lines:
            by_complaint[line.complaint_id].append(line)
        # computed once for the batch (mail.message would ask record by record)
        reply_to = lines.complaint_id._notify_get_reply_to(
            default=author.email_formatted
        )
        lang_code = lines._sla_lang_code()
        labels = lines._sla_milestone_labels()
        for complaint, clines in by_complaint.items():
            # those who may still own it (a user who left keeps an active
            # contact; a leader moved to another company or who lost the
            # complaint rights is told nothing more)
            owners = (complaint.user_id | complaint.team_id.leader_id).filtered(
                lambda u, c=complaint: u._complaint_can_own(c.company_id)
            )
            # neither: the manager on duty its reminder goes to
            partners = (owners or complaint._sla_activity_user()).partner_id
            tz = complaint._sla_tz()
            items = Markup().join(
                Markup("<li>%s</li>")
                % self.env._(
                    "%(milestone)s due %(deadline)s",
                    milestone=line._sla_milestone_label(labels),
                    # read by the handler and the leader, each in their zone
                    deadline=line._sla_deadline_text(tz, lang_code, show_zone=True),
                )
                for line in clines
            )
            body = Markup("<p>%s</p><ul>%s</ul>") % (
                self.env._("Time limit at risk:"),
                items,
            )
            values_list.append(
                complaint._internal_note_values(
                    body, author, subtype_id, partners, reply_to.get(complaint.id)
                )
            )
        messages = (
            self.env["mail.message"].sudo().create(values_list)  # sudo: engine notes
        )
        # who is warned and how (inbox or email), for the batch in one query
        data = self.env["mail.followers"]._get_recipient_data(
            lines.complaint_id,
            "notification",
            subtype_id,
            pids=messages.partner_ids.ids,
        )
        self._notify_notes(
            {
                message: [
                    data[message.res_id][pid]
                    for pid in message.partner_ids.ids
                    if pid in data.get(message.res_id, {})
                ]
                for message in messages
            }
        )
        return messages

    def _sla_on_breach(self, lines):
        """Escalate once per breached milestone and give the owner an activity."""
        # the rule the milestone started under: a policy edited since applies
        # to the milestones that start after it
        to_escalate = lines.filtered(
            lambda line: not line.is_escalated and line.escalate_on_breach
        )
        # labels by complaint in one pass over the lines (not one per complaint)
        labels_of, escalated_labels = defaultdict(list), defaultdict(list)
        escalate_ids = set(to_escalate.ids)
        names = lines._sla_milestone_labels()
        for line in lines:
            label = line._sla_milestone_label(names)
            labels_of[line.complaint_id].append(label)
            if line.id in escalate_ids:
                escalated_labels[line.complaint_id].append(label)
        escalated = to_escalate.complaint_id
        groups = defaultdict(lambda: self.browse())
        for complaint in escalated:
            groups[tuple(sorted(escalated_labels[complaint]))] |= complaint
        to_escalate.write({"is_escalated": True})
        # the language resolved once for the batch (format_list would per call)
        lang_code = lines._sla_lang_code()
        for labels, complaints in groups.items():
            reason = self.env._(
                "Time limit breached: %(milestones)s",
                milestones=format_list(self.env, labels, lang_code=lang_code),
            )
            complaints._sla_escalate(reason)
        others = lines.complaint_id - escalated
        if others:
            others._message_log_batch(
                {
                    complaint.id: self.env._(
                        "Time limit breached: %(milestones)s",
                        milestones=format_list(
                            self.env, labels_of[complaint], lang_code=lang_code
                        ),
                    )
                    for complaint in others
                }
            )
        # the escalated ones were synced by the escalation's write (their team
        # changed): once is enough
        (lines.complaint_id - escalated)._sla_sync_activities()

    def _sla_escalate(self, reason):
        """One tier up through the lifecycle's escalation (history, team or
        leader, priority, chatter note that tells the new handler)."""
        self._escalate(reason=reason, trigger="sla")

    def _sla_activity_user(self):
        """Who is reminded of the next deadline: the handler, else (no handler,
        or one who can no longer own it) the team leader, else (a team whose
        leader left, a company without teams) the company's complaint manager
        on duty: never nobody."""
        self.ensure_one()
        return self._owner_in_team() or self.company_id._complaint_manager_on_duty()

    def _owner_in_team(self):
        """The handler, else the team leader, if they may own the complaint."""
        self.ensure_one()
        return self.env["res.users"]._complaint_first_owner(
            (self.user_id, self.team_id.leader_id), self.company_id
        )

    def _sla_tz(self):
        """Where the complaint's time limits are counted: its working
        calendar's time zone, else where its company works (never the zone of
        whoever happens to run the job or press the button)."""
        self.ensure_one()
        return self._sla_calendar().tz or self.company_id._complaint_tz()
