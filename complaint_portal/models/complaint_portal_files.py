from markupsafe import Markup

from odoo import api, models
from odoo.exceptions import UserError


class ComplaintPortalFilesMixin(models.AbstractModel):
    """The complainants' files on a complaint: those shown on its page, the
    rules a file posted in the chatter (before and with its message) or
    sent by email obeys, and the total a complaint may hold. Composed into
    ``complaint.complaint`` by this addon."""

    _name = "complaint.portal.files.mixin"
    _description = "Complaint: the complainants' files"

    def _portal_files(self):
        """The complainant's files shown on the page: those of this complaint."""
        self.ensure_one()
        # sudo: the page lists the complainant's own files, whoever reads it
        return self.sudo().portal_attachment_ids.filtered(
            lambda attachment: attachment.res_model == self._name
            and attachment.res_id == self.id
        )

    def _portal_check_post_files(self, kwargs):
        """Files posted by complainants through the portal chatter obey the
        same type and size limits as files given with the complaint."""
        if not (kwargs.get("attachment_ids") and self.env.user.share):
            return
        # only the user's own pending uploads: core drops any other id
        # (and a refusal must not name files of other records)
        attachments = (
            self.env["ir.attachment"]
            .sudo()  # sudo: which files are the user's uploads, their sizes
            .browse(kwargs["attachment_ids"])
            .exists()
            .filtered(
                lambda att: att.res_model == "mail.compose.message"
                and att.create_uid.id == self.env.uid
            )
        )
        company = self.company_id[:1] or self.env.company
        errors = company._complaint_portal_check_files(
            [(att.name, att.raw) for att in attachments],
            already=self._portal_files_size(),
        )
        if errors:
            raise UserError("\n".join(errors))

    @api.model
    def _portal_pending_file_errors(self, complaint_id, name, data):
        """What keeps a complainant's file uploaded in the chatter before its
        message (on no record yet) out: the complainants' rules for one file
        of the complaint's company (its count and the total are checked when
        the message links it)."""
        complaint = self.browse(
            int(complaint_id) if str(complaint_id).isdigit() else []
        )
        # sudo: the company's file rules only; the route checks the access
        company = complaint.sudo().exists().company_id or self.env.company
        return company._complaint_portal_check_files([(name, data)])

    def _portal_mail_files(self, kwargs):
        """The files of an email from outside (the mail gateway posts in
        superuser mode, which the attachment policy trusts) checked one by
        one with the complainants' rules (their number per email, and the
        total per complaint): refused ones are left out and named in the
        message, so the email itself is not lost."""
        company = self.company_id[:1] or self.env.company
        kept, refused = [], []
        # the number per email and the total per complaint, as on the portal
        total = self._portal_files_size()
        for attachment in kwargs["attachments"]:
            name, content = attachment[0], attachment[1]
            if isinstance(content, str):
                content = content.encode()
            if len(kept) >= company.complaint_portal_file_count:
                refused.append(
                    self.env._(
                        "%(name)s: at most %(count)s files are kept from one email.",
                        name=name,
                        count=company.complaint_portal_file_count,
                    )
                )
                continue
            errors = company._complaint_attachment_errors(
                [(name, content)], already=total
            )
            if errors:
                refused.extend(errors)
            else:
                kept.append(attachment)
                total += len(content or b"")
        if not refused:
            return {}
        note = Markup("<p><em>%s</em></p><ul>%s</ul>") % (
            self.env._("Files left out by the attachment policy:"),
            Markup().join(Markup("<li>%s</li>") % error for error in refused),
        )
        return {
            "attachments": kept,
            "body": Markup(kwargs.get("body") or "") + note,
        }

    def _portal_files_size(self):
        """Bytes the complainants already attached to the complaints of
        ``self``, on the portal or by email: their total per complaint is
        limited."""
        # the mail gateway creates an email's files as the system: they are
        # the complainants' when the email came from outside the staff
        # sudo: the documents' emails, sizes only
        emails = (
            self.env["mail.message"]
            .sudo()
            .search(
                [
                    ("model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("message_type", "=", "email"),
                    ("attachment_ids", "!=", False),
                ]
            )
        )
        # an internal note of an email (quoting a number, its sender not
        # verified: anyone may send one) is not the complainants' to count
        emailed = emails.filtered(
            lambda message: not message.is_internal
            and (
                not message.author_id.user_ids
                or all(message.author_id.user_ids.mapped("share"))
            )
        ).attachment_ids
        return sum(
            self.env["ir.attachment"]
            .sudo()  # sudo: sizes only
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    "|",
                    ("create_uid.share", "=", True),
                    ("id", "in", emailed.ids),
                ]
            )
            .mapped("file_size")
        )

    def _portal_renew_file_tokens(self):
        """New download tokens for the complaint's files that had one: the
        links the earlier passcode's page gave stop opening them."""
        files = (
            self.env["ir.attachment"]
            .sudo()  # sudo: the files' download tokens, whoever gives the passcode
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "=", self.id),
                    ("access_token", "!=", False),
                ]
            )
        )
        files.write({"access_token": False})
        files.generate_access_token()
