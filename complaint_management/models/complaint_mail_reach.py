from odoo import api, models
from odoo.exceptions import AccessError
from odoo.osv import expression

COMPLAINT_MODEL = "complaint.complaint"


class ComplaintMailReach(models.AbstractModel):
    """Who follows a complaint is read by those who may read the complaint.

    Core lets every internal user read every follower: a salesman, or a
    manager of another company, would list the complainants of every
    company by name and address (a follower's name and email are read as
    superuser). Composed on ``mail.followers``: a search keeps the rows of
    complaints the caller reads, and a read by id refuses the others; other
    documents keep core's rules, and the superuser (core's own paths) reads
    all. (``mail.notification`` has its own: see ``mail_notification.py``.)"""

    _name = "complaint.mail.reach"
    _description = "Complaint Followers Reach"

    # the field paths naming the document of a row: (model, id)
    _complaint_reach_fields = ("res_model", "res_id")

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if not self.env.su:
            model_path, id_path = self._complaint_reach_fields
            reach = [(model_path, "!=", COMPLAINT_MODEL)]
            Complaint = self.env[COMPLAINT_MODEL]
            if Complaint.has_access("read"):
                reach = ["|", *reach, (id_path, "in", Complaint._search([]))]
            domain = expression.AND([reach, domain or []])
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if result or self.env.su or operation != "read" or not self:
            return result
        model_path, id_path = self._complaint_reach_fields
        # sudo: which document each row is of, to check the caller's reach
        complaint_of = {
            row.id: row.mapped(id_path)[0]
            for row in self.sudo()
            if row.mapped(model_path)[0] == COMPLAINT_MODEL
        }
        if not complaint_of:
            return None
        Complaint = self.env[COMPLAINT_MODEL]
        readable = set()
        if Complaint.has_access("read"):
            complaints = Complaint.browse(set(complaint_of.values())).exists()
            readable = set(complaints._filtered_access("read").ids)
        forbidden = self.browse(
            row_id
            for row_id, complaint_id in complaint_of.items()
            if complaint_id not in readable
        )
        if not forbidden:
            return None
        return forbidden, lambda: AccessError(
            self.env._("You may not read who follows a complaint you cannot read.")
        )
