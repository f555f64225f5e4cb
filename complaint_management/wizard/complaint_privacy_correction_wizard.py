from odoo import api, fields, models
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
        typed = {key: (self[key] or "").strip() for key in DATA}
        complaints, values, kept = self.env["complaint.privacy.service"]._correct(
            request.partner_id,
            request.company_id,
            request._email_scope(),
            typed,
        )
        labels = {
            "name": self.env._("name"),
            "email": self.env._("email"),
            "phone": self.env._("phone"),
        }
        data = format_list(self.env, [labels[key] for key in values])
        if kept == "login":
            body = self.env._(
                "Corrected the %(data)s on %(count)s complaint(s); the contact has "
                "a portal login and was left as it is: the person corrects it in "
                "their portal account.",
                data=data,
                count=len(complaints),
            )
        elif kept == "none":
            body = self.env._(
                "Corrected the %(data)s on %(count)s complaint(s); no complaint of "
                "this company names the contact, which was left as it is.",
                data=data,
                count=len(complaints),
            )
        elif kept:
            body = self.env._(
                "Corrected the %(data)s on %(count)s complaint(s); the contact is "
                "another company's and was left as it is.",
                data=data,
                count=len(complaints),
            )
        else:
            body = self.env._(
                "Corrected the %(data)s on the contact and on %(count)s complaint(s).",
                data=data,
                count=len(complaints),
            )
        request.message_post(body=body)
        request.filtered(lambda r: r.state == "new")._workflow_write(
            {"state": "in_progress"}
        )
        return {"type": "ir.actions.act_window_close"}
