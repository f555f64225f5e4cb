"""Database tuning for the complaint analysis (``complaint.report``): the
index its counts by period and category scan, and the planner statistics on
the months they group by."""

import re

import pytz

from odoo.tools import SQL

# Time zones whose months get planner statistics (see create_month_statistics)
MONTH_STATISTICS_ZONES = 8


REPORT_INDEX = "complaint_complaint_report_month_category_idx"
# the columns the analysis reads from the index alone (no heap fetch)
REPORT_INDEX_INCLUDED = (
    "id",
    "state",
    "decision",
    "date_closed",
    "rating_last_value",
    "is_spilled_over",
)
STATISTICS_PREFIX = "complaint_month_"


def create_report_indexes(cr):
    """The index and planner statistics the analysis reads by."""
    # The analysis counts by period and category over every complaint: an
    # index-only scan of this index reads a fraction of the table
    # (bench/report_bench.py). Partial: the analysis leaves cancelled ones out.
    # An index of an earlier version (fewer columns included) is made anew:
    # under the same name, "IF NOT EXISTS" would keep it as it was.
    cr.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [REPORT_INDEX])
    row = cr.fetchone()
    if row and not all(
        re.search(rf"\b{column}\b", row[0].split("INCLUDE", 1)[-1])
        for column in REPORT_INDEX_INCLUDED
    ):
        cr.execute(SQL("DROP INDEX %s", SQL.identifier(REPORT_INDEX)))
    cr.execute(
        SQL(
            """
            CREATE INDEX IF NOT EXISTS %s
                ON complaint_complaint (company_id, date_received, category_id)
                INCLUDE (%s)
             WHERE state != 'cancelled'
            """,
            SQL.identifier(REPORT_INDEX),
            SQL(", ").join(map(SQL.identifier, REPORT_INDEX_INCLUDED)),
        )
    )
    create_month_statistics(cr)


def drop_report_tuning(cr):
    """The index and statistics go with the addon (uninstalled, nothing
    reads them and every write of a complaint would keep the index)."""
    cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(REPORT_INDEX)))
    cr.execute(
        "SELECT stxname FROM pg_statistic_ext WHERE stxname LIKE %s",
        [STATISTICS_PREFIX + "%"],
    )
    for (name,) in cr.fetchall():
        cr.execute(SQL("DROP STATISTICS IF EXISTS %s", SQL.identifier(name)))


def create_month_statistics(cr):
    """Statistics on the months complaints are grouped by, in the time
    zones of the users: without them PostgreSQL cannot tell how many
    months there are, expects one group per complaint and sorts a million
    rows on disk instead of hashing a few thousand groups (three times
    slower, bench/report_bench.py). The month of a date in a time zone is
    another expression in each zone, hence one statistics object per zone
    (and one without zone, as the ORM groups without a ``tz``).
    Statistics on expressions came with PostgreSQL 14: older servers plan
    without them."""
    if cr._cnx.server_version < 140000:
        return
    # the zones of the most users first (the reports are read in theirs)
    cr.execute(
        """
        SELECT partner.tz
          FROM res_users users
          JOIN res_partner partner ON partner.id = users.partner_id
         WHERE users.active AND NOT users.share AND partner.tz IS NOT NULL
         GROUP BY partner.tz
         ORDER BY count(*) DESC, partner.tz
        """
    )
    used = [tz for (tz,) in cr.fetchall() if tz in pytz.all_timezones_set]
    zones = list(dict.fromkeys(["UTC", *used]))[:MONTH_STATISTICS_ZONES]
    months = [("none", SQL("date_received::timestamp"))] + [
        (
            zone,
            SQL("timezone(%s, timezone('UTC', date_received))::timestamp", zone),
        )
        for zone in zones
    ]
    for zone, expression in months:
        name = "%s%s_stx" % (
            STATISTICS_PREFIX,
            re.sub(r"[^a-z0-9]+", "_", zone.lower()),
        )
        cr.execute(
            SQL(
                "CREATE STATISTICS IF NOT EXISTS %s (ndistinct)"
                " ON (date_trunc('month', %s)), category_id"
                " FROM complaint_complaint",
                SQL.identifier(name[:63]),
                expression,
            )
        )
