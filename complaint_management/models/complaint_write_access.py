from odoo import api, fields, models


class ComplaintWriteAccess(models.AbstractModel):
    """Whether the current user may change the record, by the model's access
    and record rules: a reader who may not (a handler reading an action of
    their complaint, an officer another's quality review) is offered no
    button that would end in an access error."""

    _name = "complaint.write.access"
    _description = "Complaint Record Write Access"

    can_write = fields.Boolean(compute="_compute_can_write")

    @api.depends_context("uid")
    def _compute_can_write(self):
        writable = self._filtered_access("write")
        for record in self:
            record.can_write = record in writable
