from odoo import api, models

from ..tools.context_defaults import without_defaults


class ComplaintSystemRecord(models.AbstractModel):
    """A record the system writes (a time limit, a consent, an escalation, a
    job's failure): its values are the code's. The context's defaults
    (``default_<field>``) are a caller's values: JSON-RPC and core's chatter
    route pass any, and the engine creates these records in superuser mode
    in the caller's context (a limit created met, a consent backdated, in
    the name of a colleague). They set nothing here."""

    _name = "complaint.system.record"
    _description = "Complaint System Record"

    @api.model
    def default_get(self, fields_list):
        return super(ComplaintSystemRecord, without_defaults(self)).default_get(
            fields_list
        )
