"""The rows the indicators screen and the printed review show."""

from odoo import api, models

# The figures: key, kind, number in the guideline's table of indicators (rows 1
# to 4 are the set-up, complaint.setup.indicator) and the better direction.
KPI_SPECS = [
    ("external_12315_count", "count", 5, "down"),
    ("external_12345_count", "count", 6, "down"),
    ("external_settlement_rate", "rate", 7, "up"),
    ("external_on_time_rate", "rate", 8, "up"),
    ("external_score", "score", 9, "up"),
    ("complaint_rate", "rate", 10, "down"),
    ("timeliness_rate", "rate", 11, "up"),
    ("satisfaction_rate", "rate", 12, "up"),
    ("settlement_rate", "rate", 13, "up"),
    ("count", "count", None, None),
    ("order_count", "count", None, None),
    ("resolution_rate", "rate", None, "up"),
    ("avg_handling_hours", "hours", None, "down"),
    ("escalated", "count", None, "down"),
    ("reopened", "count", None, "down"),
    ("remedy_amount", "amount", None, None),
    ("remedy_amount_done", "amount", None, None),
    ("external_count", "count", None, "down"),
]


def ratio(numerator, denominator):
    """``numerator / denominator`` or None when there is nothing to divide by."""
    return numerator / denominator if denominator else None


def change(current, previous):
    if current is None or previous is None:
        return None
    return current - previous


class ComplaintIndicatorRows(models.AbstractModel):
    """The indicators as rows: the figures of the guideline's table with their
    change and better direction, the shares by category and channel, the
    spill-over cases (``complaint.indicator`` computes the figures)."""

    _name = "complaint.indicator.rows"
    _description = "Complaint Indicator Rows"

    def _kpi_labels(self):
        return {
            "external_12315_count": self.env._("Complaints on the 12315 platform"),
            "external_12345_count": self.env._("Complaints on the 12345 hotline"),
            "external_settlement_rate": self.env._("12315 ODR settlement rate"),
            "external_on_time_rate": self.env._("12315 ODR on-time completion rate"),
            "external_score": self.env._("12315 consumer score (0-5)"),
            "complaint_rate": self.env._("Complaint rate (per sales order)"),
            "timeliness_rate": self.env._("Timeliness rate (resolved within limit)"),
            "satisfaction_rate": self.env._("Satisfaction rate (rated 4 or 5)"),
            "settlement_rate": self.env._("Settlement rate"),
            "count": self.env._("Complaints received"),
            "order_count": self.env._("Confirmed sales orders"),
            "resolution_rate": self.env._("Resolution rate (closed)"),
            "avg_handling_hours": self.env._("Average handling time (calendar hours)"),
            "escalated": self.env._("Escalated complaints"),
            "reopened": self.env._("Reopenings"),
            "remedy_amount": self.env._("Remedies offered (amount)"),
            "remedy_amount_done": self.env._("Remedies carried out (amount)"),
            "external_count": self.env._("Spill-over cases"),
        }

    def _kpi_rows(self, current, previous):
        labels = self._kpi_labels()
        return [
            {
                "key": key,
                "label": labels[key],
                "kind": kind,
                "number": number,
                "better": better,
                "current": current[key],
                "previous": previous[key],
                "change": change(current[key], previous[key]),
            }
            for key, kind, number, better in KPI_SPECS
        ]

    def _share_rows(self, current_counts, previous_counts, current, previous):
        rows = []
        for record in self._sorted_keys(current_counts, previous_counts):
            cur = current_counts.get(record, 0)
            prev = previous_counts.get(record, 0)
            rows.append(
                {
                    "record": record,
                    "name": record.display_name or self.env._("Undefined"),
                    "current": cur,
                    "current_share": ratio(cur, current["count"]),
                    "previous": prev,
                    "previous_share": ratio(prev, previous["count"]),
                    "change": cur - prev,
                }
            )
        return rows

    def _spill_over_rows(self, current, previous, companies):
        """One row per body with cases in either period, in the bodies'
        order; the body's name (the counted companies' own first, in their
        order, then the shared one), else its code: whoever reads the
        figures, and in whichever company they work."""
        codes = set(current["external_by_body"]) | set(previous["external_by_body"])
        bodies = (
            self.env["complaint.external.body"]
            .with_context(active_test=False)
            .search(
                [
                    ("code", "in", list(codes)),
                    ("company_id", "in", [*companies.ids, False]),
                ],
                order="sequence, company_id, id",
            )
        )
        rank = {company_id: index for index, company_id in enumerate(companies.ids)}
        names = {}
        for body in bodies.sorted(lambda b: rank.get(b.company_id.id, len(rank))):
            names.setdefault(body.code, body.name)
        order = {code: index for index, code in enumerate(bodies.mapped("code"))}
        rows = []
        for body in sorted(codes, key=lambda code: (order.get(code, len(order)), code)):
            cur = current["external_by_body"].get(body, 0)
            prev = previous["external_by_body"].get(body, 0)
            if not (cur or prev):
                continue
            rows.append(
                {
                    "body": body,
                    "name": names.get(body, body),
                    "current": cur,
                    "previous": prev,
                    "change": cur - prev,
                }
            )
        return rows

    @api.model
    def _sorted_keys(self, current_counts, previous_counts):
        keys = set(current_counts) | set(previous_counts)
        return sorted(
            keys,
            key=lambda r: (
                -current_counts.get(r, 0),
                -previous_counts.get(r, 0),
                r.display_name or "",
            ),
        )
