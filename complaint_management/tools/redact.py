"""Personal data taken out of a text before it leaves the company."""

import re

from lxml import etree
from lxml import html as lxml_html
from markupsafe import Markup
from stdnum.cn import ric

MASK = "***"
SEP = r"[\s.\-\u2013]"  # spaces (no-break too), dots, dashes between digit groups
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONES = (
    # Chinese mobile numbers, with or without +86
    re.compile(rf"(?<![\d+])(?:\+?86{SEP}?)?1[3-9]\d{SEP}?\d{{4}}{SEP}?\d{{4}}(?!\d)"),
    # Chinese landlines, their area code apart: 010-12345678, (0755) 8888 6666
    re.compile(
        rf"(?<!\d)(?:0\d{{2,3}}{SEP}|\(0\d{{2,3}}\)\s?)\d{{3,4}}{SEP}?\d{{4}}(?!\d)"
    ),
    # international numbers: a + and at least 7 more digits
    re.compile(r"\+\d[\d\s().\-]{5,}\d"),
    # North American numbers: (415) 555-0134, (415)-555-0134, 415-555-0134
    re.compile(
        r"(?<![\d-])(?:\([2-9]\d{2}\)[\s.-]?|[2-9]\d{2}-)[2-9]\d{2}-\d{4}(?![\d-])"
    ),
)
# a resident identity card number (GB 11643): 17 digits and a check character
IDENTITY_CARD = re.compile(r"(?<![\dA-Za-z])\d{17}[\dXx](?![\dA-Za-z])")


def _known_pattern(values):
    """One pattern for the values a complaint records of the complainant:
    whole words for Latin text (a name "Li" leaves "Lid" alone), anywhere
    for Chinese (no spaces between its words); the longest first."""
    parts = []
    for value in sorted(values, key=len, reverse=True):
        escaped = re.escape(value).replace(r"\ ", r"\s+")
        if value.isascii():
            parts.append(rf"(?<!\w){escaped}(?!\w)")
        else:
            parts.append(escaped)
    return re.compile("|".join(parts), re.IGNORECASE) if parts else None


def _mask_text(text, known):
    text = EMAIL.sub(MASK, text)
    # an identity card number checks its birth date and check character
    # (ISO 7064 MOD 11-2): an 18-digit waybill or order number does not
    text = IDENTITY_CARD.sub(
        lambda match: MASK if ric.is_valid(match.group()) else match.group(), text
    )
    for pattern in PHONES:
        text = pattern.sub(MASK, text)
    return known.sub(MASK, text) if known else text


def _known_values(known):
    """The texts of ``known`` worth masking: Latin ones of 3 characters or
    more, others of 2 (a Chinese name), spaces made single."""
    values = set()
    for value in known:
        value = " ".join((value or "").split())
        if len(value) >= (3 if value.isascii() else 2):
            values.add(value)
    return values


def mask_contact_text(text, known=()):
    """Plain ``text`` (a subject) masked as :func:`mask_contact` masks the
    text of a description."""
    if not text:
        return text
    return _mask_text(text, _known_pattern(_known_values(known)))


def mask_contact(html, known=()):
    """``html`` (a description) with e-mail addresses, phone and identity
    card numbers, and each text of ``known`` (the complainant's name,
    address, phone as recorded; Latin ones of 3 characters or more) replaced
    by ``***``, in its text only: the markup, links and images stay as they
    are. Order numbers, dates and amounts stay: the party needs them to find
    the case."""
    if not html:
        return html
    pattern = _known_pattern(_known_values(known))
    root = lxml_html.fragment_fromstring(str(html), create_parent="div")
    # a comment is no text for the party, and may hold some
    for comment in root.xpath("//comment()"):
        comment.drop_tree()
    for element in root.iter():
        if element.text and element.tag not in (etree.Comment, "script", "style"):
            element.text = _mask_text(element.text, pattern)
        if element is not root and element.tail:
            element.tail = _mask_text(element.tail, pattern)
        for attribute in ("href", "title", "alt"):
            value = element.get(attribute)
            if value and not value.startswith("data:"):
                element.set(attribute, _mask_text(value, pattern))
    return Markup(
        "".join(
            [
                Markup.escape(root.text or ""),
                *(
                    etree.tostring(child, encoding="unicode", method="html")
                    for child in root
                ),
            ]
        )
    )
