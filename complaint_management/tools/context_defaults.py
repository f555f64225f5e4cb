"""The values a caller gives a new record."""

DEFAULT_PREFIX = "default_"


def given_values(records, vals):
    """``vals`` with the context's defaults (``default_<field>``) of the
    fields missing from them, which Odoo's ``create`` applies: over JSON-RPC
    the context is the caller's as much as the values, so a check of what a
    caller may set reads both."""
    defaults = {}
    for key, value in records.env.context.items():
        name = key.removeprefix(DEFAULT_PREFIX)
        if name != key and name in records._fields and name not in vals:
            defaults[name] = value
    return {**defaults, **vals} if defaults else vals
