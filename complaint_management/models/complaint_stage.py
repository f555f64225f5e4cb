from odoo import api, fields, models, tools
from odoo.exceptions import UserError

# The ISO 10002 step a stage stands for; a complaint's state maps onto one of them.
ISO_STEPS = [
    ("new", "Receipt"),
    ("registered", "Registration"),
    ("acknowledged", "Acknowledgement"),
    ("assessed", "Assessment"),
    ("investigating", "Investigation"),
    ("proposed", "Proposal"),
    ("accepted", "Implementation"),
    ("rejected", "Proposal Rejected"),
    ("closed", "Closure"),
    ("cancelled", "Cancelled"),
]


class ComplaintStage(models.Model):
    _name = "complaint.stage"
    _inherit = ["complaint.company.guard"]
    _description = "Complaint Stage"
    _order = "sequence, id"
    # its teams decide whose it is (:meth:`_guard_companies`)
    _company_move_fields = ("team_ids",)

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    iso_step = fields.Selection(
        ISO_STEPS,
        string="ISO Step",
        required=True,
        help="The step of the complaint handling process this stage stands for. "
        "A complaint enters the first stage of its team matching its step.",
    )
    team_ids = fields.Many2many(
        "complaint.team",
        string="Teams",
        help="Teams using this stage; leave empty for a stage shared by all teams.",
    )
    fold = fields.Boolean(string="Folded in Kanban")
    is_waiting_customer = fields.Boolean(
        string="Waiting on Complainant",
        help="While a complaint is in this stage, its time limits are paused.",
    )
    description = fields.Text(translate=True)

    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()  # the stage caches below
        return super().create(vals_list)

    def write(self, vals):
        self.env.registry.clear_cache()  # the stage caches below
        res = super().write(vals)
        if {"is_waiting_customer", "iso_step", "team_ids"} & vals.keys():
            moves = {"iso_step", "team_ids"} & vals.keys()
            # sudo: every team's complaints in the stage (the closed ones only
            # when the stage may no longer be theirs)
            complaints = (
                self.env["complaint.complaint"]
                .sudo()
                .with_context(active_test=False)
                .search(
                    [("stage_id", "in", self.ids)]
                    + ([] if moves else [("is_open", "=", True)])
                )
            )
            if moves:
                complaints = complaints._stage_leave_unfit()
            # the clocks of the complaints in the stage stop or run again now
            complaints.filtered("is_open")._sla_sync()
        return res

    def _guard_companies(self, everyone):
        """The companies of the teams using the stage; every company for a
        stage shared by all teams (the clocks of their complaints stop in a
        stage waiting on the complainant)."""
        self.ensure_one()
        # sudo: the companies of the stage's teams, whoever configures it
        teams = self.sudo().with_context(active_test=False).team_ids
        return teams.company_id if teams else everyone

    @api.ondelete(at_uninstall=False)
    def _unlink_unused(self):
        """A stage complaints are in stays (archive it): deleted, they lost
        their stage and a waiting stage's paused time limits were never
        resumed, until a later change of each complaint."""
        # sudo: every team's complaints, whoever configures the stages
        used = self.env["complaint.complaint"].sudo().with_context(active_test=False)
        used = used.search([("stage_id", "in", self.ids)], limit=1)
        if used:
            raise UserError(
                self.env._(
                    "Stage %(stage)s holds complaints (%(name)s among them): "
                    "archive it instead of deleting it.",
                    stage=used.stage_id.display_name,
                    name=used.name,
                )
            )

    def unlink(self):
        self.env.registry.clear_cache()  # the stage caches below
        return super().unlink()

    @api.model
    @tools.ormcache()
    def _stage_index(self):
        """Active stages in order as ``(id, iso_step, team ids)``, kept between
        transactions until a stage changes: each new complaint picks its stage
        without reading them all again."""
        # sudo: stage configuration, the same for every user
        stages = self.sudo().with_context(active_test=True).search([])
        # an archived team still holds its stages (read without it, the stage
        # would be every team's)
        stages = stages.with_context(active_test=False)
        return tuple(
            (stage.id, stage.iso_step, frozenset(stage.team_ids.ids))
            for stage in stages
        )

    @api.model
    @tools.ormcache()
    def _waiting_stage_ids(self):
        """Stages that wait on the complainant (any company, archived ones
        too: a complaint may still be in one), kept until a stage changes."""
        return tuple(
            self.sudo()  # sudo: stage configuration; complainants cannot read stages
            .with_context(active_test=False)
            .search([("is_waiting_customer", "=", True)])
            .ids
        )
