from random import randint

from odoo import fields, models


class ComplaintTag(models.Model):
    """A label shared by every company's complaints: renamed, archived or
    deleted by someone working for all of them (archived, it leaves every
    company's complaints); made by anyone who tags."""

    _name = "complaint.tag"
    _inherit = ["complaint.company.guard"]
    _description = "Complaint Tag"
    _order = "name"
    _company_guard_create = False

    def _default_color(self):
        return randint(1, 11)

    name = fields.Char(required=True, translate=True)
    color = fields.Integer(default=lambda self: self._default_color())
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("name_uniq", "unique(name)", "A tag with this name already exists."),
    ]
