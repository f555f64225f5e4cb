"""A proposal after a reopening offered again the remedies carried out
before it: the proposal's email template (``noupdate``) now lists the
remedies to offer, in every language, unless an administrator rewrote the
line."""

# the template's line as stored (JSON text: its quotes escaped)
OLD = r"""t-foreach=\"object.remedy_ids._promised()\""""
NEW = r"""t-foreach=\"object._remedies_to_offer()\""""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE mail_template t
           SET body_html = replace(t.body_html::text, %s, %s)::jsonb
          FROM ir_model_data d
         WHERE d.model = 'mail.template'
           AND d.res_id = t.id
           AND d.module = 'complaint_management'
           AND d.name = 'mail_template_complaint_proposal'
        """,
        [OLD, NEW],
    )
