"""Cancelled complaints (and those merged into another) now keep the person's
data for the retention period from their cancellation, then the retention job
de-identifies them. Before this version nothing recorded when a complaint was
cancelled: its last change stands for it."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE complaint_complaint
           SET date_cancelled = write_date
         WHERE state = 'cancelled' AND date_cancelled IS NULL
     RETURNING id
        """
    )
    ids = [row[0] for row in cr.fetchall()]
    if not ids:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    complaints = env["complaint.complaint"].browse(ids)
    env.add_to_compute(complaints._fields["date_retention"], complaints)
    env.flush_all()
