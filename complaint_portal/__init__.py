from . import controllers
from . import models
from . import wizard


def uninstall_hook(env):
    """The unique index the JSON API keeps on ``mail_message`` (one message
    per channel reference) is the addon's: it goes with it, or posting
    messages would still be refused under its rule."""
    from .models.mail_message import UNIQUE_API_MESSAGE_ID

    env.cr.execute(f"DROP INDEX IF EXISTS {UNIQUE_API_MESSAGE_ID}")  # noqa: S608
