from odoo import api, models

REQUEST_TYPE = "complaint_management.mail_activity_type_new_holder"


class ComplaintHolderRequest(models.AbstractModel):
    """A record whose holder (owner, verifier, reviewer) can no longer hold
    it asks the company's manager on duty for another, once, and the request
    is done when every holder it needs can hold it again (composed by
    ``complaint.corrective.action`` and ``complaint.sample``, which say
    which holders they still need: ``_holders_to_name``)."""

    _name = "complaint.holder.request"
    _description = "Complaint Work Asking for a New Holder"

    # the fields naming its holders, each with the states that need it
    _holder_fields = {}

    @api.model
    def _holder_states(self):
        """The states in which a holder is needed."""
        return {state for states in self._holder_fields.values() for state in states}

    def _holders_to_name(self):
        """The holder fields of ``self`` whose user can no longer hold it,
        while its state still needs them."""
        self.ensure_one()
        return [
            name
            for name, states in self._holder_fields.items()
            if self.state in states
            and self[name]
            and not self[name]._complaint_can_own(self.company_id)
        ]

    def write(self, vals):
        res = super().write(vals)
        # a holder named, or a step after which a holder is no longer needed
        if ({"state", *self._holder_fields}) & vals.keys():
            settled = self.filtered(lambda record: not record._holders_to_name())
            # sudo: the manager's request, done by whoever names the holder
            settled.sudo().activity_feedback([REQUEST_TYPE])
        return res

    def _complaint_ask_new_holders(self):
        """Ask the manager on duty of each record for its missing holders."""
        for record in self:
            for field in record._holders_to_name():
                record._complaint_ask_new_holder(record[field], field)

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
        asked = self.sudo().activity_ids.filtered(
            lambda a: a.user_id == manager and a.summary == summary
        )
        if not asked:
            self.sudo().activity_schedule(
                REQUEST_TYPE, summary=summary, user_id=manager.id
            )
