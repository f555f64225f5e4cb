from odoo import api, models

COMPLAINT_MODEL = "complaint.complaint"


class MailThread(models.AbstractModel):
    """One email, one complaint: an email sent to two teams' aliases (one in
    To, one in Cc) matches two routes, and core creates a record for each.
    The complaint is filed once, by the first alias it was sent to; routes
    to existing records and to other models are left as they are."""

    _inherit = "mail.thread"

    @api.model
    def _message_route_process(self, message, message_dict, routes):
        filed = False
        kept = []
        for route in routes or ():
            model, thread_id = route[0], route[1]
            if model == COMPLAINT_MODEL and not thread_id:
                if filed:
                    continue
                filed = True
            kept.append(route)
        return super()._message_route_process(message, message_dict, kept)
