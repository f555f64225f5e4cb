import re

from odoo import fields, models
from odoo.tools import format_date, format_datetime, format_list, formatLang
from odoo.tools.misc import babel_locale_parse, posix_to_ldml

from odoo.addons.complaint_management.tools.dates import local_date

from .complaint_remedy_type import ANNEX_MEASURES, ANNEX_MEASURES_WITH_AMOUNT

# The channels of the tracking form (Annex C) and the channel codes each
# stands for; a channel of another code ticks "Other" with its name.
ANNEX_CHANNELS = [
    ("phone", ("phone",)),
    ("email", ("email",)),
    ("internet", ("web", "portal", "chat", "app", "social")),
    ("in_person", ("walk_in", "special_care")),
    ("letter", ("letter",)),
]


class ComplaintComplaint(models.Model):
    _name = "complaint.complaint"
    # the tracking form's steps from the complaint's history
    _inherit = ["complaint.complaint", "complaint.report.tracking.mixin"]

    def _report_lang(self):
        """What the complainant reads (registration form, decision letter)
        speaks the complainant's language."""
        self.ensure_one()
        lang = self.partner_id.lang
        if lang and lang in dict(self.env["res.lang"].get_installed()):
            return lang
        # none, or one no longer installed: the company's (an installed one)
        return self.company_id._complaint_lang()

    def _report_complainant_tz(self):
        """What the complainant reads is dated where they live, when we know
        it, else where the complaint is handled (as the engine's emails to
        them): the same letter, whoever prints it."""
        self.ensure_one()
        return self.partner_id.tz or self._sla_tz()

    def _report_internal_lang(self):
        """Internal forms (the tracking form) speak the printing user's."""
        self.ensure_one()
        return self.env.user.lang or self.env.lang or "en_US"

    def _report_staff_name(self, user, for_complainant=False):
        """The name a printed form gives a staff member: on an internal form
        printed by staff, their own; on the complainant's copy (the
        registration form, whoever prints it) and for a complainant, the
        public handler name, as on the portal page and in the emails."""
        self.ensure_one()
        if not user:
            return ""
        if self.env.user._is_internal() and not for_complainant:
            return user.name
        # sudo: the public name is meant for complainants
        return user.sudo()._complaint_public_name()

    def _report_channel_boxes(self):
        """The channel check boxes of the tracking form: (label, ticked,
        detail) in the form's order, "Other" last with the channel's name."""
        self.ensure_one()
        labels = {
            "phone": self.env._("Phone"),
            "email": self.env._("Email"),
            "internet": self.env._("Internet"),
            "in_person": self.env._("In person"),
            "letter": self.env._("Letter"),
        }
        code = self.channel_id.code
        boxes = [(labels[key], code in codes, "") for key, codes in ANNEX_CHANNELS]
        other = bool(self.channel_id) and not any(ticked for _l, ticked, _d in boxes)
        boxes.append(
            (self.env._("Other"), other, self.channel_id.name if other else "")
        )
        return boxes

    def _report_measure_boxes(self):
        """The eighteen measures of the tracking form: (number, label, ticked,
        amount) with the totals of the remedies offered (refused and
        cancelled ones left out)."""
        self.ensure_one()
        labels = dict(
            self.env["complaint.remedy.type"]
            ._fields["annex_measure"]
            ._description_selection(self.env)
        )
        remedies = self.remedy_ids.filtered(
            lambda r: r.state not in ("cancelled", "refused")
        )
        boxes = []
        for number, (key, _label) in enumerate(ANNEX_MEASURES, start=36):
            taken = remedies.filtered(lambda r, key=key: r.type_id.annex_measure == key)
            amount = ""
            total = sum(taken.mapped("amount"))
            # a measure of no amount (a deposit waived, a discount to come)
            # is ticked without "0.00", as the proposal and the letter show it
            if taken and key in ANNEX_MEASURES_WITH_AMOUNT and total:
                amount = formatLang(self.env, total, currency_obj=taken[:1].currency_id)
            boxes.append((number, labels[key], bool(taken), amount))
        return boxes

    def _report_attachments(self):
        """The files the registration form lists, whoever prints it (it is
        the complainant's copy): those the complainant gave (uploaded through
        the portal or the API, or sent with their messages) and those sent to
        them, as the export of their data counts them; never the files of
        internal notes, nor the files staff attached to the complaint without
        sending them (their working files: a receipt scanned at the desk is
        listed once sent to the complainant in a message)."""
        self.ensure_one()
        # sudo: which files were posted how; the list is then filtered
        messages = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("attachment_ids", "!=", False),
                ]
            )
        )
        internal = messages.filtered(lambda m: m.is_internal or m.subtype_id.internal)
        public = (messages - internal).attachment_ids
        return (
            self.env["ir.attachment"]
            .sudo()  # sudo: as above
            .search(
                [("res_model", "=", self._name), ("res_id", "=", self.id)], order="id"
            )
            - internal.attachment_ids
        ).filtered(lambda a: a in public or a.create_uid.share or not a.create_uid)

    def _report_related_complaints(self):
        """The earlier complaints this one repeats, then other earlier
        complaints of the same customer (ten at most)."""
        self.ensure_one()
        # an earlier complaint cancelled since detection (merged into another
        # as its duplicate) is no earlier complaint
        related = self.repeat_of_ids.filtered(
            lambda c: c.state != "cancelled" and not c.is_deidentified
        )
        if self.commercial_partner_id:
            related |= self.search(
                [
                    ("commercial_partner_id", "=", self.commercial_partner_id.id),
                    # this company's, as for repeat detection (a customer
                    # shared by two companies)
                    ("company_id", "=", self.company_id.id),
                    ("id", "!=", self.id),
                    ("date_received", "<=", self.date_received),
                    # cancelled ones (merged duplicates among them) are not
                    # earlier complaints, as for repeat detection
                    ("state", "!=", "cancelled"),
                ],
                order="date_received desc",
                limit=10,
            )
        return related[:10]

    def _report_file_name(self, report):
        """File name of a printed form; ``report`` is the form's key. Called
        from ``print_report_name``, which stays a plain call so that the
        (translatable) expression has nothing a translation could break."""
        self.ensure_one()
        number = (self.name or "").replace("/", "-")
        if report == "registration":
            return self.env._("Registration - %(number)s", number=number)
        if report == "tracking":
            return self.env._("Tracking - %(number)s", number=number)
        if report == "decision":
            return self.env._("Decision - %(number)s", number=number)
        return number

    def _report_letter(self):
        """The sentences of the decision letter that hold a value: each is one
        message with its punctuation, the values escaped by ``t-out``."""
        self.ensure_one()
        number = self.name or ""
        return {
            "title": self.env._("Decision on your complaint %(number)s", number=number),
            # a company is named in the address block: its contact person, if
            # any, is greeted, never "Dear <Company>,"
            "salutation": self._report_salutation(),
            "review_route": self.env._(
                "ask for a review by our complaint management, quoting the "
                "tracking number %(number)s;",
                number=number,
            ),
            "follow_up": self.env._(
                "You can follow your complaint with its tracking number %(number)s.",
                number=number,
            ),
        }

    def _report_datetime(self, value):
        """A moment as printed forms show it: the reader's date and time format
        without seconds, in the reader's time zone. (QWeb's ``hide_seconds``
        only removes ":ss", not the "秒" of the Chinese format.)"""
        if not value:
            return ""
        lang = self.env["res.lang"]._get_data(code=self.env.lang or "en_US")
        time_format = re.sub(r"[:.]?%S秒?", "", lang.time_format)
        pattern = posix_to_ldml(
            f"{lang.date_format} {time_format}", locale=babel_locale_parse(lang.code)
        )
        return format_datetime(self.env, value, tz=self._report_tz(), dt_format=pattern)

    def _report_date(self, value):
        """The day of a moment, in the same time zone as :meth:`_report_datetime`
        (a received-at 01:00 in Shanghai is printed on that day, not the UTC one)."""
        if not value:
            return ""
        return format_date(self.env, local_date(value, self._report_tz()))

    def _report_tz(self):
        """The complainant's on what they read (:meth:`_report_complainant_tz`,
        set by the registration form and the decision letter); else the
        reader's time zone; for a visitor or a portal user without one
        (the portal's download) the complaint's calendar's, as the portal page
        shows it, not the request's guess (UTC without the website app); for
        staff without one, the calendar's too (not UTC: a complaint received
        at 01:00 in Shanghai is printed on its day)."""
        if self.env.context.get("complaint_report_tz"):
            return self.env.context["complaint_report_tz"]
        user = self.env.user
        calendar_tz = self[:1]._sla_tz() if self else "UTC"
        if user._is_public() or (user.share and not user.tz):
            return calendar_tz
        return self.env.context.get("tz") or user.tz or calendar_tz

    def _report_today(self):
        """The letter's date: today where the reader is (:meth:`_report_tz`)."""
        return self._report_date(fields.Datetime.now())

    def _report_place_and_date(self):
        """The letter's place and date, punctuated as its language does."""
        self.ensure_one()
        city = self.company_id.city
        if not city:
            return self._report_today()
        return self.env._("%(city)s, %(date)s", city=city, date=self._report_today())

    def _report_names(self, records):
        """Names of ``records`` in a list, as the form's language joins them."""
        return format_list(self.env, records.mapped("display_name"))

    def _report_decided(self):
        """Whether the complaint holds a decision its letter can announce."""
        self.ensure_one()
        # proposed: the company's decision, the remedies it offers; reopened:
        # the letter says it is examined again
        return (
            self.state in ("proposed", "accepted", "rejected", "closed")
            or self._closes_unfounded()
            or (self.state in ("assessed", "investigating") and self.reopen_count)
        )

    def _report_salutation(self):
        self.ensure_one()
        if self.partner_id.is_company:
            if self.contact_name:
                return self.env._("Dear %(name)s,", name=self.contact_name)
            return self.env._("Dear Sir or Madam,")
        name = self.complainant_name or self.partner_id.name
        if not name:
            # an anonymous complaint, or one with a phone or email only
            return self.env._("Dear Customer,")
        return self.env._("Dear %(name)s,", name=name)
