from collections import defaultdict
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError

from odoo.addons.complaint_management.tools.dates import day_start_utc

from ..wizard.complaint_review import review_period
from .complaint_indicator_rows import ratio as _ratio

# the 12315 cases an on-time rate counts: concluded, or pending past their
# deadline (already late)
ON_TIME_BASE_STATES = ("done", "overdue")


class ComplaintIndicator(models.AbstractModel):
    """The indicators of the complaint standards for a period and its predecessor.

    Complaint figures come from ``complaint.report`` (so its record rules apply),
    one grouped query a period, and the recurring problems from one grouped
    query on the complaints; sales orders and spill-over cases add one query
    each. Rates are fractions (0..1), ``None`` when their denominator is zero.
    """

    _name = "complaint.indicator"
    _inherit = ["complaint.indicator.rows"]
    _description = "Complaint Indicators"

    # ------------------------------------------------------------------
    # Periods
    # ------------------------------------------------------------------
    @api.model
    def _previous_period(self, date_from, date_to):
        """The period just before: the same number of whole months when the
        period is made of whole months, else the same number of days."""
        if date_from.day == 1 and (date_to + timedelta(days=1)).day == 1:
            months = (
                (date_to.year - date_from.year) * 12
                + date_to.month
                - date_from.month
                + 1
            )
            return date_from - relativedelta(months=months), date_from - timedelta(
                days=1
            )
        days = (date_to - date_from).days + 1
        return date_from - timedelta(days=days), date_from - timedelta(days=1)

    @api.model
    def _period_bounds(self, date_from, date_to, company_ids):
        """UTC datetimes of the first and after-last instant of the dates
        where the figures' company works (:meth:`_figures_tz`): the screen,
        its print and the monthly review count the same days, whoever reads."""
        tz = self._figures_tz(company_ids)
        return day_start_utc(date_from, tz), day_start_utc(
            date_to + timedelta(days=1), tz
        )

    @api.model
    def _figures_tz(self, company_ids):
        """The time zone the figures' days are counted in: the one where their
        company works (:meth:`_figures_company`)."""
        company = self._figures_company(company_ids)
        return company._complaint_tz() if company else "UTC"

    # ------------------------------------------------------------------
    # The figures (records in them: read in Python, not over RPC)
    # ------------------------------------------------------------------
    @api.model
    def _check_reader(self):
        """Complaint staff's figures: some counts are read as superuser
        (teams, staff, sales orders); a portal user's JSON-RPC is refused."""
        if not self.env.su and not self.env.user.has_group(
            "complaint_management.complaint_management_group_user"
        ):
            raise AccessError(
                self.env._("The complaint indicators are for complaint staff.")
            )

    @api.model
    def _reader_scope(self, date_from, date_to, company_ids):
        """What a call of the figures may count, once the reader is checked:
        the period as dates (or ISO strings), and the companies asked for
        among those the reader works in now (active in the company switcher,
        as the record rules read them): the counts read as superuser and
        those under the rules cover the same companies, never another's."""
        self._check_reader()
        if not self.env.su:
            allowed = self.env.companies
            company_ids = (allowed & allowed.browse(company_ids)).ids
        date_from, date_to = review_period(self.env, date_from, date_to)
        return date_from, date_to, list(company_ids)

    @api.model
    def _get_indicators(self, date_from, date_to, company_ids):
        """Indicators of ``[date_from, date_to]`` and of the period before.

        :param date_from: first day (date or ISO string)
        :param date_to: last day, included
        :param company_ids: ids of the companies to count
        :return: dict with ``periods``, ``kpis`` (rows of label, current,
            previous, change, kind), ``by_category``, ``by_channel``,
            ``top_problems``, ``spill_over`` (rows of current and previous
            counts) and the raw ``current`` / ``previous`` figures
        """
        date_from, date_to, companies = self._reader_scope(
            date_from, date_to, company_ids
        )
        prev_from, prev_to = self._previous_period(date_from, date_to)
        current = self._period_figures(date_from, date_to, companies)
        previous = self._period_figures(prev_from, prev_to, companies)
        return {
            "periods": {
                "current": (date_from, date_to),
                "previous": (prev_from, prev_to),
            },
            "current": current,
            "previous": previous,
            "kpis": self._kpi_rows(current, previous),
            "by_category": self._share_rows(
                current["by_category"], previous["by_category"], current, previous
            ),
            "by_channel": self._share_rows(
                current["by_channel"], previous["by_channel"], current, previous
            ),
            "top_problems": self.env["complaint.problem.indicator"]._top_problem_rows(
                current["problems"], previous["problems"]
            ),
            "spill_over": self._spill_over_rows(
                current, previous, self.env["res.company"].browse(companies)
            ),
            "setup": self.env["complaint.setup.indicator"]._get_rows(companies),
        }

    # ------------------------------------------------------------------
    # One period
    # ------------------------------------------------------------------
    @api.model
    def _period_figures(self, date_from, date_to, company_ids):
        start, stop = self._period_bounds(date_from, date_to, company_ids)
        figures = self._complaint_figures(start, stop, company_ids, date_to)
        # complaints per order counts every complaint of the companies: for a
        # frontline reader, who sees their own and their teams', it would be
        # a fraction of the rate (shown as none)
        figures["order_count"] = (
            self._order_count(start, stop, company_ids)
            if self.env.su
            or self.env.user.has_group(
                "complaint_management.complaint_management_group_officer"
            )
            else None
        )
        figures.update(self._external_figures(date_from, date_to, company_ids))
        figures["complaint_rate"] = _ratio(figures["count"], figures["order_count"])
        figures["resolution_rate"] = _ratio(figures["closed"], figures["count"])
        figures["settlement_rate"] = _ratio(figures["settled"], figures["count"])
        figures["satisfaction_rate"] = _ratio(figures["satisfied"], figures["rated"])
        figures["timeliness_rate"] = _ratio(figures["on_time"], figures["timed"])
        figures["avg_handling_hours"] = _ratio(
            figures["close_hours"], figures["closed"]
        )
        return figures

    @api.model
    def _figures_company(self, company_ids):
        """The company whose currency the amounts are shown in: the current
        one when it is counted, else the first in Odoo's order of companies
        (not the order the company switcher sent them in)."""
        companies = self.env["res.company"].browse(company_ids)
        if self.env.company in companies:
            return self.env.company
        return companies.sorted()[:1]

    @api.model
    def _amounts_context(self, last_day, company_ids):
        """The analysis' amounts in the currency the figures are shown in
        (:meth:`_figures_company`), at Odoo's rate of the period's last day
        (today at most): companies of several currencies are not added up
        as if they had one (``complaint.report`` converts them)."""
        return {
            "complaint_report_currency_company": self._figures_company(company_ids).id,
            "complaint_report_currency_date": min(
                last_day, fields.Date.context_today(self)
            ),
        }

    @api.model
    def _complaint_figures(self, start, stop, company_ids, last_day):
        """Totals, shares and recurring problems in one grouped query."""
        domain = [
            ("date_received", ">=", start),
            ("date_received", "<", stop),
            ("company_id", "in", company_ids),
        ]
        rows = (
            self.env["complaint.report"]
            .with_context(**self._amounts_context(last_day, company_ids))
            ._read_group(
                domain,
                ["category_id", "channel_id"],
                [
                    "complaint_count:sum",
                    "closed_count:sum",
                    "settled_count:sum",
                    "satisfied_count:sum",
                    "rated_count:sum",
                    "on_time_count:sum",
                    "timed_count:sum",
                    "escalated_count:sum",
                    "spilled_over_count:sum",
                    "reopen_count:sum",
                    "hours_to_close:sum",
                    "remedy_amount:sum",
                    "remedy_amount_done:sum",
                ],
            )
        )
        keys = (
            "count",
            "closed",
            "settled",
            "satisfied",
            "rated",
            "on_time",
            "timed",
            "escalated",
            "spilled_over",
            "reopened",
            "close_hours",
            "remedy_amount",
            "remedy_amount_done",
        )
        totals = dict.fromkeys(keys, 0)
        by_category = defaultdict(int)
        by_channel = defaultdict(int)
        for category, channel, *values in rows:
            for key, value in zip(keys, values, strict=True):
                totals[key] += value or 0
            by_category[category] += values[0]
            by_channel[channel] += values[0]
        totals.update(
            by_category=dict(by_category),
            by_channel=dict(by_channel),
            problems=self.env["complaint.problem.indicator"]._problem_counts(
                start, stop, company_ids
            ),
        )
        return totals

    @api.model
    def _order_count(self, start, stop, company_ids):
        # sudo: complaint managers need not read sales orders; only a count of
        # the companies asked for leaves this method.
        return (
            self.env["sale.order"]
            .sudo()
            .search_count(
                [
                    ("state", "=", "sale"),
                    ("date_order", ">=", start),
                    ("date_order", "<", stop),
                    ("company_id", "in", company_ids),
                ]
            )
        )

    @api.model
    def _external_figures(self, date_from, date_to, company_ids):
        """Spill-over cases received in the period by body; the settlement,
        on-time and score figures of the guideline are those of the 12315
        platform's online dispute resolution (ODR)."""
        cases = self.env["complaint.external.case"].search_fetch(
            [
                ("date_received", ">=", date_from),
                ("date_received", "<=", date_to),
                ("company_id", "in", company_ids),
                ("complaint_id.state", "!=", "cancelled"),
            ],
            [
                "body",
                "outcome",
                "date_settled",
                "deadline",
                "deadline_state",
                "consumer_score",
                "was_late",
            ],
        )
        by_body = defaultdict(int)
        concluded = settled = on_time = scored = on_time_base = 0
        score_total = 0.0
        for case in cases:
            by_body[case.body] += 1
            if case.body != "12315":
                continue
            if case.consumer_score:
                scored += 1
                score_total += case.consumer_score
            on_time_base += case.deadline_state in ON_TIME_BASE_STATES
            if case.outcome == "pending":
                continue
            concluded += 1
            settled += case.outcome == "settled"
            on_time += case._concluded_on_time()
        return {
            "external_count": len(cases),
            "external_12315_count": by_body["12315"],
            "external_12345_count": by_body["12345"],
            "external_by_body": dict(by_body),
            "external_concluded": concluded,
            "external_settled": settled,
            "external_on_time": on_time,
            "external_settlement_rate": _ratio(settled, concluded),
            "external_on_time_rate": _ratio(on_time, on_time_base),
            "external_score": _ratio(score_total, scored),
        }
