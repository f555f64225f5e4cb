"""Spill-over cases recorded their body as a selection code (``body``); the
bodies are now configured records (``body_id``). Link every existing case to
the shared body of its code (created by this version's data), then plan what
the new fields need: missing deadlines, at-risk dates, states, activities."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE complaint_external_case c
           SET body_id = coalesce(
                   (SELECT b.id FROM complaint_external_body b
                     WHERE b.company_id IS NULL AND b.code = c.body LIMIT 1),
                   (SELECT b.id FROM complaint_external_body b
                     WHERE b.company_id IS NULL AND b.code = 'other' LIMIT 1))
         WHERE c.body_id IS NULL
        """
    )
    cr.execute("ALTER TABLE complaint_external_case ALTER COLUMN body_id SET NOT NULL")
    env = api.Environment(cr, SUPERUSER_ID, {})
    cases = env["complaint.external.case"].search([])
    env.add_to_compute(
        cases._fields["deadline"], cases.filtered(lambda c: not c.deadline)
    )
    env.add_to_compute(cases._fields["date_warning"], cases)
    env.add_to_compute(cases._fields["deadline_state"], cases)
    cases.flush_recordset()
    cases.filtered(lambda c: c.outcome == "pending")._activity_sync()
