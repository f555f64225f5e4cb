import logging

import psycopg2

from odoo import models
from odoo.tools.sql import index_exists

_logger = logging.getLogger(__name__)

# the Message-Id of a message an intake channel posted under its own reference
# (complaint.api.mixin._api_message_id)
API_MESSAGE_ID_SUFFIX = "@complaint-api>"
UNIQUE_API_MESSAGE_ID = "mail_message_complaint_api_message_id_uniq"


class MailMessage(models.Model):
    """A channel's message reference is posted once, whoever sends it at once.

    The JSON API gives back the message already posted under a reference
    (a retry after a lost answer). Two requests with the same reference at the
    same time would both miss it and both post: a unique index on the
    Message-Ids the API gives makes the second one fail, and Odoo retries it,
    which then finds the first one's message.
    """

    _inherit = "mail.message"

    def init(self):
        super().init()
        if index_exists(self.env.cr, UNIQUE_API_MESSAGE_ID):
            return
        try:
            with self.env.cr.savepoint():
                self.env.cr.execute(
                    f"CREATE UNIQUE INDEX {UNIQUE_API_MESSAGE_ID} "  # noqa: S608
                    "ON mail_message (message_id) WHERE message_id LIKE %s",
                    [f"%{API_MESSAGE_ID_SUFFIX}"],
                )
        except psycopg2.errors.UniqueViolation:
            # posted twice before this index existed: kept, and said
            _logger.warning(
                "Messages posted twice under the same API reference exist: the "
                "index %s is not created until one of each pair is removed.",
                UNIQUE_API_MESSAGE_ID,
            )
