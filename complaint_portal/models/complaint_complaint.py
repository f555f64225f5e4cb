from werkzeug.urls import url_encode

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import consteq, html2plaintext

from .complaint_api import API_GROUP
from .complaint_complaint_submission import MAX_LENGTHS
from .staff_masking import (
    USER_FIELDS,
    grouped_fields,
    masked_staff_users,
    named_fields,
    rename_groups,
    rename_read,
    rename_web_read,
)


class ComplaintComplaint(models.Model):
    _name = "complaint.complaint"
    # the portal's link and token, what the complainant reads on the page,
    # then the JSON API's owner and reference
    _inherit = [
        "complaint.complaint",
        "portal.mixin",
        "complaint.portal.page.mixin",
        "complaint.portal.answer.mixin",
        "complaint.portal.files.mixin",
        "complaint.api.mixin",
    ]

    # the complainant's key: who holds it answers the proposal and rates as
    # the complainant (a visitor's link); read by staff, and for the portal
    # through _portal_ensure_token
    access_token = fields.Char(groups="base.group_user")
    portal_link_sent = fields.Datetime(
        string="Secure Link Sent",
        readonly=True,
        copy=False,
        groups="base.group_system",
        help="When the tracking page last emailed the secure link: one a "
        "rate-limit period, however many times it is asked for.",
    )
    portal_attachment_ids = fields.Many2many(
        "ir.attachment",
        "complaint_portal_attachment_rel",
        "complaint_id",
        "attachment_id",
        string="Files from the Complainant",
        copy=False,
        help="Files attached by the complainant when filing online; shown on the "
        "portal page (internal documents are not).",
    )
    portal_answer_message_ids = fields.Many2many(
        "mail.message",
        "complaint_portal_answer_message_rel",
        "complaint_id",
        "message_id",
        string="Answers of the Complainant",
        copy=False,
        readonly=True,
        groups="base.group_system",
        help="The messages in which the complainant accepted or rejected a "
        "proposal on the portal: they record the answer and cannot be edited.",
    )
    portal_submission_key = fields.Char(
        copy=False,
        readonly=True,
        groups="base.group_system",
        help="Key of the portal form that filed the complaint, with a digest of "
        "what it said: sending the same form again (a reload, a double click) "
        "files nothing more.",
    )

    _sql_constraints = [
        (
            "portal_submission_key_uniq",
            "unique(portal_submission_key)",
            "This form was already sent.",
        )
    ]

    # ------------------------------------------------------------------
    # Staff who created or last changed a complaint, as a complainant reads them
    # ------------------------------------------------------------------
    def _complaint_masked_staff(self, fnames):
        """``{complaint id: {field: public name}}`` for the staff users in
        ``create_uid``/``write_uid`` when a complainant reads (empty for staff).
        """
        return masked_staff_users(self, fnames, lambda complaint: complaint)

    def _complaint_private_templates(self):
        # the receipt holds the complainant's secure link
        return super()._complaint_private_templates() | {
            "complaint_portal.mail_template_complaint_portal_receipt"
        }

    def _portal_receipt_url(self):
        """The receipt's link: the complainant's secure link in their email,
        the page's address in the copy kept in the conversation (which
        followers read too)."""
        self.ensure_one()
        if self.env.context.get("complaint_chatter_copy"):
            return self.get_base_url() + self.access_url
        return self.get_base_url() + self.get_portal_url()

    def _read_format(self, fnames, load="_classic_read"):
        vals_list = super()._read_format(fnames, load=load)
        rename_read(vals_list, self._complaint_masked_staff(fnames))
        return vals_list

    @api.model
    def read_group(
        self, domain, fields, groupby, offset=0, limit=None, orderby=False, lazy=True
    ):
        # groups are labelled with their users' names (as superuser), and
        # web_read_group groups through here: a complainant reads public names
        groups = super().read_group(
            domain,
            fields,
            groupby,
            offset=offset,
            limit=limit,
            orderby=orderby,
            lazy=lazy,
        )
        fnames = grouped_fields(groupby, USER_FIELDS)
        Message = self.env["mail.message"]
        if not fnames or not groups or not Message._complaint_hides_staff():
            return groups
        for fname in fnames:
            # sudo: whether the users are staff, and their public names
            users = (
                self.env["res.users"]
                .sudo()
                .browse({group[fname][0] for group in groups if group.get(fname)})
            )
            names = {
                user.id: Message._complaint_staff_public_name(user)
                for user in users
                if not user.share
            }
            rename_groups(groups, fname, names)
        return groups

    def web_read(self, specification):
        # web_read names many2one values itself (as superuser): rename them too
        vals_list = super().web_read(specification)
        fnames = named_fields(specification, {"create_uid", "write_uid"})
        rename_web_read(vals_list, self._complaint_masked_staff(fnames))
        return vals_list

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"
        return res

    # ------------------------------------------------------------------
    # Merged complaints (complaint.merge.mixin): the number still leads
    # ------------------------------------------------------------------
    def _portal_merged_url(self, access_token=None):
        """The page a merged complaint's link leads to, or False when ``self``
        was not merged: the page of the complaint that carries it on.

        A merge joins complaints of one complainant only (the merge refuses
        others), so whoever may open the merged complaint may open the kept
        one: who came with the merged complaint's token gets the kept
        complaint's own; a logged-in customer is let in by the record rules.
        """
        self.ensure_one()
        kept = self._portal_merge_kept()
        if kept == self:
            return False
        if not self._portal_token_valid(access_token):
            return kept.access_url
        token = kept._portal_ensure_token()
        return f"{kept.access_url}?{url_encode({'access_token': token})}"

    def _portal_token_valid(self, access_token):
        """Whether ``access_token`` is this complaint's link: core's portal
        lets in whoever may read the complaint whatever token comes along, so
        a token sent is not one held until compared."""
        self.ensure_one()
        # sudo: the field is staff-only; compared, never shown
        token = self.sudo().access_token
        return bool(access_token and token and consteq(token, access_token))

    def _portal_merge_kept(self):
        """The complaint the links of ``self`` lead on to: the one it was
        merged into when that one is the same complainant's (a merge joins
        one complainant's complaints only), else ``self``. The page, the
        answer, the chatter and the API follow a merge through it."""
        self.ensure_one()
        kept = self._merge_resolve()
        if kept != self:
            key = self._merge_complainant_key()
            if key is None or kept._merge_complainant_key() != key:
                return self
        return kept

    def _portal_reader_may_follow(self):
        """Whether the logged-in reader may read ``self`` (a merge's kept
        complaint) under their own rules, whatever the mode of the page."""
        return self.sudo(False).has_access("read")

    def _is_complainant_message(self, message):
        # (here, not on the API's mixin, which core places after the
        # complaint's own classes)
        return super()._is_complainant_message(
            message
        ) or self._api_is_anonymous_message(message)

    def _check_workflow_fields(self, field_names):
        """The files from the complainant are shown to them, each with its
        download token: only the portal's filing and the merge (as superuser)
        link them, never a write, which could link any file of the
        database. Nor is an answer to a proposal unmarked (then rewritten)."""
        res = super()._check_workflow_fields(field_names)
        if not self.env.su and "portal_answer_message_ids" in field_names:
            raise UserError(
                self.env._(
                    "The complainant's answers to a proposal stay marked as their "
                    "answers."
                )
            )
        if not self.env.su and "portal_attachment_ids" in field_names:
            raise UserError(
                self.env._(
                    "The files from the complainant are the ones they gave when "
                    "filing online; attach other files in the chatter."
                )
            )
        return res

    def _merge_move_attachments(self, attachments):
        """Files the complainant gave when filing stay on the portal page of
        the complaint they move to."""
        res = super()._merge_move_attachments(attachments)
        complaints = self.sudo()  # sudo: the portal's lists of files of any complaint
        holders = complaints.search(
            [("portal_attachment_ids", "in", attachments.ids), ("id", "!=", self.id)]
        )
        for holder in holders:
            moved = holder.portal_attachment_ids & attachments
            holder.portal_attachment_ids -= moved
            complaints.portal_attachment_ids |= moved
        return res

    def _split(self, subject, messages, products, category=None):
        """The complainant follows both complaints: a visitor's passcode opens
        the new one too (its messages moved there), and the original's page
        names the new number."""
        new = super()._split(subject, messages, products, category=category)
        original = self.sudo()  # sudo: the passcode's salted hash, copied
        if original.portal_passcode_hash:
            new.sudo().portal_passcode_hash = original.portal_passcode_hash
        # worded for the complainant, whoever splits
        lang = original.partner_id.lang or original.company_id._complaint_lang()
        # a notice, not an answer: the time limits run on
        told = self.sudo().with_context(  # sudo: the context key is the system's
            lang=lang, complaint_sla_no_reply=True
        )
        told.message_post(
            body=told.env._(
                "Part of your complaint is handled as complaint %(name)s "
                "(%(subject)s): follow it there as you follow this one.",
                name=new.name,
                subject=new.subject,
            ),
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return new

    def _mail_private_tokens(self):
        # the secure link of the complainant's receipt and page
        tokens = super()._mail_private_tokens()
        token = self.sudo().access_token  # sudo: compared, never shown
        return tokens | {token} if token else tokens

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Complaint %(name)s", name=self.name)

    @api.model
    def _portal_check_message_length(self, body):
        """A complainant's or reader's message is emailed to the followers and
        staff: no longer than a complaint's description (as the API's)."""
        if len(html2plaintext(body or "")) > MAX_LENGTHS["description"]:
            raise UserError(
                self.env._(
                    "Your message is too long: write at most %(count)s characters, "
                    "or attach a file.",
                    count=MAX_LENGTHS["description"],
                )
            )

    def _message_update_content(self, message, body, *args, **kwargs):
        if self.env.user.share and body:
            self._portal_check_message_length(body)
        return super()._message_update_content(message, body, *args, **kwargs)

    def _check_can_update_message_content(self, messages):
        res = super()._check_can_update_message_content(messages)
        messages._complaint_check_not_answer()
        return res

    def _portal_send_link(self, template):
        """Mail the secure link to the complainant alone (not to the other
        followers), and keep an internal note of it."""
        self.ensure_one()
        if not template:
            raise UserError(
                self.env._(
                    "The email template of the secure link is missing: reinstall "
                    "or update the Complaint Portal module."
                )
            )
        if not (self.partner_id.email or self.complainant_email):
            # the address it was asked from is gone since (corrected, erased)
            return
        self._portal_ensure_token()
        email_values = dict(
            self._complaint_mail_values(), **self._complaint_address_values()
        )
        if not self.partner_id:
            email_values["email_to"] = self.complainant_email
        template.send_mail(
            self.id,
            email_layout_xmlid="mail.mail_notification_light",
            email_values=email_values,
        )
        self.sudo().portal_link_sent = fields.Datetime.now()  # sudo: the cron's mark
        staff = self._in_company_lang()  # a note for staff, not the visitor
        staff._message_log(
            body=staff.env._(
                "The secure link was emailed to the complainant, who asked for it "
                "on the tracking page."
            )
        )

    def _thread_to_store(self, store, /, *, fields=None, request_list=None):
        # Complainants (portal users, visitors with the link) must not list the
        # followers (staff names and emails), activities or internal attachments
        # through /mail/thread/data: the portal page shows what is theirs.
        if request_list and self.env.user.share:
            request_list = [
                item
                for item in request_list
                if item
                not in (
                    "followers",
                    "attachments",
                    "activities",
                    "suggestedRecipients",
                    "scheduledMessages",
                )
            ] or ["access"]  # non-empty: access flags come only with a request list
        return super()._thread_to_store(store, fields=fields, request_list=request_list)

    def message_post(self, **kwargs):
        if self.env.user.share and not self.env.su and len(self) == 1:
            # a reader writing with their own rights over JSON-RPC (the
            # chatter's route posts as superuser, and counts it itself): the
            # portal's message limit
            self.env["complaint.portal.rate.log"]._check_chatter(self)
        # sudo: the merge link is workflow data the complainant does not read
        if self.env.user.share and len(self) == 1 and self.sudo().merged_into_id:
            # a page opened before the merge: the complainant's message goes
            # to the complaint kept, where staff work (as a reply by email
            # does), for a reader who came with the duplicate's link (the
            # kept one's is theirs too, as the page gives it) or who may read
            # the kept one; one its rules no longer show it to is told
            kept = self._portal_merge_kept()
            if kept != self:
                if (
                    not self._portal_reader_may_follow()
                    or kept._portal_reader_may_follow()
                ):
                    return kept.message_post(**kwargs)
                raise UserError(
                    self.env._(
                        "Complaint %(name)s was merged into another one that is "
                        "no longer shared with you: your message was not sent.",
                        name=self.sudo().name,  # sudo: the number the page showed
                    )
                )
        if (
            self.env.user.share
            # a comment, or what the complaint makes one (the default)
            and kwargs.get("message_type", "notification")
            in ("comment", "notification")
            # the API checked the channel's text (its link markup comes after)
            # and posts as superuser; the channel's own rights (JSON-RPC) do not
            and not (self.env.su and self.env.user._has_group(API_GROUP))
        ):
            self._portal_check_message_length(kwargs.get("body"))
        self._portal_check_post_files(kwargs)
        if kwargs.get("attachments") and self.env.context.get("from_alias"):
            # the note is part of the conversation: in the company's language
            # (a reply threads in without one)
            kwargs.update(self._in_company_lang()._portal_mail_files(kwargs))
        return super().message_post(**kwargs)
