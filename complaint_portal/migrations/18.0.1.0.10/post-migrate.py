"""Before 18.0.1.0.3 a message the JSON API posted took the channel's own
reference as its Message-Id (``<ref.uid.complaint@complaint-api>``): anyone
knowing a reference could name it in an email's References, and core would
route the email into the complaint, posted as its sender's. Those
Message-Ids are signed as the API signs them since
(``complaint.api.mixin._api_message_id``): the channel still finds its
message by its reference, nobody outside can name it."""

import re

from odoo import SUPERUSER_ID, api

SUFFIX = "@complaint-api>"
# what the API writes since 18.0.1.0.3: a signature of 32 hexadecimal digits
SIGNED = re.compile(r"^[0-9a-f]{32}$")


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    cr.execute(
        """
        SELECT id, message_id
          FROM mail_message
         WHERE model = 'complaint.complaint'
           AND message_id LIKE %s
        """,
        ["%" + SUFFIX],
    )
    Complaint = env["complaint.complaint"]
    for message_id, header in cr.fetchall():
        ref, _sep, numbers = header[1 : -len(SUFFIX)].rpartition(".")
        ref, _sep, uid = ref.rpartition(".")
        if not (ref and uid.isdigit() and numbers.isdigit()) or SIGNED.match(ref):
            continue
        # the complaint it was posted on (a merge since moved the message)
        complaint = Complaint.browse(int(numbers)).with_user(int(uid))
        cr.execute(
            "UPDATE mail_message SET message_id = %s WHERE id = %s",
            [complaint._api_message_id(ref), message_id],
        )
