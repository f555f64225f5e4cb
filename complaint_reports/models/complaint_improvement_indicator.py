from odoo import api, models


class ComplaintImprovementIndicator(models.AbstractModel):
    """The improvement loop in figures for the management review: corrective
    actions opened, carried out, verified effective and overdue, the systemic
    problems, and the quality reviews of handled complaints."""

    _name = "complaint.improvement.indicator"
    _description = "Complaint Improvement Indicators"

    @api.model
    def _domains(self, date_from, date_to, company_ids):
        """What each figure counts: the corrective actions (by key) and the
        quality reviews ("review_score"), one definition for the figures and
        the lists they open."""
        start, stop = self.env["complaint.indicator"]._period_bounds(
            date_from, date_to, company_ids
        )
        company = [("company_id", "in", company_ids)]
        return {
            # taken up (a proposal not started, a cancelled one are not)
            "actions_opened": company
            + [
                ("state", "not in", ("draft", "cancelled")),
                ("date_opened", ">=", start),
                ("date_opened", "<", stop),
            ],
            # carried out and not sent back since (found not effective:
            # counted when carried out again)
            "actions_done": company
            + [
                ("state", "in", ("done", "effective")),
                ("date_done", ">=", start),
                ("date_done", "<", stop),
            ],
            "actions_effective": company
            + [
                ("state", "=", "effective"),
                ("date_verified", ">=", start),
                ("date_verified", "<", stop),
            ],
            "actions_overdue": company + [("is_overdue", "=", True)],
            # done in the period (a month's draw is made on the 2nd of the
            # next and reviewed then: its own month's review is sent before)
            "review_score": company
            + [
                ("state", "=", "done"),
                ("date_reviewed", ">=", start),
                ("date_reviewed", "<", stop),
            ],
        }

    @api.model
    def get_figures(self, date_from, date_to, company_ids):
        """Figures of ``[date_from, date_to]`` (dates) for the companies; the
        overdue count is today's. Record rules apply (a manager sees all)."""
        indicator = self.env["complaint.indicator"]
        date_from, date_to, company_ids = indicator._reader_scope(
            date_from, date_to, company_ids
        )
        start, stop = indicator._period_bounds(date_from, date_to, company_ids)
        Action = self.env["complaint.corrective.action"]
        company = [("company_id", "in", company_ids)]
        domains = self._domains(date_from, date_to, company_ids)

        def count(key):
            return Action.search_count(domains[key])

        systemic = Action.search(
            company
            + [
                ("is_systemic", "=", True),
                # still being dealt with, or carried out within the period
                "|",
                ("state", "in", ("draft", "open", "done")),
                "&",
                ("state", "=", "effective"),
                "&",
                ("date_done", ">=", start),
                ("date_done", "<", stop),
            ],
            order="date_due, id",
            limit=5,
        )
        reviews = self.env["complaint.sample"]._read_group(
            domains["review_score"],
            ["handler_id"],
            ["score:avg", "__count"],
        )
        review_count = sum(n for _handler, _score, n in reviews)
        return {
            "actions_opened": count("actions_opened"),
            "actions_done": count("actions_done"),
            "actions_effective": count("actions_effective"),
            "actions_overdue": count("actions_overdue"),
            "systemic": [
                {
                    "name": action.display_name,
                    "state": action.state,
                    "owner": action.user_id.name or "",
                }
                for action in systemic
            ],
            "review_count": review_count,
            "review_score": sum(score * n for _h, score, n in reviews) / review_count
            if review_count
            else None,
            "review_by_handler": [
                {
                    "name": handler.name or self.env._("Unassigned"),
                    "score": score,
                    "count": n,
                }
                for handler, score, n in sorted(reviews, key=lambda row: row[1])
            ],
        }
