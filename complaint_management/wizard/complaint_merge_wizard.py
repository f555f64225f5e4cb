from odoo import api, fields, models


class ComplaintMergeWizard(models.TransientModel):
    """Merge duplicates: pick the complaint to keep, the others are merged into
    it (``complaint.merge.mixin`` moves, checks and cancels)."""

    _name = "complaint.merge.wizard"
    _description = "Merge Complaints"

    complaint_ids = fields.Many2many("complaint.complaint", string="Complaints")
    keep_id = fields.Many2one(
        "complaint.complaint",
        string="Complaint to Keep",
        required=True,
        domain="[('id', 'in', complaint_ids)]",
        help="Its number, status and handling stay; the others are cancelled into "
        "it. By default the one received first.",
    )
    merged_ids = fields.Many2many(
        "complaint.complaint",
        string="Merged Into It",
        compute="_compute_merged_ids",
    )

    @api.model
    def default_get(self, fields_list):
        res = super().default_get(fields_list)
        if self.env.context.get("active_model") == "complaint.complaint":
            complaints = self.env["complaint.complaint"].browse(
                self.env.context.get("active_ids", [])
            )
            res["complaint_ids"] = [fields.Command.set(complaints.ids)]
            oldest = complaints.sorted(lambda c: (c.date_received, c.id))[:1]
            res["keep_id"] = oldest.id
        return res

    @api.depends("complaint_ids", "keep_id")
    def _compute_merged_ids(self):
        for wizard in self:
            wizard.merged_ids = wizard.complaint_ids - wizard.keep_id

    def action_merge(self):
        self.ensure_one()
        kept = self.keep_id._merge(self.complaint_ids - self.keep_id)
        return kept._merge_form_action()
