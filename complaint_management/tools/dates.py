"""Days in a time zone, for the engine's naive UTC moments."""

from datetime import datetime, time

from dateutil.relativedelta import relativedelta
from pytz import timezone, utc


def local_date(moment, tz_name):
    """The date of a naive UTC ``moment`` in time zone ``tz_name``."""
    return utc.localize(moment).astimezone(timezone(tz_name or "UTC")).date()


def day_start_utc(day, tz_name):
    """Midnight starting ``day`` in time zone ``tz_name``, as naive UTC (the
    bound of a period counted in that time zone)."""
    local = timezone(tz_name or "UTC").localize(datetime.combine(day, time.min))
    return local.astimezone(utc).replace(tzinfo=None)


def months_from(first, last, most=12):
    """The first days of the months from ``first`` to ``last`` (first days
    of months), the last ``most`` of them at most: what a monthly job makes
    up for."""
    month = max(first, last - relativedelta(months=most - 1))
    months = []
    while month <= last:
        months.append(month)
        month += relativedelta(months=1)
    return months
