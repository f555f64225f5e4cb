"""Contacts the web form made for visitors and the JSON API for its
channels' complainants are marked as made at intake: emptied and archived with
their complaints' personal data once nothing else refers to them
(complaint_management 18.0.1.1.18 marks those of the email intake). Such a
contact has no login and was created in the same transaction as a complaint
(the same ``create_date``, the transaction's time) by a public user (the
web form; a website has a public user of its own) or by the channel's user
that filed that complaint (``api_user_id``). A contact someone made by hand
before a complaint, or a guest's checkout contact, is not."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE res_partner p
           SET complaint_intake_contact = TRUE
         WHERE NOT p.complaint_intake_contact IS TRUE
           AND NOT EXISTS (SELECT 1 FROM res_users u WHERE u.partner_id = p.id)
           AND EXISTS (
                SELECT 1
                  FROM complaint_complaint c
                 WHERE c.partner_id = p.id
                   AND c.create_date = p.create_date
                   AND (c.api_user_id = p.create_uid
                        OR p.create_uid IN (
                            SELECT r.uid
                              FROM res_groups_users_rel r
                              JOIN ir_model_data d ON d.res_id = r.gid
                             WHERE d.model = 'res.groups'
                               AND d.module = 'base'
                               AND d.name = 'group_public')))
        """
    )
