from odoo import api, fields, models


class ComplaintKnownAnswer(models.Model):
    """An answer the company already gives to a common problem, shown on the
    complaint form for the category the customer picks: a problem solved
    before it becomes a complaint (seed 000)."""

    _name = "complaint.known.answer"
    _description = "Known Answer Shown Before Filing"
    _inherit = ["complaint.company.guard"]
    _order = "sequence, id"

    name = fields.Char(string="Question", required=True, translate=True)
    answer = fields.Html(required=True, translate=True, sanitize=True)
    category_ids = fields.Many2many(
        "complaint.category",
        string="Categories",
        required=True,
        help="Shown on the complaint form when the customer picks one of these.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )

    @api.model
    def _portal_answers(self, company):
        """Answers shown on the company's complaint form (with categories)."""
        # sudo: published texts for anyone filing a complaint, nothing else;
        # the texts come with the search
        return self.sudo().search_fetch(
            [("company_id", "=", company.id)], ["name", "answer"]
        )

    def _portal_category_ids(self):
        self.ensure_one()
        # ids only, matched on the page against the categories offered: an
        # archived one never matches, and is not read only to be filtered out
        categories = self.with_context(active_test=False).category_ids
        return ",".join(str(category_id) for category_id in categories.ids)


class ComplaintCategory(models.Model):
    _inherit = "complaint.category"

    portal_visible = fields.Boolean(
        string="Offered Online",
        default=True,
        help="Customers may pick this category on the complaint form.",
    )
