from . import controllers
from . import models
from . import wizard


API_CHANNEL = "complaint_channel_api"


def pre_init_hook(env):
    """Installed again, the addon takes back the API's channel its
    uninstall left archived (its data would make a second channel of the
    same code, which the channels' unique code refuses)."""
    channel = (
        env["complaint.channel"]
        .with_context(active_test=False)
        .search([("code", "=", "api")], limit=1)
    )
    if channel and not env.ref(f"complaint_portal.{API_CHANNEL}", False):
        env["ir.model.data"].create(
            {
                "module": "complaint_portal",
                "name": API_CHANNEL,
                "model": channel._name,
                "res_id": channel.id,
                "noupdate": True,
            }
        )
        channel.active = True


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
    channel = env.ref(f"complaint_portal.{API_CHANNEL}", raise_if_not_found=False)
    if channel:
        env["ir.model.data"].search(
            [("module", "=", "complaint_portal"), ("name", "=", API_CHANNEL)]
        ).unlink()
        channel.sudo().active = False  # sudo: the uninstall's, whoever runs it
