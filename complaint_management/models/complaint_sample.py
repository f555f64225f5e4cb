import math
import random
from collections import defaultdict

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..tools.chatter import drop_chatter
from ..tools.dates import day_start_utc
from .complaint_states import MANAGER


class ComplaintSampleCriterion(models.Model):
    _name = "complaint.sample.criterion"
    _description = "Quality Review Criterion"
    # shared by every company: changed by someone working for all of them
    _inherit = ["complaint.company.guard"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)


class ComplaintSample(models.Model):
    """A handled complaint drawn for quality review (seed 000: the quality of
    complaint handling is monitored by sampling and inspection), scored on the
    configured criteria by a reviewer who is not its handler."""

    _name = "complaint.sample"
    _description = "Complaint Quality Review"
    _inherit = [
        "complaint.company.guard",
        "complaint.workflow.guard",
        "complaint.write.access",
        "mail.thread",
        "complaint.activity.tasks",
        "complaint.holder.request",
    ]
    _order = "period desc, id desc"
    _holder_fields = {"reviewer_id": ("to_review",)}
    # the company is the complaint's reviewed
    _company_move_fields = ("complaint_id",)
    # specialists read every review (and discuss it); its reviewer scores it
    _mail_post_access = "read"
    # the handler is the drawn complaint's: a reviewer who changed it could
    # then review their own work
    _workflow_fields = ("state", "date_reviewed", "reviewed_by_id", "handler_id")

    complaint_id = fields.Many2one(
        "complaint.complaint", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True)
    team_id = fields.Many2one(
        "complaint.team", related="complaint_id.team_id", store=True
    )
    handler_id = fields.Many2one(
        "res.users",
        compute="_compute_handler_id",
        store=True,
        help="Who handled the complaint when it was drawn: the review scores "
        "their work, whoever the complaint is given to afterwards.",
    )
    period = fields.Date(
        required=True, help="First day of the month whose closed complaints it samples."
    )
    reviewer_id = fields.Many2one(
        "res.users",
        required=True,
        domain=lambda self: self.env["res.users"]._complaint_owner_domain(),
    )
    line_ids = fields.One2many("complaint.sample.line", "sample_id", string="Scores")
    score = fields.Float(
        compute="_compute_score", store=True, aggregator="avg", string="Score (%)"
    )
    note = fields.Text()
    state = fields.Selection(
        [("to_review", "To Review"), ("done", "Reviewed")],
        default="to_review",
        required=True,
        readonly=True,
    )
    date_reviewed = fields.Datetime(readonly=True, copy=False)
    reviewed_by_id = fields.Many2one("res.users", readonly=True, copy=False)

    _sql_constraints = [
        (
            "complaint_period_unique",
            "UNIQUE(complaint_id, period)",
            "A complaint is sampled once per period.",
        ),
    ]

    @api.depends("complaint_id")
    def _compute_handler_id(self):
        # only when the complaint reviewed is set: not when it changes hands
        for sample in self:
            sample.handler_id = sample.complaint_id.sudo().user_id  # sudo: whose work

    @api.depends("line_ids.result")
    def _compute_score(self):
        for sample in self:
            scored = sample.line_ids.filtered(lambda line: line.result != "na")
            sample.score = (
                100.0
                * len(scored.filtered(lambda line: line.result == "pass"))
                / len(scored)
                if scored
                else 0.0
            )

    @api.constrains("reviewer_id", "handler_id")
    def _check_reviewer_is_not_handler(self):
        for sample in self:
            reviewer = sample.reviewer_id
            if reviewer and not reviewer._complaint_can_own(sample.company_id):
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot review complaints of %(company)s: a "
                        "reviewer is a colleague with the complaint rights in "
                        "that company.",
                        user=reviewer.name,
                        company=sample.company_id.name,
                    )
                )
            # sudo: whether the reviewer reads it, whatever the writer reads
            complaint = sample.sudo().complaint_id
            if reviewer and not complaint._as_colleague(reviewer).has_access("read"):
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot read %(complaint)s: choose a reviewer "
                        "who reads it (of its team, or an officer).",
                        user=reviewer.name,
                        complaint=complaint.display_name,
                    )
                )
            if sample.reviewer_id and sample.reviewer_id == sample.handler_id:
                raise ValidationError(
                    self.env._(
                        "%(user)s handled %(complaint)s: someone else reviews it.",
                        user=sample.reviewer_id.name,
                        complaint=sample.complaint_id.display_name,
                    )
                )

    @api.depends("complaint_id", "period")
    def _compute_display_name(self):
        for sample in self:
            sample.display_name = self.env._(
                "Review of %(complaint)s", complaint=sample.complaint_id.display_name
            )

    def _read_group_select(self, aggregate_spec, query):
        if aggregate_spec == "score:avg":
            # a review not done has no score yet: not a 0 % in the average
            return SQL(
                "AVG(CASE WHEN %s = 'done' THEN %s END)",
                self._field_to_sql(self._table, "state", query),
                self._field_to_sql(self._table, "score", query),
            )
        return super()._read_group_select(aggregate_spec, query)

    def write(self, vals):
        if not self.env.su:
            self._check_review_edit(vals)
        res = super().write(vals)
        if "reviewer_id" in vals:
            # the review's to-do goes to the new reviewer (made anew when Odoo
            # removed it with a reviewer who left)
            for sample in self.filtered(lambda s: s.state == "to_review"):
                todos = sample.activity_reschedule(
                    ["mail.mail_activity_data_todo"], new_user_id=vals["reviewer_id"]
                )
                if todos:
                    # in the new reviewer's words
                    todos.summary = sample._review_summary()
                else:
                    sample._schedule_review_activity()
        return res

    def _deidentify(self):
        """Retention: the reviewer's notes on the complaint (the review's and
        each score's) and the review's messages and files may name the
        complainant; the scores stay for the figures."""
        # sudo: the retention cron acts on every review of its complaints;
        # mail_notrack: tracking would copy the notes into new messages
        samples = self.sudo().with_context(mail_notrack=True, tracking_disable=True)
        samples.filtered("note").write({"note": False})
        samples.line_ids.filtered("note").write({"note": False})
        drop_chatter(samples)

    @api.ondelete(at_uninstall=False)
    def _unlink_only_reviews_not_done(self):
        # a done review is in the month's and the handler's figures
        if self.filtered(lambda s: s.state == "done"):
            raise UserError(
                self.env._("A done quality review is a record: it is not deleted.")
            )

    def _check_review_edit(self, vals):
        """A finished review is a record of the month; which complaint is
        reviewed, for which month and by whom is the draw's (a manager may
        hand a review to another reviewer)."""
        self._check_scores_open()
        drawn = {"complaint_id", "period", "reviewer_id"} & set(vals)
        if drawn and not self.env.user.has_group(MANAGER):
            raise UserError(
                self.env._(
                    "Only a complaint manager changes which complaint a review "
                    "covers, its month or its reviewer."
                )
            )

    def action_done(self):
        # signed by its reviewer or a manager (record rules): a specialist
        # reads every review, signing one would be in the reviewer's name
        self.check_access("write")
        for sample in self:
            if sample.state != "to_review":
                raise UserError(self.env._("This review is already done."))
            if self.env.user == sample.handler_id:
                raise UserError(
                    self.env._("A handler does not review their own complaint.")
                )
            if any(not line.result for line in sample.line_ids):
                raise UserError(
                    self.env._(
                        "Score every criterion of %(review)s first.",
                        review=sample.display_name,
                    )
                )
            # a review without a pass or a fail has no score: averaged in as
            # 0 %, it would pull down the handler's and the company's figure
            if all(line.result == "na" for line in sample.line_ids):
                raise UserError(
                    self.env._(
                        "%(review)s has no criterion that applies: score at least "
                        "one as passed or failed, or ask a complaint manager to "
                        "remove the review.",
                        review=sample.display_name,
                    )
                )
        self._workflow_write(
            {
                "state": "done",
                "date_reviewed": fields.Datetime.now(),
                "reviewed_by_id": self.env.user.id,
            }
        )
        # sudo: the step closes its to-dos, whoever holds them
        self.sudo().activity_feedback(["mail.mail_activity_data_todo"])
        return True

    def _check_scores_open(self):
        """A finished review and its scores are its record: they no longer
        change (``complaint.sample.line`` calls it on create, write and
        unlink), except by the system; the handler reviewed changes none."""
        if self.env.su:
            return
        # sudo: whose work each review covers, whoever asks
        if self.env.user in self.sudo().handler_id:
            raise UserError(
                self.env._("A handler does not score the review of their own work.")
            )
        done = self.filtered(lambda sample: sample.state == "done")
        if done:
            raise UserError(
                self.env._(
                    "%(review)s is done: it no longer changes.",
                    review=done[0].display_name,
                )
            )

    # ------------------------------------------------------------------
    # The monthly draw
    # ------------------------------------------------------------------
    @api.model
    def _cron_draw_samples(self):
        """Draw last month's samples of every company and team; a company
        whose draw fails is skipped, registered and retried at the next run
        (``complaint.job.failure``), with the months it missed; the others
        get theirs. The month is the company's, where it works
        (``res.company._complaint_tz``), as its indicators count it: the job
        runs on the 2nd (UTC), when every time zone's month is over."""
        run = self.env["complaint.job.failure"]._job_start("sample_draw", "res.company")
        samples = self.browse()

        def draw(company):
            nonlocal samples
            tz = company._complaint_tz()
            # the reviewers' reminders in the company's language
            lang = company._complaint_lang()
            period = company._complaint_last_month()
            for month in run.periods(company.with_context(tz=tz), period):
                samples |= self.with_context(lang=lang)._draw(company, month)

        companies = self.env["res.company"].search([("complaint_sample_rate", ">", 0)])
        # a company that stopped sampling since its draw failed: switched on
        # again, it does not make up the months it chose not to sample
        run.forget_unqualified(companies.ids)
        run.process_each(companies, draw)
        return samples

    @api.model
    def _draw(self, company, period):
        """The configured share (rounded up) of each team's complaints closed
        in the month of ``period``, drawn at random with a seed of the
        company, team and month: the same draw whenever it is made again.
        The month is the company's, in its time zone.
        The reviewer is the team leader, else a complaint manager of the
        company, never the complaint's handler nor an archived user."""
        # the month's bounds where the company works
        tz = company._complaint_tz()
        start = day_start_utc(period, tz)
        stop = day_start_utc(period + relativedelta(months=1), tz)
        # sudo: the draw acts for the organisation, over every closed complaint
        closed = (
            self.env["complaint.complaint"]
            .sudo()
            .search(
                [
                    ("company_id", "=", company.id),
                    ("state", "=", "closed"),
                    ("date_closed", ">=", start),
                    ("date_closed", "<", stop),
                    # its messages and texts are gone: nothing left to review
                    ("is_deidentified", "=", False),
                ],
                order="id",
            )
        )
        managers = (
            self.env.ref("complaint_management.complaint_management_group_manager")
            .users.filtered(lambda u: company in u.company_ids and not u.share)
            .sorted("id")
        )
        criteria = self.env["complaint.sample.criterion"].search([])
        already = set(
            self.sudo()  # sudo: the samples of every team are drawn once
            .search([("period", "=", period), ("company_id", "=", company.id)])
            .complaint_id.ids
        )
        pools = defaultdict(list)
        for complaint in closed:
            pools[complaint.team_id].append(complaint)
        vals_list = []
        for team, pool in pools.items():
            # a rate stored before the 0-100 rule draws the whole pool at most
            size = min(
                len(pool), math.ceil(len(pool) * company.complaint_sample_rate / 100.0)
            )
            rng = random.Random(f"{company.id}-{team.id}-{period:%Y-%m}")
            for complaint in rng.sample(pool, size):
                if complaint.id in already:
                    continue
                # a leader no longer of the company reviews none of it
                reviewer = self.env["res.users"]._complaint_first_owner(
                    (u for u in (team.leader_id, *managers) if u != complaint.user_id),
                    company,
                )
                if not reviewer:
                    continue
                vals_list.append(
                    {
                        "complaint_id": complaint.id,
                        "period": period,
                        "reviewer_id": reviewer.id,
                        "line_ids": [
                            fields.Command.create({"criterion_id": criterion.id})
                            for criterion in criteria
                        ],
                    }
                )
        # sudo: created for the reviewers, who then see their own
        samples = self.sudo().create(vals_list)
        for sample in samples:
            sample._schedule_review_activity()
        return samples

    def _schedule_review_activity(self):
        for sample in self.filtered("reviewer_id"):
            sample.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=sample._review_summary(),
                user_id=sample.reviewer_id.id,
            )

    def _review_summary(self):
        """The review's to-do in its reviewer's words."""
        self.ensure_one()
        sample = self.with_context(
            lang=self.reviewer_id._complaint_lang(self.company_id)
        )
        return sample.env._("Review the handling of a sampled complaint")
