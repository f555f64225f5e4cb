import logging
import random
import time
from datetime import timedelta

from odoo import Command, fields

_logger = logging.getLogger(__name__)

BATCH = 1000


class Populator:
    """Generator of one model's records; subclasses set the ``_populate_*``."""

    _model = None
    _populate_sizes = {"small": 10, "medium": 100, "large": 1000}
    _populate_dependencies = []

    def __init__(self, env, rng):
        self.env = env
        self.rng = rng

    def _populate_factories(self, created):
        """``[(field, function(index) -> value)]``; ``created`` maps each
        dependency's model to the records generated for it."""
        return []

    def _populate(self, size, created):
        count = self._populate_sizes[size]
        factories = self._populate_factories(created)
        records = self.env[self._model]
        for offset in range(0, count, BATCH):
            vals_list = [
                {name: factory(index) for name, factory in factories}
                for index in range(offset, min(offset + BATCH, count))
            ]
            records |= self.env[self._model].create(vals_list)
            self.env.flush_all()
        return self._post_populate(records)

    def _post_populate(self, records):
        return records


class PartnerPopulator(Populator):
    _model = "res.partner"
    _populate_sizes = {"small": 50, "medium": 500, "large": 5000}

    def _populate_factories(self, created):
        return [
            ("name", lambda i: f"Complainant {i}"),
            ("email", lambda i: f"complainant{i}@example.com"),
        ]


class TeamPopulator(Populator):
    """Tiers chained by escalation, on calendars of two time zones."""

    _model = "complaint.team"
    _populate_sizes = {"small": 3, "medium": 6, "large": 12}

    def _populate_factories(self, created):
        calendars = self.env["resource.calendar"].search(
            [("company_id", "in", [self.env.company.id, False])], limit=2
        )
        users = self.env["res.users"].search([("share", "=", False)], limit=20)
        tiers = ["frontline", "expert", "coach", "legal"]
        return [
            ("name", lambda i: f"Populated team {i}"),
            ("tier", lambda i: tiers[i % len(tiers)]),
            ("resource_calendar_id", lambda i: calendars[i % len(calendars)].id),
            ("leader_id", lambda i: users[i % len(users)].id),
            (
                "member_ids",
                lambda i: [Command.set(self.rng.sample(users.ids, min(3, len(users))))],
            ),
        ]

    def _post_populate(self, records):
        for lower, upper in zip(records, records[1:], strict=False):
            if lower.tier != "legal":
                lower.escalation_team_id = upper
        return records


class PolicyPopulator(Populator):
    """Team-specific policies on top of the seeded level and channel ones."""

    _model = "complaint.sla.policy"
    _populate_sizes = {"small": 2, "medium": 5, "large": 10}
    _populate_dependencies = ["complaint.team"]

    def _populate_factories(self, created):
        teams = created["complaint.team"]
        return [
            ("name", lambda i: f"Populated policy {i}"),
            ("team_ids", lambda i: [Command.set(teams[i % len(teams)].ids)]),
            ("response_time", lambda i: self.rng.choice([4, 8, 16])),
            ("response_unit", lambda i: "working_hours"),
            ("resolution_time", lambda i: self.rng.choice([3, 5, 10])),
            ("resolution_unit", lambda i: "working_days"),
        ]


class ComplaintPopulator(Populator):
    """Complaints received over the last 30 days; the engine adds milestones."""

    _model = "complaint.complaint"
    _populate_sizes = {"small": 200, "medium": 5000, "large": 50000}
    _populate_dependencies = ["res.partner", "complaint.team", "complaint.sla.policy"]

    def _populate_factories(self, created):
        partners = created["res.partner"]
        teams = created["complaint.team"]
        levels = self.env["complaint.level"].search([])
        channels = self.env["complaint.channel"].search([])
        categories = self.env["complaint.category"].search([])
        now = fields.Datetime.now()
        rng = self.rng
        return [
            ("subject", lambda i: f"Populated complaint {i}"),
            ("partner_id", lambda i: rng.choice(partners.ids)),
            ("team_id", lambda i: rng.choice(teams.ids)),
            ("user_id", lambda i: teams.browse(rng.choice(teams.ids)).leader_id.id),
            # normal complaints dominate, as in real life
            (
                "level_id",
                lambda i: rng.choices(levels.ids, weights=range(len(levels), 0, -1))[0],
            ),
            ("channel_id", lambda i: rng.choice(channels.ids)),
            ("category_id", lambda i: rng.choice(categories.ids)),
            (
                "date_received",
                lambda i: now - timedelta(minutes=rng.randrange(0, 30 * 24 * 60)),
            ),
        ]


class SlaLinePopulator(Populator):
    """Milestones are created by the engine with their complaints; this step
    moves a share of the complaints on so that every state occurs: a half is
    acknowledged, a fifth closed (met or met late), and the sweep warns and
    breaches the rest as their time has come."""

    _model = "complaint.sla.line"
    _populate_sizes = {"small": 0, "medium": 0, "large": 0}
    _populate_dependencies = ["complaint.complaint"]

    def _populate(self, size, created):
        complaints = created["complaint.complaint"]
        acknowledged = complaints.filtered(lambda c: self.rng.random() < 0.5)
        for complaint in acknowledged:
            complaint.date_acknowledged = complaint.date_received + timedelta(
                hours=self.rng.choice([0.5, 1, 4, 30])
            )
        closed = acknowledged.filtered(lambda c: self.rng.random() < 0.4)
        for complaint in closed:
            moment = complaint.date_received + timedelta(
                days=self.rng.choice([1, 5, 12])
            )
            complaint.write(
                {"state": "closed", "date_closed": min(moment, fields.Datetime.now())}
            )
        self.env["complaint.sla.line"]._cron_sla_sweep(commit=False)
        return complaints.sla_line_ids


POPULATORS = {
    cls._model: cls
    for cls in (
        PartnerPopulator,
        TeamPopulator,
        PolicyPopulator,
        ComplaintPopulator,
        SlaLinePopulator,
    )
}


def populate(env, size="small", models=("complaint.sla.line",), seed=42):
    """Generate ``models`` and their dependencies, dependencies first."""
    rng = random.Random(seed)
    created = {}

    def run(model):
        if model in created:
            return
        populator = POPULATORS[model](env, rng)
        for dependency in populator._populate_dependencies:
            run(dependency)
        start = time.perf_counter()
        created[model] = populator._populate(size, created)
        _logger.info(
            "populated %s: %s records in %.1f s",
            model,
            len(created[model]),
            time.perf_counter() - start,
        )

    for model in models:
        run(model)
    return created
