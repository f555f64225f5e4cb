"""Text a person typed in a form field."""


def typed_text(value):
    """``value`` as the person typed it: browsers send each line break as two
    characters (CR LF) while the field's ``maxlength`` counted one, so a
    length checked on what was sent refuses text the form allowed."""
    return (value or "").replace("\r\n", "\n").strip()
