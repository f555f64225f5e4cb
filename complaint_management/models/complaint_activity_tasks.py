from odoo import models

# the context key that makes core's activity helpers do nothing; a request may
# send any context, and a step's to-do for the next holder is not its to skip
SKIP_KEY = "mail_activity_automation_skip"


class ComplaintActivityTasks(models.AbstractModel):
    """Activities of records whose workflow hands each step to its next
    holder (a verifier, an approver, a handler): core's helpers do nothing
    under ``mail_activity_automation_skip``, which a JSON-RPC caller may put
    in any request's context, sudo() keeping it. Here the key is dropped: the
    next holder is always asked, the done to-do always closed. Composed in
    place of ``mail.activity.mixin``."""

    _name = "complaint.activity.tasks"
    _inherit = "mail.activity.mixin"
    _description = "Complaint workflow to-dos"

    def _with_tasks(self):
        if not self.env.context.get(SKIP_KEY):
            return self
        return self.with_context(**{SKIP_KEY: False})

    def activity_search(self, *args, **kwargs):
        return super(ComplaintActivityTasks, self._with_tasks()).activity_search(
            *args, **kwargs
        )

    def activity_schedule(self, *args, **kwargs):
        return super(ComplaintActivityTasks, self._with_tasks()).activity_schedule(
            *args, **kwargs
        )

    def activity_reschedule(self, *args, **kwargs):
        return super(ComplaintActivityTasks, self._with_tasks()).activity_reschedule(
            *args, **kwargs
        )

    def activity_feedback(self, *args, **kwargs):
        return super(ComplaintActivityTasks, self._with_tasks()).activity_feedback(
            *args, **kwargs
        )

    def activity_unlink(self, *args, **kwargs):
        return super(ComplaintActivityTasks, self._with_tasks()).activity_unlink(
            *args, **kwargs
        )
