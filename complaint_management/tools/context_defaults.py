"""The values a caller gives a record: new, or changed."""

from odoo.tools.misc import clean_context

DEFAULT_PREFIX = "default_"


def without_defaults(records):
    """``records`` in an environment without the context's defaults
    (``default_<field>``): the caller's, which the records the system writes
    do not take (JSON-RPC and core's chatter route pass any)."""
    context = records.env.context
    if not any(key.startswith(DEFAULT_PREFIX) for key in context):
        return records
    return records.with_env(records.env(context=clean_context(context)))


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
