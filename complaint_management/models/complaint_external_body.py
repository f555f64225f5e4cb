from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# What an outside body may ask back before it closes its case (fields of
# complaint.external.case); the configuration picks among these.
REPORT_FIELDS = (
    "negotiation_date",
    "negotiation_process",
    "negotiation_method",
    "negotiation_result",
    "reply_text",
    "followup_call_date",
    "followup_call_note",
    "verdict",
)


class ComplaintExternalBody(models.Model):
    """An outside body complaints spill over to (12315, 12345, a consumer
    council...): its time limit and what it wants reported back.

    ``code`` is what indicators and imports count and match by (``12315``,
    ``12345``...): it stays stable when the name is translated or renamed.
    """

    _name = "complaint.external.body"
    _description = "Spill-Over Body"
    _inherit = ["complaint.company.guard"]
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Technical code the indicators count by (12315, 12345...).",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company",
        index=True,
        help="Empty: shared by every company. A company's own body replaces "
        "the shared one of the same code for that company.",
    )
    time_limit = fields.Integer(
        default=15,
        help="Time the body gives the company to report back, counted from the "
        "day the case is received (that day does not count).",
    )
    time_unit = fields.Selection(
        [("working_days", "Working Days"), ("days", "Calendar Days")],
        required=True,
        default="days",
        help="Working days follow the working calendar and the public holidays "
        "of the company.",
    )
    warning_days = fields.Integer(
        string="At Risk Before",
        default=1,
        help="A pending case is at risk this many days (in the body's unit) "
        "before its deadline.",
    )
    makes_high_risk = fields.Boolean(
        string="Makes the Complaint High-Risk",
        help="A case filed with this body (media exposure, government attention) "
        "makes its complaint high-risk: the complaint managers are told at once, "
        "and its reply script and handling plan are required.",
    )
    report_field_ids = fields.Many2many(
        "ir.model.fields",
        string="Report-Back Data",
        domain=[
            ("model", "=", "complaint.external.case"),
            ("name", "in", REPORT_FIELDS),
        ],
        groups="complaint_management.complaint_management_group_manager",
        help="What must be filled in before a case of this body can be settled.",
    )
    report_field_names = fields.Char(
        compute="_compute_report_field_names",
        store=True,
        help="Technical names of the report-back data, for the case form.",
    )
    note = fields.Text(translate=True, help="What the body expects, for the staff.")
    replaced_company_ids = fields.Many2many(
        "res.company",
        compute="_compute_replaced_company_ids",
        search="_search_replaced_company_ids",
        string="Replaced For",
        help="Companies that have their own body of this shared body's code.",
    )

    @api.depends("report_field_ids")
    def _compute_report_field_names(self):
        # sudo: field metadata is read for the names only, whoever configures
        for body in self.sudo():
            body.report_field_names = " ".join(
                sorted(body.report_field_ids.mapped("name"))
            )

    def _replacing_bodies(self):
        """The active companies' own bodies of the codes of shared ``self``."""
        shared = self.filtered(lambda body: not body.company_id)
        if not shared:
            return self.browse()
        # sudo: which codes a company replaces, whoever picks a body
        return self.sudo().search(
            [
                ("code", "in", list(set(shared.mapped("code")))),
                ("company_id", "!=", False),
            ]
        )

    def _compute_replaced_company_ids(self):
        # the user's own companies among them: they read no other company
        companies = defaultdict(lambda: self.env["res.company"])
        for other in self._replacing_bodies():
            companies[other.code] |= other.company_id & self.env.user.company_ids
        for body in self:
            body.replaced_company_ids = (
                companies[body.code] if not body.company_id else False
            )

    def _search_replaced_company_ids(self, operator, value):
        """Shared bodies a company replaces by its own (``not in`` lists the
        bodies a case of that company may take)."""
        if operator not in ("in", "not in"):
            raise UserError(self.env._("Unsupported search on Replaced For."))
        company_ids = [value] if isinstance(value, int) else list(value or ())
        company_ids = [company_id for company_id in company_ids if company_id]
        # sudo: the codes companies replace, whoever picks a body
        own = self.sudo().search([("company_id", "in", company_ids)])
        replaced = self.sudo()._search(
            [("company_id", "=", False), ("code", "in", own.mapped("code"))]
        )
        return [("id", operator, replaced)]

    @api.constrains("code", "company_id", "active")
    def _check_code_unique(self):
        for body in self.filtered("active"):
            if self.search_count(
                [
                    ("id", "!=", body.id),
                    ("code", "=", body.code),
                    ("company_id", "=", body.company_id.id),
                ],
                limit=1,
            ):
                raise ValidationError(
                    self.env._(
                        "Another active body already has the code %(code)s.",
                        code=body.code,
                    )
                )

    @api.constrains("time_limit", "warning_days")
    def _check_time_limit(self):
        for body in self:
            # ten years at most: past Python's dates a case's deadline fails
            if not (1 <= body.time_limit <= 3650 and 0 <= body.warning_days <= 3650):
                raise ValidationError(
                    self.env._(
                        "The time limit of %(body)s must be from one day to ten "
                        "years (3650 days), and its warning from 0 to 3650 days.",
                        body=body.name,
                    )
                )

    @api.model
    def _get_by_code(self, code, company):
        """The body of ``code`` for ``company``: its own, else the shared one."""
        bodies = self.search(
            [("code", "=", code), ("company_id", "in", [False, company.id])]
        )
        return bodies.filtered("company_id")[:1] or bodies[:1]

    @api.model
    def _case_vals(self, vals, cases):
        """Accept the body's code (``body``: "12315", "12345"...) from callers
        that know only the code (imports, the API, older code) and turn it
        into the company's body (its own, else the shared one)."""
        if "body" not in vals:
            return vals
        vals = dict(vals)
        code = vals.pop("body")
        if "body_id" in vals:
            return vals
        complaint = self.env["complaint.complaint"].browse(vals.get("complaint_id"))
        company = complaint.company_id or cases[:1].company_id or self.env.company
        body = self._get_by_code(code, company)
        if not body:
            raise ValidationError(
                self.env._("There is no spill-over body with code %(code)s.", code=code)
            )
        vals["body_id"] = body.id
        return vals
