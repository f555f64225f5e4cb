from odoo import models

from .complaint_states import MANAGER


class ResUsers(models.Model):
    """What a colleague who left (or lost the complaint rights or a company)
    still held beside complaints: corrective actions they own or verify and
    samples they review. Odoo deleted their to-dos with them, and nothing
    else asks for a new holder: the company's manager on duty is given a
    to-do on each, to name one (the holders' own rules say who may)."""

    _inherit = "res.users"  # pylint: disable=consider-merging-classes-inherited

    def _complaint_holdings_left(self):
        # sudo: the organisation's work, whoever edits the users
        actions = (
            self.env["complaint.corrective.action"]
            .sudo()
            .search(
                [
                    "|",
                    ("user_id", "in", self.ids),
                    ("verifier_id", "in", self.ids),
                    ("state", "in", ("draft", "open", "done")),
                ]
            )
        )
        samples = (
            self.env["complaint.sample"]
            .sudo()
            .search([("reviewer_id", "in", self.ids), ("state", "=", "to_review")])
        )
        actions._complaint_ask_new_holders()
        samples._complaint_ask_new_holders()
        # the requests a departed manager on duty was asked (Odoo deleted
        # their activities): asked again of who is on duty now; only a
        # complaint manager is ever on duty
        if not any(user.has_group(MANAGER) for user in self):
            return
        for model in ("complaint.corrective.action", "complaint.sample"):
            Model = self.env[model].sudo()
            Model.search(
                [("state", "in", list(Model._holder_states()))]
            )._complaint_ask_new_holders()
