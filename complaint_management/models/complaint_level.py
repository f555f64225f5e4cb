from odoo import api, fields, models
from odoo.exceptions import UserError


class ComplaintLevel(models.Model):
    """What a level is: its name, the priority it gives and its colour. Its
    time limits are SLA policies for the level (``complaint.sla.policy``),
    the only place deadlines come from."""

    _name = "complaint.level"
    _description = "Complaint Level"
    # shared by every company: changed by someone working for all of them
    _inherit = ["complaint.company.guard", "complaint.criterion.guard"]
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

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        """A level graded complaints and picks their time limits: archived,
        not deleted, once a complaint has it."""
        # sudo: complaints of every company, whoever deletes the shared level
        Complaint = (
            self.env["complaint.complaint"].sudo().with_context(active_test=False)
        )
        used = Complaint.search([("level_id", "in", self.ids)], limit=1).level_id
        if used:
            raise UserError(
                self.env._(
                    "Complaints are graded %(level)s: archive the level instead "
                    "of deleting it.",
                    level=used.display_name,
                )
            )
