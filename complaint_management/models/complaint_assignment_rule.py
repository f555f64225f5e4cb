from odoo import api, fields, models


class ComplaintAssignmentRule(models.Model):
    """Which team takes a complaint, by what it is about and how it came in.

    Rules are tried by sequence; the first whose criteria all match gives the
    team (an empty criterion matches anything). Within the team, the handler is
    chosen by the team's method (``complaint.team._pick_handler``).
    """

    _name = "complaint.assignment.rule"
    _description = "Complaint Assignment Rule"
    _inherit = ["complaint.company.guard"]
    _order = "sequence, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    category_ids = fields.Many2many(
        "complaint.category",
        string="Categories",
        help="The complaint's category or one of its parents.",
    )
    channel_ids = fields.Many2many("complaint.channel", string="Channels")
    product_ids = fields.Many2many("product.product", string="Products")
    level_ids = fields.Many2many("complaint.level", string="Levels")
    team_id = fields.Many2one(
        "complaint.team",
        required=True,
        check_company=True,
        domain="[('company_id', '=', company_id)]",
    )

    def _matches(self, complaint):
        self.ensure_one()
        # an archived category, channel, product or level is still one of its
        # conditions (read without it, the rule would route everything)
        self = self.with_context(active_test=False)  # noqa: PLW0642
        return (
            self.company_id == complaint.company_id
            and (
                not self.category_ids
                or bool(
                    self.category_ids.ids
                    and complaint.category_id
                    and set(map(int, complaint.category_id.parent_path.split("/")[:-1]))
                    & set(self.category_ids.ids)
                )
            )
            and (not self.channel_ids or complaint.channel_id in self.channel_ids)
            and (not self.product_ids or bool(complaint.product_ids & self.product_ids))
            and (not self.level_ids or complaint.level_id in self.level_ids)
        )

    @api.model
    def _team_for(self, complaints):
        """``{complaint: team}`` for the complaints a rule matches."""
        # a rule sending to an archived team no longer routes anything
        rules = self.search(
            [
                ("company_id", "in", complaints.company_id.ids),
                ("team_id.active", "=", True),
            ]
        )
        found = {}
        for complaint in complaints:
            rule = next((rule for rule in rules if rule._matches(complaint)), None)
            if rule:
                found[complaint] = rule.team_id
        return found
