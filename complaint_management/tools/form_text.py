"""Text a person typed in a form field."""

import re
import unicodedata

from markupsafe import Markup

# half of a character outside the basic plane (an emoji cut in two by a
# program that counts UTF-16 units): JSON may carry it, no database stores it
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def sent_text(value):
    """``value`` when the form sent it as text, else "": Odoo passes a file
    part to the route under its name too, so a field may arrive as a file.
    NUL characters are dropped: no form types them, and PostgreSQL refuses
    them in any text (a search or a record); half a character (a lone
    surrogate, which a JSON client may send) is the replacement character,
    as a browser shows it."""
    if not isinstance(value, str):
        return ""
    text = LONE_SURROGATE.sub("\ufffd", value.replace("\x00", ""))
    # an email's HTML body stays HTML (a plain string is escaped when posted)
    return Markup(text) if isinstance(value, Markup) else text


def typed_text(value):
    """``value`` as the person typed it: browsers send each line break as two
    characters (CR LF) while the field's ``maxlength`` counted one, so a
    length checked on what was sent refuses text the form allowed."""
    return sent_text(value).replace("\r\n", "\n").strip()


def half_width(value):
    """``value`` with the full-width forms Chinese input methods type
    (ＣＭＰ／２０２６, １３８…, ＠) as the characters they stand for (Unicode
    NFKC): for the numbers, codes and addresses a person types, never for
    their free text (its full-width punctuation is the language's)."""
    return unicodedata.normalize("NFKC", value or "")


def sent_number(value):
    """The whole number a form or a URL sent, else 0: ASCII digits only
    ("²" passes ``isdigit`` and fails ``int``), nine at most (a database id;
    longer, Python or PostgreSQL fail)."""
    text = str(value or "").strip()
    return int(text) if text.isascii() and text.isdigit() and len(text) < 10 else 0


def page_number(value):
    """The page a list's ``?page=`` asks for, else 1."""
    return sent_number(value) or 1
