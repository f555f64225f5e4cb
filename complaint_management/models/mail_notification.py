from odoo import api, models
from odoo.exceptions import AccessError
from odoo.osv import expression

COMPLAINT_MODEL = "complaint.complaint"


class MailNotification(models.Model):
    """Who was told of a complaint's messages is read by those who read the
    complaint, and by the people told or writing.

    Core lets every internal user read every notification (its rule covers
    writes only) and names the recipient, the message's record and the
    bounce reason as superuser: a salesman, or another company's manager,
    would list the complainants of every company and their complaints'
    numbers. A search keeps the rows of the user's own messages and inbox
    and those of complaints they read; a read by id refuses the others.
    Other documents keep core's rules; portal users have a rule of their own
    (complaint_portal), and the superuser (core's own paths) reads all."""

    _inherit = "mail.notification"

    def _complaint_reach_applies(self):
        return not self.env.su and self.env.user._is_internal()

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        if self._complaint_reach_applies():
            partner_id = self.env.user.partner_id.id
            Complaint = self.env[COMPLAINT_MODEL]
            hidden = [("model", "=", COMPLAINT_MODEL)]
            if Complaint.has_access("read"):
                hidden.append(("res_id", "not in", Complaint._search([])))
            # sudo: which messages are of a complaint the user does not read
            unread = self.env["mail.message"].sudo()._search(hidden)
            reach = [
                "|",
                "|",
                ("res_partner_id", "=", partner_id),
                ("author_id", "=", partner_id),
                ("mail_message_id", "not in", unread),
            ]
            domain = expression.AND([reach, domain or []])
        return super()._search(domain, offset=offset, limit=limit, order=order)

    def _check_access(self, operation):
        result = super()._check_access(operation)
        if (
            result
            or operation != "read"
            or not self
            or not self._complaint_reach_applies()
        ):
            return result
        partner = self.env.user.partner_id
        # sudo: the message each row tells of, whatever the access
        rows = self.sudo().filtered(
            lambda n: n.mail_message_id.model == COMPLAINT_MODEL
            and partner not in n.res_partner_id | n.author_id
        )
        if not rows:
            return None
        Complaint = self.env[COMPLAINT_MODEL]
        readable = set()
        if Complaint.has_access("read"):
            complaints = Complaint.browse(set(rows.mail_message_id.mapped("res_id")))
            readable = set(complaints.exists()._filtered_access("read").ids)
        forbidden = self.browse(
            row.id for row in rows if row.mail_message_id.res_id not in readable
        )
        if not forbidden:
            return None
        return forbidden, lambda: AccessError(
            self.env._(
                "You may not read who was told of the messages of a complaint "
                "you cannot read."
            )
        )
