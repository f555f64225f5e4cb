import os

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import format_list

from ..tools.file_content import (
    attachment_content_kind,
    content_matches_extension,
)


class ResCompany(models.Model):
    _inherit = "res.company"

    complaint_portal_file_types = fields.Char(
        string="Allowed Attachment Types",
        default="pdf,jpg,jpeg,png,gif,webp,txt,doc,docx,xls,xlsx,odt,ods,mp4,mov",
        help="File extensions complainants may attach on the portal, comma-separated.",
    )
    complaint_portal_file_size = fields.Float(
        string="Max Size per File (MB)", default=10.0
    )
    complaint_portal_total_size = fields.Float(
        string="Max Attachments per Complaint (MB)", default=25.0
    )
    complaint_portal_file_count = fields.Integer(
        string="Max Files per Submission", default=10
    )
    complaint_portal_limit_ip = fields.Integer(
        string="Submissions per Address",
        default=10,
        help="Public submissions accepted from one network address within the "
        "rate-limit window.",
        groups="base.group_user",
    )
    complaint_portal_limit_email = fields.Integer(
        string="Submissions per Email",
        default=5,
        help="Public submissions accepted for one email address within the "
        "rate-limit window.",
        groups="base.group_user",
    )
    complaint_portal_limit_minutes = fields.Integer(
        string="Rate-Limit Window (minutes)", default=60
    )
    complaint_portal_limit_messages = fields.Integer(
        string="Messages per Complaint and Writer",
        default=30,
        help="Messages one complainant, follower or link holder may write on a "
        "complaint from the portal within the rate-limit window (each is "
        "emailed to the followers and staff). 0: no limit.",
        groups="base.group_user",
    )

    @api.constrains(
        "complaint_portal_file_size",
        "complaint_portal_total_size",
        "complaint_portal_file_count",
        "complaint_portal_limit_ip",
        "complaint_portal_limit_email",
        "complaint_portal_limit_minutes",
        "complaint_portal_limit_messages",
    )
    def _check_complaint_portal_limits(self):
        """0 would refuse every submission or file (or, as a window, lift
        every limit, passcode guessing included): counts at least 1 (but for
        the messages, where 0 means no limit), sizes above 0."""
        above_zero = (
            "complaint_portal_file_count",
            "complaint_portal_limit_ip",
            "complaint_portal_limit_email",
            "complaint_portal_limit_minutes",
            "complaint_portal_file_size",
            "complaint_portal_total_size",
        )
        for company in self:
            names = [name for name in above_zero if company[name] <= 0]
            if company.complaint_portal_limit_messages < 0:
                names.append("complaint_portal_limit_messages")
            if names:
                raise ValidationError(
                    self.env._(
                        "%(fields)s: give a number above 0 (0 messages means "
                        "no limit).",
                        fields=format_list(
                            self.env,
                            [
                                self._fields[n]._description_string(self.env)
                                for n in names
                            ],
                        ),
                    )
                )

    def _complaint_portal_allowed_extensions(self):
        self.ensure_one()
        return {
            ext.strip().lower().lstrip(".")
            for ext in (self.complaint_portal_file_types or "").split(",")
            if ext.strip()
        }

    def _complaint_portal_limits_text(self):
        """The attachment limits, as told under the file field of the form."""
        self.ensure_one()
        return self.env._(
            "Up to %(count)s files, %(size)s MB each and %(total)s MB in all. "
            "Please choose the files again if the form is shown a second time.",
            count=self.complaint_portal_file_count,
            size=format(self.complaint_portal_file_size, "g"),
            total=format(self.complaint_portal_total_size, "g"),
        )

    def _complaint_attachment_errors(self, files, share=True, already=0):
        """The attachment policy of complaints: refused files with the reason.

        The one place the policy is decided, for the portal form, the portal
        conversation and every file that ends up on a complaint (see
        ``ir.attachment._complaint_check_policy``).

        - everybody, staff included: active content is refused whatever the
          name says: programs (Windows, Linux or macOS executables, installers,
          files named as programs), web pages (HTML, XHTML, text a browser
          would read as HTML) and SVG images that could run a script;
        - complainants (``share``: portal users and visitors) also get the
          company's limits: allowed extensions, content matching the extension
          (a ``.docx`` that is really a program, a ``.png`` that is a web
          page), no SVG at all, no script, no empty file, size per file, number
          of files at once and total size per complaint.

        :param files: list of ``(name, content)`` or ``(name, content,
            mimetype)``; ``content`` is bytes, None for a link
        :param share: apply the complainants' limits
        :param already: bytes the complainants already attached to the complaint
        :return: list of translated messages, each naming the file and the
            reason; empty when every file is accepted
        """
        self.ensure_one()
        errors = []
        allowed = self._complaint_portal_allowed_extensions()
        max_file = self.complaint_portal_file_size * 1024 * 1024
        max_total = self.complaint_portal_total_size * 1024 * 1024
        file_mb = format(self.complaint_portal_file_size, "g")
        total_mb = format(self.complaint_portal_total_size, "g")
        if share and len(files) > self.complaint_portal_file_count:
            errors.append(
                self.env._(
                    "At most %(count)s files can be attached at once.",
                    count=self.complaint_portal_file_count,
                )
            )
        total = already
        for name, content, *mimetype in files:
            ext = os.path.splitext(name or "")[1].lower().lstrip(".")
            total += len(content or b"")
            if content is None:
                if share:
                    errors.append(
                        self.env._(
                            "%(name)s: links cannot be attached, only files.",
                            name=name,
                        )
                    )
                continue
            if share and ext not in allowed:
                errors.append(
                    self.env._(
                        "%(name)s: this type of file is not accepted (allowed: "
                        "%(types)s).",
                        name=name,
                        types=format_list(self.env, sorted(allowed)),
                    )
                )
                continue
            kind, sniffed = attachment_content_kind(
                name, content, mimetype[0] if mimetype else None
            )
            reason = self._complaint_content_refusal(name, kind, share)
            if reason:
                errors.append(reason)
            elif not share:
                continue
            elif not content:
                errors.append(self.env._("%(name)s: the file is empty.", name=name))
            elif not content_matches_extension(ext, sniffed):
                errors.append(
                    self.env._(
                        "%(name)s: the content of this file is not accepted: it "
                        "is not a %(type)s file.",
                        name=name,
                        type=ext.upper(),
                    )
                )
            elif len(content) > max_file:
                errors.append(
                    self.env._(
                        "%(name)s: the file is larger than %(size)s MB.",
                        name=name,
                        size=file_mb,
                    )
                )
        if share and total > max_total:
            errors.append(
                self.env._(
                    "The attachments together exceed %(size)s MB: %(names)s.",
                    size=total_mb,
                    names=format_list(self.env, [name for name, *_rest in files]),
                )
            )
        return errors

    def _complaint_content_refusal(self, name, kind, share):
        """Why content of ``kind`` (see ``attachment_content_kind``) is refused,
        or an empty string."""
        if kind == "program":
            return self.env._(
                "%(name)s: the content of this file is not accepted: it is a program.",
                name=name,
            )
        if kind == "html":
            return self.env._(
                "%(name)s: the content of this file is not accepted: it is a web "
                "page (HTML).",
                name=name,
            )
        if kind == "svg-active":
            return self.env._(
                "%(name)s: the content of this file is not accepted: it is an SVG "
                "image that can run scripts.",
                name=name,
            )
        if share and kind == "svg":
            return self.env._(
                "%(name)s: the content of this file is not accepted: SVG images "
                "are not accepted.",
                name=name,
            )
        if share and kind == "script":
            return self.env._(
                "%(name)s: the content of this file is not accepted: it is a script.",
                name=name,
            )
        return ""

    def _complaint_portal_check_files(self, files, already=0):
        """Complainants' files: the attachment policy with their limits (kept
        for the callers of the portal; see ``_complaint_attachment_errors``)."""
        return self._complaint_attachment_errors(files, share=True, already=already)
