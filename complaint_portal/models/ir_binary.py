from odoo import models

from .mail_message import NEUTRAL_AVATAR_PATH


class IrBinary(models.AbstractModel):
    """The author avatar routes (/mail/avatar/mail.message/<id>/author_avatar,
    /web/image/mail.message/<id>/author_avatar) stream the message's
    ``author_avatar``: a staff author's photo is replaced by a neutral one for
    complainants."""

    _inherit = "ir.binary"

    def _record_to_stream(self, record, field_name):
        if (
            record._name == "mail.message"
            and field_name == "author_avatar"
            and record._complaint_masked_authors()
        ):
            return self._get_placeholder_stream(NEUTRAL_AVATAR_PATH)
        return super()._record_to_stream(record, field_name)
