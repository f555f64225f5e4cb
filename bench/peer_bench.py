"""Side by side with the peer: complaint_management against OCA helpdesk_mgmt
with helpdesk_mgmt_sla (18.0), in one scratch database and one run.

    python3 bench/peer_bench.py --db peer_bench

The peer comes from PyPI (``pip download`` of its wheels, unpacked into a
scratch folder beside the database, never into this repository or the Python
environment). The script installs both sides in ``--db`` (created when
missing, kept afterwards; an existing one is updated to the checkout), then
measures, as the same internal user (a
handler of both), with tracking on:

- creating 100 records one by one and 500 in one batch, ours and theirs
  alternating in 5 rounds so that the machine's noise falls on both (partner and handler
  set; the seeded time-limit policies on our side, two SLAs on theirs);
- the portal list (1,000 records of one customer, created for the run and
  deleted after it), detail and form pages,
  served by an Odoo started on ``--port``: median over 15 requests, queries
  from the server log; beside them core's own ``/my/security`` page, the
  floor of a page in the portal layout (no addon of either side in it).

It prints both and the ratios ours / theirs. Figures and targets:
bench/README.md.
"""

import argparse
import logging
import os
import re
import statistics
import subprocess
import sys
import time
import zipfile

import requests

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEER_WHEELS = (
    "odoo-addon-helpdesk-mgmt>=18.0,<18.1",
    "odoo-addon-helpdesk-mgmt-sla>=18.0,<18.1",
)
OURS = "complaint_management,complaint_portal"
THEIRS = "helpdesk_mgmt,helpdesk_mgmt_sla"
TAG = "peerbench"
# the cheapest page of core's portal: what any page in the portal layout costs
FLOOR_PAGE = "/my/security"
# werkzeug request line: "GET /my/tickets HTTP/1.1" 200 - <queries> <sql s> <other s>
REQUEST_LOG = re.compile(r'"GET (\S+) HTTP/1\.1" (\d+) - (\d+) ([\d.]+) ([\d.]+)')


def parse_args():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", required=True, help="scratch database")
    parser.add_argument("--config", default=os.path.join(REPO, ".run", "odoo.conf"))
    parser.add_argument("--peer-dir", default="/tmp/complaint_peer_addons")
    parser.add_argument("--port", type=int, default=8079)
    parser.add_argument("--one", type=int, default=100)
    parser.add_argument("--batch", type=int, default=500)
    parser.add_argument("--portal-records", type=int, default=1000)
    parser.add_argument("--requests", type=int, default=15)
    parser.add_argument(
        "--rounds",
        type=int,
        default=5,
        help="creation runs alternate ours and theirs this many times (the "
        "machine's noise falls on both sides); the one-by-one count is split "
        "over the rounds, each round creates a whole batch",
    )
    return parser.parse_args()


# ----------------------------------------------------------------------
# Set-up
# ----------------------------------------------------------------------
def fetch_peer(peer_dir):
    addons = os.path.join(peer_dir, "odoo", "addons")
    if all(os.path.isdir(os.path.join(addons, name)) for name in THEIRS.split(",")):
        return addons
    wheels = os.path.join(peer_dir, "wheels")
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "--no-deps", "-q", "-d", wheels]
        + list(PEER_WHEELS),
        check=True,
    )
    for name in os.listdir(wheels):
        with zipfile.ZipFile(os.path.join(wheels, name)) as wheel:
            wheel.extractall(peer_dir)
    return addons


def addons_path(config, peer_addons):
    with open(config) as handle:
        for line in handle:
            if line.startswith("addons_path"):
                return line.split("=", 1)[1].strip() + "," + peer_addons
    raise SystemExit(f"no addons_path in {config}")


def odoo_cmd(args, path, *extra):
    return [
        sys.executable,
        "-m",
        "odoo",
        "-c",
        args.config,
        f"--addons-path={path}",
        "-d",
        args.db,
        *extra,
    ]


def install(args, path):
    exists = (
        subprocess.run(
            ["psql", "-d", args.db, "-Atqc", "select 1"], capture_output=True
        ).returncode
        == 0
    )
    # an existing database is brought to the checkout's schema and data
    action = ("-u", OURS) if exists else ("-i", f"{OURS},{THEIRS}")
    print(f"{action[0]} {action[1]} in {args.db} ...", flush=True)
    subprocess.run(
        odoo_cmd(
            args,
            path,
            *action,
            "--without-demo=all",
            "--stop-after-init",
            "--log-level=warn",
        ),
        check=True,
    )


def open_env(args, path):
    import odoo
    from odoo.modules.registry import Registry

    odoo.tools.config.parse_config(
        ["-c", args.config, f"--addons-path={path}", "-d", args.db]
    )
    registry = Registry(args.db)
    return odoo.api.Environment(registry.cursor(), odoo.SUPERUSER_ID, {})


def fixtures(env):
    """One handler of both, one customer with a portal login, a team on each
    side (ours: the seeded policies; theirs: two SLAs)."""
    from odoo import Command

    users = env["res.users"].with_context(no_reset_password=True)
    handler = users.search([("login", "=", f"{TAG}_handler")]) or users.create(
        {
            "name": "Bench Handler",
            "login": f"{TAG}_handler",
            "email": "handler@example.com",
            "notification_type": "inbox",
            "groups_id": [
                Command.set(
                    (
                        env.ref("complaint_management.complaint_management_group_user")
                        | env.ref("helpdesk_mgmt.group_helpdesk_user")
                    ).ids
                )
            ],
        }
    )
    customer = users.search([("login", "=", f"{TAG}_portal")]) or users.create(
        {
            "name": "Bench Customer",
            "login": f"{TAG}_portal",
            "password": f"{TAG}_portal",
            "email": "customer@example.com",
            "groups_id": [Command.set(env.ref("base.group_portal").ids)],
        }
    )
    our_team = env["complaint.team"].search([("name", "=", TAG)]) or env[
        "complaint.team"
    ].create({"name": TAG, "member_ids": [Command.set(handler.ids)]})
    their_team = env["helpdesk.ticket.team"].search([("name", "=", TAG)]) or env[
        "helpdesk.ticket.team"
    ].create({"name": TAG, "user_ids": [Command.set(handler.ids)], "use_sla": True})
    if not env["helpdesk.sla"].search([("team_ids", "in", their_team.ids)]):
        env["helpdesk.sla"].create(
            [
                {
                    "name": "First answer",
                    "team_ids": [Command.set(their_team.ids)],
                    "hours": 4,
                },
                {
                    "name": "Resolution",
                    "team_ids": [Command.set(their_team.ids)],
                    "days": 2,
                },
            ]
        )
    env.cr.commit()
    return handler, customer, our_team, their_team


_REFS = {}


def _ref_id(env, xmlid):
    """Resolved once: ``env.ref`` checks the record exists (a query), which
    is the harness's cost, not the addon's."""
    if xmlid not in _REFS:
        _REFS[xmlid] = env.ref(xmlid).id
    return _REFS[xmlid]


def our_vals(env, customer, handler, team, index):
    return {
        "subject": f"{TAG} complaint {index}",
        "description": "<p>The kettle leaks.</p>",
        "partner_id": customer.partner_id.id,
        "user_id": handler.id,
        "team_id": team.id,
        "channel_id": _ref_id(env, "complaint_management.complaint_channel_phone"),
        "level_id": _ref_id(env, "complaint_management.complaint_level_normal"),
    }


def their_vals(customer, handler, team, index):
    return {
        "name": f"{TAG} ticket {index}",
        "description": "<p>The kettle leaks.</p>",
        "partner_id": customer.partner_id.id,
        "user_id": handler.id,
        "team_id": team.id,
    }


# ----------------------------------------------------------------------
# Measures
# ----------------------------------------------------------------------
def measure(env, function):
    env.flush_all()
    env.invalidate_all()
    start_queries = env.cr.sql_log_count
    start = time.perf_counter()
    function()
    env.flush_all()
    env.cr.precommit.run()
    return time.perf_counter() - start, env.cr.sql_log_count - start_queries


def bench_create(env, handler, customer, our_team, their_team, one, batch, rounds):
    """Per record time and queries of both sides, ours and theirs alternating
    in ``rounds`` runs (rolled back after each batch run)."""
    user_env = env(user=handler)
    complaints = user_env["complaint.complaint"]
    tickets = user_env["helpdesk.ticket"]
    # warm-up: caches of templates, sequences, policies, on both sides
    complaints.create(our_vals(env, customer, handler, our_team, 0))
    tickets.create(their_vals(customer, handler, their_team, 0))
    env.cr.rollback()
    per_round = max(one // rounds, 1)
    works = (
        (
            f"create {per_round * rounds} one by one",
            lambda: [
                complaints.create(our_vals(env, customer, handler, our_team, i))
                for i in range(per_round)
            ],
            lambda: [
                tickets.create(their_vals(customer, handler, their_team, i))
                for i in range(per_round)
            ],
            per_round,
        ),
        (
            f"create {batch} in one batch",
            lambda: complaints.create(
                [our_vals(env, customer, handler, our_team, i) for i in range(batch)]
            ),
            lambda: tickets.create(
                [their_vals(customer, handler, their_team, i) for i in range(batch)]
            ),
            batch,
        ),
    )
    rows = []
    for label, ours, theirs, count in works:
        totals = [0.0, 0, 0.0, 0]
        for _round in range(rounds):
            our_time, our_queries = measure(env, ours)
            their_time, their_queries = measure(env, theirs)
            env.cr.rollback()
            totals[0] += our_time
            totals[1] += our_queries
            totals[2] += their_time
            totals[3] += their_queries
        records = count * rounds
        rows.append((label, *(total / records for total in totals)))
    return rows


def portal_data(env, customer, handler, our_team, their_team, count):
    domain = [("partner_id", "=", customer.partner_id.id)]
    missing = count - env["complaint.complaint"].search_count(domain)
    if missing > 0:
        env["complaint.complaint"].create(
            [our_vals(env, customer, handler, our_team, i) for i in range(missing)]
        )
    missing = count - env["helpdesk.ticket"].search_count(domain)
    if missing > 0:
        env["helpdesk.ticket"].create(
            [their_vals(customer, handler, their_team, i) for i in range(missing)]
        )
    env.cr.commit()
    complaint = env["complaint.complaint"].search(domain, limit=1)
    ticket = env["helpdesk.ticket"].search(domain, limit=1)
    return complaint.id, ticket.id


def remove_portal_data(args, partner_id):
    """The portal's records go once measured: left open, they would run out
    their time limits and weigh on any later sweep of this database."""
    from sla_bench import delete_complaints

    import odoo
    from odoo.modules.registry import Registry

    # core logs the id of every record deleted: thousands, not figures
    logging.getLogger("odoo.models.unlink").setLevel(logging.WARNING)
    # the configuration was parsed by open_env (a second parse fails)
    env = odoo.api.Environment(Registry(args.db).cursor(), odoo.SUPERUSER_ID, {})
    try:
        env.cr.execute(
            "SELECT id FROM complaint_complaint WHERE partner_id = %s", [partner_id]
        )
        delete_complaints(env, [row[0] for row in env.cr.fetchall()])
        env["helpdesk.ticket"].search([("partner_id", "=", partner_id)]).unlink()
        env.cr.commit()
    finally:
        env.cr.close()


def bench_portal(args, path, pages):
    log = f"/tmp/{args.db}_server.log"
    if os.path.exists(log):
        os.unlink(log)
    server = subprocess.Popen(
        odoo_cmd(
            args,
            path,
            f"--http-port={args.port}",
            "--workers=0",
            "--max-cron-threads=0",
            f"--db-filter=^{args.db}$",
            "--log-level=info",
            f"--logfile={log}",
        )
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _attempt in range(120):
            try:
                requests.get(f"{base}/web/login", timeout=5)
                break
            except requests.ConnectionError:
                time.sleep(1)
        session = requests.Session()
        reply = session.post(
            f"{base}/web/session/authenticate",
            json={
                "jsonrpc": "2.0",
                "params": {
                    "db": args.db,
                    "login": f"{TAG}_portal",
                    "password": f"{TAG}_portal",
                },
            },
            timeout=60,
        ).json()
        if not reply.get("result", {}).get("uid"):
            raise SystemExit(f"portal login failed: {reply}")
        # ours and theirs alternate request by request: noise falls on both
        seconds = {label: [] for label, _url in pages}
        for _warm in range(2):
            for _label, url in pages:
                session.get(base + url, timeout=120).raise_for_status()
        for _index in range(args.requests):
            for label, url in pages:
                start = time.perf_counter()
                session.get(base + url, timeout=120).raise_for_status()
                seconds[label].append(time.perf_counter() - start)
        results = {
            label: (url, statistics.median(seconds[label])) for label, url in pages
        }
        time.sleep(1)
    finally:
        server.terminate()
        server.wait(timeout=60)
    queries = {}
    with open(log) as handle:
        for line in handle:
            found = REQUEST_LOG.search(line)
            if found:
                queries.setdefault(found.group(1), []).append(int(found.group(3)))
    return {
        label: (seconds, statistics.median(queries.get(url, [0])[-args.requests :]))
        for label, (url, seconds) in results.items()
    }


def print_row(label, ours, theirs, unit):
    (our_value, our_queries), (their_value, their_queries) = ours, theirs
    print(
        f"| {label} | {our_value * unit:.1f} ms, {our_queries:.1f} q "
        f"| {their_value * unit:.1f} ms, {their_queries:.1f} q "
        f"| {our_value / their_value:.2f} | {our_queries / their_queries:.2f} |"
    )


def main():
    args = parse_args()
    peer = fetch_peer(args.peer_dir)
    path = addons_path(args.config, peer)
    install(args, path)
    env = open_env(args, path)
    try:
        handler, customer, our_team, their_team = fixtures(env)
        print(f"database {args.db}; peer from PyPI in {peer}")
        print(
            "\n| work | ours (per record) | theirs (per record) | time ratio "
            "| query ratio |\n| --- | --- | --- | --- | --- |"
        )
        for label, our_t, our_q, their_t, their_q in bench_create(
            env,
            handler,
            customer,
            our_team,
            their_team,
            args.one,
            args.batch,
            args.rounds,
        ):
            print_row(label, (our_t, our_q), (their_t, their_q), 1000)
        complaint_id, ticket_id = portal_data(
            env, customer, handler, our_team, their_team, args.portal_records
        )
        customer_partner_id = customer.partner_id.id
    finally:
        env.cr.close()
    try:
        measured = bench_portal(
            args,
            path,
            [
                ("ours list", "/my/complaints"),
                ("theirs list", "/my/tickets"),
                ("ours detail", f"/my/complaints/{complaint_id}"),
                ("theirs detail", f"/my/ticket/{ticket_id}"),
                ("ours form", "/complaint/new"),
                ("theirs form", "/new/ticket"),
                ("floor", FLOOR_PAGE),
            ],
        )
    finally:
        remove_portal_data(args, customer_partner_id)
    print(
        f"\n| portal page ({args.portal_records} records, median of "
        f"{args.requests}) | ours | theirs | time ratio | query ratio |"
        "\n| --- | --- | --- | --- | --- |"
    )
    for page in ("list", "detail", "form"):
        print_row(page, measured[f"ours {page}"], measured[f"theirs {page}"], 1000)
    floor_time, floor_queries = measured["floor"]
    print(
        f"\nfloor: core's {FLOOR_PAGE} (the portal layout and its values around "
        "a small form, neither side adds to it) "
        f"{floor_time * 1000:.1f} ms, {floor_queries:.0f} q; floor / theirs: "
        + ", ".join(
            f"{page} {floor_time / measured[f'theirs {page}'][0]:.2f}"
            for page in ("list", "detail", "form")
        )
    )


if __name__ == "__main__":
    main()
