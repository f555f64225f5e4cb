"""Each time limit records the working calendar it was planned on (*Planned
On*): a move to a team on another calendar, or a change of that
calendar's holidays or hours, plans it again. The open limits planned before
then were planned on their complaint's calendar as it is now (a move would
have replanned them); they record it, so that later changes reach them too."""


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
