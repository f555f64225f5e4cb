"""The values a caller gives a record: new, or changed."""

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


def changed_fields(record, vals, names):
    """The fields of ``names`` to which ``vals`` gives ``record`` another
    value (compared as the cache holds them: ids, dates, ``None`` for none),
    so that a form saving a field as it was changes nothing."""
    fields = record._fields
    return [
        name
        for name in names
        if name in vals
        and fields[name].convert_to_cache(vals[name], record)
        != fields[name].convert_to_cache(record[name], record)
    ]
