"""What a file holds, whatever its name says: the checks of the portal's
attachment policy (res.company._complaint_attachment_errors)."""

import mimetypes
import os
import re

from lxml import etree

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


def content_matches_extension(ext, sniffed):
    if ext in TEXT_EXTENSIONS:
        return sniffed.startswith("text/") or sniffed in TEXT_MIMETYPES
    expected = EXPECTED_CONTENT.get(ext)
    return expected is None or sniffed in expected
