"""Each time limit now also counts its pauses in hours day and night
(*Paused Hours*), so that a regrade to a rule of another measure counts them
in that measure. For the limits in hours, their paused time already is that
count. For the limits in working time, the hours day and night of their past
pauses were not kept: their paused working hours stand for them (at least
that long), and the open ones are counted in the log."""

import logging

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    # the reminders in place were made for the deadlines of their lines
    cr.execute(
        """
        UPDATE complaint_sla_line
           SET reminded_deadline = deadline
         WHERE activity_id IS NOT NULL
        """
    )
    # in hours, the paused time is that count; in working time, the paused
    # working hours stand for it
    cr.execute(
        """
        UPDATE complaint_sla_line
           SET paused_elapsed = CASE WHEN time_unit = 'hours' THEN paused_time
                                     ELSE paused_hours END
         WHERE paused_time > 0 OR paused_hours > 0
        """
    )
    cr.execute(
        """
        SELECT count(*)
          FROM complaint_sla_line
         WHERE time_unit != 'hours'
           AND paused_time > 0
           AND state IN ('running', 'at_risk', 'paused')
        """
    )
    (count,) = cr.fetchone()
    if count:
        _logger.info(
            "%s open time limits in working time were paused before their pauses "
            "were counted in hours: a regrade to a rule in hours counts their "
            "paused working hours (at least as long)",
            count,
        )
