"""The email templates are ``noupdate``, and each keeps its text per language
as an upgrade found it: fixes made before a database's templates became
``noupdate`` (or to a language's text, which an upgrade never rewrites)
never reached it.

- The proposal listed every remedy not cancelled (refused ones, those
  awaiting approval, those carried out before a reopening): it lists the
  remedies to offer, in every language, unless an administrator rewrote the
  line (18.0.1.1.26 rewrote the later ``_promised()`` line only).
- A complainant (or party) without a language was written to in English:
  the templates fall back to the company's language, where their language
  expression is still as shipped.
"""

# the template's line as stored (JSON text: its quotes escaped)
OLD_LOOPS = (
    r"""t-foreach=\"object.remedy_ids.filtered(lambda r: r.state != 'cancelled')\"""",
    r"""t-foreach=\"object.remedy_ids._promised()\"""",
)
NEW_LOOP = r"""t-foreach=\"object._remedies_to_offer()\""""

# the language expressions as shipped before the company's fallback (the
# portal's templates too, where it is installed)
LANGS = {
    "{{ object.partner_id.lang }}": (
        "{{ object.partner_id.lang or object.company_id.partner_id.lang }}"
    ),
    "{{ object.party_id.lang }}": (
        "{{ object.party_id.lang or object.company_id.partner_id.lang }}"
    ),
}


def migrate(cr, version):
    if not version:
        return
    for old in OLD_LOOPS:
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
            [old, NEW_LOOP],
        )
    for old, new in LANGS.items():
        cr.execute(
            """
            UPDATE mail_template t
               SET lang = %s
              FROM ir_model_data d
             WHERE d.model = 'mail.template'
               AND d.res_id = t.id
               AND d.module IN ('complaint_management', 'complaint_portal')
               AND t.lang = %s
            """,
            [new, old],
        )
