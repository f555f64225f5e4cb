"""Concurrent visitor submissions against a running server (prefork or threaded).

Start the server first, e.g. ``make run WORKERS=4 > run.log 2>&1 &``, then::

    python3 bench/portal_load.py --url http://localhost:8069 --db complaints \
        --count 60 --log run.log

Each visitor opens ``/complaint/new`` in a session of its own (its own CSRF token),
all wait at a barrier, then submit at the same moment. The script raises the
company's portal rate limits for the run (as admin, over JSON-RPC) and puts them
back afterwards; it then counts the complaints created, checks their tracking
numbers are distinct, and prints the ERROR / Traceback lines the server logged
during the run (from ``--log``). It exits non-zero when a complaint is missing,
a number repeats, or the log has an error.
"""

import argparse
import re
import statistics
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
# the privacy notice the form shows, sent back with the consent
NOTICE = re.compile(r'name="privacy_notice_id" value="([^"]*)"')
NUMBER = re.compile(r"CMP/\d{4}/\d+")
LIMIT_FIELDS = ("complaint_portal_limit_ip", "complaint_portal_limit_email")


class Rpc:
    """Just enough JSON-RPC to read and write as the admin user."""

    def __init__(self, url, db, login, password):
        self.url, self.db, self.password = url, db, password
        self.uid = self._call("common", "login", db, login, password)
        if not self.uid:
            sys.exit(f"cannot log in as {login} on {db}")

    def _call(self, service, method, *args):
        response = requests.post(
            f"{self.url}/jsonrpc",
            json={
                "jsonrpc": "2.0",
                "method": "call",
                "params": {"service": service, "method": method, "args": args},
            },
            timeout=120,
        ).json()
        if "error" in response:
            sys.exit(response["error"]["data"]["message"])
        return response["result"]

    def __call__(self, model, method, *args, **kwargs):
        return self._call(
            "object",
            "execute_kw",
            self.db,
            self.uid,
            self.password,
            model,
            method,
            list(args),
            kwargs,
        )


def submit(url, run, index, barrier):
    session = requests.Session()
    form = session.get(f"{url}/complaint/new", timeout=120)
    token = CSRF.search(form.text).group(1)
    notice = NOTICE.search(form.text)
    barrier.wait()
    start = time.perf_counter()
    response = session.post(
        f"{url}/complaint/new",
        data={
            "csrf_token": token,
            "name": f"Load visitor {index}",
            "email": f"visitor{index}-{run}@load.example.com",
            "subject": f"Load {run} {index}",
            "description": "Submitted at the same moment as the others.",
            "privacy_consent": "on",
            "privacy_notice_id": notice.group(1) if notice else "",
        },
        timeout=300,
    )
    elapsed = time.perf_counter() - start
    found = NUMBER.search(response.text)
    return response.status_code, found and found.group(0), elapsed


def log_errors(path, offset):
    if not path:
        return []
    with open(path, encoding="utf-8", errors="replace") as log:
        log.seek(offset)
        return [
            line.rstrip()
            for line in log
            if re.search(r" (ERROR|CRITICAL) |Traceback", line)
        ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", default="http://localhost:8069")
    parser.add_argument("--db", default="complaints")
    parser.add_argument("--login", default="admin")
    parser.add_argument("--password", default="admin")
    parser.add_argument("--count", type=int, default=60)
    parser.add_argument("--log", help="the server's log file, checked for errors")
    args = parser.parse_args()

    rpc = Rpc(args.url, args.db, args.login, args.password)
    company_ids = rpc("res.company", "search", [])
    saved = rpc("res.company", "read", company_ids, LIMIT_FIELDS)
    offset = 0
    if args.log:
        with open(args.log, "rb") as log:
            offset = log.seek(0, 2)
    run = uuid.uuid4().hex[:8]
    rpc("res.company", "write", company_ids, dict.fromkeys(LIMIT_FIELDS, 100000))
    try:
        barrier = threading.Barrier(args.count)
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=args.count) as pool:
            results = list(
                pool.map(lambda i: submit(args.url, run, i, barrier), range(args.count))
            )
        wall = time.perf_counter() - started
    finally:
        for values in saved:
            rpc(
                "res.company",
                "write",
                [values["id"]],
                {field: values[field] for field in LIMIT_FIELDS},
            )

    complaints = rpc(
        "complaint.complaint",
        "search_read",
        [("subject", "like", f"Load {run} %")],
        fields=["name"],
    )
    numbers = [complaint["name"] for complaint in complaints]
    statuses = {}
    for status, _number, _elapsed in results:
        statuses[status] = statuses.get(status, 0) + 1
    times = sorted(elapsed for _status, _number, elapsed in results)
    errors = log_errors(args.log, offset)
    print(f"submissions:        {args.count} at once ({run})")
    print(f"HTTP statuses:      {statuses}")
    print(
        f"answer time:        median {statistics.median(times):.2f} s, "
        f"max {times[-1]:.2f} s; all answered in {wall:.2f} s"
    )
    print(
        f"complaints created: {len(complaints)}, distinct numbers: {len(set(numbers))}"
    )
    print(f"numbers shown:      {sum(1 for r in results if r[1])} pages named a number")
    print(f"log errors:         {len(errors)}")
    for line in errors[:20]:
        print("   ", line)
    ok = (
        len(complaints) == args.count and len(set(numbers)) == args.count and not errors
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
