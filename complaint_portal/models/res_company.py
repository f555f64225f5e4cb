import mimetypes
import os

from odoo import fields, models
from odoo.tools.mimetypes import guess_mimetype

# Content that a browser could execute when the file is opened from the portal,
# refused whatever extension the file claims.
DANGEROUS_MIMETYPES = {
    "text/html",
    "image/svg+xml",
    "application/xhtml+xml",
    "application/javascript",
    "text/javascript",
    "application/x-msdownload",
    "application/x-dosexec",
    "application/x-executable",
}
# Types whose content is recognisable: it must match the file's extension.
SNIFFABLE_MIMETYPES = {"image/png", "image/jpeg", "image/gif", "application/pdf"}


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
    )
    complaint_portal_limit_email = fields.Integer(
        string="Submissions per Email",
        default=5,
        help="Public submissions accepted for one email address within the "
        "rate-limit window.",
    )
    complaint_portal_limit_minutes = fields.Integer(
        string="Rate-Limit Window (minutes)", default=60
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

    def _complaint_portal_check_files(self, files, already=0):
        """Refused file names with their reason, per the company's limits.

        :param files: list of ``(name, content_bytes)``
        :param already: bytes already attached to the complaint
        :return: list of translated messages, empty when every file is accepted
        """
        self.ensure_one()
        errors = []
        allowed = self._complaint_portal_allowed_extensions()
        max_file = self.complaint_portal_file_size * 1024 * 1024
        max_total = self.complaint_portal_total_size * 1024 * 1024
        file_mb = format(self.complaint_portal_file_size, "g")
        total_mb = format(self.complaint_portal_total_size, "g")
        if len(files) > self.complaint_portal_file_count:
            errors.append(
                self.env._(
                    "At most %(count)s files can be attached at once.",
                    count=self.complaint_portal_file_count,
                )
            )
        total = already
        for name, content in files:
            ext = os.path.splitext(name or "")[1].lower().lstrip(".")
            sniffed = guess_mimetype(content or b"")
            declared = mimetypes.guess_type(name or "")[0]
            if ext not in allowed:
                errors.append(
                    self.env._(
                        "%(name)s: this type of file is not accepted (allowed: "
                        "%(types)s).",
                        name=name,
                        types=", ".join(sorted(allowed)),
                    )
                )
            elif (
                sniffed in DANGEROUS_MIMETYPES
                or declared in DANGEROUS_MIMETYPES
                or (declared in SNIFFABLE_MIMETYPES and sniffed != declared)
            ):
                errors.append(
                    self.env._(
                        "%(name)s: the content of this file is not accepted.",
                        name=name,
                    )
                )
            elif not content:
                errors.append(self.env._("%(name)s: the file is empty.", name=name))
            elif len(content) > max_file:
                errors.append(
                    self.env._(
                        "%(name)s: the file is larger than %(size)s MB.",
                        name=name,
                        size=file_mb,
                    )
                )
            total += len(content or b"")
        if total > max_total:
            errors.append(
                self.env._(
                    "The attachments together exceed %(size)s MB: %(names)s.",
                    size=total_mb,
                    names=", ".join(name for name, _content in files),
                )
            )
        return errors
