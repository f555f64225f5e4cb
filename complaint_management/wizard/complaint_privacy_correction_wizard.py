from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_list

DATA = ("name", "email", "phone")


class ComplaintPrivacyCorrectionWizard(models.TransientModel):
    """The person's corrected contact data (PIPL art. 46), written on their
    contact and on each of their complaints of the request's company that
    is not de-identified, whichever team handles it."""

    _name = "complaint.privacy.correction.wizard"
    _description = "Correct a Person's Contact Data"

    request_id = fields.Many2one(
        "complaint.privacy.request", required=True, ondelete="cascade"
    )
    name = fields.Char(string="Corrected Name")
    email = fields.Char(string="Corrected Email")
    phone = fields.Char(string="Corrected Phone")
    complaint_count = fields.Integer(
        string="Complaints", compute="_compute_complaint_count"
    )

    @api.depends("request_id")
    def _compute_complaint_count(self):
        for wizard in self:
            wizard.complaint_count = len(
                wizard.request_id._complaints().filtered(
                    lambda c: not c.is_deidentified
                )
            )

    def action_correct(self):
        """Correct what the officer changed, log which data on the request
        (not the data itself: the chatter would keep it); the request stays
        open for the officer to answer."""
        self.ensure_one()
        request = self.request_id
        request._check_correction()
        partner = request.partner_id
        typed = {key: (self[key] or "").strip() for key in DATA}
        values = {
            key: value
            for key, value in typed.items()
            if value and value != (partner[key] or "")
        }
        if not values:
            raise UserError(
                self.env._("Change the name, email or phone to correct first.")
            )
        complaints, on_contact = self.env["complaint.privacy.service"]._correct(
            partner, request.company_id, request.include_email_matches, values
        )
        labels = {
            "name": self.env._("name"),
            "email": self.env._("email"),
            "phone": self.env._("phone"),
        }
        data = format_list(self.env, [labels[key] for key in values])
        request.message_post(
            body=self.env._(
                "Corrected the %(data)s on the contact and on %(count)s complaint(s).",
                data=data,
                count=len(complaints),
            )
            if on_contact
            else self.env._(
                "Corrected the %(data)s on %(count)s complaint(s); the contact is "
                "another company's and was left as it is.",
                data=data,
                count=len(complaints),
            )
        )
        request.filtered(lambda r: r.state == "new")._workflow_write(
            {"state": "in_progress"}
        )
        return {"type": "ir.actions.act_window_close"}
