import mimetypes
import os
import re

from lxml import etree

from odoo import fields, models
from odoo.tools.mimetypes import guess_mimetype

# ---------------------------------------------------------------------------
# Attachment content: what a browser or the system could run
# ---------------------------------------------------------------------------
HTML_MIMETYPES = {"text/html", "application/xhtml+xml", "application/hta"}
SVG_MIMETYPES = {"image/svg+xml", "image/svg"}
SCRIPT_MIMETYPES = {
    "application/javascript",
    "application/x-javascript",
    "application/ecmascript",
    "text/javascript",
    "text/ecmascript",
}
EXECUTABLE_MIMETYPES = {
    "application/x-dosexec",
    "application/x-msdownload",
    "application/x-msdos-program",
    "application/vnd.microsoft.portable-executable",
    "application/x-executable",
    "application/x-pie-executable",
    "application/x-sharedlib",
    "application/x-mach-binary",
    "application/x-elf",
    "application/x-object",
    "application/x-coff",
    "application/x-msi",
    "application/x-ms-installer",
    "application/x-ms-shortcut",
    "application/x-java-applet",
    "application/java-archive",
    "application/vnd.android.package-archive",
    "application/x-apple-diskimage",
    "text/x-msdos-batch",
}
# Names that say "program" whatever the content (Windows runs them by name).
EXECUTABLE_EXTENSIONS = {
    "exe", "dll", "com", "scr", "pif", "cpl", "msi", "msp", "msc", "bat", "cmd",
    "ps1", "vbs", "vbe", "jse", "wsf", "wsh", "hta", "lnk", "reg", "jar", "apk",
    "app", "dmg", "dylib", "so",
}  # fmt: skip
# Native programs (ELF, Mach-O and fat Mach-O / Java class); "MZ" (DOS and
# Windows) is tested apart, as text may start with those two letters.
EXECUTABLE_SIGNATURES = (
    b"\x7fELF",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",
)
# What browsers sniff as HTML at the start of a text (WHATWG MIME sniffing).
HTML_START_RE = re.compile(
    rb"\s*<(?:!doctype\s+html|html|head|body|script|iframe|h1|div|font|table|a|"
    rb"style|title|b|br|p|!--)[\s>]",
    re.IGNORECASE,
)
# Active markup anywhere in a text file (a .txt padded before its HTML).
ACTIVE_MARKUP_RE = re.compile(
    rb"<\s*(?:script|iframe|frameset|object|embed|applet|svg|math|html|body)\b"
    rb"|<[a-z][^>]*?\son[a-z]+\s*="
    rb"|(?:href|src|action|formaction)\s*=\s*[\"']?\s*(?:javascript|vbscript):"
    rb"|<\?xml-stylesheet|http://www\.w3\.org/1999/xhtml",
    re.IGNORECASE,
)
SVG_ACTIVE_TAGS = {
    "script",
    "foreignobject",
    "iframe",
    "embed",
    "object",
    "handler",
    "listener",
}
SVG_ANIMATION_TAGS = {"set", "animate", "animatemotion", "animatetransform"}
ACTIVE_URL_SCHEMES = ("javascript:", "vbscript:", "data:text/html", "data:image/svg")

# Content expected for the extensions complainants usually send. A file whose
# content is recognised as something else is refused; application/octet-stream
# (unknown) is accepted for containers that libmagic does not always name.
OLE_MIMETYPES = {
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.ms-powerpoint",
    "application/vnd.ms-office",
    "application/x-ole-storage",
    "application/cdfv2",
}
OOXML = "application/vnd.openxmlformats-officedocument."
ODF = "application/vnd.oasis.opendocument."
UNKNOWN = {"application/octet-stream", "application/zip"}
EXPECTED_CONTENT = {
    "pdf": {"application/pdf"},
    "jpg": {"image/jpeg"},
    "jpeg": {"image/jpeg"},
    "jfif": {"image/jpeg"},
    "png": {"image/png"},
    "gif": {"image/gif"},
    "webp": {"image/webp"},
    "bmp": {"image/bmp", "image/x-ms-bmp"},
    "tif": {"image/tiff"},
    "tiff": {"image/tiff"},
    "heic": {"image/heic", "image/heif"},
    "doc": OLE_MIMETYPES | {"application/octet-stream"},
    "xls": OLE_MIMETYPES | {"application/octet-stream"},
    "ppt": OLE_MIMETYPES | {"application/octet-stream"},
    "docx": {OOXML + "wordprocessingml.document"} | UNKNOWN,
    "xlsx": {OOXML + "spreadsheetml.sheet"} | UNKNOWN,
    "pptx": {OOXML + "presentationml.presentation"} | UNKNOWN,
    "odt": {ODF + "text"} | UNKNOWN,
    "ods": {ODF + "spreadsheet"} | UNKNOWN,
    "odp": {ODF + "presentation"} | UNKNOWN,
    "zip": {"application/zip"},
    "mp4": {"video/mp4", "video/x-m4v", "audio/mp4", "application/octet-stream"},
    "mov": {"video/quicktime", "video/mp4", "application/octet-stream"},
}
TEXT_EXTENSIONS = {"txt", "csv", "log", "md"}
TEXT_MIMETYPES = {"application/json", "application/csv", "application/x-empty"}


def _text_sample(content):
    """The content as bytes a regular expression can read (UTF-16 re-encoded)."""
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return content.decode("utf-16").encode("utf-8", "replace")
        except UnicodeDecodeError:
            return content
    return content


def _svg_is_active(content):
    """Whether an SVG could run a script when opened: scripts, event handlers,
    embedded documents, script URLs, entities; an unreadable SVG counts as
    active (the browser's parser may read it differently)."""
    sample = _text_sample(content)
    if re.search(rb"<!ENTITY|<\?xml-stylesheet", sample, re.IGNORECASE):
        return True
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, recover=False
    )
    try:
        root = etree.fromstring(content, parser)
    except (etree.XMLSyntaxError, ValueError):
        return True
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue  # comments and processing instructions
        tag = etree.QName(element).localname.lower()
        if tag in SVG_ACTIVE_TAGS:
            return True
        for attribute, value in element.attrib.items():
            name = etree.QName(attribute).localname.lower()
            if name.startswith("on"):
                return True
            if tag in SVG_ANIMATION_TAGS and name == "attributename":
                if "href" in value.lower() or value.lower().startswith("on"):
                    return True
            compact = re.sub(r"[\x00-\x20]+", "", value).lower()
            if compact.startswith(ACTIVE_URL_SCHEMES):
                return True
    return False


def attachment_content_kind(name, content, mimetype=None):
    """Classify a file by what it is, not by what its name says.

    :param name: file name
    :param content: bytes, or None for a link
    :param mimetype: type recorded on the attachment, if any (decides how it
        is served)
    :return: ``(kind, sniffed)``; ``kind`` is ``"program"``, ``"html"``,
        ``"svg-active"``, ``"svg"``, ``"script"`` or ``""`` (inactive content);
        ``sniffed`` the type libmagic reads in the content
    """
    ext = os.path.splitext(name or "")[1].lower().lstrip(".")
    declared = {mimetypes.guess_type(name or "")[0], (mimetype or "").lower()}
    content = content or b""
    sniffed = guess_mimetype(content).lower() if content else "application/x-empty"
    textual = (
        sniffed.startswith("text/")
        or sniffed.endswith("+xml")
        or sniffed == "application/xml"
    )
    if (
        sniffed in EXECUTABLE_MIMETYPES
        or declared & EXECUTABLE_MIMETYPES
        or ext in EXECUTABLE_EXTENSIONS
        or content.startswith(EXECUTABLE_SIGNATURES)
        or (content.startswith(b"MZ") and not textual)
    ):
        return "program", sniffed
    sample = _text_sample(content) if textual else b""
    is_svg = (
        sniffed in SVG_MIMETYPES
        or declared & SVG_MIMETYPES
        or (textual and re.search(rb"<svg[\s>]", sample, re.IGNORECASE))
    )
    if (
        sniffed in HTML_MIMETYPES
        or declared & HTML_MIMETYPES
        or HTML_START_RE.match(sample.lstrip(b"\xef\xbb\xbf"))
    ):
        return "html", sniffed
    if is_svg:
        return ("svg-active" if _svg_is_active(content) else "svg"), sniffed
    if sample and ACTIVE_MARKUP_RE.search(sample):
        return "html", sniffed
    if sniffed in SCRIPT_MIMETYPES or declared & SCRIPT_MIMETYPES:
        return "script", sniffed
    return "", sniffed


def _content_matches_extension(ext, sniffed):
    if ext in TEXT_EXTENSIONS:
        return sniffed.startswith("text/") or sniffed in TEXT_MIMETYPES
    expected = EXPECTED_CONTENT.get(ext)
    return expected is None or sniffed in expected


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
                        types=", ".join(sorted(allowed)),
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
            elif not _content_matches_extension(ext, sniffed):
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
                    names=", ".join(name for name, *_rest in files),
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
