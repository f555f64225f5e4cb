"""The receipt of an online complaint is emailed to the complainant alone, and
the conversation keeps a copy without their secure link (other followers read
it). The template is installed once (each company may edit it): its link now
asks the complaint which address to give, in every language of the template;
a link the company rewrote is left alone."""

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
           AND data.name = 'mail_template_complaint_portal_receipt'
           AND data.res_id = template.id
           AND template.body_html::text LIKE %(like)s
        """,
        {"old": OLD, "new": NEW, "like": f"%{OLD}%"},
    )
