"""- The shipped media and regulator bodies make a complaint high-risk (media
  exposure, government attention); their records are ``noupdate``: the new
  setting is given to them here.
- The satisfaction survey promised that a reply reopens the complaint
  whatever the reopening period (none, or over when the survey was asked
  for later): it now gives the last day, and only while a reply reopens it.
  The templates are ``noupdate``: the shipped sentence is replaced in English
  and Chinese, unless an administrator rewrote it.
"""

import json

HIGH_RISK_BODIES = (
    "complaint_external_body_media",
    "complaint_external_body_regulator",
)

SURVEY_SENTENCES = (
    (
        "<p>If you are not satisfied, we will call you back. If something is "
        "still wrong, simply reply to this email: your complaint will be "
        "reopened.</p>",
        "<p>If you are not satisfied, we will call you back.<t "
        't-if="object._reopen_until_text()"> If something is still wrong, reply '
        'to this email by <t t-out="object._reopen_until_text()">1 January '
        "2027</t>: your complaint will be reopened.</t></p>",
    ),
    (
        "<p>如您不满意，我们将致电回访。如问题仍未解决，请直接回复本邮件，您的投诉将重开。</p>",
        '<p>如您不满意，我们将致电回访。<t t-if="object._reopen_until_text()">'
        '如问题仍未解决，请在 <t t-out="object._reopen_until_text()">2027年1月1日'
        "</t> 前回复本邮件，您的投诉将重开。</t></p>",
    ),
)


def _json_text(html):
    """``html`` as it stands inside the translations' JSON text."""
    return json.dumps(html, ensure_ascii=False)[1:-1]


def migrate(cr, version):
    if not version:
        return
    # the shipped ones, and a company's own body of their codes (which its
    # cases are filed with instead of the shipped one)
    cr.execute(
        """
        UPDATE complaint_external_body b
           SET makes_high_risk = TRUE
         WHERE b.code IN (
                SELECT s.code
                  FROM complaint_external_body s
                  JOIN ir_model_data d
                    ON d.model = 'complaint.external.body'
                   AND d.res_id = s.id
                 WHERE d.module = 'complaint_management'
                   AND d.name IN %s
               )
        """,
        [HIGH_RISK_BODIES],
    )
    for old, new in SURVEY_SENTENCES:
        cr.execute(
            """
            UPDATE mail_template t
               SET body_html = replace(t.body_html::text, %s, %s)::jsonb
              FROM ir_model_data d
             WHERE d.model = 'mail.template'
               AND d.res_id = t.id
               AND d.module = 'complaint_management'
               AND d.name = 'mail_template_complaint_rating'
            """,
            [_json_text(old), _json_text(new)],
        )
