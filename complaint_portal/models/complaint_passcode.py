import hashlib
import hmac
import secrets

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize

from odoo.addons.complaint_management.tools.form_text import half_width

# no 0/O, 1/I/L: read out on the phone or copied from a screen
PASSCODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
PASSCODE_LENGTH = 8  # 31^8: about 40 bits, behind a rate limit
# wrong attempts on one number, from all addresses together, allowed per window:
# this many times what one address may try. Guessing from many addresses stays
# capped, and locking a complainant out takes as many addresses.
NUMBER_LIMIT_FACTOR = 10
PBKDF2_ROUNDS = 60000


def _normalize(passcode):
    return "".join(c for c in half_width(passcode).upper() if c.isalnum())


def _digest(passcode, salt, rounds):
    return hashlib.pbkdf2_hmac(
        "sha256", _normalize(passcode).encode(), salt.encode(), rounds
    ).hex()


# the complaints whose new complainant is invited to rate once written
SURVEY_RESEND_KEY = "complaint_portal.survey_resend"
# the complaints whose address was put right: the survey follows once written
ADDRESS_RESEND_KEY = "complaint_portal.address_resend"


class ComplaintComplaint(models.Model):
    """The keys to a complaint's page: its token (for whom it may serve, and
    cut off with every earlier link when the complainant changes or a new
    passcode is given), and, for a complainant without an account or an
    email address, its tracking number and a passcode, shown once, kept only
    as a salted hash."""

    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    portal_passcode_hash = fields.Char(
        copy=False, groups="base.group_system", readonly=True
    )
    partner_email = fields.Char(
        related="partner_id.email",
        string="Contact Email",
        groups="complaint_management.complaint_management_group_user",
    )
    has_portal_passcode = fields.Boolean(
        compute="_compute_has_portal_passcode",
        groups="complaint_management.complaint_management_group_user",
    )

    @api.depends("portal_passcode_hash")
    def _compute_has_portal_passcode(self):
        for complaint in self:
            # sudo: whether a hash exists, never the hash
            complaint.has_portal_passcode = bool(complaint.sudo().portal_passcode_hash)

    # ------------------------------------------------------------------
    # The complainant's token
    # ------------------------------------------------------------------
    def _portal_ensure_token(self):
        """The token, for whom it may serve: the visitor who holds the link,
        staff (the emails they send carry it), and the API channel that filed
        the complaint (its receipt and answer give the link); never a
        signed-in portal user. The record rules let them in while they may
        read it; with the token they would keep, logged out, answering and
        rating as the complainant after they lost that right (a contact gone
        from the complainant's company), and core's record pager would hand
        them the tokens of every complaint of their list."""
        self.ensure_one()
        user = self.env.user
        if not self.env.su:
            # core's get_portal_url asks for the token of any record id: an
            # employee gets it only for a complaint they may read (with it,
            # logged out, one acts as the complainant)
            self.check_access("read")
        if (
            user.share
            and not user._is_public()
            # the channel that filed it hands the link on to the complainant
            and not self._api_is_filer()
            # the complainant's button in a notification of what the user
            # wrote: it goes to the complainant's inbox, not to the user
            and not self._system_context("complaint_notify_token")
        ):
            return ""
        # sudo: the field is staff-only; the token of the complainant's link
        return super(ComplaintComplaint, self.sudo())._portal_ensure_token()

    def _notify_get_recipients_groups(self, message, model_description, msg_vals=None):
        # core builds the complainant's button with the token as superuser,
        # whoever wrote (a signed-in colleague of the complainant among them)
        return super(
            ComplaintComplaint, self.with_context(complaint_notify_token=True)
        )._notify_get_recipients_groups(message, model_description, msg_vals=msg_vals)

    def _on_writing(self, vals):
        res = super()._on_writing(vals)
        # de-identification renews the keys itself, for the whole batch
        if "partner_id" in vals and not vals.get("is_deidentified"):
            # the complaint is another person's now: whoever held its links
            # (a visitor who filed for them, the contact put right) would read
            # and answer as them
            # sudo: the new contact's address, compared
            new_email = email_normalize(
                self.env["res.partner"].browse(vals["partner_id"]).sudo().email or ""
            )
            for complaint in self.sudo().filtered(  # sudo: the portal's keys
                lambda c: c.partner_id.id != vals["partner_id"]
                and (
                    c.partner_id
                    # a contact given to an address-only or anonymous
                    # complaint: the links went to that address, or to the
                    # visitor who filed it, unless the contact is that address
                    or not c.complainant_email
                    or email_normalize(c.complainant_email) != new_email
                )
            ):
                # the survey the former contact holds is not theirs to answer:
                # the new complainant is invited once written (_on_written)
                if complaint._portal_drop_former_invitation():
                    # the cursor's own store: a savepoint during the write
                    # (a detection job) runs the precommit hooks and empties
                    # their data
                    invites = self.env.cr.cache.setdefault(SURVEY_RESEND_KEY, set())
                    invites.add(complaint.id)
                complaint._portal_revoke_links(resend=False)
        elif "complainant_email" in vals and not vals.get("is_deidentified"):
            # the address put right: the links went to the wrong one; the
            # survey is sent again once the right one is written
            new = email_normalize(vals["complainant_email"] or "")
            for complaint in self.sudo().filtered(  # sudo: the portal's keys
                lambda c: c.complainant_email
                and email_normalize(c.complainant_email) != new
            ):
                complaint._portal_revoke_links(resend=False)
                self.env.cr.cache.setdefault(ADDRESS_RESEND_KEY, set()).add(
                    complaint.id
                )
        return res

    def _on_written(self, vals):
        res = super()._on_written(vals)
        moved = self.env.cr.cache.get(ADDRESS_RESEND_KEY)
        if "complainant_email" in vals and moved:
            ids = moved & set(self.ids)
            moved -= ids
            for complaint in self.sudo().browse(ids):  # sudo: the survey's resending
                complaint._portal_resend_survey()
        invites = self.env.cr.cache.get(SURVEY_RESEND_KEY)
        if "partner_id" in vals and invites:
            # the complaints of this write only (one refused since left theirs)
            ids = invites & set(self.ids)
            invites -= ids
            # sudo: the survey of the complaints whose complainant changed
            invited = (
                self.sudo()
                .browse(ids)
                .filtered(lambda c: c.state == "closed" and c._rating_address())
            )
            if invited:
                invited._rating_send_survey()
        return res

    def _portal_drop_former_invitation(self):
        """The invitation to rate the former complainant holds, not answered:
        deleted (an invitation someone else would answer); whether there was
        one."""
        self.ensure_one()
        # sudo: the ratings are written only by the rating mechanism
        held = self.sudo().rating_ids.filtered(
            lambda r: not r.consumed and r.partner_id == self.partner_id
        )
        held.unlink()
        return bool(held)

    def _portal_revoke_links(self, resend=True):
        """Every key to the complaint's page given so far stops opening it:
        its token, which its users keep (browser history, a shared computer),
        its passcode (staff give a new one), the form that filed it (sent
        again, it would hand out the new token: it files anew instead), the
        page's download links with the files' own tokens, its rating buttons
        with the ratings' tokens, and the complaints merged into it, which led
        here with their own links and passcodes."""
        self.ensure_one()
        complaint = self.sudo()  # sudo: the portal's keys, whoever revokes them
        complaint.write(
            {
                "access_token": False,
                "portal_passcode_hash": False,
                "portal_submission_key": False,
                # the link asked for next is the new one: sent, not taken for
                # the one just cut within the rate limit's period
                "portal_link_sent": False,
            }
        )
        complaint._portal_ensure_token()
        complaint._portal_renew_file_tokens()
        for rating in complaint.rating_ids:
            rating.access_token = rating._default_access_token()
        if resend:
            complaint._portal_resend_survey()
        merged = complaint.merged_ids
        while merged:
            merged.write({"access_token": False, "portal_passcode_hash": False})
            merged = merged.merged_ids

    def _portal_resend_survey(self):
        """The satisfaction survey the complainant still holds is sent again:
        its links, renewed, no longer open, and the page tells a visitor to
        rate from the email (staff cannot invite again while it is open)."""
        self.ensure_one()
        if (
            self.state == "closed"
            and self._rating_address()
            and self.rating_ids.filtered(lambda r: not r.consumed)
        ):
            self._rating_send_survey()

    def _portal_passcode_family(self):
        """``self`` and the complaints that open with its passcode (a split
        copies it): those sharing its hash."""
        self.ensure_one()
        if not self.portal_passcode_hash:
            return self
        return self.search([("portal_passcode_hash", "=", self.portal_passcode_hash)])

    def _portal_new_passcode(self):
        """A new passcode for the complaint; the old one stops working.

        :return: the passcode in clear, to show once (it is not stored)
        """
        self.ensure_one()
        code = "".join(
            secrets.choice(PASSCODE_ALPHABET) for _index in range(PASSCODE_LENGTH)
        )
        salt = secrets.token_hex(16)
        # sudo: the hash is readable by nobody but administrators
        self.sudo().portal_passcode_hash = (
            f"pbkdf2_sha256${PBKDF2_ROUNDS}${salt}${_digest(code, salt, PBKDF2_ROUNDS)}"
        )
        return f"{code[:4]}-{code[4:]}"

    def _deidentify(self):
        """The keys of the complainant's links and passcode stop opening the
        de-identified complaint (its page, its chatter, its answers)."""
        res = super()._deidentify()
        # sudo: the keys are readable by nobody but administrators
        # the form's key too: the same visitor form sent again (its key is
        # the form's digest, name and address included) files anew, rather
        # than finding the de-identified complaint and a passcode for it
        self.sudo().write(
            {
                "access_token": False,
                "portal_passcode_hash": False,
                "portal_submission_key": False,
            }
        )
        return res

    def _portal_first_passcode(self):
        """The passcode of a complaint just filed by a visitor, or None when
        it has one already (the same form sent again must not replace the
        passcode shown the first time)."""
        self.ensure_one()
        if self.sudo().portal_passcode_hash:  # sudo: whether one exists
            return None
        return self._portal_new_passcode()

    def _portal_passcode_matches(self, passcode):
        self.ensure_one()
        stored = self.sudo().portal_passcode_hash or ""  # sudo: compare only
        try:
            _method, rounds, salt, digest = stored.split("$")
        except ValueError:
            # no passcode: the same work as a wrong one, then refuse
            _digest(passcode, "-", PBKDF2_ROUNDS)
            return False
        return hmac.compare_digest(_digest(passcode, salt, int(rounds)), digest)

    @api.model
    def _portal_find_by_passcode(self, number, passcode, remote_ip):
        """The complaint a tracking number and its passcode open.

        Wrong attempts are counted per address and per number, so a passcode
        cannot be guessed from many addresses either; an attempt that opens
        the complaint is given back, so its complainant is not locked out.
        A number allows ``NUMBER_LIMIT_FACTOR`` times an address's attempts:
        wrong passcodes sent from one address do not lock the complainant out.

        :return: ``(complaint, refused)``; ``refused`` when over the limit
        """
        number = half_width(number).strip().upper()[:64]
        company = self.env.company.sudo()  # sudo: the rate limits, staff-only
        RateLog = self.env["complaint.portal.rate.log"]
        limit = company.complaint_portal_limit_ip
        limits = {
            RateLog._address_key("passcode", remote_ip): limit,
            RateLog._key("passcode-number", number): limit * NUMBER_LIMIT_FACTOR,
        }
        keys = list(limits)
        # counted before the check: concurrent guesses cannot all pass at once
        if not RateLog._hit(limits, company.complaint_portal_limit_minutes):
            return self.browse(), True
        # sudo: visitors cannot read complaints; only a matching pair opens one.
        # A number is unique in its company: companies numbering alike may
        # share it, and the passcode tells which complaint it opens
        candidates = self.sudo().search([("name", "=", number)], limit=10)
        if not candidates:
            _digest(passcode, "-", PBKDF2_ROUNDS)  # same work: tell nothing
            return self.browse(), False
        complaint = candidates.filtered(lambda c: c._portal_passcode_matches(passcode))
        if len(complaint) != 1:
            return self.browse(), False
        RateLog._refund(keys)
        complaint._portal_ensure_token()
        return complaint, False

    def action_portal_new_passcode(self):
        """Staff give a complainant without email (on the phone, at the desk)
        a passcode to follow the complaint online; it is shown once."""
        self.ensure_one()
        if not self.env.user.has_group(
            "complaint_management.complaint_management_group_user"
        ):
            raise UserError(self.env._("Only complaint staff can give a passcode."))
        self.check_access("write")
        if self.state == "cancelled":
            raise UserError(
                self.env._(
                    "Complaint %(name)s is cancelled: there is nothing to follow.",
                    name=self.name,
                )
            )
        replaced = self.has_portal_passcode
        # a complaint split off this one (or this one's origin) opens with the
        # same passcode: the new one replaces it there too
        # sudo: the passcode's salted hash, compared
        family = self.sudo()._portal_passcode_family()
        if replaced:
            # the earlier passcode and what it opened
            for complaint in family:
                complaint._portal_revoke_links()
        code = self._portal_new_passcode()
        (family - self).write(
            {"portal_passcode_hash": self.sudo().portal_passcode_hash}
        )
        self.message_post(
            body=self.env._("A new passcode was given to the complainant.")
            if not replaced
            else self.env._(
                "A new passcode was given to the complainant; the earlier passcode "
                "and the links it opened no longer open the complaint."
            ),
            message_type="notification",
            subtype_xmlid="mail.mt_note",
        )
        # a variable, not an f-string in the call: babel would not extract the text
        status_url = self.get_base_url() + "/complaint/status"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": self.env._("Passcode for %(number)s", number=self.name),
                "message": self.env._(
                    "Tell the complainant: tracking number %(number)s, passcode "
                    "%(passcode)s, to follow the complaint at %(url)s. It is shown "
                    "only now; a new passcode replaces it.",
                    number=self.name,
                    passcode=code,
                    url=status_url,
                ),
                "sticky": True,
                "type": "info",
            },
        }

    # ------------------------------------------------------------------
    # Tracking by number and email
    # ------------------------------------------------------------------
