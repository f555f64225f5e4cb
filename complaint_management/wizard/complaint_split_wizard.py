from odoo import fields, models


class ComplaintSplitWizard(models.TransientModel):
    """Split a complaint about two problems: the messages and products of the
    other problem go to a new complaint (``complaint.split.mixin``)."""

    _name = "complaint.split.wizard"
    _description = "Split a Complaint"

    complaint_id = fields.Many2one("complaint.complaint", required=True, readonly=True)
    complaint_product_ids = fields.Many2many(
        related="complaint_id.product_ids", string="Products of the Complaint"
    )
    subject = fields.Char(
        required=True, help="What the new complaint is about, in a few words."
    )
    category_id = fields.Many2one(
        "complaint.category",
        help="Leave empty to keep the category of the complaint.",
    )
    # the split checks the choice again (complaint.split.mixin._split_check)
    message_ids = fields.Many2many(
        "mail.message",
        string="Messages",
        domain="[('model', '=', 'complaint.complaint'), ('res_id', '=', complaint_id), "
        "('message_type', 'in', ('email', 'comment'))]",
        help="The emails and comments about the other problem; their files go "
        "with them.",
    )
    product_ids = fields.Many2many(
        "product.product",
        string="Products",
        help="The products of the other problem: they leave this complaint.",
    )

    def action_split(self):
        self.ensure_one()
        new = self.complaint_id._split(
            self.subject, self.message_ids, self.product_ids, self.category_id
        )
        return new._merge_form_action()
