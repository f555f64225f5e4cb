"""Two facts kept on their records since, for the records made before:

- A running time limit keeps the rule it started under: whether its breach
  escalates is now kept on the limit (``escalate_on_breach``, added as
  true). The open limits of a policy that does not escalate take its choice.
- A rating given before a reopening rated a handling since undone
  (``complaint_outdated``, added in 18.0.1.1.15 as false): out of the
  figures, and the complaint closed again invites the customer anew."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE complaint_sla_line l
           SET escalate_on_breach = FALSE
          FROM complaint_sla_policy p
         WHERE l.policy_id = p.id
           AND NOT p.escalate_on_breach
           AND l.state IN ('running', 'at_risk', 'paused')
        """
    )
    cr.execute(
        """
        UPDATE rating_rating r
           SET complaint_outdated = TRUE
          FROM complaint_complaint c
         WHERE r.res_model = 'complaint.complaint'
           AND r.res_id = c.id
           AND r.consumed
           AND NOT COALESCE(r.complaint_outdated, FALSE)
           AND c.date_reopened IS NOT NULL
           AND r.write_date < c.date_reopened
     RETURNING c.id
        """
    )
    ids = sorted({row[0] for row in cr.fetchall()})
    if ids:
        env = api.Environment(cr, SUPERUSER_ID, {})
        Complaint = env["complaint.complaint"]
        env.add_to_compute(
            Complaint._fields["rating_last_value"], Complaint.browse(ids)
        )
        env.flush_all()
