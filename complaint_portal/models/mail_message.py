from odoo import models

PLACEHOLDER_AVATAR = "/web/static/img/placeholder.png"


class MailMessage(models.Model):
    _inherit = "mail.message"

    def _portal_message_format(self, properties_names, options=None):
        """Complainants never see a handler's own name or photo in the portal
        conversation: staff messages are signed with the public handler name."""
        vals_list = super()._portal_message_format(properties_names, options=options)
        for message, values in zip(self, vals_list, strict=True):
            if message.model != "complaint.complaint":
                continue
            # sudo: the portal checked access to the thread; only whether the
            # author is staff and their public name are read
            staff = message.sudo().author_id.user_ids.filtered(lambda u: not u.share)
            if not staff:
                continue
            public_name = staff[:1]._complaint_public_name()
            values["author"] = dict(values.get("author") or {}, name=public_name)
            if values.get("author_id"):
                values["author_id"] = (values["author_id"][0], public_name)
            if "author_avatar_url" in values:
                values["author_avatar_url"] = PLACEHOLDER_AVATAR
        return vals_list
