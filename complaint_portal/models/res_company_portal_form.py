from odoo import fields, models


class ResCompany(models.Model):
    """What the online complaint form asks."""

    _inherit = "res.company"  # pylint: disable=consider-merging-classes-inherited

    complaint_portal_category = fields.Selection(
        [
            ("hidden", "Not asked"),
            ("optional", "Optional"),
            ("required", "Required"),
        ],
        string="Category on the Complaint Form",
        default="optional",
        required=True,
        help="Whether customers pick a category when they file online; the known "
        "answers of that category are shown before they send.",
    )

    def _complaint_portal_categories(self):
        """Categories offered on the form: the most precise ones (a parent only
        groups them), none when the category is not asked."""
        self.ensure_one()
        if self.complaint_portal_category == "hidden":
            return self.env["complaint.category"]
        # sudo: category names for anyone filing a complaint; the names shown
        # come with the search (one query less per form)
        return (
            self.env["complaint.category"]
            .sudo()
            .search_fetch(
                [("portal_visible", "=", True), ("child_ids", "=", False)],
                ["name", "parent_path"],
                order="complete_name",
            )
        )
