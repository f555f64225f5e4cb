"""What an inbound email's HTML may load when it is shown or printed."""

import re

from lxml import etree
from lxml import html as lxml_html
from markupsafe import Markup

# a source the page or the PDF loads from elsewhere (http, https, //host, ftp)
REMOTE = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.I)
# a CSS url(...) in a style attribute
CSS_URL = re.compile(r"url\s*\(", re.I)
SOURCE_ATTRIBUTES = ("src", "srcset", "background", "poster", "data-original-src")


def without_remote_resources(body):
    """``body`` (an email's HTML) without what loads from another server: the
    images and CSS backgrounds of an email are fetched by every browser that
    shows the complaint (a sender's tracking pixel) and by wkhtmltopdf on the
    server when its form is printed (a request to any host the server
    reaches). Links stay; embedded images (``cid:``, ``data:``) and the
    server's own (``/web/image/...``) stay."""
    if not body or "//" not in body:
        return body
    try:
        root = lxml_html.fragment_fromstring(str(body), create_parent="div")
    except (etree.ParserError, ValueError):
        return body
    changed = False
    for element in root.iter(etree.Element):
        for attribute in SOURCE_ATTRIBUTES:
            value = element.get(attribute)
            if value and any(REMOTE.match(part) for part in value.split(",")):
                del element.attrib[attribute]
                changed = True
        style = element.get("style")
        if style and CSS_URL.search(style):
            kept = [
                rule
                for rule in style.split(";")
                if not CSS_URL.search(rule) or not re.search(r"//", rule)
            ]
            element.set("style", ";".join(kept))
            changed = True
    if not changed:
        return body
    inner = (root.text or "") + "".join(
        lxml_html.tostring(child, encoding="unicode") for child in root
    )
    return Markup(inner) if isinstance(body, Markup) else inner
