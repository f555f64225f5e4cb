"""- The closing canned replies promised a reopening "within 30 days" whatever
  the company's reopening period (none, or another length). Their records are
  ``noupdate``: the shipped text is replaced, unless an administrator rewrote
  it.
- A closed complaint keeps its personal data at least until the reopening
  period is over: the retention date of those whose retention ended sooner
  is computed again.
"""

from odoo import SUPERUSER_ID, api

CLOSING_REPLIES = (
    (
        "As your complaint is now resolved, we will close it. If the problem "
        "comes back, simply reply to this message within 30 days and we will "
        "reopen it.",
        "As your complaint is now resolved, we will close it. If the problem "
        "comes back, please contact us again: our closing notice says whether "
        "a reply reopens it.",
    ),
    (
        "您的投诉已经解决，我们将予以办结。"
        "如问题再次出现，请在 30 天内直接回复本消息，我们会重新受理。",
        "您的投诉已经解决，我们将予以办结。"
        "如问题再次出现，欢迎再次与我们联系；结案通知会说明回复能否重开本投诉。",
    ),
)


def migrate(cr, version):
    if not version:
        return
    for old, new in CLOSING_REPLIES:
        cr.execute(
            """
            UPDATE mail_canned_response r
               SET substitution = %s
              FROM ir_model_data d
             WHERE d.model = 'mail.canned.response'
               AND d.res_id = r.id
               AND d.module = 'complaint_management'
               AND r.substitution = %s
            """,
            (new, old),
        )
    # a day of margin for the zones: the compute decides
    cr.execute(
        """
        SELECT c.id
          FROM complaint_complaint c
          JOIN res_company co ON co.id = c.company_id
         WHERE c.state = 'closed'
           AND NOT COALESCE(c.is_deidentified, FALSE)
           AND c.date_retention IS NOT NULL
           AND COALESCE(co.complaint_reopen_days, 0) > 0
           AND c.date_retention
               <= c.date_closed::date + co.complaint_reopen_days + 2
        """
    )
    ids = [row[0] for row in cr.fetchall()]
    if ids:
        env = api.Environment(cr, SUPERUSER_ID, {})
        complaints = env["complaint.complaint"].browse(ids)
        env.add_to_compute(complaints._fields["date_retention"], complaints)
        complaints.flush_recordset(["date_retention"])
