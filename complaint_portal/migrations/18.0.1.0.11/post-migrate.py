"""Contacts the web form made for visitors and the JSON API for its
channels' complainants (created by the public user or by a channel's user,
without a login of their own) are marked as made at intake: emptied and
archived with their complaints' personal data once nothing else refers to
them (complaint_management 18.0.1.1.18 marks those of the email intake)."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE res_partner p
           SET complaint_intake_contact = TRUE
         WHERE NOT p.complaint_intake_contact IS TRUE
           AND NOT EXISTS (SELECT 1 FROM res_users u WHERE u.partner_id = p.id)
           AND EXISTS (SELECT 1 FROM complaint_complaint c WHERE c.partner_id = p.id)
           AND (
                p.create_uid = (SELECT res_id FROM ir_model_data
                                 WHERE module = 'base' AND name = 'public_user')
                OR p.create_uid IN (
                    SELECT r.uid
                      FROM res_groups_users_rel r
                      JOIN ir_model_data d ON d.res_id = r.gid
                     WHERE d.model = 'res.groups'
                       AND d.module = 'complaint_portal'
                       AND d.name = 'complaint_portal_group_api')
           )
        """
    )
