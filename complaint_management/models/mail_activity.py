from odoo import api, models
from odoo.exceptions import UserError

from .complaint_sla_states import OPEN_SLA_STATES
from .complaint_states import MANAGER

# what makes the reminder the engine's: who, when, on what, of which kind
ENGINE_FIELDS = {
    "user_id",
    "date_deadline",
    "res_id",
    "res_model",
    "res_model_id",
    "activity_type_id",
    # archived, it leaves the chatter and the activities menu (as Odoo marks
    # a kept activity done) while its limit still runs
    "active",
    "date_done",
    # a step's to-do (``ASSIGNED_STEP_MODELS``) is known by it: cleared, any
    # colleague would close or remove it
    "automated",
}

# to-dos the workflow gives and closes (a manager's approval, a low rating's
# call-back, a script's approval, a privacy request's task): their assignee
# or a complaint manager closes, moves or cancels one by hand, not any
# colleague who reads the record (core lets them)
ASSIGNED_TYPES = {
    "complaint.complaint": (
        "complaint_management.mail_activity_type_remedy_approval",
        "complaint_management.mail_activity_type_callback",
    ),
    "complaint.reply.script": (
        "complaint_management.mail_activity_type_reply_script_approval",
    ),
    "complaint.privacy.request": (
        "complaint_management.mail_activity_type_privacy_request",
    ),
}
# reminders of a deadline set elsewhere (the party's answer, an outside
# body's): they follow it and the complaint's owner, and are done when the
# answer is recorded or the case concluded
DEADLINE_REMINDERS = {
    "complaint.complaint": ("complaint_management.mail_activity_type_party_answer",),
    "complaint.external.case": (
        "complaint_management.mail_activity_type_external_deadline",
    ),
}
APPROVAL_TYPE = "complaint_management.mail_activity_type_remedy_approval"
# records whose steps give their holder a to-do (a quality review's reviewer,
# a corrective action's owner and verifier): the same for those to-dos
ASSIGNED_STEP_MODELS = ("complaint.sample", "complaint.corrective.action")


class MailActivity(models.Model):
    """The time limits' reminder of a complaint is the engine's: it is done
    when its milestone is reached (``complaint.sla.line``), not by a click,
    is not moved to someone else or to a later day by hand, and comes back
    when someone removes it while the limit still runs."""

    _inherit = "mail.activity"

    @api.model_create_multi
    def create(self, vals_list):
        activities = super().create(vals_list)
        activities._check_assignee_reads()
        return activities

    def _check_assignee_reads(self):
        """A complaint's to-do goes to someone who may read it: core makes
        the assignee a follower, and a follower is sent the complainant's
        messages (the workflow assigns as superuser, to who owns or decides
        it)."""
        if self.env.su:
            return
        # sudo: the documents and assignees of the activities
        for activity in self.sudo().filtered(
            lambda a: a.res_model == "complaint.complaint" and a.user_id
        ):
            record = self.env[activity.res_model].browse(activity.res_id)
            if not record.with_user(activity.user_id).has_access("read"):
                raise UserError(
                    self.env._(
                        "%(user)s may not read %(complaint)s: give the to-do to "
                        "someone who handles it.",
                        user=activity.user_id.name,
                        complaint=record.sudo().display_name,
                    )
                )

    def _action_done(self, feedback=False, attachment_ids=None):
        self._check_assignees_own()
        self._check_approval_decided()
        self._deadline_refuse_by_hand()
        self._sla_refuse_by_hand(
            lambda milestone, complaint: self.env._(
                "The reminder of %(milestone)s on %(complaint)s is done when the "
                "time limit is met (a reply, a proposal, the closing), not by hand.",
                milestone=milestone,
                complaint=complaint,
            )
        )
        return super()._action_done(feedback=feedback, attachment_ids=attachment_ids)

    def write(self, vals):
        if ENGINE_FIELDS & vals.keys():
            self._check_assignees_own()
            self._deadline_refuse_by_hand()
            self._sla_refuse_by_hand(
                lambda milestone, complaint: self.env._(
                    "The reminder of %(milestone)s on %(complaint)s follows the "
                    "complaint's handler and its nearest deadline: change the "
                    "handler on the complaint, not the reminder.",
                    milestone=milestone,
                    complaint=complaint,
                )
            )
        res = super().write(vals)
        if "user_id" in vals:
            self._check_assignee_reads()
        return res

    def _types_by_model(self, xmlids_by_model):
        """``{model: {activity type id}}`` of ``{model: (xmlid, ...)}``, from
        the external ids' cache (``env.ref`` would query each type)."""
        to_id = self.env["ir.model.data"]._xmlid_to_res_id
        return {
            model: {to_id(xmlid, raise_if_not_found=False) for xmlid in xmlids}
            - {False}
            for model, xmlids in xmlids_by_model.items()
        }

    def _check_approval_decided(self):
        """A remedy approval request is done by the decision (approve or
        refuse: the workflow closes it as superuser), not by a click: marked
        done while remedies wait, nobody was asked any more and the handler
        could neither send the proposal nor close."""
        if self.env.su:
            return
        approval = self._types_by_model({"complaint.complaint": (APPROVAL_TYPE,)})
        # sudo: the type and document of the activities being done
        requests = self.sudo().filtered(
            lambda a: a.activity_type_id.id in approval.get(a.res_model, ())
        )
        waiting = (
            self.env["complaint.complaint"]
            .sudo()
            .browse(requests.mapped("res_id"))
            ._remedies_awaiting_approval()
        )
        if waiting:
            raise UserError(
                self.env._(
                    "Approve or refuse the remedies awaiting approval on "
                    "%(complaint)s: the request is done with the decision.",
                    complaint=waiting[0].complaint_id.name,
                )
            )

    def _deadline_refuse_by_hand(self):
        """Refuse a change by hand of a party's or an outside body's deadline
        reminder (the workflow acts as superuser): moved, postponed or done,
        it no longer said when the answer or the report-back was due."""
        if self.env.su:
            return
        type_ids = self._types_by_model(DEADLINE_REMINDERS)
        # sudo: the type of the activities being changed
        reminders = self.sudo().filtered(
            lambda activity: activity.activity_type_id.id
            in type_ids.get(activity.res_model, ())
        )
        if reminders:
            raise UserError(
                self.env._(
                    "%(activity)s follows its deadline and the complaint's owner, "
                    "and is done when the answer is recorded or the case "
                    "concluded: change those, not the reminder.",
                    activity=reminders[0].activity_type_id.name,
                )
            )

    def _sla_refuse_by_hand(self, refusal):
        """Refuse a change by hand of a running limit's reminder (the engine
        acts as superuser): ``refusal(milestone, complaint)`` says why."""
        if self.env.su:
            return
        running = self._sla_running_lines()
        if running:
            raise UserError(
                refusal(running[0]._sla_milestone_label(), running[0].complaint_id.name)
            )

    def _check_assignees_own(self):
        """Refuse a colleague's hand on another's workflow to-do (see
        ``ASSIGNED_TYPES``; the workflow acts as superuser)."""
        if self.env.su:
            return
        type_ids = self._types_by_model(ASSIGNED_TYPES)

        def assigned(activity):
            if activity.res_model in ASSIGNED_STEP_MODELS:
                return activity.automated
            return activity.activity_type_id.id in type_ids.get(activity.res_model, ())

        # sudo: the type and assignee of activities being changed
        others = self.sudo().filtered(
            lambda activity: activity.user_id != self.env.user and assigned(activity)
        )
        # (only then the groups: any other activity changed costs nothing)
        # an administrator archiving a user removes their to-dos (core)
        if others and not (
            self.env.user._is_admin() or self.env.user.has_group(MANAGER)
        ):
            raise UserError(
                self.env._(
                    "%(activity)s is %(user)s's to do: they or a complaint manager "
                    "close, move or cancel it.",
                    activity=others[0].activity_type_id.name,
                    user=others[0].user_id.name,
                )
            )

    def unlink(self):
        self._check_assignees_own()
        # the engine removes its reminders as superuser; anyone else (a
        # colleague's Cancel, Odoo removing an archived colleague's) leaves a
        # running limit without one: hung again on who owns the complaint now
        complaints = (
            self.env["complaint.complaint"]
            if self.env.su
            else self._sla_running_lines().complaint_id
        )
        res = super().unlink()
        if complaints:
            complaints._sla_sync_activities()
        return res

    def _sla_running_lines(self):
        """The running time limits these activities remind of. Only the
        complaints' time-limit reminders are looked up: any other activity
        done or removed costs no query."""
        Line = self.env["complaint.sla.line"].sudo()  # sudo: the engine's lines
        activity_type = self.env["complaint.complaint"]._sla_activity_type()
        reminders = self.filtered(
            lambda activity: activity.res_model == "complaint.complaint"
            and activity.activity_type_id == activity_type
        )
        if not reminders:
            return Line
        return Line.search(
            [("activity_id", "in", reminders.ids), ("state", "in", OPEN_SLA_STATES)]
        )
