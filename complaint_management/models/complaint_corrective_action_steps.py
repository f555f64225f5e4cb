from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import format_list, is_html_empty

from .complaint_states import MANAGER


class ComplaintCorrectiveActionSteps(models.AbstractModel):
    """The steps of a corrective action (``complaint.corrective.action``,
    which composes it): started by its owner, marked done, verified
    effective or not by someone else than its owner and whoever marked it
    done, or cancelled."""

    _name = "complaint.corrective.action.steps"
    _description = "Corrective Action Steps"

    def _check_state(self, states):
        wrong = self.filtered(lambda a: a.state not in states)
        if wrong:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "This step does not apply to %(action)s: it is %(state)s.",
                    action=wrong[0].display_name,
                    state=labels[wrong[0].state],
                )
            )

    def action_start(self):
        """Proposed -> in progress: the owner is reminded of the due date."""
        self._check_state(("draft",))
        missing = self.filtered(lambda a: not a.user_id or not a.date_due)
        if missing:
            raise UserError(
                self.env._(
                    "Give %(actions)s an owner and a due date before starting it.",
                    actions=format_list(self.env, missing.mapped("display_name")),
                )
            )
        self._check_next_holder("user_id")
        # opened when taken up (a recurring problem's proposal may wait
        # into the next month): the figures count it then
        self._workflow_write({"state": "open", "date_opened": fields.Datetime.now()})
        # a recurring problem's "start or cancel" is done
        # sudo: the step closes its to-dos, whoever holds them
        self.sudo().activity_feedback(["mail.mail_activity_data_todo"])
        self._schedule_owner_activity()
        return True

    def action_done(self):
        """In progress -> awaiting verification: the verifier is asked."""
        self._check_state(("open",))
        missing = self.filtered(lambda a: not a.verifier_id)
        if missing:
            raise UserError(
                self.env._(
                    "Name who verifies %(actions)s (someone else than its owner) "
                    "before marking it done.",
                    actions=format_list(self.env, missing.mapped("display_name")),
                )
            )
        # the cause found and what was done are what the verifier checks
        # removed (ISO 10002 8.6, GB/T 19012): none, nothing to verify
        unanalysed = self.filtered(
            lambda a: not (a.root_cause or "").strip() or is_html_empty(a.action_plan)
        )
        if unanalysed:
            raise UserError(
                self.env._(
                    "Write the root cause found and the action taken on "
                    "%(actions)s before marking it done: they are what its "
                    "verifier checks.",
                    actions=format_list(self.env, unanalysed.mapped("display_name")),
                )
            )
        self._check_next_holder("verifier_id")
        own = self.filtered(lambda a: a.verifier_id == self.env.user)
        if own and not self.env.su:
            raise UserError(
                self.env._(
                    "You verify %(action)s: its owner marks it done, and you "
                    "verify it then.",
                    action=own[0].display_name,
                )
            )
        self._workflow_write(
            {
                "state": "done",
                "date_done": fields.Datetime.now(),
                "done_by_id": self.env.user.id,
                # each verification writes its own note: a round found not
                # effective keeps its note in the chatter
                "verification_note": False,
            }
        )
        # sudo: the step closes its to-dos, whoever holds them
        self.sudo().activity_feedback(["mail.mail_activity_data_todo"])
        self._schedule_verifier_activity()
        return True

    def _schedule_verifier_activity(self):
        for action in self.filtered("verifier_id"):
            action.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=fields.Date.context_today(self) + relativedelta(days=14),
                summary=action._step_summary(action.verifier_id),
                user_id=action.verifier_id.id,
            )

    def _step_summary(self, user):
        """The step's to-do in ``user``'s words (who holds the step)."""
        self.ensure_one()
        action = self.with_context(lang=user._complaint_lang(self.company_id))
        if self.state == "done":
            return action.env._("Verify that the corrective action worked")
        if self.state == "draft":
            # a proposal (made for a recurring problem): taken up or declined
            return action.env._("A problem keeps recurring: start or cancel")
        return action.env._("Carry out the corrective action")

    def _activity_follow_holder(self, changed):
        """The step's to-do is with who holds the step: the owner while the
        action is proposed or in progress, the verifier while it awaits
        verification; handed over when that holder (in ``changed``, the
        fields written) changes, scheduled again when Odoo removed it with a
        departed holder. Colleagues' own to-dos stay as they are."""
        todo = self.env.ref("mail.mail_activity_data_todo")
        for action in self:
            if action.state in ("draft", "open") and "user_id" in changed:
                holder = action.user_id
            elif action.state == "done" and "verifier_id" in changed:
                holder = action.verifier_id
            else:
                continue
            # sudo: the holder's to-do follows the step, whoever hands it over
            todos = action.activity_ids.sudo().filtered(
                lambda a: a.activity_type_id == todo and a.automated
            )
            if todos and holder:
                todos.filtered(lambda a, h=holder: a.user_id != h).write(
                    {"user_id": holder.id, "summary": action._step_summary(holder)}
                )
            elif todos:
                todos.unlink()
            elif action.state == "open" or (
                # a recurring problem's proposal asks its owner to take it up
                action.state == "draft" and action.origin == "recurring"
            ):
                action._schedule_owner_activity()
            elif action.state == "done":
                action._schedule_verifier_activity()

    def _activity_follow_due_date(self):
        """The owner's to-do of an action in progress is due on its due date
        (colleagues' own to-dos keep theirs)."""
        for action in self.filtered(lambda a: a.state == "open" and a.date_due):
            # sudo: the owner's to-do follows the date, whoever moves it
            action.sudo().activity_reschedule(
                ["mail.mail_activity_data_todo"],
                user_id=action.user_id.id,
                date_deadline=action.date_due,
            )

    def _verify_refusal(self):
        """Why the current user may not verify this action, or ``""``: the
        button shows by it and the verification refuses by it."""
        self.ensure_one()
        user = self.env.user
        if user == self.user_id:
            return self.env._(
                "You own %(action)s: its effect is verified by someone else.",
                action=self.display_name,
            )
        if user == self.done_by_id:
            return self.env._(
                "You marked %(action)s done: its effect is verified by someone else.",
                action=self.display_name,
            )
        if user != self.verifier_id and not user.has_group(
            "complaint_management.complaint_management_group_manager"
        ):
            return self.env._(
                "%(action)s is verified by %(verifier)s or a complaint manager.",
                action=self.display_name,
                verifier=self.verifier_id.name,
            )
        return ""

    def _check_can_verify(self):
        self._check_state(("done",))
        for action in self:
            refusal = action._verify_refusal()
            if refusal:
                raise UserError(refusal)
            if not (action.verification_note or "").strip():
                raise UserError(
                    self.env._(
                        "Write what was checked in the verification note of "
                        "%(action)s.",
                        action=action.display_name,
                    )
                )

    def action_verify_effective(self):
        self._check_can_verify()
        self._workflow_write(
            {
                "state": "effective",
                "date_verified": fields.Datetime.now(),
                "verified_by_id": self.env.user.id,
            }
        )
        # sudo: the step closes its to-dos, whoever holds them
        self.sudo().activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def action_verify_not_effective(self):
        """The problem is still there: the action is reopened for its owner."""
        self._check_can_verify()
        self._check_next_holder("user_id")
        for action in self:
            action._workflow_write(
                {
                    "state": "open",
                    "date_verified": fields.Datetime.now(),
                    "verified_by_id": self.env.user.id,
                    "reopen_count": action.reopen_count + 1,
                }
            )
            action.message_post(
                body=self.env._(
                    "Found not effective: %(note)s", note=action.verification_note
                ),
                subtype_xmlid="mail.mt_note",
            )
        # sudo: the step closes its to-dos, whoever holds them
        self.sudo().activity_feedback(["mail.mail_activity_data_todo"])
        self._schedule_owner_activity()
        return True

    def action_cancel(self):
        """A proposal is declined by whoever holds it; an action under way
        (its owner committed to it, perhaps found not effective already) is
        dropped by a complaint manager only, which the chatter records."""
        self._check_state(("draft", "open"))
        manager = self.env.su or self.env.user.has_group(MANAGER)
        others = self.filtered(
            lambda a: a.state == "draft" and a.user_id != self.env.user
        )
        if others and not manager:
            raise UserError(
                self.env._(
                    "Only the owner of %(action)s or a complaint manager declines it.",
                    action=others[0].display_name,
                )
            )
        under_way = self.filtered(lambda a: a.state == "open")
        if under_way and not manager:
            raise UserError(
                self.env._(
                    "%(action)s is under way: only a complaint manager cancels it.",
                    action=under_way[0].display_name,
                )
            )
        for action in under_way:
            action.message_post(
                body=self.env._(
                    "Cancelled while under way by %(user)s.", user=self.env.user.name
                ),
                subtype_xmlid="mail.mt_note",
            )
        self._workflow_write({"state": "cancelled"})
        # sudo: the step removes its to-dos, whoever holds them
        self.sudo().activity_unlink(["mail.mail_activity_data_todo"])
        return True

    def _schedule_owner_activity(self):
        for action in self.filtered("user_id"):
            action.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=action.date_due,
                summary=action._step_summary(action.user_id),
                user_id=action.user_id.id,
            )
