import re

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import email_normalize, email_split, html2plaintext

from ..tools.form_text import half_width, sent_text

# what a team alias's defaults give the complaints it files (with the team)
ALIAS_DEFAULT_FIELDS = frozenset(
    {"category_id", "channel_id", "level_id", "tag_ids", "company_id"}
)
# A tracking number as the sequences write them: prefix, year, number
# (CMP/2026/00042); the complaint's name decides, the pattern only finds them.
# Not word-bounded: in Chinese text it stands between characters that are
# letters too (我的投诉编号CMP/2026/00042还没处理).
TRACKING_NUMBER = re.compile(r"(?<![A-Z0-9])[A-Z][A-Z0-9-]{1,9}/\d{4}/\d{3,}(?!\d)")


class ComplaintMailThreading(models.AbstractModel):
    """Where an incoming email goes and as what: one quoting a tracking
    number (the acknowledgement asks the complainant to quote it) is that
    open (or recently closed) complaint's, not a new one; a reply from a
    sender the complaint does not know is a note for staff; a team alias's
    defaults classify what it files."""

    _name = "complaint.mail.threading.mixin"
    _description = "Complaint email threading by tracking number"

    @api.model
    def _mail_quoted_complaints(self, msg_dict, company):
        """Complaints of ``company`` (the alias's) whose tracking number the
        email quotes (subject first): another company's number is theirs.

        The number of a merged complaint stands for the complaint it was merged
        into; other cancelled complaints are left out."""
        # typed as the portal's lookup takes it: full-width (ＣＭＰ／２０２６)
        # or in lower case
        text = half_width(
            " ".join(
                (
                    msg_dict.get("subject") or "",
                    html2plaintext(msg_dict.get("body") or ""),
                )
            )
        ).upper()
        names = list(dict.fromkeys(TRACKING_NUMBER.findall(text)))
        if not names:
            return self.browse()
        # sudo: the mail gateway matches the number whoever may read the complaint
        found = self.sudo().search(
            [
                ("name", "in", names),
                ("company_id", "=", company.id),
                "|",
                ("state", "!=", "cancelled"),
                ("merged_into_id", "!=", False),
            ]
        )
        current = found.sorted(lambda c: names.index(c.name))._merge_resolve()
        # a de-identified complaint leads back to nobody: neither posted on
        # nor linked to a complaint naming its sender
        return current.filtered(
            lambda c: c.state != "cancelled" and not c.is_deidentified
        )

    def _mail_is_current(self):
        """Open, or closed within the company's reopening period."""
        self.ensure_one()
        if self.state != "closed":
            return True
        # until the end of the last day the closing emails give
        until = self._reopen_until()
        return bool(until and fields.Datetime.now() < until)

    def _mail_sender_belongs(self, email_from):
        """The sender is the complainant or one of the complaint's followers."""
        self.ensure_one()
        email = email_normalize(email_from or "")
        if not email:
            return False
        # sudo: comparing addresses; nothing of the complaint is returned
        complaint = self.sudo()
        # the contact's address, and the one recorded on the complaint (a
        # privacy correction's; it follows the contact's when that is put
        # right: res.partner._complaint_address_corrected)
        known = {
            email_normalize(address or "")
            for address in (
                complaint.complainant_email,
                complaint.partner_id.email,
                *complaint.message_partner_ids.mapped("email"),
            )
        }
        return email in known

    @api.model
    def _mail_thread_target(self, msg_dict, company):
        """(complaint to post on, complaints to link), among ``company``'s: the
        quoted complaint when the sender belongs to it and it is current; else
        nothing to post on, and the quoted complaints are linked to the new
        one."""
        quoted = self._mail_quoted_complaints(msg_dict, company)
        for complaint in quoted:
            if complaint._mail_is_current() and complaint._mail_sender_belongs(
                msg_dict.get("email_from")
            ):
                return complaint, self.browse()
        return self.browse(), quoted

    def _mail_subscribe_cc(self, msg_dict):
        """Known contacts in copy of the intake email follow the complaint:
        they are told of its progress and, with a portal account, see and
        answer it there (the portal's record rule reads the followers).
        Unknown addresses create nobody: a copy line is not consent; nobody
        follows a complaint filed in an existing contact's name until staff
        confirm the sender (its From may be forged)."""
        self.ensure_one()
        if self.sudo().sender_unverified:  # sudo: a workflow flag of the intake
            return
        emails = email_split(msg_dict.get("cc") or "")
        if not emails:
            return
        partners = self.env["res.partner"].browse(
            partner.id
            for partner in self._mail_find_partner_from_emails(emails, records=self)
            if partner and self._mail_may_follow(partner)
        )
        if partners:
            self.message_subscribe(partner_ids=partners.ids)

    def _mail_may_follow(self, partner):
        """Whether ``partner``, found for an address in copy, may follow the
        complaint: a colleague who may read it; a customer's contact of its
        company or shared (not another company's, nor a colleague who may
        not read it, whom followers' notes and escalations would reach)."""
        self.ensure_one()
        # sudo: who the contact's users are (those who left too), whoever files
        users = partner.sudo().with_context(active_test=False).user_ids
        if users.filtered(lambda user: not user.share):
            return self._mail_staff_reader(partner)
        return partner.sudo().company_id in (self.company_id, self.env["res.company"])

    def _mail_staff_reader(self, author):
        """Whether ``author`` is a colleague who may read the complaint: a
        reply in another colleague's name is a forged From (any address of
        the staff would do), which core would send to the complainant under
        the company's address."""
        self.ensure_one()
        # sudo: who the author's users are (still here), whoever sent the email
        staff = author.sudo().user_ids.filtered(lambda user: not user.share)
        return any(self._as_colleague(user)._filtered_access("read") for user in staff)

    @api.model
    def _mail_alias_values(self, defaults, team=None):
        """What a team alias's defaults may give the complaints it files: how
        they are classified, in the team and its company (``team``, else the
        one they name). The gateway files as superuser, past the workflow's
        guards: a status, a date or a hold in them would be taken as is."""
        values = {key: defaults[key] for key in ALIAS_DEFAULT_FIELDS & defaults.keys()}
        team = (
            team
            or self.env["complaint.team"].browse(defaults.get("team_id") or []).exists()
        )
        if team:
            values["company_id"] = team.company_id.id
            # an archived team's alias still receives: its company files the
            # complaint by its rules, in an active team
            if team.active:
                values["team_id"] = team.id
        return values

    def _mail_check_reply_sender(self, msg_dict):
        """A reply (core threads it by its headers) from a sender who is
        neither the complainant, a follower nor staff is kept as a note for
        staff, unverified and without author: the Message-Id it answers may
        be one a stranger chose (the first email of a complaint filed in
        someone's name), and core would send its text to the followers,
        under the company's address, and reopen a closed complaint."""
        self.ensure_one()
        # a reply to a note, or an automatic reply, is a note already: its
        # sender is checked all the same (the note it answers may be one a
        # stranger's Message-Id made, such as this method's own)
        author = self.env["res.partner"].browse(msg_dict.get("author_id")).exists()
        # sudo: the complainant's company, compared
        complainant = self.sudo().commercial_partner_id
        # the complained-about party answers the forward sent to it (a note)
        party = self.sudo().party_id.commercial_partner_id
        if (
            self._mail_staff_reader(author)
            or (author and author == self.sudo().partner_id)
            or (complainant and author.commercial_partner_id == complainant)
            or (party and author.commercial_partner_id == party)
            or self._mail_sender_belongs(msg_dict.get("email_from"))
        ):
            return
        staff = self._in_company_lang()  # a note for staff, whoever wrote in
        # core sends a reply to a note to the note's author: to no one
        msg_dict.pop("parent_id", None)
        msg_dict.update(
            is_internal=True,
            author_id=False,
            complaint_unverified_sender=True,
            body=Markup("<p><em>%s</em></p>%s")
            % (
                staff.env._(
                    "Email replying to this complaint's messages from a sender it "
                    "does not know (%(sender)s): not verified, kept for staff.",
                    sender=msg_dict.get("email_from") or "-",
                ),
                Markup(msg_dict.get("body") or ""),
            ),
        )

    @api.model
    def _mail_drop_nul(self, msg_dict):
        """NUL characters out of the email's texts (a header may encode one):
        PostgreSQL refuses them in any text, and the complaint, its message
        and the bounce would all fail, the email lost."""
        for key in ("subject", "body", "email_from"):
            if isinstance(msg_dict.get(key), str):
                msg_dict[key] = sent_text(msg_dict[key])

    @api.model
    def _mail_fallback_values(self, values):
        """What the bare complaint of an email keeps when its complaint cannot
        be created: the message, its sender, and where it was sent (the
        alias's company and team, when they still exist), so that it lands
        with them and their managers hear of the failure."""
        bare = {
            key: values[key]
            for key in (
                "subject",
                "description",
                "channel_id",
                "partner_id",
                "complainant_email",
                "complainant_name",
                "is_anonymous",
                "sender_unverified",
            )
            if key in values
        }
        team = self.env["complaint.team"].browse(values.get("team_id")).exists()
        company = (
            self.env["res.company"].browse(values.get("company_id")).exists()
            or team.company_id
        )
        if company:
            bare["company_id"] = company.id
        if team and team.company_id == company:
            bare["team_id"] = team.id
        return bare
