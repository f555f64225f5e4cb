from dateutil.relativedelta import relativedelta

from odoo import fields, models
from odoo.exceptions import AccessError, UserError

from odoo.addons.base.models.res_users import check_identity

from ..models.complaint_api import API_GROUP


class ComplaintApiKeyWizard(models.TransientModel):
    """An API key for a channel's dedicated user, made by an administrator.

    Odoo lets users make keys only for themselves, and portal users only when
    every customer may; a channel's user never logs in. The key is shown once,
    in Odoo's own dialog, then listed and revoked as any key (*Settings >
    General Settings > Permissions > Manage API Keys*). Only for
    portal users of the Complaint API Channel group: a key of an internal user
    would open much more than the complaints it filed.
    """

    _name = "complaint.api.key.wizard"
    _description = "New API Key of a Complaint Channel User"

    user_id = fields.Many2one(
        "res.users",
        string="Channel User",
        required=True,
        domain=lambda self: [
            ("share", "=", True),
            ("groups_id", "in", self.env.ref(API_GROUP).ids),
        ],
        default=lambda self: self.env.context.get("active_model") == "res.users"
        and self.env.context.get("active_id"),
    )
    name = fields.Char(
        string="Description",
        required=True,
        default=lambda self: self.env._("Complaint JSON API"),
    )
    expiration_date = fields.Datetime(
        default=lambda self: fields.Datetime.now() + relativedelta(years=1),
        help="Leave empty for a key that never expires.",
    )

    @check_identity
    def action_generate(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": "res.users.apikeys.show",
            "name": self.env._("API Key Ready"),
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_key": self._generate_key()},
        }

    def _generate_key(self):
        """The new key, for the chosen channel user."""
        self.ensure_one()
        if not self.env.user._is_system():
            raise AccessError(self.env._("Only administrators make channel keys."))
        if self.expiration_date and self.expiration_date <= fields.Datetime.now():
            raise UserError(
                self.env._(
                    "The expiry date has passed: choose a date to come, or none "
                    "for a key that never expires."
                )
            )
        user = self.user_id
        if not user.share or not user.has_group(API_GROUP):
            raise UserError(
                self.env._(
                    "%(user)s is not a portal user of the Complaint API Channel "
                    "group: make the channel's dedicated user a portal user in that "
                    "group first.",
                    user=user.display_name,
                )
            )
        # sudo: the administrator sets the duration of the channel user's key
        # (a user's own keys are limited by its groups)
        return (
            self.env["res.users.apikeys"]
            .with_user(user)
            .sudo()
            ._generate(None, self.name, self.expiration_date)
        )
