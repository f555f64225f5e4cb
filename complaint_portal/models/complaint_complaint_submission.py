from datetime import date

import psycopg2
from dateutil.relativedelta import relativedelta
from psycopg2.errorcodes import SERIALIZATION_FAILURE
from pytz import all_timezones_set

from odoo import api, fields, models
from odoo.tools import plaintext2html

from odoo.addons.complaint_management.models.complaint_privacy_mixin import (
    CONSENT_FLAGS,
)
from odoo.addons.complaint_management.tools.form_text import sent_number, typed_text

from ..tools.contact import checked_contact
from ..tools.form_key import submission_key

# the key of a form sent once (complaint.complaint._sql_constraints)
UNIQUE_SUBMISSION_KEY = "complaint_complaint_portal_submission_key_uniq"

# The only complaint fields a portal request may set. Everything else (stage,
# state, handler, team, level, company, channel, partner...) is decided here.
PORTAL_FIELDS = (
    "subject",
    "description",
    "date_problem",
    "requested_remedy",
    "sale_order_id",
    "product_ids",
    "category_id",
)
# the consents ticked on the form (complaint.complaint._portal_validate_privacy)
PRIVACY_FIELDS = (*CONSENT_FLAGS, "has_sensitive_data")
MAX_LENGTHS = {
    "subject": 200,
    "description": 10000,
    "requested_remedy": 2000,
    "name": 128,
    "email": 254,
}


def retry_later(error):
    """A serialization failure, on which Odoo retries the whole request. It
    carries PostgreSQL's code as a real one does: Odoo's retry logs the code,
    and fails on a failure without one."""
    failure = psycopg2.errors.SerializationFailure(str(error))
    failure.__setstate__({"pgcode": SERIALIZATION_FAILURE})
    return failure


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"

    # ------------------------------------------------------------------
    # Choices offered to a logged-in customer
    # ------------------------------------------------------------------
    @api.model
    def _portal_orders(self, chosen=None):
        """The customer's own confirmed orders in the company the form files
        in: the hundred newest, and ``chosen`` (the id of the order complained
        about, as the form sends it) however old. Not every order they may
        read: a follower of someone else's order reads it too."""
        Order = self.env["sale.order"]
        if self.env.user._is_public():
            return Order
        domain = self._portal_orders_domain()
        orders = Order.search(domain, order="date_order desc", limit=100)
        chosen = sent_number(chosen)
        if chosen and chosen not in orders.ids:
            orders |= Order.search(domain + [("id", "=", chosen)])
        return orders

    @api.model
    def _portal_orders_domain(self):
        """The signed-in customer's own confirmed orders in the company the
        form files in."""
        customer = self.env.user.partner_id.commercial_partner_id
        return [
            ("state", "=", "sale"),
            ("partner_id", "child_of", customer.id),
            ("company_id", "=", self.env.company.id),
        ]

    @api.model
    def _portal_order_products(self, orders):
        # sudo: order lines of orders the user may read, product names only
        return orders.sudo()._complaint_goods()

    # ------------------------------------------------------------------
    # Validation
    # ------------------------------------------------------------------
    @api.model
    def _portal_validate(self, post, files):
        """Check a submission; return ``(values, errors)``.

        ``values`` holds only whitelisted complaint fields (PORTAL_FIELDS) and the
        visitor's contact; ``errors`` maps a form field to a translated message.
        """
        errors = {}
        text = {
            key: typed_text(post.get(key))
            for key in (
                "subject",
                "description",
                "requested_remedy",
                "name",
                "email",
                "phone",
            )
        }
        if post.get("website"):  # honeypot: hidden from people, filled by bots
            errors["form"] = self.env._(
                "Your complaint could not be accepted. Please leave the last field "
                "empty and send it again."
            )
        for key, limit in MAX_LENGTHS.items():
            if len(text[key]) > limit:
                errors[key] = self.env._("At most %(count)s characters.", count=limit)
        if not text["subject"]:
            errors["subject"] = self.env._("Give your complaint a short title.")
        if not text["description"]:
            errors["description"] = self.env._("Describe the problem.")
        problem_date = self._portal_parse_date(post.get("date_problem"), errors)
        values = {
            "subject": text["subject"],
            # escaped: the description field is HTML, what people type is text
            "description": plaintext2html(text["description"]),
            "date_problem": problem_date,
            "requested_remedy": text["requested_remedy"] or False,
        }
        values.update(self._portal_validate_category(post, errors))
        values.update(self._portal_validate_privacy(post, errors))
        if self.env.user._is_public():
            values.update(self._portal_validate_visitor(text, errors))
        else:
            values.update(self._portal_validate_order(post, errors))
        # the attachment policy of complaints, also applied to the files when
        # they are created (ir.attachment); complainants' limits
        file_errors = self.env.company._complaint_attachment_errors(files, share=True)
        if file_errors:
            errors["attachments"] = " ".join(file_errors)
        return values, errors

    @api.model
    def _portal_parse_date(self, raw, errors):
        if not raw:
            return False
        try:
            value = fields.Date.to_date(raw.strip())
        except ValueError:
            value = None
        # today where the complainant is: a visitor has no time zone (UTC
        # without the website app): their browser's, else the company's
        browser_tz = self.env.context.get("complaint_browser_tz")
        if self.env.context.get("tz") or self.env.user.tz:
            today = fields.Date.context_today(self)
        elif browser_tz in all_timezones_set:
            today = fields.Date.context_today(self.with_context(tz=browser_tz))
        else:
            today = self.env.company._complaint_today()
        if not isinstance(value, date) or value > today:
            errors["date_problem"] = self.env._("Give a valid date, not in the future.")
            return False
        if value < today - relativedelta(years=10):
            errors["date_problem"] = self.env._("The date is more than ten years ago.")
            return False
        return value

    @api.model
    def _portal_validate_category(self, post, errors):
        """The category picked among those the company offers online."""
        company = self.env.company
        offered = company._complaint_portal_categories()
        raw = str(post.get("category_id") or "").strip()
        category = offered.filtered(lambda c: str(c.id) == raw) if raw else offered[:0]
        if raw and not category:
            errors["category_id"] = self.env._("Choose one of the categories offered.")
        # required of what is offered: none offered (all taken off the form),
        # the form could never be sent
        elif (
            not category and offered and company.complaint_portal_category == "required"
        ):
            errors["category_id"] = self.env._("Choose what your complaint is about.")
        return {"category_id": category.id} if category else {}

    @api.model
    def _portal_validate_visitor(self, text, errors):
        """A visitor may give a name, an email, a phone, or nothing at all:
        their unwillingness to give private data is respected (they follow the
        complaint with its number and a passcode)."""
        email, phone = checked_contact(self.env, text["email"], text["phone"], errors)
        return {
            "visitor_name": text["name"],
            "visitor_email": email,
            "visitor_phone": phone,
        }

    @api.model
    def _portal_validate_order(self, post, errors):
        orders = self._portal_orders(post.get("sale_order_id"))
        order = self.env["sale.order"]
        if post.get("sale_order_id"):
            order = orders.filtered(
                lambda o: str(o.id) == str(post["sale_order_id"]).strip()
            )
            if not order:
                errors["sale_order_id"] = self.env._("Choose one of your own orders.")
        allowed = {
            str(product_id): product_id
            for product_id in self._portal_order_products(order or orders).ids
        }
        product_ids = []
        for raw in post.get("product_ids") or []:
            if raw not in allowed:
                errors["product_ids"] = self.env._(
                    "Choose products of the order you complain about."
                )
                break
            product_ids.append(allowed[raw])
        return {
            "sale_order_id": order.id or False,
            "product_ids": [fields.Command.set(product_ids)],
        }

    # ------------------------------------------------------------------
    # Submission
    # ------------------------------------------------------------------
    @api.model
    def _portal_too_many_text(self):
        return self.env._(
            "You have sent too many complaints in a short time. Please try "
            "again later, or call us if it is urgent."
        )

    @api.model
    def _portal_submit(self, post, files, remote_ip):
        """File a complaint from the portal form.

        :param post: dict of the form (``product_ids`` a list of strings)
        :param files: list of ``(file name, bytes)``
        :param remote_ip: the client's address, for the rate limit
        :return: ``(complaint, errors)``; nothing is created when ``errors``
        """
        key = submission_key(post, files)
        if key:
            # sudo: only the complaint this very form filed, found by its key
            done = self.sudo().search([("portal_submission_key", "=", key)], limit=1)
            if done:
                return done, {}
        company = self.env.company.sudo()  # sudo: the rate limits, staff-only
        RateLog = self.env["complaint.portal.rate.log"]
        # every form sent counts, refused ones too (their files are read and
        # checked), against a limit a person correcting mistakes never meets
        ip_limit = company.complaint_portal_limit_ip
        tries = {RateLog._address_key("form", remote_ip): ip_limit * 5}
        if not RateLog._hit(tries, company.complaint_portal_limit_minutes):
            return self.browse(), {"form": self._portal_too_many_text()}
        values, errors = self._portal_validate(post, files)
        if errors:
            return self.browse(), errors
        user = self.env.user
        if user._is_public():
            # a visitor without contact data is limited by address only
            contact = values.get("visitor_email") or values.get("visitor_phone")
        else:
            contact = user.partner_id.email or user.login
        limits = {RateLog._address_key("ip", remote_ip): ip_limit}
        if contact:
            limits[RateLog._key("email", contact)] = (
                company.complaint_portal_limit_email
            )
        accepted = RateLog._hit(limits, company.complaint_portal_limit_minutes)
        if not accepted:
            return self.browse(), {"form": self._portal_too_many_text()}
        try:
            with self.env.cr.savepoint():
                complaint = self._portal_create(values, files, key)
        except psycopg2.errors.UniqueViolation as error:
            if error.diag.constraint_name != UNIQUE_SUBMISSION_KEY:
                # not a second sending of this form: retrying would file nothing
                # better, and charge the visitor's limits at every try
                raise
            # the same form sent twice at once: the other request filed it;
            # retried, this one finds it by its key (above) and files nothing
            raise retry_later(error) from error
        return complaint, {}

    @api.model
    def _portal_create(self, values, files, key=None):
        partner = self._portal_complainant(values)
        anonymous = self.env.user._is_public() and not partner
        channel = self.env.ref(
            "complaint_management.complaint_channel_web"
            if self.env.user._is_public()
            else "complaint_management.complaint_channel_portal",
            raise_if_not_found=False,
        )
        vals = {
            key: values[key] for key in PORTAL_FIELDS + PRIVACY_FIELDS if key in values
        }
        # sudo: complainants have no create right on complaints; every value
        # below is either whitelisted and validated or decided here.
        Complaint = self.sudo().with_context(**self._privacy_intake_context("portal"))
        # no team here: the assignment rules choose it (channel, category,
        # products), else the default team, as for every intake
        vals.update(
            {
                "partner_id": partner.id,
                "is_anonymous": anonymous,
                "channel_id": channel.id if channel else False,
                "company_id": self.env.company.id,
                "portal_submission_key": key or False,
            }
        )
        complaint = Complaint.create(vals)
        complaint._portal_attach_files(files)
        complaint._portal_ensure_token()
        # no address, no receipt (the thanks page gives the number): the
        # acknowledgement is emailed once staff have one
        if partner.email:
            complaint._message_to_complainant(
                "complaint_portal.mail_template_complaint_portal_receipt"
            )
            complaint.date_receipt_sent = fields.Datetime.now()
        return complaint

    def _portal_filed_by_visitor(self):
        """Filed on the web form by a visitor, not by a signed-in customer:
        only then does a visitor sending the form again get its link (a
        customer's colleague who left, logged out, would act as them)."""
        self.ensure_one()
        web = self.env.ref(
            "complaint_management.complaint_channel_web", raise_if_not_found=False
        )
        return bool(web) and self.sudo().channel_id == web  # sudo: its channel

    @api.model
    def _portal_complainant(self, values):
        """The complainant's contact.

        A logged-in customer is their own contact. A visitor always gets a new
        contact: the email address is not verified, so matching it to an
        existing customer would show that customer a complaint they never filed.
        Complaint officers merge contacts when they know better.
        """
        user = self.env.user
        if not user._is_public():
            return user.partner_id
        return self._new_complainant_contact(
            values["visitor_name"], values["visitor_email"], values["visitor_phone"]
        )

    @api.model
    def _new_complainant_contact(self, name, email, phone):
        """A new contact from what an unverified channel gave (portal visitor,
        API): never matched to an existing customer; none when nothing was
        given (an anonymous complaint). The company's it was filed with (as
        the email intake's new contacts): shared, a sister company's email
        intake would take it for the real person of that address."""
        if not (name or email or phone):
            return self.env["res.partner"]
        # sudo: visitors and channel users cannot create contacts
        return (
            self.env["res.partner"]
            .sudo()
            .create(
                {
                    "name": name or phone or email,
                    "email": email or False,
                    "phone": phone or False,
                    "lang": self.env.lang,
                    "company_id": self.env.company.id,
                    "complaint_intake_contact": True,
                }
            )
        )

    def _portal_attach_files(self, files):
        """Put the files given when filing on the complaint just filed, shown on
        its portal page (also used by the JSON API).

        :param files: list of ``(file name, bytes)``, already checked
        """
        self.ensure_one()
        if not files:
            return
        attachments = (
            self.env["ir.attachment"]
            .sudo()  # sudo: files of the complaint just created
            .create(
                [
                    {
                        "name": name,
                        "raw": content,
                        "res_model": self._name,
                        "res_id": self.id,
                    }
                    for name, content in files
                ]
            )
        )
        attachments.generate_access_token()
        self.portal_attachment_ids = attachments
