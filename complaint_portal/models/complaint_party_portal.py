from odoo import Command, api, models
from odoo.exceptions import MissingError
from odoo.tools import format_date

from odoo.addons.complaint_management.models.complaint_party_mixin import (
    PARTY_FORWARDED_STATES,
)


class ComplaintPartyMixin(models.AbstractModel):
    """The complained-about party's portal pages (/my/party-complaints), added
    to the party concern of complaint_management.

    The party is no complainant: the record rules do not let it read the
    complaints forwarded to it (JSON-RPC and the ORM refuse them, and with
    them the complainant's contact fields). Its pages read through the
    methods below, which check that the complaint was forwarded to the
    user's company, then return plain values: the case, never the
    complainant's contact data unless the company allows it
    (``complaint_party_show_contact``).
    """

    _inherit = "complaint.party.mixin"

    # ------------------------------------------------------------------
    # Forward (complaint.party.mixin hooks)
    # ------------------------------------------------------------------
    def _party_portal_url(self):
        self.ensure_one()
        return f"{self.get_base_url()}/my/party-complaints/{self.id}"

    def _party_grant_access(self, recipients):
        """Portal accounts for the party's contacts that have none (core's
        invitation email comes with them). Contacts whose account was
        archived stay without: someone took their access away."""
        super()._party_grant_access(recipients)
        # officers are no contact managers; only the party's own contacts get
        # an account, and it reads only the cases forwarded to their company
        contacts = recipients.sudo().with_context(active_test=False)  # sudo: accounts
        without = contacts.filtered(lambda partner: not partner.user_ids)
        if not without:
            return
        # core renders the invitation in each contact's language around the
        # message given: the message in theirs too (one wizard per language)
        default_lang = self.company_id._complaint_lang()
        by_lang = {}
        for partner in without:
            by_lang.setdefault(partner.lang or default_lang, partner.browse())
            by_lang[partner.lang or default_lang] |= partner
        for lang, partners in by_lang.items():
            wizard = (
                self.env["portal.wizard"]
                .sudo()  # sudo: same reason, the portal wizard is for contact managers
                .create(
                    {
                        "partner_ids": [Command.set(partners.ids)],
                        "welcome_message": self.with_context(lang=lang).env._(
                            "Complaint %(name)s was forwarded to you for your answer.",
                            name=self.name,
                        ),
                    }
                )
            )
            # core's invitation has no sender: it would come from the officer's
            # own address (the party's replies to their mailbox); it comes
            # from the team or the company, as the forward does (its empty
            # reply address takes the sender's)
            sender = self._complaint_mail_values()["email_from"]
            for wizard_user in wizard.user_ids:
                if wizard_user.email_state == "ok":
                    wizard_user.with_context(
                        default_email_from=sender
                    ).action_grant_access()

    # ------------------------------------------------------------------
    # What the party reads
    # ------------------------------------------------------------------
    @api.model
    def _party_portal_domain(self):
        """The complaints forwarded to the current user's company."""
        company = self.env.user.partner_id.commercial_partner_id
        return [
            ("party_id.commercial_partner_id", "=", company.id),
            ("party_state", "in", PARTY_FORWARDED_STATES),
            # a merged duplicate's case is the complaint kept's now
            ("merged_into_id", "=", False),
        ]

    @api.model
    def _party_portal_search(self, domain=(), offset=0, limit=None, count=False):
        """The complaints forwarded to the user's company (as superuser, to be
        read through the plain values below), within ``domain``."""
        if self.env.user._is_public():
            return 0 if count else self.browse()
        Complaint = self.sudo()  # sudo: the party cannot read; its own cases only
        domain = [*domain, *self._party_portal_domain()]
        if count:
            return Complaint.search_count(domain)
        return Complaint.search(
            domain,
            order="party_forwarded_date desc, id desc",
            offset=offset,
            limit=limit,
        )

    @api.model
    def _party_portal_get(self, complaint_id):
        """The complaint ``complaint_id`` when forwarded to the user's company;
        MissingError otherwise, as if it did not exist."""
        complaint = self._party_portal_search([("id", "=", complaint_id)], limit=1)
        if not complaint:
            raise MissingError(self.env._("This complaint does not exist."))
        return complaint

    def _party_portal_rows(self):
        """What the party's list shows of each complaint of ``self``."""
        labels = dict(self._fields["party_state"]._description_selection(self.env))
        # a complaint cancelled before the party answered needs no answer
        labels["withdrawn"] = self.env._("Withdrawn: no answer needed")
        # closed before it answered: taken, not chased (never overdue)
        labels["closed"] = self.env._("Closed: your answer is still welcome")
        # closed and no longer taking it (its data erased since)
        labels["ended"] = self.env._("Closed: no answer needed")
        rows = []
        for complaint in self:
            state = complaint._party_portal_state()
            rows.append(
                {
                    "id": complaint.id,
                    "name": complaint.name,
                    # the subject without the complainant's contact data
                    "subject": complaint.party_subject or complaint.name,
                    "url": f"/my/party-complaints/{complaint.id}",
                    "date_forwarded": complaint._portal_moment_text(
                        complaint.party_forwarded_date, complaint._portal_tz()
                    ),
                    "deadline": format_date(
                        self.env, complaint.party_response_deadline
                    ),
                    "state": state,
                    "state_label": labels[state],
                    "can_answer": complaint._party_awaits_answer(),
                    "needed": state in ("forwarded", "overdue"),
                }
            )
        return rows

    def _party_portal_state(self):
        self.ensure_one()
        if self.state == "cancelled" and self.party_state != "answered":
            return "withdrawn"
        if self.state == "closed" and self.party_state in ("forwarded", "overdue"):
            return "closed" if self._party_awaits_answer() else "ended"
        return self.party_state

    def _party_portal_values(self):
        """What the party's pages show of ``self``: plain values, the
        complainant's contact data only when the company allows it."""
        self.ensure_one()
        values = self._party_portal_rows()[0]
        values.update(
            {
                # the description without the complainant's contact data
                "description": self.party_description,
                "products": self._party_products_text(),
                # the company's number of the order (the customer's own
                # reference may name them); never another customer's
                "order": self._sale_refs()["order"],
                "date_received": self._portal_moment_text(
                    self.date_received, self._portal_tz()
                ),
                "response": self.party_response or "",
                "response_date": self._portal_moment_text(
                    self.party_response_date, self._portal_tz()
                ),
                "company": self.company_id.name,
                "complainant": False,
            }
        )
        # the contact goes to the party only where the company allows it and
        # the complainant's own consent to the processing is in force
        if (
            self.company_id.complaint_party_show_contact
            and self._privacy_own_consents("processing")
            and not self.is_anonymous
            and not self.is_deidentified
        ):
            partner = self.partner_id
            values["complainant"] = {
                "name": partner.name or self.complainant_name or "",
                "email": partner.email or self.complainant_email or "",
                "phone": partner.phone or self.complainant_phone or "",
                "address": partner._display_address(without_company=True)
                if partner
                else "",
            }
        return values

    @api.model
    def _party_portal_answer(self, complaint_id, answer):
        """The party's answer from its portal page: only on a complaint
        forwarded to the user's company (MissingError otherwise)."""
        complaint = self._party_portal_get(complaint_id)
        return complaint._party_record_answer(answer, self.env.user.partner_id)
