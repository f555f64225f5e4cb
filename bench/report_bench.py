#!/usr/bin/env python3
"""Complaint analysis and indicator dashboard over a million complaints.

Prints the time and SQL query count of
  1. the analysis ``read_group`` by month and category over every complaint
     (``complaint.report``, as the pivot and graph views ask for it);
  2. the dashboard: ``complaint.indicator._get_indicators`` for one month and the
     month before, and the whole dashboard (indicators, trend, HTML);
each run as the administrator (a complaint manager: record rules apply), with
and without the indexes ``complaint_reports`` adds (``--compare-indexes``).

Usage (from the repository root):
    python3 bench/report_bench.py --create --template h_rep_dev --db h_rep_bench
    python3 bench/report_bench.py --db h_rep_bench --compare-indexes

``--create`` copies the template database (with complaint_reports installed)
and fills it with bench/report_generate.sql (1,000,000 complaints by default).
Targets: analysis < 0.5 s, indicators screen < 1 s.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from datetime import date

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

# The index and planner statistics complaint_reports creates (complaint.report,
# _init_complaint_indexes); --compare-indexes drops them for the "without"
# figures and has the model create them again.
REPORT_INDEXES = ("complaint_complaint_report_month_category_idx",)


def create_database(args):
    subprocess.run(["dropdb", "--if-exists", args.db], check=True)
    subprocess.run(["createdb", "-T", args.template, args.db], check=True)
    start = time.perf_counter()
    subprocess.run(
        [
            "psql",
            "-q",
            "-v",
            f"n={args.count}",
            "-d",
            args.db,
            "-f",
            os.path.join(HERE, "report_generate.sql"),
        ],
        check=True,
    )
    print(f"generated {args.count:,} complaints in {time.perf_counter() - start:.0f} s")


def timed(env, func, runs):
    """Best and median wall time (s) and query count of ``func()``."""
    times, queries = [], 0
    for _run in range(runs):
        env.invalidate_all()
        env.registry.clear_cache()
        before = env.cr.sql_log_count
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
        queries = env.cr.sql_log_count - before
    return min(times), statistics.median(times), queries


def measure(env, runs, month):
    report = env["complaint.report"]
    indicator = env["complaint.indicator"]
    company_ids = env.companies.ids
    first = month.replace(day=1)
    last = (
        date(first.year + first.month // 12, first.month % 12 + 1, 1) - date.resolution
    )
    screen = env["complaint.indicator.dashboard"]
    cases = [
        (
            "analysis read_group by month x category (all rows)",
            lambda: report._read_group(
                [], ["date_received:month", "category_id"], ["complaint_count:sum"]
            ),
            0.5,
        ),
        (
            "analysis read_group by month x category + hours/settled measures",
            lambda: report._read_group(
                [],
                ["date_received:month", "category_id"],
                [
                    "complaint_count:sum",
                    "hours_to_close:avg",
                    "settled_count:sum",
                    "satisfied_count:sum",
                ],
            ),
            2.0,
        ),
        (
            f"dashboard _get_indicators {first:%Y-%m} and the month before",
            lambda: indicator._get_indicators(first, last, company_ids),
            3.0,
        ),
        (
            "indicators screen complete (indicators, trend, set-up, shares)",
            lambda: screen.get_data(first, last, company_ids),
            1.0,
        ),
    ]
    results = []
    for label, func, target in cases:
        best, median, queries = timed(env, func, runs)
        verdict = "ok" if median < target else "OVER TARGET"
        print(
            f"  {label:<66} best {best:6.3f} s  median {median:6.3f} s  "
            f"{queries:3d} queries  (target < {target:g} s: {verdict})"
        )
        results.append((label, median))
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", default="h_rep_bench")
    parser.add_argument("--template", default="h_rep_dev")
    parser.add_argument("--config", default=os.path.join(ROOT, ".run", "odoo.conf"))
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--create", action="store_true")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--month", default="2026-03-01")
    parser.add_argument("--compare-indexes", action="store_true")
    args = parser.parse_args()
    if args.create:
        create_database(args)

    import odoo  # noqa: PLC0415 - only once the database exists
    from odoo import SUPERUSER_ID, api  # noqa: PLC0415

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.db])
    registry = odoo.modules.registry.Registry(args.db)
    month = date.fromisoformat(args.month)
    with registry.cursor() as cr:
        admin = api.Environment(cr, SUPERUSER_ID, {}).ref("base.user_admin")
        env = api.Environment(cr, admin.id, {"tz": "UTC"})
        cr.execute(
            "SELECT count(*), count(*) FILTER (WHERE state != 'cancelled') "
            "FROM complaint_complaint"
        )
        total, counted = cr.fetchone()
        print(f"database {args.db}: {total:,} complaints ({counted:,} not cancelled)")
        print("load average before: %.2f %.2f %.2f" % os.getloadavg())
        phases = ["with"]
        if args.compare_indexes:
            phases = ["without", "with"]
        for phase in phases:
            if phase == "without":
                for name in REPORT_INDEXES:
                    cr.execute(f"DROP INDEX IF EXISTS {name}")
                cr.execute(
                    "SELECT stxname FROM pg_statistic_ext WHERE stxname LIKE "
                    "'complaint_month_%'"
                )
                for (name,) in cr.fetchall():
                    cr.execute(f'DROP STATISTICS IF EXISTS "{name}"')
            else:
                env["complaint.report"]._init_complaint_indexes()
            cr.execute("ANALYZE complaint_complaint")
            print(f"{phase} the complaint_reports indexes:")
            measure(env, args.runs, month)
        print("load average after: %.2f %.2f %.2f" % os.getloadavg())
        cr.rollback()
        # keep the indexes in place whatever was measured last
        env["complaint.report"]._init_complaint_indexes()
        cr.commit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
