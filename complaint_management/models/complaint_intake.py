from datetime import timedelta

from odoo import Command, api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools import email_normalize

from ..tools.dates import local_date
from .complaint_states import MANAGER

# a clock a little ahead on the caller's side is no date in the future
RECEIVED_SKEW = timedelta(minutes=5)
# computed when the complainant is named, from the contact as it then is
NAMED_WITH_COMPLAINANT = (
    "commercial_partner_id",
    "complainant_name",
    "complainant_email",
    "complainant_phone",
)


class ComplaintIntakeMixin(models.AbstractModel):
    """Who complains and how a new complaint enters: the complainant's
    contact (a partner, a name, an email, a phone or nobody: anonymous) and
    the people who follow it from the start (its tracking number:
    ``complaint.tracking.number``)."""

    _name = "complaint.intake.mixin"
    _inherit = "complaint.events"
    _description = "Complaint intake"

    complainant_name = fields.Char(
        compute="_compute_complainant_contact",
        store=True,
        readonly=False,
        groups="complaint_management.complaint_management_group_user",
    )
    complainant_email = fields.Char(
        compute="_compute_complainant_contact",
        store=True,
        readonly=False,
        groups="complaint_management.complaint_management_group_user",
    )
    complainant_phone = fields.Char(
        compute="_compute_complainant_contact",
        store=True,
        readonly=False,
        groups="complaint_management.complaint_management_group_user",
    )
    is_anonymous = fields.Boolean(
        string="Anonymous",
        tracking=True,
        help="The complainant gives no contact data. They follow the complaint "
        "with its tracking number and a passcode.",
    )
    representative_name = fields.Char(
        string="Representative",
        help="The complainant's representative, if any.",
        groups="complaint_management.complaint_management_group_user",
    )
    # the company the complainant was with when named: the complaint stays
    # with it (its portal users, its documents) when the contact later moves
    # to another company; naming the complainant again takes the new one
    commercial_partner_id = fields.Many2one(
        "res.partner",
        string="Customer Company",
        compute="_compute_commercial_partner_id",
        store=True,
        index=True,
    )
    contact_name = fields.Char(
        string="Contact Person",
        help="Contact person when different from the complainant.",
        groups="complaint_management.complaint_management_group_user",
    )

    @api.depends("partner_id")
    def _compute_complainant_contact(self):
        for complaint in self:
            partner = complaint.partner_id
            if partner:
                complaint.complainant_name = partner.name
                complaint.complainant_email = partner.email
                complaint.complainant_phone = partner.phone or partner.mobile

    def _complainant_changes(self, vals):
        """What a write of ``vals`` does to the complainants: ``({complaint:
        (former contact, former customer company)}`` of the complaints it
        gives another complainant, the complaints it names the same one
        again)``. Written again (an import writes every column), what was
        computed when they were named stays: :meth:`_named_with_complainant`."""
        if "partner_id" not in vals:
            return {}, self.browse()
        named_again = self.filtered(
            lambda c: c.partner_id.id == (vals["partner_id"] or False)
        )
        return {
            complaint: (complaint.partner_id, complaint.commercial_partner_id)
            for complaint in self - named_again
        }, named_again

    def _named_with_complainant(self):
        """The fields computed when the complainant is named."""
        return [self._fields[name] for name in NAMED_WITH_COMPLAINANT]

    @api.depends("partner_id")
    def _compute_commercial_partner_id(self):
        for complaint in self:
            complaint.commercial_partner_id = complaint.partner_id.commercial_partner_id

    @api.depends("level_id")
    def _compute_priority(self):
        """Graded, a complaint takes its level's priority; never lower than
        it already is (an escalation's bump, a handler's star)."""
        for complaint in self:
            complaint.priority = max(
                complaint.priority or "0", complaint.level_id.priority or "0"
            )

    @api.onchange("is_anonymous")
    def _onchange_is_anonymous(self):
        if self.is_anonymous:
            self.partner_id = False
            self.complainant_name = self.complainant_email = False
            self.complainant_phone = False

    @api.constrains(
        "partner_id",
        "complainant_name",
        "complainant_email",
        "complainant_phone",
        "is_anonymous",
    )
    def _check_complainant(self):
        for complaint in self.sudo():  # sudo: contact fields are group-restricted
            if not (
                complaint.partner_id
                or complaint.is_anonymous
                or complaint.complainant_name
                or complaint.complainant_email
                or complaint.complainant_phone
            ):
                raise ValidationError(
                    self.env._(
                        "Complaint %(name)s needs a complainant: pick a contact, "
                        "give a name, an email or a phone number, or mark the "
                        "complainant anonymous.",
                        name=complaint.name,
                    )
                )

    @api.constrains("is_anonymous", "partner_id")
    def _check_anonymous_names_no_contact(self):
        """An anonymous complaint names no contact (the form's checkbox clears
        it; over JSON-RPC both were kept): its contact would be followed,
        shown to the party and never asked for consent."""
        named = self.filtered(lambda c: c.is_anonymous and c.partner_id)
        if named:
            raise ValidationError(
                self.env._(
                    "Complaint %(name)s is anonymous: it names no contact. Untick "
                    "Anonymous to give it one.",
                    name=named[0].name,
                )
            )

    @api.constrains("date_received")
    def _check_date_received_past(self):
        """A complaint arrives before it is filed: a date to come would start
        its time limits later and keep it out of this month's figures."""
        latest = fields.Datetime.now() + RECEIVED_SKEW
        for complaint in self:
            if complaint.date_received and complaint.date_received > latest:
                raise ValidationError(
                    self.env._(
                        "Complaint %(name)s cannot be received on a date still to "
                        "come.",
                        name=complaint.name,
                    )
                )

    @api.constrains("date_problem", "date_received")
    def _check_date_problem(self):
        """A problem occurs before its complaint is received, as the portal
        and the API ask (the forms and letters print it). A day's slack: the
        complainant's day may be ahead of the company's."""
        for complaint in self:
            if not (complaint.date_problem and complaint.date_received):
                continue
            received = local_date(
                complaint.date_received, complaint.company_id._complaint_tz()
            )
            if complaint.date_problem > received + timedelta(days=1):
                raise ValidationError(
                    self.env._(
                        "The problem of complaint %(name)s cannot have occurred "
                        "after the complaint was received (%(date)s).",
                        name=complaint.name,
                        date=tools.format_date(self.env, received),
                    )
                )

    def _on_created(self):
        res = super()._on_created()
        if not (self.env.su or self.env.user.has_group(MANAGER)):
            # who received a complaint keeps reading it (record rules): a user
            # records themselves, not a colleague they would open it to
            others = self.sudo().filtered(  # sudo: receiver is group-restricted
                lambda c: c.receiver_id and c.receiver_id != self.env.user
            )
            if others:
                self._refuse_receiver()
        return res

    def _on_writing(self, vals):
        res = super()._on_writing(vals)
        if "date_received" in vals:
            self._check_can_move_date_received()
        if "receiver_id" in vals and not (
            self.env.su or self.env.user.has_group(MANAGER)
        ):
            if self.sudo().filtered(  # sudo: receiver is group-restricted
                lambda c: c.receiver_id.id != (vals["receiver_id"] or False)
            ):
                self._refuse_receiver()
        return res

    def _refuse_receiver(self):
        raise UserError(
            self.env._(
                "Who received a complaint is a fact of its intake (they keep "
                "reading it): only a complaint manager corrects it."
            )
        )

    def _check_can_move_date_received(self):
        """When the complaint arrived is a fact once it is registered: the time
        limits started from it and the reports measure the handling time from
        it. A manager still corrects a wrong entry."""
        if self.env.su or self.env.user.has_group(MANAGER):
            return
        registered = self.filtered(lambda c: c.state != "new")
        if registered:
            raise UserError(
                self.env._(
                    "Complaint %(name)s is registered: only a complaint manager can "
                    "change the date it was received.",
                    name=registered[0].name,
                )
            )

    def _subscribe_each(self, partners_by_complaint):
        """Make the given partners follow each complaint, in one insert for
        the whole batch, with the subtypes ``message_subscribe`` would give
        (``message_subscribe`` works one partner set at a time).

        :param partners_by_complaint: ``{complaint: res.partner recordset}``
        """
        wanted = [
            (complaint, partner)
            for complaint, partners in partners_by_complaint.items()
            for partner in partners
        ]
        if not wanted:
            return
        complaints = self.browse({complaint.id for complaint, _p in wanted})
        followers = self.env["mail.followers"]
        existing = {
            (res_id, partner_id)
            for _fid, res_id, partner_id, _sids in followers._get_subscription_data(
                [(self._name, complaints.ids)], [partner.id for _c, partner in wanted]
            )
        }
        default, _internal, external = self.env[
            "mail.message.subtype"
        ].default_subtypes(self._name)
        # read once for all partners (a union per complaint loses the prefetch)
        partners = self.env["res.partner"].browse({p.id for _c, p in wanted})
        share = {partner.id: partner.partner_share for partner in partners}
        vals_list = [
            {
                "res_model": self._name,
                "res_id": complaint.id,
                "partner_id": partner.id,
                "subtype_ids": [
                    Command.set(external.ids if share[partner.id] else default.ids)
                ],
            }
            for complaint, partner in wanted
            if (complaint.id, partner.id) not in existing
        ]
        if not vals_list:
            return
        # sudo: as in message_subscribe, followers are written by the system once
        # the caller's right to write on the complaint is established
        complaints.check_access("write")
        followers.sudo().create(vals_list)

    def _intake_email_sender(self, email_from, company):
        """The contact an email to ``company``'s address comes from, and
        whether it was known: the company's contact, else a shared one
        (another company's contact is not this complaint's to link); a new
        contact of the company otherwise, marked as the intake's."""
        in_company = [("company_id", "in", [company.id, False])]
        # core prefers the contacts of its records' company
        for_company = self.new({"company_id": company.id})
        # a contact the company knows before one a visitor or a channel made
        # at intake with the address (typed by anyone: a forged one would
        # take the customer's emails and their complaints); one given an
        # account since proved the address
        known = (
            self._mail_find_partner_from_emails(
                [email_from],
                records=for_company,
                extra_domain=in_company
                + [
                    "|",
                    ("complaint_intake_contact", "=", False),
                    ("user_ids", "!=", False),
                ],
            )[0]
            or self._mail_find_partner_from_emails(
                [email_from], records=for_company, extra_domain=in_company
            )[0]
        )
        partner = (
            known
            or self._mail_find_partner_from_emails(
                [email_from],
                force_create=bool(email_normalize(email_from)),
                extra_domain=in_company,
            )[0]
        )
        if partner and not known:
            # a new contact: the alias's company's (another company's email
            # from the same address finds its own), in its language
            partner.sudo().write(  # sudo: the intake's own mark of its contact
                {
                    "lang": self.env.lang,
                    "company_id": company.id,
                    "complaint_intake_contact": True,
                }
            )
        return partner, known
