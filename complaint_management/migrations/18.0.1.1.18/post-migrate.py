"""Contacts the email intake made for unknown senders are marked as made at
intake: emptied and archived with their complaints' personal data once
nothing else refers to them. Such a contact is what the mail gateway makes:
no login, created in the same transaction as its first complaint (the same
``create_date``, the transaction's time, and the same user), which came by
email, with the sender's incoming email under that contact on it. A contact a
colleague typed or imported just before filing a complaint by hand (the same
user, a moment earlier, in a request of its own) is not."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE res_partner p
           SET complaint_intake_contact = TRUE
          FROM (SELECT DISTINCT ON (c.partner_id)
                       c.id, c.partner_id, c.create_date, c.create_uid,
                       c.channel_id
                  FROM complaint_complaint c
                 WHERE c.partner_id IS NOT NULL
                 ORDER BY c.partner_id, c.create_date, c.id) first
         WHERE first.partner_id = p.id
           AND NOT p.complaint_intake_contact IS TRUE
           AND NOT EXISTS (SELECT 1 FROM res_users u WHERE u.partner_id = p.id)
           AND first.channel_id = (SELECT res_id FROM ir_model_data
                                    WHERE module = 'complaint_management'
                                      AND name = 'complaint_channel_email')
           AND first.create_uid = p.create_uid
           AND p.create_date = first.create_date
           AND EXISTS (SELECT 1 FROM mail_message m
                        WHERE m.model = 'complaint.complaint'
                          AND m.res_id = first.id
                          AND m.message_type = 'email'
                          AND m.author_id = p.id)
        """
    )
