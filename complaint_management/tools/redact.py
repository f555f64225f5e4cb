"""Personal data taken out of a text before it leaves the company."""

import re

from markupsafe import Markup, escape

MASK = "***"
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONES = (
    # Chinese mobile numbers, with or without +86 and spaces or dashes
    re.compile(r"(?<![\d+])(?:\+?86[\s-]?)?1[3-9]\d[\s-]?\d{4}[\s-]?\d{4}(?!\d)"),
    # Chinese landlines with their area code (010-12345678)
    re.compile(r"(?<!\d)0\d{2,3}-\d{7,8}(?!\d)"),
    # international numbers: a + and at least 7 more digits
    re.compile(r"\+\d[\d\s().-]{5,}\d"),
    # resident identity card numbers (18 characters, the last may be X)
    re.compile(r"(?<!\d)\d{17}[\dXx](?![\dXx])"),
)


def mask_contact(html, known=()):
    """``html`` (a description) with e-mail addresses, phone and identity
    card numbers, and each text of ``known`` (the complainant's name,
    address, phone as recorded) replaced by ``***``. Order numbers,
    dates and amounts stay: the party needs them to find the case."""
    if not html:
        return html
    text = EMAIL.sub(MASK, str(html))
    for pattern in PHONES:
        text = pattern.sub(MASK, text)
    values = {value.strip() for value in known if value and len(value.strip()) > 1}
    # the longest first: a name within the address goes with the address
    for value in sorted(values, key=len, reverse=True):
        for form in {value, str(escape(value))}:
            text = re.sub(re.escape(form), MASK, text, flags=re.IGNORECASE)
    return Markup(text)
