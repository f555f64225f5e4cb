from odoo import fields, models

TIME_UNITS = [
    ("working_hours", "Working Hours"),
    ("working_days", "Working Days"),
    ("hours", "Calendar Hours"),
]


class ComplaintLevel(models.Model):
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
    response_time = fields.Float(help="Time allowed for the first response.")
    response_unit = fields.Selection(TIME_UNITS, default="hours", required=True)
    resolution_time = fields.Float(help="Time allowed for the resolution.")
    resolution_unit = fields.Selection(
        TIME_UNITS, default="working_days", required=True
    )
    description = fields.Text(translate=True)

    _sql_constraints = [
        ("code_uniq", "unique(code)", "The level code must be unique."),
    ]
