from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize

from ..tools.references import first_referrer, name_for

# who a complaint's record names: complained, complained about, supplied
NAMED_ON = (
    ("complaint.complaint", "partner_id"),
    ("complaint.complaint", "party_id"),
    ("complaint.corrective.action", "supplier_id"),
)


class ResPartner(models.Model):
    _inherit = "res.partner"

    def write(self, vals):
        former = (
            {partner: email_normalize(partner.email or "") for partner in self}
            if "email" in vals
            else {}
        )
        res = super().write(vals)
        if former:
            self._complaint_address_corrected(former)
        return res

    def _complaint_address_corrected(self, former):
        """The contact's address put right: their complaints that recorded
        the former one record the new one (the address given up no longer
        answers for the complainant; one a privacy correction recorded
        stays)."""
        # sudo: the contact fields of the contact's complaints, whoever edits it
        complaints = (
            self.env["complaint.complaint"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", [p.id for p, old in former.items() if old]),
                    ("is_deidentified", "=", False),
                ]
            )
        )
        for partner, theirs in complaints.grouped("partner_id").items():
            old = former[partner]
            if email_normalize(partner.email or "") == old:
                continue
            theirs.filtered(
                lambda c, old=old: email_normalize(c.complainant_email or "") == old
            ).complainant_email = partner.email

    complaint_count = fields.Integer(
        compute="_compute_complaint_count",
        groups="complaint_management.complaint_management_group_user",
    )
    complaint_external_case_count = fields.Integer(
        string="Spill-Over Count",
        compute="_compute_complaint_count",
        groups="complaint_management.complaint_management_group_user",
    )

    complaint_party_count = fields.Integer(
        string="Complaints Against",
        compute="_compute_complaint_party_count",
        groups="complaint_management.complaint_management_group_user",
    )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_named_on_complaints(self):
        """A contact a complaint names is archived, not deleted: the database
        would empty who complained or was complained about, with no trail,
        past the checks a change of them passes (the party's officer-only
        change, its recovery), and drop the complaint from their counts."""
        record, name = first_referrer(self, NAMED_ON)
        if record:
            raise UserError(
                self.env._(
                    "%(contact)s is named on %(record)s: archive the contact "
                    "instead of deleting it.",
                    contact=(record[name] & self)[:1].display_name,
                    record=name_for(record, self.env),
                )
            )

    @api.depends_context("uid")
    def _compute_complaint_party_count(self):
        """Complaints naming the partner's company as the complained-about
        party (merchant, supplier, carrier), among those the user may read."""
        counts = dict(
            self.env["complaint.complaint"]._read_group(
                [
                    (
                        "party_id.commercial_partner_id",
                        "in",
                        self.commercial_partner_id.ids,
                    )
                ],
                ["party_id"],
                ["__count"],
            )
        )
        by_company = {}
        for party, count in counts.items():
            key = party.commercial_partner_id
            by_company[key] = by_company.get(key, 0) + count
        for partner in self:
            partner.complaint_party_count = by_company.get(
                partner.commercial_partner_id, 0
            )

    @api.depends_context("uid")
    def _compute_complaint_count(self):
        commercial = self.commercial_partner_id
        complaints = dict(
            self.env["complaint.complaint"]._read_group(
                [("commercial_partner_id", "in", commercial.ids)],
                ["commercial_partner_id"],
                ["__count"],
            )
        )
        cases = dict(
            self.env["complaint.external.case"]._read_group(
                [("partner_id", "in", commercial.ids)], ["partner_id"], ["__count"]
            )
        )
        # their own complaints filed while with another company
        elsewhere = defaultdict(int)
        for partner, company, count in self.env["complaint.complaint"]._read_group(
            [("partner_id", "in", self.ids)],
            ["partner_id", "commercial_partner_id"],
            ["__count"],
        ):
            if company != partner.commercial_partner_id:
                elsewhere[partner] += count
        for partner in self:
            partner.complaint_count = complaints.get(
                partner.commercial_partner_id, 0
            ) + elsewhere.get(partner, 0)
            partner.complaint_external_case_count = cases.get(
                partner.commercial_partner_id, 0
            )

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_complaint_action"
        )
        # its company's, and its own filed while with another company
        action["domain"] = [
            "|",
            ("partner_id", "=", self.id),
            ("commercial_partner_id", "=", self.commercial_partner_id.id),
        ]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_view_complaint_external_cases(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_external_case_action"
        )
        action["domain"] = [("partner_id", "=", self.commercial_partner_id.id)]
        action["context"] = {"create": False}
        return action

    def action_view_party_complaints(self):
        """The complaints against the partner's company (Complaints Against)."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_complaint_action"
        )
        action["domain"] = [
            ("party_id.commercial_partner_id", "=", self.commercial_partner_id.id)
        ]
        action["context"] = {"default_party_id": self.id}
        return action

    def _complaint_followed(self):
        """``{partner: complaints}``: the complaints each of these contacts
        follows, open or closed, in one query."""
        # sudo: whom the complaints notify, whoever asks
        followers = (
            self.env["mail.followers"]
            .sudo()
            .search(
                [
                    ("res_model", "=", "complaint.complaint"),
                    ("partner_id", "in", self.ids),
                ]
            )
        )
        ids = defaultdict(list)
        for follower in followers:
            ids[follower.partner_id].append(follower.res_id)
        Complaint = self.env["complaint.complaint"].sudo()
        return {partner: Complaint.browse(res_ids) for partner, res_ids in ids.items()}
