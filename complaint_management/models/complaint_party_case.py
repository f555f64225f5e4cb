"""The case for the party: what the complained-about party reads of a
complaint, without the complainant's contact data."""

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.redact import mask_contact, mask_contact_text
from .complaint_party_mixin import OFFICER, PARTY_CASE_FIELDS


class ComplaintPartyCaseMixin(models.AbstractModel):
    """The *Subject for the Party* and the *Case for the Party*: the
    complaint's subject and description with the complainant's contact data
    masked (:func:`~..tools.redact.mask_contact`), filled at the forward
    (``complaint.party.mixin``) or beforehand by *Prepare*, read and
    rewritten by officers only, read by the party's email and portal pages,
    erased by de-identification."""

    _name = "complaint.party.case.mixin"
    _inherit = "complaint.events"
    _description = "Complaint: the case for the party"

    party_subject = fields.Char(
        string="Subject for the Party",
        copy=False,
        groups="base.group_user",
        help="The complaint's subject as the party reads it, in the forward's "
        "email and on its portal page: filled as the case for the party is, "
        "the complainant's contact data taken out. Written by complaint "
        "officers.",
    )
    party_description = fields.Html(
        string="Case for the Party",
        copy=False,
        sanitize_style=True,
        groups="base.group_user",
        help="What the party reads of the complaint, in the forward's email and "
        "on its portal page. The forward fills it, when empty, with the "
        "description without the complainant's name, email addresses, phone "
        "and identity card numbers; Prepare fills it beforehand, to read and "
        "rewrite it where it still tells who complained. Written by complaint "
        "officers.",
    )

    can_edit_party_case = fields.Boolean(
        compute="_compute_can_edit_party_case",
        help="Shows Prepare and lets the case for the party be written: an "
        "officer, on an open complaint with a party, also once it was "
        "forwarded (the party reads the case live on its portal page).",
    )

    @api.depends("is_open", "party_id")
    @api.depends_context("uid")
    def _compute_can_edit_party_case(self):
        officer = self.env.user.has_group(OFFICER)
        for complaint in self:
            complaint.can_edit_party_case = bool(
                officer and complaint.is_open and complaint.party_id
            )

    def _party_masked_description(self):
        """The description without the complainant's contact data: whatever
        the complaint and its contact record know of them, and any email
        address, phone or identity card number."""
        self.ensure_one()
        return mask_contact(self.description, self._party_known_contact()) or False

    def _party_masked_subject(self):
        """The subject without the complainant's contact data, as the
        description is masked."""
        self.ensure_one()
        return mask_contact_text(self.subject, self._party_known_contact()) or False

    def _party_known_contact(self):
        """What the complaint and its contact record know of the
        complainant, masked wherever the party would read it."""
        self.ensure_one()
        partner = self.partner_id.sudo()  # sudo: only masked, never shown
        known = [
            self.complainant_name,
            self.complainant_email,
            self.complainant_phone,
            self.representative_name,
            self.contact_name,
        ]
        if partner:
            known += [
                partner.name,
                partner.email,
                partner.phone,
                partner.mobile,
                partner.street,
                partner.street2,
            ]
        return known

    def _party_fill_case(self):
        """The forward's case: the masked subject and description where the
        officer wrote none."""
        for complaint in self.filtered(lambda c: not c.party_description):
            complaint.party_description = complaint._party_masked_description()
        for complaint in self.filtered(lambda c: not c.party_subject):
            complaint.party_subject = complaint._party_masked_subject()

    def _on_writing(self, vals):
        res = super()._on_writing(vals)
        self._party_check_case_writer([vals])
        return res

    @api.model
    def _party_check_case_writer(self, vals_list):
        """What goes to the party is decided as the forward is: by complaint
        officers (on a new complaint too)."""
        if (
            any(not PARTY_CASE_FIELDS.isdisjoint(vals) for vals in vals_list)
            and not self.env.su
            and not self.env.user.has_group(OFFICER)
        ):
            raise UserError(
                self.env._("Only complaint officers write the case for the party.")
            )

    def action_party_prepare_case(self):
        """The case for the party from the description, the complainant's
        contact data taken out, for the officer to read and rewrite before
        forwarding."""
        self._party_check_forward()
        for complaint in self:
            complaint.write(
                {
                    "party_subject": complaint._party_masked_subject(),
                    "party_description": complaint._party_masked_description(),
                }
            )
        return True
