"""A running time limit keeps the rule it started under: whether its breach
escalates is now kept on the limit (``escalate_on_breach``, added as true).
The open limits of a policy that does not escalate take its choice."""


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
        """
    )
