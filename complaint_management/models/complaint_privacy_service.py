from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import (
    email_normalize,
    escape_psql,
    format_date,
    format_list,
)

# the export is defined before the service composing it (the retention mixin
# imports this module early, for the group)
from . import complaint_privacy_export  # noqa: F401
from .complaint_states import DRAFT_REFUND, PENDING_CASE

PRIVACY_GROUP = "complaint_management.complaint_management_group_privacy_officer"
# complaints an outside body still handles (a spill-over case pending)
PENDING_CASE_DOMAIN = [("external_case_ids", "any", PENDING_CASE)]
DRAFT_REFUND_DOMAIN = [("remedy_ids", "any", DRAFT_REFUND)]


class ComplaintPrivacyService(models.AbstractModel):
    """Export and erasure of one complainant's personal data, for the
    privacy officers. Both act on all of the person's complaints whoever
    handles them, once the caller's group is checked."""

    _name = "complaint.privacy.service"
    _inherit = ["complaint.privacy.export"]
    _description = "Complainant's Personal Data: Export, Correction and Erasure"

    @api.model
    def _check_privacy_officer(self):
        if not self.env.user.has_group(PRIVACY_GROUP):
            raise AccessError(
                self.env._(
                    "Only privacy officers and complaint managers export or erase "
                    "a person's data."
                )
            )

    @api.model
    def _complaints_of(self, partner, company, by_email=False):
        """The person's complaints in ``company`` (the request's): those filed
        as the contact; with ``by_email``, also those filed from the contact's
        email address without it (a visitor's form or the API, which file
        under a contact of their own, an email from an unknown sender). The
        address is the contact's, which a customer changes in the portal:
        the officer includes those once they checked the person owns it. A
        privacy officer answers for their own company, not for the others."""
        self._check_privacy_officer()
        return self._find_complaints(partner, company, by_email)

    @api.model
    def _find_complaints(self, partner, company, by_email):
        """:meth:`_complaints_of` without the officer's check (counts)."""
        domain = [("partner_id", "=", partner.id)]
        # an address checked by the officer (a request's), or the contact's
        email = (
            by_email if isinstance(by_email, str) else email_normalize(partner.email)
        )
        if by_email and email:
            domain = expression.OR(
                [
                    domain,
                    # =ilike is SQL's ILIKE: "_" and "%" of an address are
                    # wildcards unless escaped (john_doe@ would match
                    # john.doe@, "%@example.com" everyone there)
                    [("complainant_email", "=ilike", escape_psql(email))],
                ]
            )
        # sudo: the person's data is in every complaint of theirs, whoever handles it
        return (
            self.env["complaint.complaint"]
            .sudo()
            .with_context(active_test=False)
            .search(
                expression.AND([domain, [("company_id", "=", company.id)]]),
                order="date_received, id",
            )
        )

    # ------------------------------------------------------------------
    # Export
    # ------------------------------------------------------------------
    @api.model
    def _correct(self, partner, company, by_email, typed):
        """Write the corrected values of ``typed`` (``name``, ``email``,
        ``phone``: empty ones are left) on each of the person's complaints in
        ``company`` that is not de-identified (the name, email and phone the
        complaint recorded), whoever handles them, and on their contact when
        it is theirs to correct here (:meth:`_contact_kept`). Only what
        changes something is written: the same correction made again changes
        nothing and is refused. Returns the complaints, the values written
        and why the contact was left as it is (``""`` when corrected)."""
        complaints = self._complaints_of(partner, company, by_email).filtered(
            lambda c: not c.is_deidentified
        )
        kept = self._contact_kept(partner, company)
        if kept == "none" and not complaints:
            raise UserError(
                self.env._(
                    "No complaint of %(company)s names %(name)s: there is no data "
                    "of theirs to correct here.",
                    company=company.name,
                    name=partner.display_name,
                )
            )
        person = partner.sudo()  # sudo: what the person's contact holds
        values = {
            key: value
            for key, value in typed.items()
            if value
            and (
                (not kept and value != (person._complaint_contact_value(key) or ""))
                or any(
                    value != (complaint[f"complainant_{key}"] or "")
                    for complaint in complaints
                )
            )
        }
        if not values:
            raise UserError(
                self.env._("Change the name, email or phone to correct first.")
            )
        if not kept:
            contact_values = dict(values)
            # the complaints carry the mobile of a contact without a phone:
            # the number corrected is that one too
            if "phone" in values and person.mobile and not person.phone:
                contact_values["mobile"] = values["phone"]
            # sudo: the correction the person asked for, on their own contact;
            # tracking_disable: its chatter would keep the wrong data
            partner.sudo().with_context(tracking_disable=True).write(contact_values)
        # the contacts the intake made for the person's complaints found by
        # their address (a visitor's form): mail and followers go to them
        intake = (
            complaints.sudo()  # sudo: the contacts of the person's complaints
            .partner_id.filtered(
                lambda p: p != partner
                and p.complaint_intake_contact
                and not p.with_context(active_test=False).user_ids
            )
            .filtered(lambda p: not self._contact_kept(p, company))
        )
        if intake:
            intake.with_context(tracking_disable=True).write(
                {key: value for key, value in values.items()}
            )
        # sudo: the complaints of every team
        complaints.sudo().write(
            {f"complainant_{key}": value for key, value in values.items()}
        )
        return complaints, values, kept

    @api.model
    def _contact_kept(self, partner, company):
        """Why a privacy request of ``company`` leaves ``partner`` itself as
        it is (its complaints are corrected), ``""`` when it corrects it:
        ``"login"`` for the contact of a portal login (its email is where the
        login's password is reset: the person changes it in their portal
        account), ``"company"`` for a contact kept for another company only,
        ``"none"`` for one no complaint of ``company`` names.
        A user of the database (archived too) or a company of it is refused:
        their data, their login's email, are an administrator's."""
        # sudo: whose contact it is, whoever asks
        person = partner.sudo().with_context(active_test=False)
        ours = self.env["res.company"].sudo().search([]).partner_id
        if person in ours or person.user_ids.filtered(lambda user: not user.share):
            raise UserError(
                self.env._(
                    "%(name)s is a user or a company of this database: an "
                    "administrator corrects their data.",
                    name=partner.display_name,
                )
            )
        if person.user_ids:
            return "login"
        if person.company_id and person.company_id != company:
            return "company"
        # a contact shared between the companies that no complaint of this
        # company names: another company's customer or supplier, not a
        # complainant here (their orders and invoices read it)
        named = (
            self.env["complaint.complaint"]
            .sudo()  # sudo: whether any complaint names the contact
            .with_context(active_test=False)
            .search_count(
                [("partner_id", "=", person.id), ("company_id", "=", company.id)],
                limit=1,
            )
        )
        return "" if named else "none"

    @api.model
    def _erase(self, partner, company, by_email=False):
        """De-identify the person's finished complaints (as the retention
        period does: statistics keep their dates, states and classification)
        and say what is kept and why. Returns that report, a text."""
        complaints = self._complaints_of(partner, company, by_email)
        elsewhere = self.env["complaint.privacy.elsewhere"]
        elsewhere_lines = elsewhere._erase(
            *elsewhere._find(partner, company, complaints),
            partner=partner,
            company=company,
        )
        open_ = complaints.filtered("is_open")
        held = complaints.filtered(lambda c: not c.is_open and c.keep_permanently)
        # an outside body still handles them: what it asks reported back
        with_body = complaints.filtered_domain(PENDING_CASE_DOMAIN) - open_ - held
        # a refund whose credit note is not posted yet: posting it checks the
        # complainant, whom the de-identification would remove
        refunding = (
            complaints.filtered_domain(DRAFT_REFUND_DOMAIN) - open_ - held - with_body
        )
        # merged into a complaint that keeps their part: erased with it, on a
        # new request (de-identified now, nothing would lead back to it)
        waiting = elsewhere._waiting(complaints)
        erasable = complaints - open_ - held - with_body - refunding - waiting
        # the copies made for the person's earlier access or copy requests
        exports = self.env["complaint.privacy.request"]._exports_of(partner, company)
        erasable.filtered(lambda c: not c.is_deidentified)._deidentify()
        # read before: the de-identification deletes those of its complaints
        exports.exists().unlink()
        # sudo: accounting documents of the person, counted only
        moves = (
            self.env["account.move"]
            .sudo()
            .search_count(
                [
                    ("partner_id", "child_of", partner.commercial_partner_id.id),
                    # the request's company: another's books are not its to tell
                    ("company_id", "=", company.id),
                    ("move_type", "in", ("out_invoice", "out_refund")),
                    ("state", "=", "posted"),
                ]
            )
        )
        lines = [
            self.env._(
                "Erased on %(date)s: %(count)s finished complaint(s) de-identified "
                "(the complainant's contact data on them, description, order and "
                "invoice links, messages, files, the party's answer and ratings' "
                "comments removed; dates, status and classification kept for "
                "statistics without personal data); %(exports)s earlier export(s) "
                "deleted.",
                date=format_date(self.env, fields.Date.context_today(self)),
                count=len(erasable),
                exports=len(exports),
            ),
            self.env._(
                "Kept: the contact %(name)s itself in the address book (name, email, "
                "phone), which sales orders, invoices or other documents may refer "
                "to; archive or correct it from the contact's form once nothing "
                "else needs it.",
                name=partner.display_name,
            ),
        ]
        if open_:
            lines.append(
                self.env._(
                    "Kept: complaint(s) %(names)s are still being handled and cannot "
                    "be erased; they are erased once closed, on a new request or at "
                    "the end of the retention period.",
                    names=format_list(self.env, open_.mapped("name")),
                )
            )
        if with_body:
            lines.append(
                self.env._(
                    "Kept: complaint(s) %(names)s are still handled by an outside "
                    "body (a spill-over case is pending); they are erased once the "
                    "case is concluded, on a new request or at the end of the "
                    "retention period.",
                    names=format_list(self.env, with_body.mapped("name")),
                )
            )
        if refunding:
            lines.append(
                self.env._(
                    "Kept: complaint(s) %(names)s have a refund whose credit note "
                    "is not posted yet; they are erased once it is posted or "
                    "cancelled, on a new request or at the end of the retention "
                    "period.",
                    names=format_list(self.env, refunding.mapped("name")),
                )
            )
        if held:
            lines.append(
                self.env._(
                    "Kept: complaint(s) %(names)s are kept permanently (legal hold, "
                    "important complaint); their data is only used for that purpose.",
                    names=format_list(self.env, held.mapped("name")),
                )
            )
        if moves:
            lines.append(
                self.env._(
                    "Kept: %(count)s invoice(s) and credit note(s) and the contact's "
                    "name and address on them, which accounting law requires the "
                    "company to keep.",
                    count=moves,
                )
            )
        return "\n".join(lines + elsewhere._waiting_lines(waiting) + elsewhere_lines)
