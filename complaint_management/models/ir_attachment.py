from odoo import api, models


class IrAttachment(models.Model):
    """The files of a complaint kept permanently are evidence: not deleted
    while the hold lasts (``complaint.retention.mixin._check_not_held``)."""

    _inherit = "ir.attachment"

    @api.ondelete(at_uninstall=False)
    def _unlink_except_held_complaint(self):
        # sudo: the document of the files, whatever the access
        complaint_ids = {
            attachment.res_id
            for attachment in self.sudo()
            if attachment.res_model == "complaint.complaint" and attachment.res_id
        }
        if complaint_ids:
            self.env["complaint.complaint"].browse(complaint_ids)._check_not_held()
