"""A complaint resolved late, reopened and then resolved in time counted as
resolved in time (``sla_met`` read only the latest resolution): such
complaints are computed again, so the timeliness rate and the public
statistics count them as late."""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        SELECT DISTINCT c.id
          FROM complaint_complaint c
          JOIN complaint_sla_line l ON l.complaint_id = c.id
         WHERE c.sla_met
           AND l.milestone = 'resolution'
           AND l.state = 'met_late'
        """
    )
    ids = [row[0] for row in cr.fetchall()]
    if not ids:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    complaints = env["complaint.complaint"].browse(ids)
    env.add_to_compute(complaints._fields["sla_met"], complaints)
    complaints.flush_recordset(["sla_met"])
    _logger.info(
        "%s complaints resolved late once no longer count as in time", len(ids)
    )
