from . import controllers
from . import models
from . import wizard


def uninstall_hook(env):
    """The unique index the JSON API keeps on ``mail_message`` (one message
    per channel reference) is the addon's: it goes with it, or posting
    messages would still be refused under its rule.

    The API's channel stays, archived: deleted with the addon, the complaints
    filed through it would lose their channel (and the figures by channel
    them), and a time-limit policy or assignment rule of that channel alone
    would be left applying to every complaint."""
    from .models.mail_message import UNIQUE_API_MESSAGE_ID

    env.cr.execute(f"DROP INDEX IF EXISTS {UNIQUE_API_MESSAGE_ID}")  # noqa: S608
    channel = env.ref(
        "complaint_portal.complaint_channel_api", raise_if_not_found=False
    )
    if channel:
        env["ir.model.data"].search(
            [
                ("module", "=", "complaint_portal"),
                ("name", "=", "complaint_channel_api"),
            ]
        ).unlink()
        channel.sudo().active = False  # sudo: the uninstall's, whoever runs it
