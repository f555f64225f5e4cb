"""Spill-over cases concluded before the record of a late conclusion existed:
those concluded after their deadline are marked late (a case re-opened since
was measured against its new deadline: what its dates still show)."""

import logging

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE complaint_external_case
           SET was_late = TRUE
         WHERE outcome != 'pending'
           AND deadline IS NOT NULL
           AND date_settled > deadline
        """
    )
    _logger.info("%s concluded spill-over cases marked late", cr.rowcount)
