from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.chatter import drop_chatter
from ..tools.context_defaults import given_values

# what a contact made at intake holds of the person, emptied with their
# complaints' personal data
INTAKE_CONTACT_DATA = (
    "email",
    "phone",
    "mobile",
    "street",
    "street2",
    "city",
    "zip",
    "vat",
    "website",
    "comment",
    "function",
)


class ResPartner(models.Model):
    _inherit = "res.partner"  # pylint: disable=consider-merging-classes-inherited

    complaint_intake_contact = fields.Boolean(
        string="Made at Complaint Intake",
        readonly=True,
        copy=False,
        help="Made from what a complainant gave when filing (web form, API, "
        "email from an unknown address): emptied and archived with their "
        "complaints' personal data once nothing else refers to it.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        if any(
            given_values(self, vals).get("complaint_intake_contact")
            for vals in vals_list
        ):
            self._check_intake_mark()
        return super().create(vals_list)

    def write(self, vals):
        if "complaint_intake_contact" in vals and self.filtered(
            lambda p: p.complaint_intake_contact
            != bool(vals["complaint_intake_contact"])
        ):
            self._check_intake_mark()
        return super().write(vals)

    def _check_intake_mark(self):
        """The intake marks the contacts it makes: a contact marked by hand
        (JSON-RPC) would be emptied with its complaints' personal data, one
        unmarked would keep it."""
        if not self.env.su:
            raise UserError(
                self.env._("Only the complaint intake marks a contact as made by it.")
            )

    def _complaint_contact_value(self, key):
        """The contact's ``key`` (name, email, phone) as a complaint records
        it: the phone is the mobile of a contact without one."""
        self.ensure_one()
        if key == "phone":
            return self.phone or self.mobile
        return self[key]

    def _complaint_forget_intake_contacts(self, placeholder, complaints):
        """Empty and archive the contacts of ``self`` made at intake that
        nothing refers to any more (no complaint, privacy request, portal
        login, colleague contact, order or invoice; the consents of
        ``complaints``, being de-identified, lose their person next): they
        hold the person's name and addresses, which the de-identification of
        their complaints removed everywhere else. Others are left as they
        are. Returns those emptied."""
        # sudo: the engine erases for every company, whoever's contact
        contacts = (
            self.sudo()
            .with_context(active_test=False)
            .filtered(
                lambda p: p.complaint_intake_contact
                and not p.user_ids
                and not p.child_ids
            )
        )
        # a complaint (as its complainant, or following it: a merged
        # duplicate's complainant), a consent given on another complaint, a
        # privacy request, an order or an invoice
        referred = {
            "complaint.complaint": [],
            "mail.followers": [],
            "complaint.privacy.consent": [("complaint_id", "not in", complaints.ids)],
            "complaint.privacy.request": [],
            "sale.order": [],
            "account.move": [],
        }
        for model, domain in referred.items():
            if contacts:
                contacts -= (
                    self.env[model]
                    .sudo()
                    .with_context(active_test=False)
                    .search([("partner_id", "in", contacts.ids), *domain])
                    .partner_id
                )
        # tracking_disable: the chatter would keep what is removed
        contacts.with_context(tracking_disable=True).write(
            {
                **dict.fromkeys(INTAKE_CONTACT_DATA, False),
                "name": placeholder,
                "active": False,
            }
        )
        # what the contact's own chatter kept of the person (a colleague's
        # correction tracked, a merge's note, a note) and its to-dos
        contacts = contacts.sudo()  # sudo: the retention's, whoever runs it
        drop_chatter(contacts)
        self.env["mail.activity"].sudo().with_context(active_test=False).search(
            [("res_model", "=", "res.partner"), ("res_id", "in", contacts.ids)]
        ).unlink()
        return contacts

    complaint_privacy_request_count = fields.Integer(
        string="Privacy Requests",
        compute="_compute_complaint_privacy_request_count",
        groups="complaint_management.complaint_management_group_privacy_officer",
    )

    def _compute_complaint_privacy_request_count(self):
        counts = dict(
            self.env["complaint.privacy.request"]._read_group(
                [("partner_id", "in", self.ids)], ["partner_id"], ["__count"]
            )
        )
        for partner in self:
            partner.complaint_privacy_request_count = counts.get(partner, 0)

    def action_view_complaint_privacy_requests(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_privacy_request_action"
        )
        action["domain"] = [("partner_id", "=", self.id)]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_new_complaint_privacy_request(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "complaint.privacy.request",
            "view_mode": "form",
            "views": [(False, "form")],
            "context": {"default_partner_id": self.id},
        }

    def action_complaint_privacy_export(self):
        """Export the person's data: registered as a copy request, whose
        attachment is the zip."""
        self.ensure_one()
        self.env["complaint.privacy.service"]._check_privacy_officer()
        Request = self.env["complaint.privacy.request"]
        # the person's open access or copy request here, if any, is exported
        # again (its zip replaced): a second click or a replay registers no
        # second request
        request = Request.search(
            [
                ("partner_id", "=", self.id),
                ("company_id", "=", self.env.company.id),
                ("request_type", "in", ("access", "copy")),
                ("state", "in", ("new", "in_progress")),
            ],
            order="id desc",
            limit=1,
        ) or Request.create(
            {
                "partner_id": self.id,
                "request_type": "copy",
                "date_received": fields.Date.context_today(self),
            }
        )
        return request.action_export()
