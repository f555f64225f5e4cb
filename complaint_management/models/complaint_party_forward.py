from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date, format_list

from ..tools.dates import local_date
from .complaint_party_mixin import OFFICER, PARTY_ACTIVITY
from .complaint_sla_calendar import SlaCalendarCache

# forwarded to the party from these: not yet, or again once it let its
# deadline pass (an answer recorded or awaited is not forwarded again)
FORWARDABLE = ("not_forwarded", "overdue")


class ComplaintPartyForwardMixin(models.AbstractModel):
    """The forward of a complaint to its complained-about party
    (``complaint.party.mixin``): who may forward which complaint, once (again
    only once the party let its deadline pass), to whom, the email with the
    case and the deadline in working days, and the handler's reminder."""

    _name = "complaint.party.forward.mixin"
    _description = "Complaint Forward to the Party"

    can_forward_to_party = fields.Boolean(
        compute="_compute_can_forward_to_party",
        help="Shows Forward to Party on the form: an officer, on an open complaint "
        "with a party; action_forward_to_party checks the same "
        "(_party_check_forward) whoever calls.",
    )

    @api.depends("is_open", "party_id", "party_state")
    @api.depends_context("uid")
    def _compute_can_forward_to_party(self):
        officer = self.env.user.has_group(OFFICER)
        for complaint in self:
            complaint.can_forward_to_party = bool(
                officer
                and complaint.is_open
                and complaint.party_id
                and complaint.party_state in FORWARDABLE
            )

    # ------------------------------------------------------------------
    # Forward
    # ------------------------------------------------------------------
    def _party_check_forward(self):
        """Refuse the forward of ``self`` unless an officer with write access
        forwards open complaints that name a party other than the
        complainant."""
        if not self.env.su and (
            not self.env.user.has_group(OFFICER) or not self.has_access("write")
        ):
            raise UserError(
                self.env._(
                    "Only complaint officers can forward a complaint to the party."
                )
            )
        # sudo: our companies, whichever the officer works in
        ours = self.env["res.company"].sudo().search([]).partner_id
        for complaint in self:
            if not complaint.is_open:
                raise UserError(
                    self.env._(
                        "Complaint %(name)s is not open: only open complaints are "
                        "forwarded to the party.",
                        name=complaint.name,
                    )
                )
            if not complaint.party_id:
                raise UserError(
                    self.env._(
                        "Choose the complained-about party of complaint %(name)s "
                        "before forwarding it.",
                        name=complaint.name,
                    )
                )
            party = complaint.party_id.commercial_partner_id
            if complaint.sudo().commercial_partner_id == party:  # sudo: compare only
                raise UserError(
                    self.env._(
                        "The complained-about party of complaint %(name)s is the "
                        "complainant's own company.",
                        name=complaint.name,
                    )
                )
            # the forward gives the party's contacts portal accounts: never to
            # the company's own people (sudo: whether a company or staff)
            recipients = complaint._party_recipients().sudo()
            if party in ours or recipients.user_ids.filtered(lambda u: not u.share):
                raise UserError(
                    self.env._(
                        "The complained-about party of complaint %(name)s is one of "
                        "your own companies or staff: handle it inside, without "
                        "forwarding.",
                        name=complaint.name,
                    )
                )
            if not complaint._party_recipients():
                raise UserError(
                    self.env._(
                        "%(party)s has no contact with an email address to send "
                        "complaint %(name)s to.",
                        party=complaint.party_id.display_name,
                        name=complaint.name,
                    )
                )

    def _party_check_forwardable(self):
        """Refuse a forward of ``self`` already forwarded: its answer is
        awaited (a replay or a second tab would email the party again and
        push its deadline) or recorded (it would be wiped). Once overdue, a
        complaint is forwarded again, with a new deadline."""
        for complaint in self:
            if complaint.party_state == "answered":
                # forwarded again, its recorded answer would be wiped
                raise UserError(
                    self.env._(
                        "The party answered complaint %(name)s: its answer is "
                        "kept, the complaint is not forwarded again.",
                        name=complaint.name,
                    )
                )
            if complaint.party_state not in FORWARDABLE:
                # a replay or a second tab: no second email, nor a later deadline
                raise UserError(
                    self.env._(
                        "Complaint %(name)s was forwarded to the party already; "
                        "its answer is due by %(deadline)s. Once overdue, it can "
                        "be forwarded again.",
                        name=complaint.name,
                        deadline=format_date(
                            self.env, complaint.party_response_deadline
                        ),
                    )
                )

    def _party_recipients(self):
        """Who receives the forward: the party itself when a person, else its
        contacts with an email address (the company's own address when it
        has none)."""
        self.ensure_one()
        party = self.party_id
        if not party.is_company:
            return party.filtered("email")
        contacts = party.child_ids.filtered(
            lambda p: p.email and p.type == "contact" and p.active
        )
        return contacts or party.filtered("email")

    def _party_deadline(self, start, cache):
        """The date the party's answer is due: ``start`` plus the company's
        working days (calendar days without a calendar; the party is another
        company, not a team on shifts), on the company's date. ``cache``: a
        SlaCalendarCache prepared for the companies' calendars."""
        self.ensure_one()
        company = self.company_id
        deadline = cache.get(company._complaint_calendar()).add_days(
            start, company.complaint_party_response_days
        )
        return local_date(deadline, company._complaint_tz())

    def action_forward_to_party(self):
        """Send the complaint to its party for an answer by the deadline."""
        self._party_check_forward()
        self._party_check_forwardable()
        self._party_fill_case()
        now = fields.Datetime.now()
        template = self.env.ref("complaint_management.mail_template_complaint_party")
        forward_subtype = self.env.ref(
            "complaint_management.mt_complaint_party_forward"
        )
        cache = SlaCalendarCache(self.env)
        for complaint in self:
            cache.prepare(complaint.company_id._complaint_calendar(), now, now)
        for complaint in self:
            deadline = complaint._party_deadline(now, cache)
            complaint._workflow_write(
                {
                    "party_state": "forwarded",
                    "party_forwarded_date": now,
                    "party_response_deadline": deadline,
                    "party_response": False,
                    "party_response_date": False,
                }
            )
            recipients = complaint._party_recipients()
            complaint._party_grant_access(recipients)
            # a mail of its own, outside the chatter: the complainant's
            # portal shows the chatter, and the party is no follower
            template.send_mail(
                complaint.id,
                email_values={
                    "recipient_ids": [(6, 0, recipients.ids)],
                    # a note of the complaint's: the party's email reply
                    # (found by its In-Reply-To) is filed as a note for staff,
                    # never as a comment to the complainant
                    "subtype_id": forward_subtype.id,
                    "is_internal": True,
                },
            )
            complaint._party_log_forward(recipients, deadline)
            complaint.activity_unlink([PARTY_ACTIVITY])
            complaint._party_schedule_reminder(
                complaint._sla_activity_user() or self.env.user
            )
        return True

    def _party_grant_access(self, recipients):
        """Let ``recipients`` read the forwarded complaint; the portal gives
        them portal accounts (complaint_portal)."""

    def _party_portal_url(self):
        """The page where the party reads and answers the complaint, for the
        email; empty without the portal."""
        return ""

    def _party_log_forward(self, recipients, deadline):
        self.ensure_one()
        body = Markup("<p>%s</p>") % self.env._(
            "Forwarded to %(party)s (%(recipients)s); answer due by %(deadline)s.",
            party=self.party_id.display_name,
            recipients=format_list(self.env, recipients.mapped("email")),
            deadline=format_date(self.env, deadline),
        )
        self._message_log(body=body)

    def _party_products_text(self):
        """The products complained about, as the email's language lists them."""
        self.ensure_one()
        return format_list(self.env, self.product_ids.mapped("display_name"))
