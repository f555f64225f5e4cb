import logging

from odoo.exceptions import UserError

_logger = logging.getLogger(__name__)

FRONT_DESK_ALIAS = "complaints"


def post_init_hook(env):
    """The front desk's address (complaints@) where no other document of
    the database uses it already (a helpdesk's, a sales team's): set in the
    data file, it made the whole install fail; taken, the team is left
    without one and the administrator gives it another."""
    team = env.ref(
        "complaint_management.complaint_team_frontline", raise_if_not_found=False
    )
    if not team or team.alias_name:
        return
    try:
        with env.cr.savepoint():
            team.alias_name = FRONT_DESK_ALIAS
            team.flush_recordset()
    except UserError:
        _logger.warning(
            "The address %s@ is used by another document: the team %s was "
            "given none (set it on the team).",
            FRONT_DESK_ALIAS,
            team.name,
        )
