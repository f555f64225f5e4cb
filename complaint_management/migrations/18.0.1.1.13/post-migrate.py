"""The quality reviews' draw takes each company's month where it works: the
job moves from the 1st to the 2nd (UTC) of the month, when every time
zone's month is over (its record is ``noupdate``). The party reads the
*Subject for the Party* (the subject without the complainant's contact
data) and the company's number of the order: the complaints already
forwarded get theirs, and the party's email template (``noupdate``) reads
them in every language, unless an administrator rewrote those lines."""

from odoo import SUPERUSER_ID, api

# the template's lines as stored (JSON text: its quotes escaped)
TEMPLATE_LINES = (
    (
        r"""t-out=\"object.subject or ''\"""",
        r"""t-out=\"object.party_subject or ''\"""",
    ),
    (
        r"""t-out=\"object.sale_order_id.client_order_ref or """
        r"""object.sale_order_id.name or ''\"""",
        r"""t-out=\"object.sale_order_id.name or ''\"""",
    ),
)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE ir_cron cron
           SET nextcall = cron.nextcall + interval '1 day'
          FROM ir_model_data data
         WHERE data.module = 'complaint_management'
           AND data.name = 'ir_cron_complaint_draw_samples'
           AND data.res_id = cron.id
           AND cron.interval_type = 'months'
           AND EXTRACT(DAY FROM cron.nextcall) = 1
        """
    )
    env = api.Environment(cr, SUPERUSER_ID, {})
    forwarded = env["complaint.complaint"].search(
        [
            ("party_state", "!=", "not_forwarded"),
            ("party_subject", "=", False),
            ("is_deidentified", "=", False),
        ]
    )
    for complaint in forwarded:
        complaint.party_subject = complaint._party_masked_subject()
    for old, new in TEMPLATE_LINES:
        cr.execute(
            """
            UPDATE mail_template t
               SET body_html = replace(t.body_html::text, %s, %s)::jsonb
              FROM ir_model_data d
             WHERE d.model = 'mail.template'
               AND d.res_id = t.id
               AND d.module = 'complaint_management'
               AND d.name = 'mail_template_complaint_party'
            """,
            [old, new],
        )
