"""Dates, deadlines and months formatted as the language writes them (the
first two as Odoo's ``format_date`` and ``format_datetime`` do), for pages and
jobs that format many: core looks the language up and parses its babel locale
on every call (about 0.15 ms each); here that is done once. The same text (see the tests
``test_deadline_text_is_core_format`` and ``test_list_dates_are_core_format``).
"""

from datetime import datetime
from functools import lru_cache

import babel.dates
from pytz import UnknownTimeZoneError, timezone, utc

from odoo import fields
from odoo.tools import format_list
from odoo.tools.misc import babel_locale_parse, get_lang, posix_to_ldml


@lru_cache(maxsize=64)
def babel_locale(lang_code):
    """The babel locale of ``lang_code`` (read-only data: one per language
    for the process)."""
    return babel_locale_parse(lang_code)


def format_deadline(moment, tz_name, lang_code, show_zone=False):
    """``format_datetime(env, moment, tz_name, "short", lang_code)`` for a
    language already resolved (``get_lang``). ``show_zone``: followed by its
    offset ("(GMT+08:00)"), for a text several people read in their own
    time zones (a note of the chatter)."""
    moment = utc.localize(moment, is_dst=False)
    try:
        zone = timezone(tz_name or "UTC")
    except UnknownTimeZoneError:  # UTC, as core does
        zone = utc
    local = moment.astimezone(zone)
    locale = babel_locale(lang_code)
    text = babel.dates.format_datetime(local, "short", locale=locale)
    if show_zone:
        gmt = babel.dates.get_timezone_gmt(local, width="long", locale=locale)
        text = f"{text} ({gmt})"
    return text


def date_formatter(env):
    """A function that formats a date, or a naive UTC datetime on the day of
    the user's time zone, as ``format_date(env, value)`` does, with the
    language of ``env`` and its date format resolved once."""
    lang = get_lang(env)
    locale = babel_locale(lang.code)
    pattern = posix_to_ldml(lang.date_format, locale=locale)
    anchor = env["res.lang"]

    def format_day(value):
        if not value:
            return ""
        if isinstance(value, datetime) and not value.tzinfo:
            value = fields.Datetime.context_timestamp(anchor, value)
        return babel.dates.format_date(value, format=pattern, locale=locale)

    return format_day


def month_formatter(env):
    """A function that writes a month (any date in it) as the language of
    ``env`` writes it: "Mar 2020", "2020年3月"."""
    locale = babel_locale(get_lang(env).code)

    def format_month(day):
        return babel.dates.format_skeleton("yMMM", day, locale=locale)

    return format_month


def field_labels(env, fields_):
    """Fields named as their form labels them, quoted and joined as the
    language joins a list: the next step and the workflow's refusals say the
    same words."""
    return format_list(
        env, [f"“{field._description_string(env)}”" for field in fields_]
    )
