from odoo import models


class MailNotification(models.Model):
    """Who was notified of a complaint's messages: read by those who may read
    the complaint (``complaint.mail.reach``)."""

    _name = "mail.notification"
    _inherit = ["mail.notification", "complaint.mail.reach"]

    _complaint_reach_fields = ("mail_message_id.model", "mail_message_id.res_id")
