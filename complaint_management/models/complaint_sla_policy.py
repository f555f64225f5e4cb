from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

from .complaint_sla_states import OPEN_SLA_STATES

TIME_UNITS = [
    ("working_hours", "Working Hours"),
    ("working_days", "Working Days"),
    ("hours", "Calendar Hours"),
]

# the longest limit in each unit: a year
UNIT_BOUNDS = {"working_hours": 2920, "working_days": 365, "hours": 8760}
# milestone key -> (target field, unit field) on the policy
MILESTONE_FIELDS = {
    "acknowledge": ("acknowledge_time", "acknowledge_unit"),
    "first_response": ("response_time", "response_unit"),
    "progress": ("progress_time", "progress_unit"),
    "resolution": ("resolution_time", "resolution_unit"),
}
# criteria a policy may restrict, in the order they are listed to users
CRITERIA = ("level_ids", "channel_ids", "category_ids", "team_ids")


class ComplaintSlaPolicy(models.Model):
    """Time limits of the complaints a policy applies to.

    A policy applies to a complaint when each of its criteria (levels,
    channels, categories with their sub-categories, teams) is empty or contains
    the complaint's value. Each milestone is taken separately from the most
    specific applicable policy that sets a limit for it (the one restricting
    the most criteria); then a company's own policy before a shared one (the
    shared ones are changed only by who works for every company: a company's
    manager makes their own instead), then the sequence. A general policy can thus give
    the progress interval to every complaint while a channel policy overrides
    only the first response.
    """

    _name = "complaint.sla.policy"
    _description = "Complaint Time-Limit Policy"
    _inherit = ["complaint.company.guard"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", help="Leave empty to apply to every company."
    )
    description = fields.Text(translate=True)
    level_ids = fields.Many2many("complaint.level", string="Levels")
    channel_ids = fields.Many2many("complaint.channel", string="Channels")
    category_ids = fields.Many2many(
        "complaint.category",
        string="Categories",
        help="Applies to these categories and their sub-categories.",
    )
    team_ids = fields.Many2many("complaint.team", string="Teams")
    specificity = fields.Integer(
        compute="_compute_specificity",
        store=True,
        help="Number of criteria this policy restricts: the more, the more specific.",
    )
    acknowledge_time = fields.Float(
        string="Acknowledge Within", help="0 means no limit for this milestone."
    )
    acknowledge_unit = fields.Selection(
        TIME_UNITS, default="working_hours", required=True
    )
    response_time = fields.Float(
        string="First Response Within",
        help="0 means no limit for this milestone.",
    )
    response_unit = fields.Selection(TIME_UNITS, default="hours", required=True)
    progress_time = fields.Float(
        string="Progress Update Every",
        help="Longest time without news to the complainant; 0 means no limit.",
    )
    progress_unit = fields.Selection(TIME_UNITS, default="working_days", required=True)
    resolution_time = fields.Float(
        string="Resolve Within", help="0 means no limit for this milestone."
    )
    resolution_unit = fields.Selection(
        TIME_UNITS, default="working_days", required=True
    )
    warning_share = fields.Float(
        string="At Risk From (%)",
        default=80.0,
        help="Share of the allowed time after which a milestone turns at risk "
        "and the handler and team leader are warned.",
    )
    escalate_on_breach = fields.Boolean(
        default=True,
        help="Escalate the complaint one tier up when a limit is breached.",
    )
    date_limits_from = fields.Datetime(
        string="Limits In Force Since",
        readonly=True,
        copy=False,
        help="When the policy last began to set a limit (created, given a "
        "milestone, other criteria, unarchived): a complaint received before "
        "gets a limit it did not have counted from then, not from its receipt "
        "(it would be overdue at once).",
    )

    _sql_constraints = [
        (
            "times_positive",
            "CHECK(acknowledge_time >= 0 AND response_time >= 0 "
            "AND progress_time >= 0 AND resolution_time >= 0)",
            "Time limits cannot be negative.",
        ),
    ]

    @api.depends(*CRITERIA)
    def _compute_specificity(self):
        # an archived condition still counts (see _sla_policy_index_data)
        for policy in self.with_context(active_test=False):
            policy.specificity = sum(1 for name in CRITERIA if policy[name])

    @api.constrains("warning_share")
    def _check_warning_share(self):
        for policy in self:
            if not 0 < policy.warning_share < 100:
                raise ValidationError(
                    self.env._(
                        "The at-risk share of policy %(name)s must be between 0 "
                        "and 100 %%.",
                        name=policy.name,
                    )
                )

    @api.constrains(*(name for pair in MILESTONE_FIELDS.values() for name in pair))
    def _check_at_most_a_year(self):
        # a limit past any real promise; far enough, past Python's dates, the
        # intake of every complaint it applies to fails
        for policy in self:
            for time_field, unit_field in MILESTONE_FIELDS.values():
                bound = UNIT_BOUNDS[policy[unit_field]]
                if policy[time_field] > bound:
                    raise ValidationError(
                        self.env._(
                            "Policy %(name)s: a time limit is at most a year "
                            "(%(bound)s %(unit)s).",
                            name=policy.name,
                            bound=bound,
                            unit=dict(
                                policy._fields[unit_field]._description_selection(
                                    self.env
                                )
                            )[policy[unit_field]],
                        )
                    )

    @api.constrains(*(name for pair in MILESTONE_FIELDS.values() for name in pair))
    def _check_whole_working_days(self):
        # a deadline falls at the end of a working day: half a day would be
        # rounded, and the complainant told another limit than the one kept
        for policy in self:
            for time_field, unit_field in MILESTONE_FIELDS.values():
                amount = policy[time_field]
                if policy[unit_field] == "working_days" and amount != int(amount):
                    raise ValidationError(
                        self.env._(
                            "Policy %(name)s: a limit in working days is a whole "
                            "number of days (%(amount)s); give it in working hours "
                            "instead.",
                            name=policy.name,
                            amount=amount,
                        )
                    )

    # ------------------------------------------------------------------
    # Matching
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        self.env.registry.clear_cache()  # the policy index below
        # the transaction's time, as complaints' create_date: policies and
        # complaints created together (an import, the demo) are of one moment
        now = self.env.cr.now()
        return super().create([{**vals, "date_limits_from": now} for vals in vals_list])

    def write(self, vals):
        self.env.registry.clear_cache()  # the policy index below
        before = {policy: policy._sla_in_force_key() for policy in self}
        res = super().write(vals)
        # a limit it begins to set is in force from now
        widened = self.filtered(lambda p: p._sla_in_force_key() - before[p])
        if widened:
            super(ComplaintSlaPolicy, widened).write(
                {"date_limits_from": self.env.cr.now()}
            )
        return res

    def _sla_in_force_key(self):
        """What this policy sets limits for, as a set: the milestones it
        limits, each with its criteria and whether it is active; a new
        element is a limit in force from now for someone."""
        self.ensure_one()
        policy = self.with_context(active_test=False)
        criteria = tuple(
            (name, frozenset(policy[name].ids)) for name in ("company_id", *CRITERIA)
        )
        return {
            (milestone, self.active, criteria)
            for milestone, (time_field, _unit) in MILESTONE_FIELDS.items()
            if self[time_field] > 0
        }

    def unlink(self):
        self.env.registry.clear_cache()  # the policy index below
        return super().unlink()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_in_use(self):
        """A running limit keeps the rule it started under (its escalation on
        breach, its replanning): a policy in use is archived, not deleted."""
        # sudo: whether any complaint's limit runs under it
        used = (
            self.env["complaint.sla.line"]
            .sudo()
            .search_count(
                [("policy_id", "in", self.ids), ("state", "in", OPEN_SLA_STATES)],
                limit=1,
            )
        )
        if used:
            raise UserError(
                self.env._(
                    "Time limits of open complaints run under this policy: "
                    "archive it instead (they keep its rules, new complaints "
                    "no longer get it)."
                )
            )

    @api.model
    def _sla_policy_index(self):
        """Active policies, most specific first, with their criteria as id
        sets and the milestones they set a limit for."""
        return [
            (self.browse(policy_id), criteria)
            for policy_id, criteria in self._sla_policy_index_data()
        ]

    @api.model
    @tools.ormcache()
    def _sla_policy_index_data(self):
        """The policy index as plain data, kept between transactions until a
        policy is created, changed or deleted: a complaint created alone does
        not read every policy again (nine queries)."""
        # sudo: the index covers every company's policies; matching filters
        policies = (
            self.sudo()
            .with_context(active_test=True)
            .search([])
            # an archived level, channel, category or team is still one of
            # its conditions (read without it, the policy would be general)
            .with_context(active_test=False)
            .sorted(lambda p: (-p.specificity, not p.company_id, p.sequence, p.id))
        )
        return tuple(
            (
                policy.id,
                {
                    "company": policy.company_id.id,
                    "level_ids": frozenset(policy.level_ids.ids),
                    "channel_ids": frozenset(policy.channel_ids.ids),
                    "category_ids": frozenset(policy.category_ids.ids),
                    "team_ids": frozenset(policy.team_ids.ids),
                    "milestones": frozenset(
                        milestone
                        for milestone, (time_field, _unit) in MILESTONE_FIELDS.items()
                        if policy[time_field] > 0
                    ),
                    "limits_from": policy.date_limits_from,
                },
            )
            for policy in policies
        )

    @api.model
    def _sla_match(self, index, complaint):
        """``{milestone: policy}`` for ``complaint`` from a policy index."""
        category_ids = (
            {int(x) for x in complaint.category_id.parent_path.split("/") if x}
            if complaint.category_id.parent_path
            else set()
        )
        values = {
            "level_ids": complaint.level_id.id,
            "channel_ids": complaint.channel_id.id,
            "team_ids": complaint.team_id.id,
        }
        result = {}
        for policy, criteria in index:
            if criteria["company"] and criteria["company"] != complaint.company_id.id:
                continue
            if any(
                criteria[name] and values[name] not in criteria[name] for name in values
            ):
                continue
            if criteria["category_ids"] and not (
                criteria["category_ids"] & category_ids
            ):
                continue
            for milestone in MILESTONE_FIELDS:
                if milestone not in result and milestone in criteria["milestones"]:
                    result[milestone] = policy
            if len(result) == len(MILESTONE_FIELDS):
                break
        return result

    def _sla_target(self, milestone):
        """``(amount, unit)`` of this policy for ``milestone``."""
        self.ensure_one()
        time_field, unit_field = MILESTONE_FIELDS[milestone]
        return self[time_field], self[unit_field]
