from collections import defaultdict

import pytz
from babel.dates import format_skeleton
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL
from odoo.tools.misc import babel_locale_parse, formatLang, get_lang

from odoo.addons.complaint_management.tools.dates import (
    day_start_utc,
    local_date,
)

MONTHS = 12
# the column of the categories too small to be shown on their own
OTHER = "other"


def _ratio(numerator, denominator):
    return numerator / denominator if denominator else None


class ComplaintPublicStatistics(models.AbstractModel):
    """The complaint figures a company publishes on /complaint/statistics
    (定期公布无个人信息的投诉统计: statistics without personal information).

    Only counts and rates leave this model, never a complaint: no complainant,
    tracking number, subject or text. Categories with fewer complaints over the
    period than the company's minimum are counted under "Other", so that no
    single complaint stands out. The cost does not depend on the number of
    complaints: one grouped query, one read of the category names (and of
    their parents' names).
    """

    _name = "complaint.public.statistics"
    _description = "Published Complaint Statistics"

    @api.model
    def _statistics_period(self, company):
        """The first days of the last twelve whole months, in the company's
        time zone, and the UTC bounds of the period they make."""
        # where the company works (its calendar's zone, else its address's),
        # as its management review counts the months
        tz = pytz.timezone(company._complaint_tz())
        today = local_date(fields.Datetime.now(), tz.zone)
        this_month = today.replace(day=1)
        months = [this_month - relativedelta(months=n) for n in range(MONTHS, 0, -1)]
        return (
            tz,
            months,
            day_start_utc(months[0], tz.zone),
            day_start_utc(this_month, tz.zone),
        )

    @api.model
    def _monthly_rows(self, company, tz, start, stop):
        """One row per month and category: received, closed, closed with a
        resolution time limit, closed within it, rated, sum of the ratings.
        The time-limit outcome is the one the SLA engine leaves on the
        complaint (``sla_state``, ``sla_met``), as in the complaint analysis."""
        # sudo: counts over every complaint of the company, whatever the visitor
        # may read; only the counts of the query leave this method
        Complaint = self.env["complaint.complaint"].sudo()

        def column(fname):
            return Complaint._field_to_sql("c", fname)

        closed_on = column("date_closed")
        rating = column("rating_last_value")
        return self.env.execute_query(
            SQL(
                """
                SELECT date_trunc('month', timezone(%(tz)s, %(received)s
                           AT TIME ZONE 'UTC'))::date,
                       %(category)s,
                       COUNT(*),
                       COUNT(*) FILTER (WHERE %(state)s = 'closed'),
                       COUNT(*) FILTER (WHERE %(closed_on)s IS NOT NULL
                                          AND %(timed)s),
                       COUNT(*) FILTER (WHERE %(closed_on)s IS NOT NULL
                                          AND %(sla_met)s AND %(timed)s),
                       COUNT(*) FILTER (WHERE %(rating)s > 0),
                       COALESCE(SUM(%(rating)s) FILTER (WHERE %(rating)s > 0), 0)
                  FROM complaint_complaint c
                 WHERE %(company)s = %(company_id)s
                   AND %(state)s != 'cancelled'
                   AND %(received)s >= %(start)s
                   AND %(received)s < %(stop)s
                 GROUP BY 1, 2
                """,
                tz=tz.zone,
                received=column("date_received"),
                category=column("category_id"),
                state=column("state"),
                closed_on=closed_on,
                # timed: a resolution limit was reached, as the complaint
                # analysis counts them (a policy may set no resolution limit)
                timed=SQL(
                    "EXISTS (SELECT 1 FROM complaint_sla_line line"
                    " WHERE line.complaint_id = c.id"
                    " AND line.milestone = 'resolution'"
                    " AND line.date_reached IS NOT NULL)"
                ),
                sla_met=column("sla_met"),
                rating=rating,
                company=column("company_id"),
                company_id=company.id,
                start=start,
                stop=stop,
            )
        )

    @api.model
    def _statistics_columns(self, company, rows):
        """The categories shown on their own, by name, then "Other" for the
        small ones and the complaints without a category; ``{key: label}``."""
        totals = defaultdict(int)
        for _month, category_id, received, *_rest in rows:
            totals[category_id] += received
        minimum = company.complaint_statistics_min_count
        shown = [key for key, count in totals.items() if key and count >= minimum]
        # sudo: category names, for any visitor of the public page
        categories = (
            self.env["complaint.category"]
            .sudo()
            .with_context(active_test=False)
            .browse(shown)
        )
        columns = dict(
            sorted(
                ((category.id, category.display_name) for category in categories),
                key=lambda item: item[1].casefold(),
            )
        )
        if len(columns) < len(totals):
            columns[OTHER] = self.env._("Other")
        return columns

    @api.model
    def _get_statistics(self, company):
        """The figures of the last twelve whole months of ``company``.

        :return: dict with ``date_from`` and ``date_to`` (dates), ``columns``
            (labels of the categories, "Other" last), ``months`` (rows of
            ``label``, ``counts`` by column, ``total`` and ``bar``, the share
            of the busiest month in percent), ``column_totals``, ``received``,
            ``closed``, ``resolution_rate``, ``timed``, ``on_time``,
            ``timeliness_rate``, ``rated`` and ``average_rating`` (None while
            fewer complaints than the company's minimum were rated); rates are
            fractions, None without a denominator
        """
        tz, months, start, stop = self._statistics_period(company)
        rows = self._monthly_rows(company, tz, start, stop)
        columns = self._statistics_columns(company, rows)
        index = {key: position for position, key in enumerate(columns)}
        month_index = {month: position for position, month in enumerate(months)}
        counts = [[0] * len(columns) for _month in months]
        closed = timed = on_time = rated = rating_total = 0
        for month, category_id, received, *figures in rows:
            position = index[category_id if category_id in index else OTHER]
            counts[month_index[month]][position] += received
            closed += figures[0]
            timed += figures[1]
            on_time += figures[2]
            rated += figures[3]
            rating_total += figures[4]
        totals = [sum(row) for row in counts]
        busiest = max(totals) or 1
        locale = babel_locale_parse(get_lang(self.env).code)
        received = sum(totals)
        stats = {
            "date_from": months[0],
            "date_to": months[-1] + relativedelta(months=1, days=-1),
            "columns": list(columns.values()),
            "months": [
                {
                    "label": format_skeleton("yMMMM", month, locale=locale),
                    "counts": row,
                    "total": total,
                    "bar": round(total * 100 / busiest),
                }
                for month, row, total in zip(months, counts, totals, strict=True)
            ],
            "column_totals": [sum(column) for column in zip(*counts, strict=True)],
            "received": received,
            "closed": closed,
            "resolution_rate": _ratio(closed, received),
            "timed": timed,
            "on_time": on_time,
            "timeliness_rate": _ratio(on_time, timed),
            "rated": rated,
            "average_rating": (
                rating_total / rated
                if rated and rated >= company.complaint_statistics_min_count
                else None
            ),
        }
        stats["sentences"] = self._statistics_sentences(stats)
        return stats

    @api.model
    def _statistics_sentences(self, stats):
        """The rates as the page writes them, each one whole message with its
        figures (a translation may move them and its own brackets)."""
        sentences = {
            "caption": self.env._(
                "Complaints received each month, by category, from %(first)s to "
                "%(last)s",
                first=stats["months"][0]["label"],
                last=stats["months"][-1]["label"],
            ),
            "resolution": self.env._("No complaint received"),
            "timeliness": self.env._(
                "No complaint closed with a resolution time limit yet"
            ),
            "satisfaction": self.env._("Not enough ratings yet"),
        }
        if stats["resolution_rate"] is not None:
            sentences["resolution"] = self.env._(
                "%(rate)s%% (%(closed)s closed of %(received)s received)",
                rate=round(stats["resolution_rate"] * 100),
                closed=stats["closed"],
                received=stats["received"],
            )
        if stats["timeliness_rate"] is not None:
            sentences["timeliness"] = self.env._(
                "%(rate)s%% (%(on_time)s of %(timed)s closed within the "
                "resolution time limit)",
                rate=round(stats["timeliness_rate"] * 100),
                on_time=stats["on_time"],
                timed=stats["timed"],
            )
        if stats["average_rating"] is not None:
            sentences["satisfaction"] = self.env._(
                "%(average)s out of 5 (%(count)s ratings)",
                average=formatLang(self.env, stats["average_rating"], digits=1),
                count=stats["rated"],
            )
        return sentences
