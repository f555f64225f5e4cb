"""Each time limit records the working calendar it was planned on (*Planned
On*): a move to a team on another calendar, or a change of that
calendar's holidays or hours, plans it again. The open limits planned before
then were planned on their complaint's calendar as it is now (a move would
have replanned them); they record it, so that later changes reach them too."""

import logging

_logger = logging.getLogger(__name__)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE complaint_sla_line line
           SET calendar_id = COALESCE(team.resource_calendar_id,
                                      company.resource_calendar_id)
          FROM complaint_complaint complaint
          JOIN res_company company ON company.id = complaint.company_id
     LEFT JOIN complaint_team team ON team.id = complaint.team_id
         WHERE line.complaint_id = complaint.id
           AND line.calendar_id IS NULL
           AND line.state IN ('running', 'at_risk', 'paused')
        """
    )
    # Teams now escalate, and rules send, within their own company only (the
    # escalation's handler must be able to read the complaint): an earlier
    # link across companies would stop every escalation of the sweep. It is
    # removed and named in the log, for the administrator to set again.
    cr.execute(
        """
        UPDATE complaint_team team
           SET escalation_team_id = NULL
          FROM complaint_team target
         WHERE target.id = team.escalation_team_id
           AND target.company_id != team.company_id
     RETURNING team.id, target.id
        """
    )
    for team_id, target_id in cr.fetchall():
        _logger.warning(
            "Complaint team %s escalated to team %s of another company: "
            "its escalation team is cleared, set one of its company.",
            team_id,
            target_id,
        )
    cr.execute(
        """
        UPDATE complaint_assignment_rule rule
           SET active = FALSE
          FROM complaint_team team
         WHERE team.id = rule.team_id
           AND team.company_id != rule.company_id
           AND rule.active
     RETURNING rule.id
        """
    )
    for (rule_id,) in cr.fetchall():
        _logger.warning(
            "Complaint assignment rule %s sent complaints to a team of another "
            "company: it is archived.",
            rule_id,
        )
