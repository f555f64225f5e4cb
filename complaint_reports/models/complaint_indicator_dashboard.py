from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from odoo.addons.complaint_management.models.complaint_satisfaction_mixin import (
    SATISFIED_RATING,
)
from odoo.addons.complaint_management.tools.formats import month_formatter

from ..wizard.complaint_review import TREND_MONTHS, review_period
from .complaint_indicator import ON_TIME_BASE_STATES

PRESETS = ("last_month", "this_month", "this_quarter", "this_year")


class ComplaintIndicatorDashboard(models.AbstractModel):
    """The indicators screen (client action ``complaint_indicator_dashboard``):
    the figures of ``complaint.indicator`` shaped for the browser, and the
    complaints behind each figure. Every domain of a figure is built here,
    beside the figure's definition in ``complaint.indicator``."""

    _name = "complaint.indicator.dashboard"
    _description = "Complaint Indicators Screen"

    # ------------------------------------------------------------------
    # Period and companies
    # ------------------------------------------------------------------
    @api.model
    def _preset_period(self, preset):
        today = fields.Date.context_today(self)
        first_of_month = today.replace(day=1)
        if preset == "this_month":
            return first_of_month, today
        if preset == "this_quarter":
            month = (today.month - 1) // 3 * 3 + 1
            return today.replace(month=month, day=1), today
        if preset == "this_year":
            return today.replace(month=1, day=1), today
        last = first_of_month - relativedelta(days=1)
        return last.replace(day=1), last

    @api.model
    def _resolve(self, date_from, date_to, company_ids, preset=None):
        """The period (dates) and the companies: those asked for among the
        ones the user works in now (active in the company switcher), else
        all of these."""
        # the companies active in the switcher: the record rules read those
        allowed = self.env.companies
        companies = allowed.browse(company_ids or []) & allowed or allowed
        if preset or not (date_from and date_to):
            # "last month" where the figures' company works
            tz = self.env["complaint.indicator"]._figures_tz(companies.ids)
            date_from, date_to = self.with_context(tz=tz)._preset_period(
                preset or "last_month"
            )
        date_from, date_to = review_period(self.env, date_from, date_to)
        return date_from, date_to, companies

    # ------------------------------------------------------------------
    # Data for the screen
    # ------------------------------------------------------------------
    @api.model
    def get_data(self, date_from=None, date_to=None, company_ids=None, preset=None):
        """Everything the screen shows, formatted in the user's language."""
        self.env["complaint.indicator"]._check_reader()
        date_from, date_to, companies = self._resolve(
            date_from, date_to, company_ids, preset
        )
        review = self.env["complaint.review"].new(
            {
                "date_from": date_from,
                "date_to": date_to,
                "company_ids": [fields.Command.set(companies.ids)],
            }
        )
        indicators = review._get_indicators()
        format_month = month_formatter(self.env)
        previous = indicators["periods"]["previous"]
        return {
            "period": {
                "date_from": fields.Date.to_string(date_from),
                "date_to": fields.Date.to_string(date_to),
                "label": review._format_period(
                    format_date(self.env, date_from), format_date(self.env, date_to)
                ),
                "previous_label": review._format_period(
                    format_date(self.env, previous[0]),
                    format_date(self.env, previous[1]),
                ),
            },
            "companies": [
                {
                    "id": company.id,
                    "name": company.name,
                    "selected": company in companies,
                }
                for company in self.env.companies
            ],
            "kpis": [self._kpi_data(row, review) for row in indicators["kpis"]],
            "setup": [
                {key: row[key] for key in ("number", "key", "label", "value", "detail")}
                for row in indicators["setup"]
            ],
            "trend": [
                {
                    "month": fields.Date.to_string(row["month"]),
                    "label": format_month(row["month"]),
                    "received": row["count"],
                    "closed": row["closed"],
                }
                for row in review._get_trend()
            ],
            "by_category": self._share_data(indicators["by_category"], review),
            "by_channel": self._share_data(indicators["by_channel"], review),
            "top_problems": [
                {
                    "category_id": row["category"].id,
                    "product_id": row["product"].id,
                    "name": row["name"],
                    "current": row["current"],
                    "previous": row["previous"],
                }
                for row in indicators["top_problems"]
            ],
            "spill_over": [
                {key: row[key] for key in ("body", "name", "current", "previous")}
                | {"change": review._format_change(row["change"], "count")}
                for row in indicators["spill_over"]
            ],
            "improvement": self._improvement_data(
                date_from, date_to, companies, review
            ),
            "can_print": self.env.user.has_group(
                "complaint_management.complaint_management_group_manager"
            ),
        }

    def _kpi_data(self, row, review):
        direction = review._change_direction(row)
        change = row["change"] or 0
        return {
            "key": row["key"],
            "label": row["label"],
            "number": row["number"],
            "value": review._format_value(row["current"], row["kind"]),
            "previous": review._format_value(row["previous"], row["kind"]),
            "change": review._format_change(row["change"], row["kind"]),
            "direction": direction,
            "direction_label": {
                "better": self.env._("Better than the previous period"),
                "worse": self.env._("Worse than the previous period"),
            }.get(direction, ""),
            "sign": (change > 0) - (change < 0),
            "drill": row["key"] != "order_count",
        }

    def _improvement_data(self, date_from, date_to, companies, review):
        figures = self.env["complaint.improvement.indicator"].get_figures(
            date_from, date_to, companies.ids
        )
        labels = [
            ("actions_opened", self.env._("Corrective actions opened")),
            ("actions_done", self.env._("Corrective actions carried out")),
            ("actions_effective", self.env._("Verified effective")),
            ("actions_overdue", self.env._("Overdue corrective actions")),
        ]
        cards = [
            {
                "key": key,
                "label": label,
                "value": str(figures[key]),
                "direction": "worse"
                if key == "actions_overdue" and figures[key]
                else "",
            }
            for key, label in labels
        ]
        cards.append(
            {
                "key": "review_score",
                "label": self.env._(
                    "Quality score (%(count)s reviews)", count=figures["review_count"]
                ),
                "value": review._format_value(
                    figures["review_score"] and figures["review_score"] / 100, "rate"
                ),
                "direction": "",
            }
        )
        return cards

    def _share_data(self, rows, review):
        return [
            {
                "id": row["record"].id,
                "name": row["name"],
                # a category's own name: its path is too long for a legend
                "short_name": row["record"].name or row["name"],
                "current": row["current"],
                "share": review._format_value(row["current_share"], "rate"),
                "previous": row["previous"],
            }
            for row in rows
        ]

    # ------------------------------------------------------------------
    # The complaints behind a figure
    # ------------------------------------------------------------------
    @api.model
    def action_open_figure(self, figure, value, date_from, date_to, company_ids):
        """The list of the complaints (or spill-over cases) a figure counts.

        :param figure: ``kpi`` (value: its key), ``month`` (value: first day),
            ``category``, ``channel`` (value: id or False), ``problem``
            (value: [category id, product id]) or ``body`` (external body)
        """
        self.env["complaint.indicator"]._check_reader()
        date_from, date_to, companies = self._resolve(date_from, date_to, company_ids)
        self._check_figure(figure, value, date_from, date_to, companies)
        if figure == "month":
            # the trend's months: whole, but the period's own last one, whose
            # bar stops at the period's end
            month = fields.Date.to_date(value)
            date_to = min(month + relativedelta(months=1, days=-1), date_to)
            date_from = month
        if figure == "improvement":
            return self._improvement_action(value, date_from, date_to, companies)
        if figure == "body" or (figure == "kpi" and value.startswith("external_")):
            return self._external_action(figure, value, date_from, date_to, companies)
        start, stop = self.env["complaint.indicator"]._period_bounds(
            date_from, date_to, companies.ids
        )
        domain = [
            ("date_received", ">=", start),
            ("date_received", "<", stop),
            ("company_id", "in", companies.ids),
            ("state", "!=", "cancelled"),
        ]
        if figure == "kpi":
            domain += self._kpi_domain(value)
        elif figure in ("category", "channel"):
            domain.append((f"{figure}_id", "=", value or False))
        elif figure == "problem":
            category_id, product_id = value
            domain += [
                ("category_id", "=", category_id or False),
                ("product_ids", "in", [product_id])
                if product_id
                else ("product_ids", "=", False),
            ]
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_complaint_action"
        )
        # the list of these complaints, not the menu's (its URL, its filters)
        action.pop("path", None)
        action.update(
            domain=domain,
            context={"create": False},
            views=[(False, "list"), (False, "form")],
            view_mode="list,form",
        )
        return action

    @api.model
    def _check_figure(self, figure, value, date_from, date_to, companies):
        """A figure of the screen, as the screen sends it: anything else (a
        call over JSON-RPC) is refused with a message, not a traceback."""

        def is_id(item):
            return item in (False, None) or (type(item) is int and item > 0)

        if figure == "month":
            try:
                month = fields.Date.to_date(value)
            except (TypeError, ValueError):
                month = None
            # the trend's six months, up to the period's end
            first = date_to.replace(day=1) - relativedelta(months=TREND_MONTHS - 1)
            valid = bool(month) and month.day == 1 and first <= month <= date_to
        elif figure in ("kpi", "body"):
            valid = isinstance(value, str)
        elif figure in ("category", "channel"):
            valid = is_id(value)
        elif figure == "problem":
            valid = (
                isinstance(value, list | tuple)
                and len(value) == 2
                and all(is_id(item) for item in value)
            )
        elif figure == "improvement":
            valid = isinstance(value, str) and value in self.env[
                "complaint.improvement.indicator"
            ]._domains(date_from, date_to, companies.ids)
        else:
            valid = False
        if not valid:
            raise UserError(self.env._("This figure cannot be opened."))

    @api.model
    def _kpi_domain(self, key):
        """What a complaint figure counts; a rate opens the complaints it
        counts as successes (settled, resolved in time, satisfied)."""
        return {
            "timeliness_rate": [("date_closed", "!=", False), ("sla_met", "=", True)],
            "satisfaction_rate": [("rating_last_value", ">=", SATISFIED_RATING)],
            "settlement_rate": [
                "|",
                ("decision", "=", "accepted"),
                ("external_case_ids.outcome", "=", "settled"),
            ],
            "resolution_rate": [("state", "=", "closed")],
            "avg_handling_hours": [("state", "=", "closed")],
            "escalated": [("is_escalated", "=", True)],
            "reopened": [("reopen_count", ">", 0)],
            "remedy_amount": [("remedy_amount_total", ">", 0)],
            "remedy_amount_done": [("remedy_amount_done", ">", 0)],
        }.get(key, [])

    @api.model
    def _external_action(self, figure, value, date_from, date_to, companies):
        domain = [
            ("date_received", ">=", date_from),
            ("date_received", "<=", date_to),
            ("company_id", "in", companies.ids),
            ("complaint_id.state", "!=", "cancelled"),
        ]
        if figure == "body":
            domain.append(("body", "=", value))
        elif value != "external_count":
            domain += [
                ("body", "=", "12345" if value == "external_12345_count" else "12315")
            ]
            domain += {
                "external_settlement_rate": [("outcome", "=", "settled")],
                "external_on_time_rate": [
                    ("deadline_state", "in", ON_TIME_BASE_STATES),
                    ("outcome", "!=", "pending"),
                    ("date_settled", "!=", False),
                ],
                "external_score": [("consumer_score", ">", 0)],
            }.get(value, [])
            if value == "external_on_time_rate":
                # the successes the rate counts (a domain compares no two fields)
                cases = self.env["complaint.external.case"].search(domain)
                domain = [
                    ("id", "in", cases.filtered(lambda c: c._concluded_on_time()).ids)
                ]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Spill-over Cases"),
            "res_model": "complaint.external.case",
            "domain": domain,
            "views": [(False, "list"), (False, "form")],
            "view_mode": "list,form",
            "context": {"create": False},
        }

    @api.model
    def _improvement_action(self, key, date_from, date_to, companies):
        domain = self.env["complaint.improvement.indicator"]._domains(
            date_from, date_to, companies.ids
        )[key]
        if key == "review_score":
            model, name = "complaint.sample", self.env._("Quality Reviews")
        else:
            model, name = (
                "complaint.corrective.action",
                self.env._("Corrective Actions"),
            )
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": model,
            "views": [(False, "list"), (False, "form")],
            "domain": domain,
            "context": {"create": False},
        }

    @api.model
    def action_print(self, date_from, date_to, company_ids):
        """The management review of the period, printed."""
        date_from, date_to, companies = self._resolve(date_from, date_to, company_ids)
        review = self.env["complaint.review"].create(
            {
                "date_from": date_from,
                "date_to": date_to,
                "company_ids": [fields.Command.set(companies.ids)],
            }
        )
        return review.action_print()
