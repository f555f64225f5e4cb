from . import models
from . import report
from . import wizard


def uninstall_hook(env):
    """The analysis's index and planner statistics on the complaints table
    are the addon's: they go with it."""
    from .report.complaint_report_tuning import drop_report_tuning

    drop_report_tuning(env.cr)
