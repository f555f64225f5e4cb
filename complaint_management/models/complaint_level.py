from odoo import fields, models


class ComplaintLevel(models.Model):
    """What a level is: its name, the priority it gives and its colour. Its
    time limits are SLA policies for the level (``complaint.sla.policy``),
    the only place deadlines come from."""

    _name = "complaint.level"
    _description = "Complaint Level"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    priority = fields.Selection(
        [("0", "Normal"), ("1", "High"), ("2", "Very High"), ("3", "Urgent")],
        default="0",
        help="Priority given to complaints of this level.",
    )
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The level code must be unique."),
    ]
