"""The email with a new secure link builds its link as the receipt does (the
complaint gives the address: the complainant's link in their email, the page
without it in a copy the conversation keeps), in every language of the
template, as the Chinese text already did; a link the company rewrote is left
alone."""

OLD = "object.get_base_url() + object.get_portal_url()"
NEW = "object._portal_receipt_url()"


def migrate(cr, version):
    if not version:
        return
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
           AND data.name = 'mail_template_complaint_portal_access'
           AND data.res_id = template.id
           AND template.body_html::text LIKE %(like)s
        """,
        {"old": OLD, "new": NEW, "like": f"%{OLD}%"},
    )
