"""Upgrades of the email templates installed once (each company may edit
them): a shipped expression replaced where the company left it."""


def replace_in_template(cr, name, old, new):
    """Replace ``old`` by ``new`` in every language of the body of
    ``complaint_portal.<name>``, where the text still holds it."""
    cr.execute(
        """
        UPDATE mail_template template
           SET body_html = (
                   SELECT jsonb_object_agg(lang, replace(body, %(old)s, %(new)s))
                     FROM jsonb_each_text(template.body_html) AS t(lang, body)
               )
          FROM ir_model_data data
         WHERE data.model = 'mail.template'
           AND data.module = 'complaint_portal'
           AND data.name = %(name)s
           AND data.res_id = template.id
           AND template.body_html::text LIKE %(like)s
        """,
        {"old": old, "new": new, "name": name, "like": f"%{old}%"},
    )
