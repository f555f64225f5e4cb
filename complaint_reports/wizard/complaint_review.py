from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_date, format_list, formatLang

from odoo.addons.complaint_management.tools.formats import month_formatter

from ..report import svg_chart

TREND_MONTHS = 6
# Bars of a share chart; the other names are summed up in one bar.
SHARE_BARS = 7
COLOURS = {"received": "#3f6fb5", "closed": "#6aa84f", "share": "#7f9fcf"}

# Shown where a figure cannot be computed (no complaint in the period): a
# symbol that reads the same in every language.
NO_VALUE = "—"


# the earliest review period: complaints of this system are later, and the
# period before it is still a calendar date; the latest leaves room for the
# day after it (the figures' bounds)
FIRST_REVIEW_DAY = date(2000, 1, 1)
LAST_REVIEW_DAY = date(9998, 12, 31)
MAX_REVIEW_YEARS = 100


def review_period(env, date_from, date_to):
    """The period a caller sent (dates or ISO strings) as dates, checked as a
    review's (:func:`check_review_period`): a message, not a traceback, for
    one missing, that is no date or out of range."""
    try:
        date_from = fields.Date.to_date(date_from)
        date_to = fields.Date.to_date(date_to)
    except (TypeError, ValueError):
        date_from = date_to = None
    if not (isinstance(date_from, date) and isinstance(date_to, date)):
        raise ValidationError(env._("Give the period as two dates."))
    check_review_period(env, date_from, date_to)
    return date_from, date_to


def check_review_period(env, date_from, date_to):
    """A review covers days from its first to its last, from 2000 on and
    over a century at most (also the indicators screen's period: a year
    typed digit by digit is 0202 a moment, and each period is compared with
    the one before, as long)."""
    if date_from > date_to:
        raise ValidationError(env._("The review period must end after it starts."))
    if date_from < FIRST_REVIEW_DAY:
        raise ValidationError(
            env._(
                "The review period starts on %(date)s at the earliest.",
                date=format_date(env, FIRST_REVIEW_DAY),
            )
        )
    if date_to > LAST_REVIEW_DAY:
        raise ValidationError(
            env._(
                "The review period ends on %(date)s at the latest.",
                date=format_date(env, LAST_REVIEW_DAY),
            )
        )
    # counted back from its end (forward from a start in 9950, the date would
    # pass the year 9999: an error instead of this message)
    if date_to - relativedelta(years=MAX_REVIEW_YEARS) >= date_from:
        # the figures are compared with the period before, as long
        raise ValidationError(
            env._(
                "The review period covers %(years)s years at most.",
                years=MAX_REVIEW_YEARS,
            )
        )


def _previous_month(today):
    last_day = today.replace(day=1) - timedelta(days=1)
    return last_day.replace(day=1), last_day


def default_date_from(record):
    """First day of last month (default of a review period)."""
    return _previous_month(fields.Date.context_today(record))[0]


def default_date_to(record):
    """Last day of last month (default of a review period)."""
    return _previous_month(fields.Date.context_today(record))[1]


class ComplaintReview(models.TransientModel):
    """A period to review: the management review printed and mailed."""

    _name = "complaint.review"
    _description = "Complaint Indicators and Management Review"

    date_from = fields.Date(
        string="From",
        required=True,
        default=default_date_from,
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=default_date_to,
    )
    company_ids = fields.Many2many(
        "res.company",
        string="Companies",
        required=True,
        default=lambda self: self.env.companies,
        domain=lambda self: [("id", "in", self.env.companies.ids)],
    )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for review in self:
            check_review_period(self.env, review.date_from, review.date_to)

    @api.constrains("company_ids")
    def _check_companies(self):
        """The figures count the companies selected in the switcher: the
        review names no other (its heading and letterhead would say what it
        did not count)."""
        if self.env.su:
            return
        for review in self:
            # sudo: the companies chosen, readable in the switcher or not
            outside = review.sudo().company_ids - self.env.companies
            if outside:
                raise ValidationError(
                    self.env._(
                        "Select %(company)s in the company switcher to review it.",
                        company=outside[0].name,
                    )
                )

    def _get_indicators(self):
        self.ensure_one()
        return self.env["complaint.indicator"]._get_indicators(
            self.date_from, self.date_to, self.company_ids.ids
        )

    def _get_trend(self):
        """Complaints received per month over the months up to ``date_to``."""
        self.ensure_one()
        indicator = self.env["complaint.indicator"]
        first = self.date_to.replace(day=1) - relativedelta(months=TREND_MONTHS - 1)
        start, stop = indicator._period_bounds(
            first, self.date_to, self.company_ids.ids
        )
        # the months where the figures' company works, as the bounds
        tz = indicator._figures_tz(self.company_ids.ids)
        rows = (
            self.env["complaint.report"]
            .with_context(tz=tz)
            ._read_group(
                [
                    ("date_received", ">=", start),
                    ("date_received", "<", stop),
                    ("company_id", "in", self.company_ids.ids),
                ],
                ["date_received:month"],
                ["complaint_count:sum", "closed_count:sum", "spilled_over_count:sum"],
            )
        )
        counts = {month.date(): values for month, *values in rows}
        trend = []
        for index in range(TREND_MONTHS):
            month = first + relativedelta(months=index)
            count, closed, spilled = counts.get(month, (0, 0, 0))
            trend.append(
                {
                    "month": month,
                    "count": count,
                    "closed": closed,
                    "spilled_over": spilled,
                }
            )
        return trend

    def _report_values(self):
        """What the PDF renders."""
        self.ensure_one()
        indicators = self._get_indicators()
        periods = indicators["periods"]

        def day(value):
            # the printed days as the review's language writes them
            return format_date(self.env, value)

        return {
            "review": self,
            "indicators": indicators,
            "companies_label": format_list(self.env, self.company_ids.mapped("name")),
            "current_label": self._format_period(*map(day, periods["current"])),
            "previous_label": self._format_period(*map(day, periods["previous"])),
            "fmt": self._format_value,
            "fmt_change": self._format_change,
            "direction": self._change_direction,
            "charts": self._report_charts(indicators, self._get_trend()),
            "improvement": self.env["complaint.improvement.indicator"].get_figures(
                self.date_from, self.date_to, self.company_ids.ids
            ),
        }

    def _report_charts(self, indicators, trend):
        """The review's charts as inline SVG: the trend by month (rows of
        ``_get_trend``), the shares by category and channel, the recurring
        problems."""
        format_month = month_formatter(self.env)
        charts = {
            "trend": svg_chart.column_chart(
                [format_month(row["month"]) for row in trend],
                [
                    (
                        self.env._("Complaints received"),
                        COLOURS["received"],
                        [row["count"] for row in trend],
                    ),
                    (
                        # by the month received: how many of them are closed now
                        self.env._("Of those, closed since"),
                        COLOURS["closed"],
                        [row["closed"] for row in trend],
                    ),
                ],
            )
        }
        for key in ("by_category", "by_channel"):
            rows = indicators[key]
            bars = [
                # a category's own name: its path is too long for a bar
                (
                    row["record"].name or row["name"],
                    row["current"],
                    self._format_share(row),
                )
                for row in rows[:SHARE_BARS]
                if row["current"]
            ]
            rest = sum(row["current"] for row in rows[SHARE_BARS:])
            if rest:
                total = indicators["current"]["count"]
                bars.append(
                    (
                        self.env._("Others"),
                        rest,
                        self._format_share(
                            {"current": rest, "current_share": rest / total}
                        ),
                    )
                )
            charts[key] = svg_chart.bar_chart(bars, COLOURS["share"])
        charts["top_problems"] = svg_chart.bar_chart(
            [
                (row["name"], row["current"], str(row["current"]))
                for row in indicators["top_problems"]
            ],
            COLOURS["received"],
            width=680,
            label_width=260,
        )
        return charts

    def _format_share(self, row):
        return self.env._(
            "%(count)s (%(share)s)",
            count=row["current"],
            share=self._format_value(row["current_share"], "rate"),
        )

    def _change_direction(self, row):
        """ "better", "worse" or "" for a KPI row's change."""
        change = row.get("change")
        if not change or not row.get("better"):
            return ""
        return "better" if (change > 0) == (row["better"] == "up") else "worse"

    def _report_file_name(self):
        """File name of the printed review (see ``print_report_name``)."""
        self.ensure_one()
        return self.env._(
            "Management Review %(date_from)s - %(date_to)s",
            date_from=fields.Date.to_string(self.date_from),
            date_to=fields.Date.to_string(self.date_to),
        )

    def _format_period(self, start, end):
        """A period from two formatted dates."""
        return self.env._("%(start)s - %(end)s", start=start, end=end)

    def _format_value(self, value, kind):
        if value is None:
            return NO_VALUE
        if kind == "rate":
            return self.env._(
                "%(rate)s %%", rate=formatLang(self.env, value * 100, digits=1)
            )
        if kind == "amount":
            company = self.env["complaint.indicator"]._figures_company(
                self.company_ids.ids
            )
            return formatLang(self.env, value, currency_obj=company.currency_id)
        if kind in ("hours", "score"):
            return formatLang(self.env, value, digits=1)
        return formatLang(self.env, value, digits=0)

    def _format_change(self, value, kind):
        """Change against the previous period; rates in percentage points."""
        if value is None:
            return NO_VALUE
        sign = "+" if value >= 0 else "-"
        if kind == "rate":
            points = sign + formatLang(self.env, abs(value) * 100, digits=1)
            return self.env._("%(points)s pt", points=points)
        if kind == "amount":
            # signed as the other changes: "+¥1,500.00", "-¥80.00"
            return sign + self._format_value(abs(value), kind)
        digits = 1 if kind in ("hours", "score") else 0
        return sign + formatLang(self.env, abs(value), digits=digits)

    def action_print(self):
        return self.env.ref(
            "complaint_reports.action_report_management_review"
        ).report_action(self)
