"""Translations of an Html field, sanitized as the field sanitizes its text.

Core writes a translation by SQL (``_update_field_translations``) without the
field's sanitizer: a term of a translated Html field would reach its readers
(the public complaint form, the privacy notice) with whatever markup the
translator typed, event handlers included."""

import re

from odoo.tools import html_sanitize


def sanitize_term(field, value):
    """A translated piece of ``field``'s text, sanitized with the field's
    options (without the paragraph ``html_sanitize`` wraps a lone fragment
    in)."""
    if not value:
        return value
    clean = str(
        html_sanitize(
            f"<div>{value}</div>",
            silent=True,
            sanitize_tags=field.sanitize_tags,
            sanitize_attributes=field.sanitize_attributes,
            sanitize_style=field.sanitize_style,
            sanitize_form=field.sanitize_form,
            sanitize_conditional_comments=field.sanitize_conditional_comments,
            output_method=field.sanitize_output_method,
            strip_style=field.strip_style,
            strip_classes=field.strip_classes,
        )
    )
    found = re.fullmatch(r"<div>(.*)</div>", clean, re.S)
    return found.group(1) if found else clean


def sanitize_translations(field, translations):
    """``translations`` as ``_update_field_translations`` takes them
    (``{lang: {term: new}}`` or ``{lang: value}``), sanitized when ``field``
    is a sanitized Html field."""
    if field.type != "html" or not field.sanitize:
        return translations
    return {
        lang: (
            {term: sanitize_term(field, new) for term, new in value.items()}
            if isinstance(value, dict)
            else sanitize_term(field, value)
        )
        for lang, value in translations.items()
    }
