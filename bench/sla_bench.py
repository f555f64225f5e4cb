#!/usr/bin/env python3
"""Benchmark of the complaint SLA engine (complaint_management).

Prints:
- the time and SQL query count of the warning/breach sweep over 1,000, 10,000
  and 100,000 open complaints (5 % turning at risk and 1 % breaching: 5,000 and
  1,000 in the 100,000 case), with the query count of each batch of 1,000;
- the time and queries to create 10,000 complaints with their milestones and
  activities through the ORM, by batches of 1,000, and 100 one by one.

The open complaints of the sweep are written with SQL (the ORM would take
minutes for 100,000), each with what the ORM gives it: the handler's "next
deadline" activity hung on the running milestone and the handler and the
complainant as followers, so that a breach moves a real reminder and notifies
real followers; the sweep itself runs through the ORM exactly as the
cron runs it, committing each batch. Everything the script creates is deleted
at the end. Use a scratch database with complaint_management installed:

    python3 bench/sla_bench.py --db h_sla_bench
    python3 bench/sla_bench.py --db h_sla_bench --sizes 1000 --create 1000
"""

import argparse
import cProfile
import os
import sys
import time
from collections import defaultdict
from datetime import datetime, timedelta
from unittest.mock import patch

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TAG = "SLABENCH"


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="scratch database")
    parser.add_argument("--config", default=os.path.join(REPO, ".run", "odoo.conf"))
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--create", type=int, default=10000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument(
        "--failing",
        action="store_true",
        help="sweep each size three times: clean, then with one complaint whose "
        "escalation fails (in a middle batch) for the first time, then with one "
        "that failed in an earlier run, and print the overhead",
    )
    parser.add_argument(
        "--modes",
        default="unassigned,handler",
        help="creation runs: unassigned (milestones only) and/or handler "
        "(milestones, activities and Odoo's assignment notification)",
    )
    parser.add_argument(
        "--notify",
        default="inbox",
        choices=("inbox", "email"),
        help="notification preference of the bench's staff: warnings and "
        "escalation notes reach them in the Odoo inbox (with the live bus "
        "message) or as one email each",
    )
    parser.add_argument(
        "--profile",
        metavar="FILE",
        help="write the cProfile statistics of the sweep to FILE (pstats format)",
    )
    return parser.parse_args()


def open_env(args):
    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(["-c", args.config, "-d", args.db])
    registry = Registry(args.db)
    cr = registry.cursor()
    return odoo.api.Environment(cr, odoo.SUPERUSER_ID, {"active_test": False})


def fixtures(env, notify="inbox"):
    """A team with a leader, an escalation team, a handler, a complainant."""
    users = env["res.users"].with_context(no_reset_password=True)
    group = env.ref("complaint_management.complaint_management_group_officer")

    def user(login):
        found = users.search([("login", "=", login)])
        return found or users.create(
            {"name": login, "login": login, "groups_id": [(6, 0, group.ids)]}
        )

    handler, leader, expert = user("slabench_h"), user("slabench_l"), user("slabench_x")
    (handler | leader | expert).notification_type = notify
    teams = env["complaint.team"]
    expert_team = teams.search([("name", "=", f"{TAG} experts")]) or teams.create(
        {"name": f"{TAG} experts", "leader_id": expert.id, "tier": "expert"}
    )
    team = teams.search([("name", "=", f"{TAG} frontline")]) or teams.create(
        {
            "name": f"{TAG} frontline",
            "leader_id": leader.id,
            "member_ids": [(6, 0, handler.ids)],
            "escalation_team_id": expert_team.id,
        }
    )
    partner = env["res.partner"].search([("name", "=", TAG)], limit=1) or env[
        "res.partner"
    ].create({"name": TAG, "email": "slabench@example.com"})
    env.cr.commit()
    return team, handler, partner


def insert_open_complaints(env, team, handler, partner, count, at_risk, breaching):
    """``count`` open complaints with an acknowledged milestone and a running
    resolution milestone: ``at_risk`` past their warning date, ``breaching``
    past their deadline, the others far from both."""
    cr = env.cr
    now = datetime.utcnow().replace(microsecond=0)
    stage = env["complaint.stage"].search([("iso_step", "=", "investigating")], limit=1)
    level = env.ref("complaint_management.complaint_level_normal")
    policy = env.ref("complaint_management.complaint_sla_policy_normal")
    cr.execute(
        """
        INSERT INTO complaint_complaint (name, subject, company_id, team_id, user_id,
            receiver_id, partner_id, state, is_open, stage_id, level_id, priority,
            date_received, date_registered, date_acknowledged, date_assessed,
            sla_state, sla_deadline, party_state, create_uid, write_uid, create_date,
            write_date)
        SELECT %(tag)s || '/' || n, 'Bench complaint ' || n, %(company)s, %(team)s,
               %(user)s, %(user)s, %(partner)s, 'investigating', TRUE, %(stage)s,
               %(level)s, '0', %(start)s, %(start)s, %(start)s, %(start)s,
               'running',
               CASE WHEN n <= %(breaching)s THEN %(past)s
                    WHEN n <= %(breaching)s + %(at_risk)s THEN %(soon)s
                    ELSE %(later)s END,
               'not_forwarded', 1, 1, %(now)s, %(now)s
          FROM generate_series(1, %(count)s) AS n
        RETURNING id
        """,
        {
            "tag": f"{TAG}/{count}",
            "company": team.company_id.id,
            "team": team.id,
            "user": handler.id,
            "partner": partner.id,
            "stage": stage.id,
            "level": level.id,
            "start": now - timedelta(days=5),
            "past": now - timedelta(hours=1),
            "soon": now + timedelta(hours=2),
            "later": now + timedelta(days=5),
            "now": now,
            "count": count,
            "at_risk": at_risk,
            "breaching": breaching,
        },
    )
    ids = sorted(row[0] for row in cr.fetchall())
    cr.execute(
        """
        INSERT INTO complaint_sla_line (complaint_id, company_id, policy_id, milestone,
            target_time, time_unit, allowed_time, warning_share, date_start, deadline,
            warning_date, date_reached, state, is_warned, is_escalated,
            escalate_on_breach, paused_time,
            paused_hours, create_uid, write_uid, create_date, write_date)
        SELECT c.id, c.company_id, %(policy)s, 'acknowledge', 1, 'working_hours', 1,
               80, c.date_received, c.date_received + interval '1 hour',
               c.date_received + interval '48 minutes', c.date_received, 'met',
               FALSE, FALSE, TRUE, 0, 0, 1, 1, %(now)s, %(now)s
          FROM complaint_complaint c WHERE c.id = ANY(%(ids)s)
        UNION ALL
        SELECT c.id, c.company_id, %(policy)s, 'first_response', 24, 'hours', 24,
               80, c.date_received, c.date_received + interval '24 hours',
               c.date_received + interval '19 hours', c.date_received, 'met',
               FALSE, FALSE, TRUE, 0, 0, 1, 1, %(now)s, %(now)s
          FROM complaint_complaint c WHERE c.id = ANY(%(ids)s)
        UNION ALL
        SELECT c.id, c.company_id, %(policy)s, 'progress', 2, 'working_days', 16,
               80, %(now)s - interval '1 day', %(now)s + interval '1 day',
               %(now)s + interval '14 hours', NULL, 'running',
               FALSE, FALSE, TRUE, 0, 0, 1, 1, %(now)s, %(now)s
          FROM complaint_complaint c WHERE c.id = ANY(%(ids)s)
        UNION ALL
        SELECT c.id, c.company_id, %(policy)s, 'resolution', 7, 'working_days', 56,
               80, c.date_received, c.sla_deadline,
               CASE WHEN c.sla_deadline = %(later)s THEN %(later)s - interval '1 day'
                    ELSE %(now)s - interval '1 hour' END,
               NULL, 'running', FALSE, FALSE, TRUE, 0, 0, 1, 1, %(now)s, %(now)s
          FROM complaint_complaint c WHERE c.id = ANY(%(ids)s)
        """,
        {
            "policy": policy.id,
            "now": now,
            "later": now + timedelta(days=5),
            "ids": ids,
        },
    )
    # the complaint's summary: its nearest running deadline (progress, for
    # those far from their resolution deadline)
    cr.execute(
        """
        UPDATE complaint_complaint c SET sla_deadline = l.deadline
          FROM (SELECT complaint_id, min(deadline) AS deadline
                  FROM complaint_sla_line
                 WHERE complaint_id = ANY(%s) AND state = 'running'
                 GROUP BY complaint_id) l
         WHERE l.complaint_id = c.id
        """,
        (ids,),
    )
    insert_reminders(env, ids, handler)
    insert_followers(env, ids, handler, partner)
    cr.execute("ANALYZE complaint_complaint; ANALYZE complaint_sla_line")
    cr.commit()
    return ids


def insert_reminders(env, ids, handler):
    """The handler's "next deadline" activity on each complaint, as the engine
    writes it (its summary, note and due day, by ``_sla_activity_values``),
    hung on the running milestone with the nearest deadline: a breach moves
    it, as in real use."""
    cr = env.cr
    activity_type = env.ref("complaint_management.mail_activity_type_sla")
    cr.execute(
        """
        SELECT DISTINCT ON (complaint_id) id, deadline, milestone
          FROM complaint_sla_line
         WHERE complaint_id = ANY(%s) AND state = 'running'
         ORDER BY complaint_id, deadline, id
        """,
        (ids,),
    )
    targets = defaultdict(list)
    for line_id, deadline, milestone in cr.fetchall():
        targets[deadline, milestone].append(line_id)
    # one insert per deadline and milestone: the same words for all of them
    for line_ids in targets.values():
        sample = env["complaint.sla.line"].browse(line_ids[0])
        vals = sample._sla_activity_values(handler, activity_type)
        cr.execute(
            """
            INSERT INTO mail_activity (res_model_id, res_model, res_id, res_name,
                activity_type_id, user_id, summary, note, date_deadline, active,
                automated, create_uid, write_uid, create_date, write_date)
            SELECT %(model)s, 'complaint.complaint', c.id, c.name, %(type)s,
                   %(user)s, %(summary)s, %(note)s, %(due)s, TRUE, FALSE, 1, 1,
                   c.create_date, c.create_date
              FROM complaint_sla_line l
              JOIN complaint_complaint c ON c.id = l.complaint_id
             WHERE l.id = ANY(%(lines)s)
            """,
            {
                "model": vals["res_model_id"],
                "type": activity_type.id,
                "user": handler.id,
                "summary": vals["summary"],
                "note": str(vals["note"]),
                "due": vals["date_deadline"],
                "lines": line_ids,
            },
        )
    # each complaint has one activity: it hangs on the complaint's target line
    cr.execute(
        """
        UPDATE complaint_sla_line l SET activity_id = a.id
          FROM mail_activity a
         WHERE a.res_model = 'complaint.complaint' AND a.res_id = l.complaint_id
           AND l.id = ANY(%s)
        """,
        ([line_id for line_ids in targets.values() for line_id in line_ids],),
    )


def insert_followers(env, ids, handler, partner):
    """Handler and complainant follow each complaint with Odoo's default
    subtypes (the complainant the external ones), as ``message_subscribe``
    leaves them: a breach's note notifies the followers, as in real use."""
    cr = env.cr
    default, _internal, external = env["mail.message.subtype"].default_subtypes(
        "complaint.complaint"
    )
    for follower, subtypes in (
        (handler.partner_id, default),
        (partner, external),
    ):
        cr.execute(
            """
            INSERT INTO mail_followers (res_model, res_id, partner_id)
            SELECT 'complaint.complaint', id, %s FROM unnest(%s::int[]) AS id
            RETURNING id
            """,
            (follower.id, ids),
        )
        follower_ids = [row[0] for row in cr.fetchall()]
        cr.execute(
            """
            INSERT INTO mail_followers_mail_message_subtype_rel
                (mail_followers_id, mail_message_subtype_id)
            SELECT f, s FROM unnest(%s::int[]) AS f, unnest(%s::int[]) AS s
            """,
            (follower_ids, subtypes.ids),
        )


def delete_complaints(env, ids):
    """The complaints first (their lines go with them): a line left behind
    would make each deleted activity check it."""
    cr = env.cr
    if not ids:
        return
    cr.execute("DELETE FROM complaint_complaint WHERE id = ANY(%s)", (ids,))
    for table in ("mail_activity", "mail_followers", "mail_message", "rating_rating"):
        cr.execute(
            f"DELETE FROM {table} WHERE res_model = 'complaint.complaint' "  # noqa: S608
            "AND res_id = ANY(%s)"
            if table != "mail_message"
            else "DELETE FROM mail_message WHERE model = 'complaint.complaint' "
            "AND res_id = ANY(%s)",
            (ids,),
        )
    cr.commit()
    env.invalidate_all()


SWEPT_TABLES = (
    "complaint_complaint",
    "complaint_sla_line",
    "complaint_escalation",
    "mail_message",
    "mail_message_res_partner_rel",
    "mail_notification",
    "mail_tracking_value",
    "mail_activity",
    "mail_followers",
)


def vacuum(env):
    """Clear what the previous run deleted and give the planner the new rows'
    statistics, before timing: otherwise PostgreSQL's autovacuum works on the
    tables during the sweep and the run takes up to a third longer."""
    import psycopg2

    from odoo.sql_db import connection_info_for

    _db, info = connection_info_for(env.cr.dbname)
    cnx = psycopg2.connect(**info)
    try:
        cnx.autocommit = True
        with cnx.cursor() as cr:
            for table in SWEPT_TABLES:
                cr.execute(f"VACUUM ANALYZE {table}")  # noqa: S608
    finally:
        cnx.close()


def failing_escalation(env, ids, breaching):
    """Patch the escalation to fail for one breaching complaint in the middle
    (a misconfigured team, say): the sweep must skip it and go on."""
    env.cr.execute(
        "SELECT DISTINCT complaint_id FROM complaint_sla_line "
        "WHERE complaint_id = ANY(%s) AND deadline <= now() AT TIME ZONE 'UTC' "
        "ORDER BY complaint_id LIMIT 1 OFFSET %s",
        (ids, breaching // 2),
    )
    bad_id = env.cr.fetchone()[0]
    model = env.registry["complaint.complaint"]
    original = model._sla_escalate

    def failing(self, reason):
        if bad_id in self.ids:
            raise ValueError("benchmark: escalation team misconfigured")
        return original(self, reason)

    return bad_id, patch.object(model, "_sla_escalate", failing)


def bench_sweep(env, team, handler, partner, count, batch, failing=None, profile=None):
    """``failing``: None, "new" (it fails for the first time in this run) or
    "known" (it failed in an earlier run: registered, retried alone first)."""
    at_risk, breaching = count * 5 // 100, count // 100
    ids = insert_open_complaints(env, team, handler, partner, count, at_risk, breaching)
    env.cr.commit()
    vacuum(env)
    env.invalidate_all()
    failure = None
    if failing:
        bad_id, failure = failing_escalation(env, ids, breaching)
        if failing == "known":
            env["complaint.job.failure"].create(
                {
                    "job": "sla_sweep",
                    "res_model": "complaint.complaint",
                    "res_id": bad_id,
                    "record_name": "bench",
                    "error": "failed in an earlier run",
                }
            )
            env.cr.commit()
    cron_model = type(env["ir.cron"])
    original = cron_model._notify_progress
    marks = []

    def spy(self, *, done, remaining, deactivate=False):
        marks.append((done, env.cr.sql_log_count, time.perf_counter()))
        return original(self, done=done, remaining=remaining, deactivate=deactivate)

    start_queries, start = env.cr.sql_log_count, time.perf_counter()
    profiler = cProfile.Profile() if profile else None
    with patch.object(cron_model, "_notify_progress", spy):
        if failure:
            failure.start()
        if profiler:
            profiler.enable()
        try:
            summary = env["complaint.sla.line"]._cron_sla_sweep(
                batch_size=batch, commit=True
            )
        finally:
            if profiler:
                profiler.disable()
                profiler.dump_stats(profile)
            if failure:
                failure.stop()
    elapsed = time.perf_counter() - start
    queries = env.cr.sql_log_count - start_queries
    per_batch = []
    last_queries, last_time = start_queries, start
    for _done, queries_at, time_at in marks:
        per_batch.append((queries_at - last_queries, time_at - last_time))
        last_queries, last_time = queries_at, time_at
    env.cr.execute(
        "SELECT state, count(*) FROM complaint_sla_line "
        "WHERE complaint_id = ANY(%s) AND milestone = 'resolution' GROUP BY state",
        (ids,),
    )
    states = dict(env.cr.fetchall())
    env.cr.execute(
        "SELECT count(*) FROM complaint_escalation WHERE complaint_id = ANY(%s)",
        (ids,),
    )
    escalations = env.cr.fetchone()[0]
    env.cr.execute(
        "DELETE FROM complaint_job_failure WHERE res_model = 'complaint.complaint' "
        "AND res_id = ANY(%s)",
        (ids,),
    )
    delete_complaints(env, ids)
    return {
        "count": count,
        "at_risk": at_risk,
        "breaching": breaching,
        "done": summary["done"],
        "skipped": summary["skipped"],
        "seconds": elapsed,
        "queries": queries,
        "per_batch": per_batch,
        "states": states,
        "escalations": escalations,
    }


def bench_create(env, team, handler, partner, count, batch, assign):
    """Create ``count`` complaints by batches, then 100 one by one.

    ``assign``: with a handler, each milestone also gets its activity, and
    Odoo's mail.thread notifies the handler of the assignment (its own cost,
    not the engine's). The engine's share is measured around ``_sla_sync``.
    """
    model = env["complaint.complaint"].with_context(mail_notify_force_send=False)
    channel = env.ref("complaint_management.complaint_channel_phone")
    complaint_class = type(model)
    original_sync = complaint_class._sla_sync
    engine = {"seconds": 0.0, "queries": 0, "depth": 0}

    def timed_sync(self):
        engine["depth"] += 1
        start_queries, start = env.cr.sql_log_count, time.perf_counter()
        try:
            return original_sync(self)
        finally:
            engine["depth"] -= 1
            if not engine["depth"]:
                env.flush_all()
                engine["seconds"] += time.perf_counter() - start
                engine["queries"] += env.cr.sql_log_count - start_queries

    def vals(i):
        return {
            "subject": f"{TAG} create {i}",
            "partner_id": partner.id,
            "team_id": team.id,
            "user_id": handler.id if assign else False,
            "channel_id": channel.id,
        }

    created, single = [], []
    with patch.object(complaint_class, "_sla_sync", timed_sync):
        start_queries, start = env.cr.sql_log_count, time.perf_counter()
        for offset in range(0, count, batch):
            complaints = model.create([vals(i) for i in range(offset, offset + batch)])
            env.flush_all()
            created += complaints.ids
            env.cr.commit()
            env.invalidate_all()
        batch_seconds = time.perf_counter() - start
        batch_queries = env.cr.sql_log_count - start_queries
        batch_engine = dict(engine)
        engine.update(seconds=0.0, queries=0)
        start_queries, start = env.cr.sql_log_count, time.perf_counter()
        for i in range(100):
            single += model.create(vals(count + i)).ids
            env.flush_all()
        single_seconds = time.perf_counter() - start
        single_queries = env.cr.sql_log_count - start_queries
        single_engine = dict(engine)
    env.cr.commit()
    env.cr.execute(
        "SELECT count(*) FROM complaint_sla_line WHERE complaint_id = ANY(%s)",
        (created,),
    )
    lines = env.cr.fetchone()[0]
    env.cr.execute(
        "SELECT count(*) FROM mail_activity WHERE res_model = 'complaint.complaint' "
        "AND res_id = ANY(%s)",
        (created,),
    )
    activities = env.cr.fetchone()[0]
    delete_complaints(env, created + single)
    return {
        "count": count,
        "seconds": batch_seconds,
        "queries": batch_queries,
        "engine": batch_engine,
        "lines": lines,
        "activities": activities,
        "single_seconds": single_seconds,
        "single_queries": single_queries,
        "single_engine": single_engine,
    }


def print_create(r, batch, label):
    n = r["count"]
    print(
        f"{label}: {n} complaints by batches of {batch}: {r['seconds']:.1f} s "
        f"({1000 * r['seconds'] / n:.2f} ms, {r['queries'] / n:.1f} queries a "
        f"complaint), {r['lines']} milestones, {r['activities']} activities; "
        f"engine share {1000 * r['engine']['seconds'] / n:.2f} ms, "
        f"{r['engine']['queries'] / n:.2f} queries a complaint"
    )
    print(
        f"{label}: 100 complaints one by one: {10 * r['single_seconds']:.2f} ms, "
        f"{r['single_queries'] / 100:.1f} queries a complaint; engine share "
        f"{10 * r['single_engine']['seconds']:.2f} ms, "
        f"{r['single_engine']['queries'] / 100:.1f} queries a complaint"
    )


def print_sweep(r, label):
    batches = [q for q, _s in r["per_batch"]]
    print(
        f"{r['count']:>7} open, {r['at_risk']:>5} at risk, "
        f"{r['breaching']:>5} breaching ({label}): {r['seconds']:7.2f} s, "
        f"{r['queries']:>6} queries, {len(batches)} batch(es) of "
        f"{min(batches) if batches else 0}-{max(batches) if batches else 0} "
        f"queries; resolution lines {r['states']}, "
        f"{r['escalations']} escalations"
    )
    for number, (queries, seconds) in enumerate(r["per_batch"], 1):
        print(f"          batch {number}: {queries} queries, {seconds:.2f} s")


def main():
    args = parse_args()
    env = open_env(args)
    try:
        team, handler, partner = fixtures(env, args.notify)
        # what an interrupted earlier run left would be swept with this one's
        env.cr.execute(
            "SELECT id FROM complaint_complaint WHERE name LIKE %s", [f"{TAG}/%"]
        )
        delete_complaints(env, [row[0] for row in env.cr.fetchall()])
        print(f"database {args.db}, batches of {args.batch} complaints")
        print("\n== sweep (warning and breach) ==")
        for size in [int(s) for s in args.sizes.split(",") if s]:
            r = bench_sweep(
                env, team, handler, partner, size, args.batch, profile=args.profile
            )
            print_sweep(r, "clean")
            if args.failing:
                for mode in ("new", "known"):
                    bad = bench_sweep(
                        env, team, handler, partner, size, args.batch, mode
                    )
                    print_sweep(bad, f"one failing, {mode}")
                    ratio = bad["seconds"] / r["seconds"]
                    print(
                        f"          one failing record ({mode}) costs {ratio:.2f}x "
                        f"the time and {bad['queries'] / r['queries']:.2f}x the "
                        f"queries of the clean run ({bad['skipped']} skipped, "
                        f"{bad['done']} done)"
                    )
        if args.create:
            print("\n== creating complaints with their milestones (ORM) ==")
            modes = args.modes.split(",")
            for assign, label in ((False, "unassigned"), (True, "with handler")):
                if ("handler" if assign else "unassigned") not in modes:
                    continue
                r = bench_create(
                    env, team, handler, partner, args.create, args.batch, assign
                )
                print_create(r, args.batch, label)
    finally:
        env.cr.rollback()
        env.cr.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
