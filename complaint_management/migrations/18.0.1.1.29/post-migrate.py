"""A privacy request that includes the complaints of the requester's email
address now keeps the address the officer checked (``verified_email``): the
requests ticked before keep the contact's address as it is at the upgrade."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE complaint_privacy_request request
           SET verified_email = partner.email_normalized
          FROM res_partner partner
         WHERE partner.id = request.partner_id
           AND request.include_email_matches
           AND request.verified_email IS NULL
        """
    )
