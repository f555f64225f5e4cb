from datetime import datetime, time, timedelta

import pytz

from odoo import fields, models
from odoo.tools import format_date, formataddr


class ComplaintCustomerMailMixin(models.AbstractModel):
    """The messages the steps send the complainant: by the chatter to a
    complainant with a contact, by email to one known by an address only,
    always from the team or the company, never from the handler."""

    _name = "complaint.customer.mail.mixin"
    _description = "Complaint: messages to the complainant"

    date_outcome_told = fields.Datetime(
        string="Outcome Told",
        readonly=True,
        copy=False,
        help="When the complainant was sent the outcome at the closing.",
    )

    def _notify_get_recipients(self, message, msg_vals=False, **kwargs):
        """Nobody is emailed their own message (Odoo spares the logged-in user
        only: the API's channel posting for the complainant sent it back)."""
        res = super()._notify_get_recipients(message, msg_vals, **kwargs)
        if kwargs.get("notify_author") or self.env.context.get("mail_notify_author"):
            return res
        author_id = (msg_vals or {}).get("author_id") or message.author_id.id
        return [r for r in res if not author_id or r["id"] != author_id]

    def _message_to_complainant(self, template_xmlid, values=None):
        """Send ``template`` to the complainant and keep it in the chatter;
        ``values`` (subject, body_html) replace what it writes, for one known
        by an address (the handler's own words).

        A complainant with a contact follows the complaint and gets the message
        as a follower; one known only by an e-mail address gets it as an e-mail,
        once, and the conversation keeps a copy that notifies nobody (no
        contact is made for the address). A message holding the
        complainant's own secure link (:meth:`_complaint_private_templates`)
        is emailed to the complainant alone (:meth:`_message_to_complainant_alone`).
        Never signed by the handler. Returns the complaints whose complainant
        it reached (a contact's chatter, or an address).
        """
        template = self.env.ref(template_xmlid, raise_if_not_found=False)
        if not template:
            return self.browse()
        complaints = self.with_context(complaint_mail_template=template_xmlid)
        if template_xmlid in self._complaint_private_templates():
            for complaint in complaints:
                complaint._message_to_complainant_alone(template)
            # sudo: whether an address is known
            return self.filtered(
                lambda c: c.partner_id.email or c.sudo().complainant_email
            )
        emailed = posted = self.browse()
        # a step the complainant's own answer brought about (a rejection on
        # the portal): the message is the company's, and Odoo emails no one
        # their own posts
        by_complainant = not self.env.user._is_internal()
        for complaint in complaints:
            # an archived contact is no follower Odoo notifies: emailed as one
            # known by an address
            partner = complaint.partner_id
            # a contact without an address (filed by phone) with the one the
            # complainant gave typed on the complaint: emailed to that one
            by_address = complaint._complaint_address_values()
            if partner.active and not by_address:
                complaint.with_context(
                    mail_notify_author=by_complainant
                ).message_post_with_source(
                    template,
                    message_type="comment",
                    subtype_xmlid="mail.mt_comment",
                    email_add_signature=False,
                    email_from=complaint._complaint_email_from(),
                )
                posted |= complaint
            elif partner.email or complaint.sudo().complainant_email:  # sudo: presence
                email_values = complaint._complaint_mail_values()
                email_from = email_values["email_from"]
                template.send_mail(
                    complaint.id,
                    email_layout_xmlid="mail.mail_notification_light",
                    email_values=dict(email_values, **by_address, **(values or {})),
                )
                # a copy only: a post with the template would email the
                # address a second time, as a contact made for it
                complaint._message_keep_copy(template, email_from, values)
                emailed |= complaint
        # the company's news, not the complainant's own step (the rejection
        # on the portal of one known by an address)
        if emailed and not by_complainant:
            emailed.with_context(complaint_mail_template=False)._on_customer_mail(
                template_xmlid
            )
        return self.browse((posted | emailed).ids)

    def _closed_unfounded(self):
        """Closed as not founded, without an answer to a proposal: the
        closing notice gives the reasons tactfully and the other routes."""
        self.ensure_one()
        return self.validity == "unfounded" and not self._decision_in_force()

    def _reopen_last_day(self):
        """The last day a reply of the complainant reopens the closed
        complaint, where it is handled (its time limits' zone): the day the
        emails give; False when a reply reopens nothing."""
        self.ensure_one()
        days = self.company_id.complaint_reopen_days
        if not days or not self.date_closed:
            return False
        tz = pytz.timezone(self._sla_tz() or "UTC")
        closed = pytz.utc.localize(self.date_closed).astimezone(tz)
        return (closed + timedelta(days=days)).date()

    def _reopen_until(self):
        """The moment a reply stops reopening the closed complaint (UTC, as
        stored): the end of :meth:`_reopen_last_day`; False if never."""
        last_day = self._reopen_last_day()
        if not last_day:
            return False
        tz = pytz.timezone(self._sla_tz() or "UTC")
        end = tz.localize(datetime.combine(last_day + timedelta(days=1), time.min))
        return end.astimezone(pytz.utc).replace(tzinfo=None)

    def _reopen_until_text(self):
        """The last day a reply reopens the complaint, as the templates write
        it (empty when a reply reopens nothing: no reopening period, not
        closed, or the period over, as for a survey asked for later)."""
        self.ensure_one()
        until = self._reopen_until()
        if self.state != "closed" or not until or until <= fields.Datetime.now():
            return ""
        return format_date(self.env, self._reopen_last_day())

    def _tell_complainant_closed(self):
        """The outcome (the resolution summary), told through the
        complainant's channel when the complaint closes: the result is fed
        back to them, not only printed on the decision letter. One known by
        no contact nor address (filed anonymously on the portal or through
        the API) reads it in the conversation their link shows. The tracking
        form's notification step reads when it was told."""
        xmlid = "complaint_management.mail_template_complaint_closed"
        template = self.env.ref(xmlid, raise_if_not_found=False)
        if not template:
            return
        told = self._message_to_complainant(xmlid)
        # sudo: whether an address is known, whoever closes it
        for complaint in self.filtered(
            lambda c: not c.partner_id and not c.sudo().complainant_email
        ):
            complaint._message_keep_copy(
                template, complaint._complaint_mail_values()["email_from"]
            )
            told |= complaint
        # an archived contact without an address was told nothing: the form
        # does not say they were
        told._workflow_write({"date_outcome_told": fields.Datetime.now()})

    def _message_to_complainant_alone(self, template):
        """Email ``template`` to the complainant only; the conversation keeps
        a copy rendered without their secure link (the template reads
        ``complaint_chatter_copy`` in the context), which notifies nobody:
        followers other than the complainant never get the link."""
        self.ensure_one()
        email_values = self._complaint_mail_values()
        if self.partner_id.email or self.sudo().complainant_email:  # sudo: presence
            template.send_mail(
                self.id,
                email_layout_xmlid="mail.mail_notification_light",
                email_values=dict(email_values, **self._complaint_address_values()),
            )
        self._message_keep_copy(template, email_values["email_from"])

    def _complaint_address_values(self):
        """Where a template's email goes besides its recipients: a contact
        without an address (filed by phone) with the address the complainant
        gave on the complaint is emailed at that address, not as the contact
        (whose mail would fail with no address, the step counted as sent)."""
        self.ensure_one()
        address = self.sudo().complainant_email  # sudo: an internal field
        if self.partner_id and not self.partner_id.email and address:
            return {"email_to": address, "recipient_ids": []}
        return {}

    def _complaint_mail_values(self):
        """Who an email sent with a template (outside the chatter) comes from
        and where its replies go: the team or the company, replies to the
        team's alias (else the catchall), as the chatter's own emails; a
        template's empty reply address would send them to the sender's
        mailbox, not back to the complaint."""
        self.ensure_one()
        email_from = self._complaint_email_from()
        return {
            "email_from": email_from,
            "reply_to": self._notify_get_reply_to(default=email_from)[self.id],
        }

    def _message_keep_copy(self, template, email_from, values=None):
        """The conversation's copy of ``template`` emailed to the complainant
        (or of ``values``, what replaced it): rendered without their secure
        link, notifying nobody."""
        self.ensure_one()
        copy = template.with_context(complaint_chatter_copy=True)
        values = values or {}
        body = (
            values.get("body_html")
            or copy._render_field("body_html", self.ids, compute_lang=True)[self.id]
        )
        subject = (
            values.get("subject")
            or copy._render_field("subject", self.ids, compute_lang=True)[self.id]
        )
        author_id, email_from = self._message_compute_author(
            None, email_from, raise_on_email=False
        )
        # sudo: the copy of what the complaint's own workflow sent
        self.sudo()._message_create(
            [
                {
                    "model": self._name,
                    "res_id": self.id,
                    "body": body,
                    "subject": subject,
                    "author_id": author_id,
                    "email_from": email_from,
                    "message_type": "comment",
                    "subtype_id": self.env["ir.model.data"]._xmlid_to_res_id(
                        "mail.mt_comment"
                    ),
                    "email_add_signature": False,
                }
            ]
        )

    def _complaint_private_templates(self):
        """The templates that carry the complainant's own secure link."""
        return set()

    def _complaint_email_from(self):
        """Sender shown to complainants: the team or company, never the handler."""
        self.ensure_one()
        alias = self.team_id.sudo().alias_id  # sudo: aliases are admin records
        email = (
            alias.display_name
            if alias and alias.alias_name and alias.alias_domain_id
            else self.company_id.email
            or self.company_id.sudo().alias_domain_id.default_from_email  # sudo: setup
            # the server's own sender (--email-from): never the handler's
            # address, which Odoo would take for want of one
            or self.env["ir.mail_server"]
            .with_company(self.company_id)
            ._get_default_from_address()
        )
        # in the complainant's language, as the email it signs (a team's name
        # is translated), whoever sends it
        # (an installed one: a language deactivated since an archived contact
        # had it would stop every staff post on the complaint)
        lang = self.company_id._complaint_lang(self.partner_id.lang)
        name = self.team_id.with_context(lang=lang).name or self.company_id.name
        if not email:
            return False
        return formataddr((name, email))
