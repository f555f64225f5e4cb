"""The party's email gives the *Case for the Party* (the description without
the complainant's contact data), not the description: the template is
``noupdate``, so its body is brought over in every language here, unless an
administrator rewrote that line."""


def migrate(cr, version):
    if not version:
        return
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
