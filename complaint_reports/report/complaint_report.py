from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.complaint_management.models.complaint_complaint import COMPLAINT_STATES
from odoo.addons.complaint_management.models.complaint_party_mixin import (
    PARTY_STATES,
    RECOVERY_STATES,
)
from odoo.addons.complaint_management.models.complaint_satisfaction_mixin import (
    SATISFIED_RATING,
)
from odoo.addons.complaint_management.models.complaint_sla_states import SLA_STATES

from .complaint_report_tuning import create_report_indexes


class ComplaintReport(models.Model):
    """One row per complaint (cancelled ones left out), read-only.

    Figures from other tables are scalar sub-queries on indexed keys, not joins
    of whole aggregated tables: PostgreSQL computes them only for the columns
    and rows a query reads, so a count by month and category reads
    ``complaint_complaint`` alone.

    Amounts are in one currency, the current company's (as Odoo's sales
    analysis shows them), at today's rate: a sum over companies of several
    currencies does not add them up as if they had one. The indicators ask
    for their company and their period's last day
    (``complaint_report_currency_company``, ``complaint_report_currency_date``
    in the context), so the query is the model's ``_table_query``.
    """

    _name = "complaint.report"
    _description = "Complaint Analysis"
    _auto = False
    _rec_name = "name"
    _order = "date_received desc"

    # Dimensions
    complaint_id = fields.Many2one("complaint.complaint", readonly=True)
    name = fields.Char(string="Tracking Number", readonly=True)
    date_received = fields.Datetime(string="Received On", readonly=True)
    date_closed = fields.Datetime(string="Closed On", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    currency_id = fields.Many2one(
        "res.currency",
        readonly=True,
        help="The currency of the amounts: the current company's.",
    )
    team_id = fields.Many2one("complaint.team", readonly=True)
    user_id = fields.Many2one("res.users", string="Handler", readonly=True)
    receiver_id = fields.Many2one("res.users", string="Received By", readonly=True)
    category_id = fields.Many2one("complaint.category", readonly=True)
    channel_id = fields.Many2one("complaint.channel", readonly=True)
    level_id = fields.Many2one("complaint.level", readonly=True)
    stage_id = fields.Many2one("complaint.stage", readonly=True)
    product_id = fields.Many2one(
        "product.product",
        readonly=True,
        help="The first product of the complaint (lowest id).",
    )
    product_categ_id = fields.Many2one(
        "product.category", string="Product Category", readonly=True
    )
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    party_id = fields.Many2one(
        "res.partner",
        string="Complained-About Party",
        readonly=True,
        help="The company of the merchant, supplier or carrier complained about.",
    )
    party_state = fields.Selection(
        PARTY_STATES,
        string="Party Status",
        readonly=True,
    )
    state = fields.Selection(
        COMPLAINT_STATES,
        string="Status",
        readonly=True,
    )
    is_high_risk = fields.Boolean(string="High Risk", readonly=True)
    is_open = fields.Boolean(string="Open", readonly=True)
    sla_state = fields.Selection(
        SLA_STATES,
        string="Time Limit Status",
        readonly=True,
    )
    is_settled = fields.Boolean(
        string="Settled",
        readonly=True,
        help="The customer accepted the proposal or an outside case was settled.",
    )
    is_escalated = fields.Boolean(string="Escalated", readonly=True)
    is_spilled_over = fields.Boolean(string="Spilled Over", readonly=True)
    is_reopened = fields.Boolean(string="Reopened", readonly=True)
    is_rated = fields.Boolean(string="Rated", readonly=True)
    is_repeat = fields.Boolean(string="Repeat", readonly=True)
    sla_met = fields.Boolean(string="Resolved in Time", readonly=True)

    # Measures
    complaint_count = fields.Integer(
        string="# Complaints", readonly=True, aggregator="sum"
    )
    closed_count = fields.Integer(string="# Closed", readonly=True, aggregator="sum")
    settled_count = fields.Integer(string="# Settled", readonly=True, aggregator="sum")
    escalated_count = fields.Integer(
        string="# Escalated", readonly=True, aggregator="sum"
    )
    spilled_over_count = fields.Integer(
        string="# Spilled Over", readonly=True, aggregator="sum"
    )
    reopen_count = fields.Integer(
        string="# Reopenings", readonly=True, aggregator="sum"
    )
    satisfied_count = fields.Integer(
        string="# Satisfied",
        readonly=True,
        aggregator="sum",
        help="Rated 4 or 5 out of 5.",
    )
    rated_count = fields.Integer(string="# Rated", readonly=True, aggregator="sum")
    timed_count = fields.Integer(
        string="# Resolved with a Resolution Limit",
        readonly=True,
        aggregator="sum",
        help="Resolved complaints whose resolution time limit was tracked.",
    )
    on_time_count = fields.Integer(
        string="# Resolved in Time",
        readonly=True,
        aggregator="sum",
        help="Resolved complaints that met their resolution time limit.",
    )
    rating = fields.Float(
        string="Satisfaction (avg)",
        readonly=True,
        aggregator="avg",
        help="Last rating given by the complainant, 1 to 5; empty when not rated.",
    )
    hours_to_acknowledge = fields.Float(
        string="Hours to Acknowledgement", readonly=True, aggregator="avg"
    )
    hours_to_first_response = fields.Float(
        string="Hours to First Response",
        readonly=True,
        aggregator="avg",
        help="Until the first-response milestone was reached, or else until the "
        "proposal was sent.",
    )
    hours_to_close = fields.Float(
        string="Hours to Closure", readonly=True, aggregator="avg"
    )
    working_hours_to_acknowledge = fields.Float(
        string="Working Hours to Acknowledgement", readonly=True, aggregator="avg"
    )
    working_hours_to_first_response = fields.Float(
        string="Working Hours to First Response", readonly=True, aggregator="avg"
    )
    working_hours_to_close = fields.Float(
        string="Working Hours to Resolution",
        readonly=True,
        aggregator="avg",
        help="Working hours of the team's calendar the resolution milestones "
        "took, pauses excluded.",
    )
    amount_claimed = fields.Monetary(readonly=True, aggregator="sum")
    remedy_amount = fields.Monetary(
        string="Remedies Offered (Amount)",
        readonly=True,
        aggregator="sum",
        help="The remedies offered, approved or awaiting approval, and those "
        "carried out (not those refused or cancelled).",
    )
    remedy_amount_done = fields.Monetary(
        string="Remedies Carried Out (Amount)",
        readonly=True,
        aggregator="sum",
        help="What the complainants were given: the remedies carried out.",
    )
    recovery_amount = fields.Monetary(
        string="Recovered from Party",
        readonly=True,
        aggregator="sum",
        groups="complaint_management.complaint_management_group_officer",
    )
    recovery_amount_open = fields.Monetary(
        string="Still to Recover from Party",
        readonly=True,
        aggregator="sum",
        groups="complaint_management.complaint_management_group_officer",
        help="Amounts to claim or claimed from the complained-about party, not "
        "recovered yet.",
    )
    recovery_state = fields.Selection(
        RECOVERY_STATES,
        string="Recovery Status",
        readonly=True,
        groups="complaint_management.complaint_management_group_officer",
    )

    def _select(self):
        currency, rate = self._select_currency_rate()
        return SQL(
            """
            c.id AS id,
            c.id AS complaint_id,
            c.name,
            c.date_received,
            c.date_closed,
            c.company_id,
            %(currency)s AS currency_id,
            c.team_id,
            c.user_id,
            c.receiver_id,
            c.category_id,
            c.channel_id,
            c.level_id,
            c.stage_id,
            %(first_product)s AS product_id,
            (SELECT tmpl.categ_id
               FROM product_product product
               JOIN product_template tmpl ON tmpl.id = product.product_tmpl_id
              WHERE product.id = %(first_product)s) AS product_categ_id,
            c.commercial_partner_id AS partner_id,
            c.state,
            c.is_high_risk,
            c.is_open,
            c.sla_state,
            COALESCE(c.is_repeat, FALSE) AS is_repeat,
            %(settled)s AS is_settled,
            COALESCE(c.is_escalated, FALSE) AS is_escalated,
            COALESCE(c.is_spilled_over, FALSE) AS is_spilled_over,
            COALESCE(c.reopen_count, 0) > 0 AS is_reopened,
            COALESCE(c.rating_last_value, 0) > 0 AS is_rated,
            COALESCE(c.sla_met, FALSE) AS sla_met,
            1 AS complaint_count,
            (c.state = 'closed')::int AS closed_count,
            (%(settled)s)::int AS settled_count,
            COALESCE(c.is_escalated, FALSE)::int AS escalated_count,
            COALESCE(c.is_spilled_over, FALSE)::int AS spilled_over_count,
            COALESCE(c.reopen_count, 0) AS reopen_count,
            (COALESCE(c.rating_last_value, 0) >= %(satisfied)s)::int
                AS satisfied_count,
            (COALESCE(c.rating_last_value, 0) > 0)::int AS rated_count,
            NULLIF(c.rating_last_value, 0) AS rating,
            (c.date_closed IS NOT NULL AND %(resolution_reached)s IS NOT NULL)::int
                AS timed_count,
            (c.date_closed IS NOT NULL AND COALESCE(c.sla_met, FALSE)
                AND %(resolution_reached)s IS NOT NULL)::int AS on_time_count,
            EXTRACT(EPOCH FROM (c.date_acknowledged - c.date_received)) / 3600.0
                AS hours_to_acknowledge,
            EXTRACT(EPOCH FROM (
                COALESCE(%(first_response)s, c.date_proposed) - c.date_received
            )) / 3600.0 AS hours_to_first_response,
            EXTRACT(EPOCH FROM (c.date_closed - c.date_received)) / 3600.0
                AS hours_to_close,
            %(working_ack)s AS working_hours_to_acknowledge,
            %(working_first_response)s AS working_hours_to_first_response,
            %(working_close)s AS working_hours_to_close,
            c.amount_claimed * %(rate)s AS amount_claimed,
            c.remedy_amount_total * %(rate)s AS remedy_amount,
            c.remedy_amount_done * %(rate)s AS remedy_amount_done,
            (SELECT party.commercial_partner_id FROM res_partner party
              WHERE party.id = c.party_id) AS party_id,
            c.party_state,
            -- what came back, and what is still claimed: an amount to
            -- claim, written off or without a status was not recovered
            CASE WHEN c.recovery_state = 'recovered'
                 THEN COALESCE(c.recovery_amount, 0) * %(rate)s ELSE 0 END
                AS recovery_amount,
            CASE WHEN c.recovery_state IN ('to_claim', 'claimed')
                 THEN COALESCE(c.recovery_amount, 0) * %(rate)s ELSE 0 END
                AS recovery_amount_open,
            c.recovery_state
            """,
            first_product=self._select_first_product(),
            currency=currency.id,
            rate=rate,
            # timed: a resolution limit was reached (what "resolved in time" is
            # measured against); complaints without one are not counted. Any
            # of its limits, one a merge moved in too: as the complaint's
            # "Resolved in Time" (sla_met) reads them
            resolution_reached=self._select_sla_line(
                "resolution", SQL("MAX(line.date_reached)"), merged_in=True
            ),
            settled=self._select_settled(),
            satisfied=SATISFIED_RATING,
            first_response=self._select_sla_line(
                "first_response", SQL("MIN(line.date_reached)")
            ),
            working_ack=self._select_sla_line(
                "acknowledge", SQL("MIN(line.working_hours_reached)")
            ),
            working_first_response=self._select_sla_line(
                "first_response", SQL("MIN(line.working_hours_reached)")
            ),
            working_close=self._select_sla_line(
                "resolution", SQL("SUM(line.working_hours_reached)")
            ),
        )

    def _select_currency_rate(self):
        """The currency of the amounts and the rate of each company's amounts
        to it: a ``CASE`` on the complaint's company (no join, so a count
        that reads no amount does not pay for it), 1 for a company of that
        currency."""
        context = self.env.context
        # sudo: every company's currency, whichever the reader may switch to
        Company = self.env["res.company"].sudo()
        # the indicators' company and day; from any other caller (JSON-RPC
        # passes any context) only a company they work in, and a real day
        asked = context.get("complaint_report_currency_company")
        company = (
            Company.browse(asked)
            if type(asked) is int and (self.env.su or asked in self.env.companies.ids)
            else self.env.company.sudo()
        )
        currency = company.currency_id
        try:
            day = fields.Date.to_date(context.get("complaint_report_currency_date"))
        except (TypeError, ValueError):
            day = None
        day = day or fields.Date.context_today(self)
        others = Company.search([("currency_id", "!=", currency.id)])
        if not others:
            return currency, SQL("1")
        rate = self.env["res.currency"]._get_conversion_rate
        cases = [
            SQL(
                "WHEN %s THEN %s::numeric",
                other.id,
                rate(other.currency_id, currency, company, day),
            )
            for other in others
        ]
        return currency, SQL("(CASE c.company_id %s ELSE 1 END)", SQL(" ").join(cases))

    # Scalar sub-queries: evaluated only for the rows and columns a query
    # reads, through the indexes on the complaint of each table.
    def _select_first_product(self):
        return SQL(
            "(SELECT MIN(rel.product_product_id)"
            " FROM complaint_complaint_product_product_rel rel"
            " WHERE rel.complaint_complaint_id = c.id)"
        )

    def _select_settled(self):
        # an uncorrelated IN: PostgreSQL hashes the few settled cases once
        return SQL(
            # false, not NULL, for a complaint without a decision
            "COALESCE(c.decision = 'accepted' OR c.id IN ("
            "SELECT ext.complaint_id FROM complaint_external_case ext"
            " WHERE ext.outcome = 'settled'), FALSE)"
        )

    def _select_sla_line(self, milestone, aggregate, merged_in=False):
        return SQL(
            "(SELECT %s FROM complaint_sla_line line"
            " WHERE line.complaint_id = c.id AND line.milestone = %s"
            " AND line.date_reached IS NOT NULL%s)",
            aggregate,
            milestone,
            # limits a merge moved in were the merged complaint's, measured
            # from its own receipt: left out of the durations
            SQL("") if merged_in else SQL(" AND line.merged_from_id IS NULL"),
        )

    def _from(self):
        return SQL("complaint_complaint c")

    def _where(self):
        return SQL("c.state != 'cancelled'")

    def _group_by(self):
        """Empty: one row per complaint. Extensions that aggregate set it."""
        return SQL()

    def _query(self):
        group_by = self._group_by()
        return SQL(
            "SELECT %s FROM %s WHERE %s%s",
            self._select(),
            self._from(),
            self._where(),
            SQL(" GROUP BY %s", group_by) if group_by else SQL(),
        )

    @property
    def _table_query(self):
        return self._query()

    def init(self):
        self._init_complaint_indexes()
        # the query is read through _table_query (its amounts' currency is
        # the reader's); the view of earlier versions is dropped
        tools.drop_view_if_exists(self.env.cr, self._table)

    def _init_complaint_indexes(self):
        """The index and planner statistics the analysis reads by
        (``complaint_report_tuning``)."""
        create_report_indexes(self.env.cr)
