from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import is_html_empty

# steps a complaint takes before it leaves assessment
BEFORE_ASSESSMENT_LEFT = ("new", "registered", "acknowledged", "assessed")


class ComplaintReplyScriptMixin(models.AbstractModel):
    """The complaint's reply script: the approved wording, chosen among the
    company's scripts, that staff use with the media and the public. The
    high-risk gate asks for it; the complaint keeps the version it chose even
    when a newer one supersedes it, so its record shows what was approved
    when it was handled."""

    _name = "complaint.reply.script.mixin"
    _inherit = "complaint.events"
    _description = "Complaint Reply Script"

    reply_script_id = fields.Many2one(
        "complaint.reply.script",
        tracking=True,
        # a duplicate is assessed anew, with the scripts approved then
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        domain="[('state', '=', 'approved'), ('company_id', '=', company_id), '|', "
        "('category_ids', '=', False), ('category_ids', 'parent_of', category_id)]",
        help="The approved wording for answering the media and the public "
        "(high-risk complaints): scripts of the company, for the complaint's "
        "category or for every category.",
        groups="base.group_user",
    )
    reply_script_body = fields.Html(
        related="reply_script_id.body", string="Wording", groups="base.group_user"
    )

    @api.constrains("reply_script_id", "company_id")
    def _check_reply_script_company(self):
        for complaint in self:
            script = complaint.reply_script_id
            if script and script.company_id != complaint.company_id:
                raise ValidationError(
                    self.env._(
                        "The reply script %(script)s belongs to another company "
                        "than complaint %(name)s.",
                        script=script.display_name,
                        name=complaint.name,
                    )
                )

    def _on_created(self):
        res = super()._on_created()
        if not self.env.su:
            self.filtered("reply_script_id")._reply_script_check_chosen()
        return res

    def _on_written(self, vals):
        res = super()._on_written(vals)
        if vals.get("reply_script_id") and not self.env.su:
            self._reply_script_check_chosen()
        return res

    def _reply_script_check_chosen(self):
        """A script is chosen among those approved for the complaint's
        category (as the field's choices are): the high-risk gate trusts the
        version kept after assessment, even once superseded."""
        for complaint in self:
            if not complaint._reply_script_fits():
                raise UserError(
                    self.env._(
                        "Reply script %(script)s cannot be chosen for complaint "
                        "%(name)s: choose an approved script for its category.",
                        script=complaint.reply_script_id.display_name,
                        name=complaint.name,
                    )
                )

    def _reply_script_fits(self):
        """Whether the chosen script is approved for the complaint's category
        (the field's choices)."""
        self.ensure_one()
        script = self.reply_script_id
        return script.state == "approved" and script._applies_to(self.category_id)

    def _reply_script_ready(self):
        """Whether the chosen script lets the complaint go on: an approved
        script for its category when it leaves assessment; afterwards the
        version it left with stays valid once a newer one supersedes it."""
        self.ensure_one()
        script = self.reply_script_id
        if self.state not in BEFORE_ASSESSMENT_LEFT:
            return script.state in ("approved", "superseded")
        return self._reply_script_fits()

    def _high_risk_gate_closed(self):
        """High-risk without its approved reply script or handling plan: the
        complaint does not move on (nor is its own work done)."""
        self.ensure_one()
        return self.is_high_risk and (
            not self._reply_script_ready() or is_html_empty(self.handling_plan)
        )
