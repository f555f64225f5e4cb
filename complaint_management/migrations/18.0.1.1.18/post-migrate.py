"""Contacts the email intake made for unknown senders are marked as made at
intake: emptied and archived with their complaints' personal data once
nothing else refers to them. Such a contact has no login, its first
complaint came by email, and it was made in the same minute as that
complaint, by the same user (the gateway's)."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE res_partner p
           SET complaint_intake_contact = TRUE
          FROM (SELECT DISTINCT ON (c.partner_id)
                       c.partner_id, c.create_date, c.create_uid, c.channel_id
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
           AND p.create_date BETWEEN first.create_date - interval '1 minute'
                                 AND first.create_date
        """
    )
