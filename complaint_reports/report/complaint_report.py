from odoo import fields, models, tools
from odoo.tools import SQL


class ComplaintReport(models.Model):
    _name = "complaint.report"
    _description = "Complaint Analysis"
    _auto = False
    _rec_name = "complaint_id"
    _order = "date_received desc"

    complaint_id = fields.Many2one("complaint.complaint", readonly=True)
    date_received = fields.Datetime(readonly=True)
    date_closed = fields.Datetime(readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    team_id = fields.Many2one("complaint.team", readonly=True)
    user_id = fields.Many2one("res.users", string="Handler", readonly=True)
    category_id = fields.Many2one("complaint.category", readonly=True)
    channel_id = fields.Many2one("complaint.channel", readonly=True)
    level_id = fields.Many2one("complaint.level", readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    state = fields.Selection(
        lambda self: self.env["complaint.complaint"]._fields["state"].selection,
        readonly=True,
    )
    is_high_risk = fields.Boolean(readonly=True)
    complaint_count = fields.Integer(
        string="Complaints", readonly=True, aggregator="sum"
    )
    hours_to_close = fields.Float(readonly=True, aggregator="avg")

    def _select(self):
        return SQL(
            """
            c.id AS id,
            c.id AS complaint_id,
            c.date_received,
            c.date_closed,
            c.company_id,
            c.team_id,
            c.user_id,
            c.category_id,
            c.channel_id,
            c.level_id,
            c.commercial_partner_id AS partner_id,
            c.state,
            c.is_high_risk,
            1 AS complaint_count,
            EXTRACT(EPOCH FROM (c.date_closed - c.date_received)) / 3600.0
                AS hours_to_close
            """
        )

    def _from(self):
        return SQL("complaint_complaint c")

    def _where(self):
        return SQL("c.state != 'cancelled'")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (SELECT %s FROM %s WHERE %s)",
                SQL.identifier(self._table),
                self._select(),
                self._from(),
                self._where(),
            )
        )
