"""Remedies left awaiting approval on complaints that ended (closed from a
rejection or as unfounded, or cancelled, before either refused them) can no
longer be decided: they are withdrawn, and their approval requests done."""

import logging

from odoo import SUPERUSER_ID, api

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    waiting = env["complaint.remedy"].search(
        [
            ("state", "=", "proposed"),
            ("complaint_id.state", "in", ("closed", "cancelled")),
        ]
    )
    if not waiting:
        return
    waiting._workflow_write({"state": "cancelled"})
    waiting._close_approval_requests(waiting.complaint_id, "Withdrawn")
    _logger.info(
        "%s remedies awaiting approval on ended complaints withdrawn", len(waiting)
    )
