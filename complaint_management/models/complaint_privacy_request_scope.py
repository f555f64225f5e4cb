from odoo import api, fields, models
from odoo.osv import expression


class ComplaintPrivacyRequestScope(models.AbstractModel):
    """Which complaints a privacy request covers: the requester's, and those
    of their email address filed without the contact once the officer
    includes them (composed by ``complaint.privacy.request``)."""

    _name = "complaint.privacy.request.scope"
    _description = "Privacy Request Scope"

    complaint_ids = fields.Many2many(
        "complaint.complaint",
        string="Complaints",
        compute="_compute_complaint_ids",
        help="The requester's complaints that you may read; the export, the "
        "erasure and the withdrawal cover all of them.",
    )
    include_email_matches = fields.Boolean(
        string="Include Complaints of the Email Address",
        help="Also the complaints filed from the requester's email address without "
        "this contact (the website form, other channels, an email from an "
        "unknown sender). A customer may change their address in the portal: "
        "tick it once you checked the person owns the address.",
    )
    email_match_count = fields.Integer(
        string="Complaints of the Email Address",
        compute="_compute_complaint_ids",
        help="Complaints filed from the requester's email address without this "
        "contact, in the request's company.",
    )

    @api.depends("partner_id", "company_id", "include_email_matches")
    def _compute_complaint_ids(self):
        Complaint = self.env["complaint.complaint"]
        for request in self:
            if not request.partner_id or not request.company_id:
                request.complaint_ids = Complaint
                request.email_match_count = 0
                continue
            # sudo: counted only; the list shows what the reader may read
            found = self.env["complaint.privacy.service"]._find_complaints(
                request.partner_id, request.company_id, by_email=True
            )
            own = found.filtered(lambda c, p=request.partner_id: c.partner_id == p)
            request.email_match_count = len(found - own)
            shown = found if request.include_email_matches else own
            request.complaint_ids = Complaint.search([("id", "in", shown.ids)])

    def _complaints(self):
        """The complaints the request covers (as superuser): the export, the
        erasure and the withdrawal work on them."""
        self.ensure_one()
        return self.env["complaint.privacy.service"]._complaints_of(
            self.partner_id, self.company_id, self.include_email_matches
        )

    @api.model
    def _exports_of(self, partners, companies, emails=()):
        """The copies exported for ``partners`` on the requests of
        ``companies`` (their access or copy requests), and those that
        included the complaints filed from ``emails`` (normalized), as
        superuser: an erasure or a de-identification deletes them with what
        they hold."""
        domain = [("partner_id", "in", partners.ids)]
        if emails:
            domain = expression.OR(
                [
                    domain,
                    [
                        ("include_email_matches", "=", True),
                        ("partner_id.email_normalized", "in", list(emails)),
                    ],
                ]
            )
        # sudo: exports are kept on requests only privacy officers read
        requests = (
            self.env["complaint.privacy.request"]
            .sudo()
            .search(expression.AND([domain, [("company_id", "in", companies.ids)]]))
        )
        if not requests:
            return self.env["ir.attachment"]
        # sudo: as above
        return (
            self.env["ir.attachment"]
            .sudo()
            .search(
                [
                    ("res_model", "=", requests._name),
                    ("res_id", "in", requests.ids),
                    ("mimetype", "=", "application/zip"),
                ]
            )
        )
