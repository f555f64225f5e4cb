from odoo import fields, models
from odoo.exceptions import UserError
from odoo.tools import is_html_empty

APPROVAL_ACTIVITY = "complaint_management.mail_activity_type_reply_script_approval"


class ComplaintReplyScriptSteps(models.AbstractModel):
    """The steps of a reply script (submit, approve, send back, new version)
    and who is told of them: composed into ``complaint.reply.script``, which
    says who approves."""

    _name = "complaint.reply.script.steps"
    _description = "Reply Script Steps"

    # ------------------------------------------------------------------
    # Workflow
    # ------------------------------------------------------------------
    def _state_label(self):
        self.ensure_one()
        return dict(self._fields["state"]._description_selection(self.env))[self.state]

    def _check_can(self, flag, refusal):
        refused = self.filtered(lambda s: not s[flag])
        if refused:
            raise UserError(refusal(refused[0]))

    def action_submit(self):
        self._check_can(
            "can_submit",
            lambda script: self.env._(
                "%(script)s is %(state)s: complaint officers submit draft reply "
                "scripts for approval.",
                script=script.display_name,
                state=script._state_label(),
            ),
        )
        empty = self.filtered(lambda s: is_html_empty(s.body))
        if empty:
            raise UserError(
                self.env._(
                    "Write the wording of %(script)s before submitting it.",
                    script=empty[0].display_name,
                )
            )
        self._workflow_write({"state": "to_approve"})
        self._activity_update()
        return True

    def action_approve(self):
        """Approve the script; the approved version it replaces is superseded."""
        for script in self:
            if script.state != "to_approve":
                raise UserError(
                    self.env._(
                        "%(script)s is %(state)s: only a script waiting for "
                        "approval can be approved.",
                        script=script.display_name,
                        state=script._state_label(),
                    )
                )
            refusal = script._approval_refusal()
            if refusal:
                raise UserError(refusal)
        older = self.with_context(active_test=False).search(
            [
                ("root_id", "in", self.root_id.ids),
                ("state", "=", "approved"),
                ("id", "not in", self.ids),
            ]
        )
        older._workflow_write({"state": "superseded"})
        self._workflow_write(
            {
                "state": "approved",
                "approver_id": self.env.user.id,
                "date_approved": fields.Datetime.now(),
            }
        )
        self._activity_update(feedback=self.env._("Approved"))
        self._tell_author(
            lambda script: self.env._(
                "%(script)s is approved: complaints may now use it.",
                script=script.display_name,
            )
        )
        return True

    def action_send_back(self):
        """Back to draft, to be changed: by an approver, or its author."""
        self._check_can(
            "can_send_back",
            lambda script: self.env._(
                "%(script)s goes back to draft by an approver or its author, while "
                "it waits for approval.",
                script=script.display_name,
            ),
        )
        self._workflow_write({"state": "draft"})
        self._activity_update(feedback=self.env._("Sent back to draft"))
        self._tell_author(
            lambda script: self.env._(
                "%(script)s was sent back to draft by %(user)s: change it and "
                "submit it again.",
                script=script.display_name,
                user=self.env.user.name,
            )
        )
        return True

    def action_new_version(self):
        """A draft copy, version + 1, linked to this approved version."""
        self.ensure_one()
        self._check_can(
            "can_new_version",
            lambda script: self.env._(
                "%(script)s is %(state)s: complaint officers make new versions of "
                "approved reply scripts.",
                script=script.display_name,
                state=script._state_label(),
            ),
        )
        versions = self.with_context(active_test=False).search(
            [("root_id", "=", self.root_id.id)]
        )
        pending = versions.filtered(lambda s: s.state in ("draft", "to_approve"))
        if pending:
            raise UserError(
                self.env._(
                    "%(script)s is already being changed: continue with it.",
                    script=pending[0].display_name,
                )
            )
        self.check_access("read")
        self.browse().check_access("create")
        # sudo: version and previous version are workflow-owned; the caller
        # stays the author (sudo keeps the user)
        new = self.sudo().copy(
            {
                "version": max(versions.mapped("version")) + 1,
                "previous_id": self.id,
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": new.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    # ------------------------------------------------------------------
    # Notifications
    # ------------------------------------------------------------------
    def _activity_update(self, feedback=None):
        """Every approval activity here: one for each approver while the
        script waits; done by whoever decided, removed for the others."""
        waiting = self.filtered(lambda s: s.state == "to_approve")
        if waiting:
            deadline = self.env.ref(APPROVAL_ACTIVITY)._get_date_deadline()
        for script in waiting:
            for user in script._approvers() - script.author_id - script.editor_ids:
                # titled and worded in the approver's language
                in_lang = script.with_context(
                    lang=user._complaint_lang(script.company_id)
                )
                in_lang.activity_schedule(
                    APPROVAL_ACTIVITY,
                    date_deadline=deadline,
                    user_id=user.id,
                    note=in_lang.env._(
                        "Approve %(script)s, or send it back to its author.",
                        script=script.display_name,
                    ),
                )
        decided = self - waiting
        if decided:
            decided.activity_feedback(
                [APPROVAL_ACTIVITY], user_id=self.env.uid, feedback=feedback
            )
            # sudo: the other approvers' requests go with the decision
            decided.sudo().activity_unlink([APPROVAL_ACTIVITY])

    def _tell_author(self, body):
        """A note to the author (in their inbox or by email), unless they did
        the step themselves."""
        for script in self.filtered(lambda s: s.author_id != self.env.user):
            script.message_post(
                body=body(script),
                partner_ids=script.author_id.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )
