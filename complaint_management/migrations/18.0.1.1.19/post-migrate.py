"""Remedies left awaiting approval on complaints that ended (closed from a
rejection or as unfounded, or cancelled, before either refused them) can no
longer be decided: they are withdrawn, and their approval requests done."""

import logging

from odoo import SUPERUSER_ID, api
from odoo.tools.translate import code_translations

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
    # the requests' feedback in each company's language, as the code writes it
    # (a script is no module of the addon: its terms are looked up by name)
    for company, remedies in waiting.grouped("company_id").items():
        terms = code_translations.get_python_translations(
            "complaint_management", company._complaint_lang()
        )
        remedies._close_approval_requests(
            remedies.complaint_id, terms.get("Withdrawn", "Withdrawn")
        )
    _logger.info(
        "%s remedies awaiting approval on ended complaints withdrawn", len(waiting)
    )
