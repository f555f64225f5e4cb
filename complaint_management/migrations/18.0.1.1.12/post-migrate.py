"""The party's email and pages give the *Case for the Party* (the
description without the complainant's contact data), not the description:
the template is ``noupdate``, so its body is brought over in every language
here, unless an administrator rewrote that line; the complaints already
forwarded get their case for the party. The fast track's limit per customer
starts at the company's limit per complaint at least, and counts the grants
made so far."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    # the new limit per customer (500 by default) is never below the limit
    # per complaint a company set
    cr.execute(
        """
        UPDATE res_company
           SET complaint_fast_track_customer_amount = complaint_fast_track_amount
         WHERE complaint_fast_track_customer_amount > 0
           AND complaint_fast_track_customer_amount < complaint_fast_track_amount
        """
    )
    # the grants made so far count for the customer of their complaint
    cr.execute(
        """
        UPDATE complaint_remedy remedy
           SET fast_track_customer_id = partner.commercial_partner_id
          FROM complaint_complaint complaint
          JOIN res_partner partner ON partner.id = complaint.partner_id
         WHERE remedy.complaint_id = complaint.id
           AND remedy.is_fast_track
        """
    )
    # a case for the party is written at the forward (an earlier build
    # computed it on every complaint with a party)
    cr.execute(
        """
        UPDATE complaint_complaint
           SET party_description = NULL
         WHERE party_state = 'not_forwarded'
        """
    )
    env = api.Environment(cr, SUPERUSER_ID, {})
    forwarded = env["complaint.complaint"].search(
        [
            ("party_state", "!=", "not_forwarded"),
            ("party_description", "=", False),
            ("is_deidentified", "=", False),
        ]
    )
    for complaint in forwarded:
        complaint.party_description = complaint._party_masked_description()
    cr.execute(
        """
        UPDATE mail_template t
           SET body_html = replace(
                   t.body_html::text,
                   't-if=\\"object.description\\" t-out=\\"object.description\\"',
                   't-if=\\"object.party_description\\" '
                   't-out=\\"object.party_description\\"'
               )::jsonb
          FROM ir_model_data d
         WHERE d.model = 'mail.template'
           AND d.res_id = t.id
           AND d.module = 'complaint_management'
           AND d.name = 'mail_template_complaint_party'
        """
    )
