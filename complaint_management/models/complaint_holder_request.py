from odoo import models


class ComplaintHolderRequest(models.AbstractModel):
    """A record whose holder (owner, verifier, reviewer) can no longer hold
    it asks the company's manager on duty for another, once (composed by
    ``complaint.corrective.action`` and ``complaint.sample``)."""

    _name = "complaint.holder.request"
    _description = "Complaint Work Asking for a New Holder"

    def _complaint_ask_new_holder(self, holder, field):
        self.ensure_one()
        manager = self.company_id._complaint_manager_on_duty()
        if not manager:
            return
        # the manager's language, not the caller's
        record = self.with_context(lang=manager.lang or self.env.lang)
        summary = record.env._(
            "%(user)s can no longer hold this (%(role)s): name someone else.",
            user=holder.name,
            role=record._fields[field].get_description(record.env)["string"],
        )
        # sudo: a to-do for the manager, whoever edits the user who left
        pending = self.sudo().activity_ids.filtered(
            lambda a: a.user_id == manager and a.summary == summary
        )
        if not pending:
            self.sudo().activity_schedule(
                "mail.mail_activity_data_todo", summary=summary, user_id=manager.id
            )
