"""What an inbound email's HTML may load when it is shown or printed."""

import re

from lxml import etree
from lxml import html as lxml_html
from markupsafe import Markup, escape

SOURCE_ATTRIBUTES = ("src", "srcset", "background", "poster", "data-original-src")
# a declaration that may load something: url(), image-set(), or CSS escapes
# that could spell either
LOADING_STYLE = re.compile(r"url|image|\\", re.I)


def _embedded(value):
    """A source of the email itself or of this server: ``cid:`` (its
    attachments), ``data:image/``, or a path of this host (one ``/``)."""
    value = value.strip().lower()
    return value.startswith(("cid:", "data:image/")) or (
        value.startswith("/") and not value.startswith("//")
    )


def without_remote_resources(body):
    """``body`` (an email's HTML) without what loads from another server: the
    images and CSS backgrounds of an email are fetched by every browser that
    shows the complaint (a sender's tracking pixel) and by wkhtmltopdf on the
    server when its form is printed (a request to any host the server
    reaches). Links stay; embedded images (``cid:``, ``data:image/``) and the
    server's own (``/web/image/...``) stay."""
    if not body:
        return body
    try:
        root = lxml_html.fragment_fromstring(str(body), create_parent="div")
    except (etree.ParserError, ValueError):
        return body
    changed = False
    for element in root.iter(etree.Element):
        for attribute in SOURCE_ATTRIBUTES:
            value = element.get(attribute)
            if value is not None and not all(
                _embedded(part) for part in value.split(",") if part.strip()
            ):
                del element.attrib[attribute]
                changed = True
        style = element.get("style")
        if style and LOADING_STYLE.search(style):
            kept = [rule for rule in style.split(";") if not LOADING_STYLE.search(rule)]
            element.set("style", ";".join(kept))
            changed = True
    if not changed:
        return body
    # the text before the first element is text (lxml decoded it)
    inner = escape(root.text or "") + Markup("").join(
        Markup(lxml_html.tostring(child, encoding="unicode")) for child in root
    )
    return inner if isinstance(body, Markup) else str(inner)
