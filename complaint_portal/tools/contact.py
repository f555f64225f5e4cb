import re

from odoo.tools import single_email_re

from odoo.addons.complaint_management.tools.form_text import half_width

PHONE_RE = re.compile(r"^[0-9+()\-.\s/]{5,30}$")


def checked_contact(env, email, phone, errors, prefix=""):
    """``(email, phone)`` as given on the portal's form or through the API,
    each valid or none (``errors`` told under ``prefix`` + the key)."""
    # typed with a Chinese input method: １３８… and ＠ are digits and @
    email = half_width(email or "").strip()
    phone = half_width(phone or "").strip()
    if email and not single_email_re.match(email):
        errors[f"{prefix}email"] = env._("Give a valid email address, or none.")
    if phone and not PHONE_RE.match(phone):
        errors[f"{prefix}phone"] = env._("Give a valid phone number, or none.")
    return email, phone
