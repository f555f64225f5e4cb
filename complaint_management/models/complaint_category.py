from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression


class ComplaintCategory(models.Model):
    _name = "complaint.category"
    _inherit = ["complaint.company.guard", "complaint.criterion.guard"]
    _description = "Complaint Category"
    _parent_store = True
    _rec_name = "complete_name"
    _order = "complete_name"

    name = fields.Char(required=True, translate=True)
    code = fields.Char()
    complete_name = fields.Char(
        compute="_compute_complete_name", recursive=True, store=True
    )
    parent_id = fields.Many2one(
        "complaint.category", string="Parent Category", index=True, ondelete="cascade"
    )
    parent_path = fields.Char(index=True)
    child_ids = fields.One2many("complaint.category", "parent_id")
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    description = fields.Text(translate=True)

    _complaint_fact_models = ("complaint.complaint", "complaint.corrective.action")

    def _complaint_criteria_deleted(self):
        # its subcategories go with it
        return self.with_context(active_test=False).search(
            [("id", "child_of", self.ids)]
        )

    @api.depends("name", "parent_id.complete_name")
    def _compute_complete_name(self):
        for category in self:
            if category.parent_id:
                category.complete_name = (
                    f"{category.parent_id.complete_name} / {category.name}"
                )
            else:
                category.complete_name = category.name

    @api.depends_context("lang")
    @api.depends("name", "parent_path")
    def _compute_display_name(self):
        # complete_name is stored (order, search) in the language of the install;
        # the name shown follows the reader's language.
        ancestor_ids = {
            int(ancestor_id)
            for category in self
            for ancestor_id in (category.parent_path or "").split("/")[:-2]
        }
        # one read of every ancestor's name for the whole batch
        names = {ancestor.id: ancestor.name for ancestor in self.browse(ancestor_ids)}
        for category in self:
            path = [
                names[int(ancestor_id)]
                for ancestor_id in (category.parent_path or "").split("/")[:-2]
            ]
            category.display_name = " / ".join(path + [category.name])

    @api.model
    def _search_display_name(self, operator, value):
        # complete_name is stored in one language: a reader typing part of a
        # category's name in their own finds it too; an exact name (an
        # import) still means the full path, which names one category
        domain = super()._search_display_name(operator, value)
        if operator in ("ilike", "like", "=ilike", "=like"):
            domain = expression.OR([domain, [("name", operator, value)]])
        return domain

    @api.constrains("parent_id")
    def _check_category_recursion(self):
        if self._has_cycle():
            raise ValidationError(self.env._("You cannot create recursive categories."))
