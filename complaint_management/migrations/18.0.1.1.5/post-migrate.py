"""Cancelled complaints (and those merged into another) now keep the person's
data for the retention period from their cancellation, then the retention job
de-identifies them. Before this version nothing recorded when a complaint was
cancelled: the date of its last change of status stands for it (the chatter's
tracking of ``state``; the field is matched, its labels are translated), else
its last change (which the upgrade itself may have touched: a stored field
added later is computed for every complaint before this script runs)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE complaint_complaint c
           SET date_cancelled = COALESCE(
                   (SELECT max(m.date)
                      FROM mail_tracking_value t
                      JOIN mail_message m ON m.id = t.mail_message_id
                      JOIN ir_model_fields f ON f.id = t.field_id
                     WHERE m.model = 'complaint.complaint'
                       AND m.res_id = c.id
                       AND f.model = 'complaint.complaint'
                       AND f.name = 'state'),
                   c.write_date)
         WHERE c.state = 'cancelled' AND c.date_cancelled IS NULL
     RETURNING c.id
        """
    )
    ids = [row[0] for row in cr.fetchall()]
    if not ids:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    complaints = env["complaint.complaint"].browse(ids)
    env.add_to_compute(complaints._fields["date_retention"], complaints)
    env.flush_all()
