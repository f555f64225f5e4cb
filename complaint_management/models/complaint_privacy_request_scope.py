from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import email_normalize

from ..tools.context_defaults import changed_fields

# whose data, where, which right: what an export or an erasure was made for
SCOPE_FIELDS = {"partner_id", "company_id", "request_type"}


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
    verified_email = fields.Char(
        string="Address Checked",
        readonly=True,
        copy=False,
        help="The address whose complaints the request covers, as it was when "
        "the officer included them: a customer changing their address "
        "afterwards brings no stranger's complaints in.",
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
            shown = (
                self.env["complaint.privacy.service"]._find_complaints(
                    request.partner_id, request.company_id, request._email_scope()
                )
                if request.include_email_matches
                else own
            )
            request.complaint_ids = Complaint.search([("id", "in", shown.ids)])

    @api.model_create_multi
    def create(self, vals_list):
        requests = super().create(vals_list)
        requests.filtered("include_email_matches")._note_checked_address()
        return requests

    def write(self, vals):
        res = super().write(vals)
        if {"include_email_matches", "partner_id"} & vals.keys():
            self._note_checked_address()
        return res

    def _note_checked_address(self):
        """Keep the address the officer checked when they included its
        complaints (the contact's, as it is now)."""
        for request in self:
            email = (
                request.include_email_matches
                and email_normalize(request.partner_id.email)
            ) or False
            if request.verified_email != email:
                request._workflow_write({"verified_email": email})

    def _email_scope(self):
        """The address whose complaints the request covers besides the
        contact's: the one checked, or none."""
        self.ensure_one()
        return (self.include_email_matches and self.verified_email) or False

    def _complaints(self):
        """The complaints the request covers (as superuser): the export, the
        erasure and the withdrawal work on them."""
        self.ensure_one()
        return self.env["complaint.privacy.service"]._complaints_of(
            self.partner_id, self.company_id, self._email_scope()
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
                        ("verified_email", "in", list(emails)),
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

    def _check_scope_not_carried_out(self, vals):
        """An export or an erasure answers the person and scope it was made
        for: another requester's request would hand them this person's zip
        (and this person's erasure would not find it)."""
        for request in self.filtered(
            lambda r: r.export_attachment_id or r.erasure_report
        ):
            if changed_fields(request, vals, SCOPE_FIELDS):
                raise UserError(
                    self.env._(
                        "Request %(name)s was carried out for %(person)s (an export "
                        "or an erasure): its requester, company and type no longer "
                        "change. Register a new request.",
                        name=request.name,
                        person=request.partner_id.display_name,
                    )
                )

    def _drop_export_of_other_scope(self, include_email_matches):
        """The complaints filed from the person's address included (checked
        by the officer) or left out: the zip made before answers another
        scope; it goes, and the data is exported again. An erasure is made
        again on the wider scope."""
        exported = self.filtered(
            lambda r: r.export_attachment_id
            and r.include_email_matches != bool(include_email_matches)
        )
        # sudo: the requests' own exports, made for the scope they leave
        exported.export_attachment_id.sudo().unlink()
        # an erasure on the narrower scope left the address's complaints:
        # the request is carried out once it is made again
        self.filtered(
            lambda r: r.erasure_report
            and include_email_matches
            and not r.include_email_matches
        )._workflow_write({"erasure_report": False})
