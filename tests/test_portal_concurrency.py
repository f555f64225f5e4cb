"""Many visitors at once: nothing lost, no duplicate number, the rate limit holds.

Two versions, because Odoo's ``HttpCase`` cannot show real database concurrency:
its test server runs each request in its own thread, but every request shares the
test transaction through a ``TestCursor`` whose lock serializes them. So:

* ``TestPortalConcurrencyHttp`` fires the requests from many threads at once at the
  test server (real HTTP, real routing, CSRF, sessions), rolled back at the end;
* ``TestPortalConcurrencyDatabase`` calls the submission method from threads that
  each hold a real cursor of their own and commit, exactly as separate HTTP workers
  would; the rows it commits are deleted at the end.
"""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

import requests

from odoo import api
from odoo.tests import TransactionCase, tagged

from odoo.addons.complaint_portal.tests.common import ComplaintPortalCase

TOO_MANY = "too many complaints in a short time"


@tagged("post_install", "-at_install")
class TestPortalConcurrencyHttp(ComplaintPortalCase):
    def _sessions(self, count):
        """Sessions sharing the test session (its CSRF token stays valid)."""
        csrf = self._csrf()
        # read here, not in the threads (they share no cursor)
        self.notice_id = self._shown_notice_id()
        sessions = []
        for _index in range(count):
            session = requests.Session()
            session.cookies.update(self.opener.cookies)
            session.headers.update(self.opener.headers)
            sessions.append(session)
        return csrf, sessions

    def _post(self, session, csrf, index, run):
        return session.post(
            self.base_url() + "/complaint/new",
            data={
                "csrf_token": csrf,
                "name": f"Visitor {index}",
                "email": f"visitor{index}-{run}@load.example.com",
                "subject": f"Load {run} {index}",
                "description": "Submitted concurrently.",
                "privacy_consent": "on",
                "privacy_notice_id": self.notice_id,
            },
            timeout=120,
        )

    def test_50_concurrent_visitor_submissions(self):
        self.company.complaint_portal_limit_ip = 1000
        self.company.complaint_portal_limit_email = 1000
        run = uuid.uuid4().hex[:8]
        csrf, sessions = self._sessions(50)
        barrier = threading.Barrier(50)
        responses = [None] * 50

        def submit(index):
            barrier.wait()
            responses[index] = self._post(sessions[index], csrf, index, run)

        threads = [threading.Thread(target=submit, args=(i,)) for i in range(50)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        self.assertEqual([r.status_code for r in responses], [200] * 50)
        complaints = self.env["complaint.complaint"].search(
            [("subject", "=like", f"Load {run} %")]
        )
        self.assertEqual(len(complaints), 50, "nothing lost")
        self.assertEqual(len(set(complaints.mapped("name"))), 50, "distinct numbers")
        self.assertEqual(
            set(complaints.mapped("subject")), {f"Load {run} {i}" for i in range(50)}
        )
        for index, response in enumerate(responses):
            complaint = complaints.filtered(
                lambda c, i=index: c.subject.endswith(f" {i}")
            )
            self.assertIn(complaint.name, response.text)

    def test_burst_of_200_is_cut_off_at_the_default_limit(self):
        limit = self.company.complaint_portal_limit_ip
        self.assertLess(limit, 50, "the default stops a script filing in bulk")
        run = uuid.uuid4().hex[:8]
        csrf, sessions = self._sessions(20)
        with ThreadPoolExecutor(max_workers=20) as pool:
            responses = list(
                pool.map(
                    lambda i: self._post(sessions[i % 20], csrf, i, run), range(200)
                )
            )
        accepted = [r for r in responses if r.status_code == 200]
        refused = [r for r in responses if r.status_code == 400]
        self.assertEqual(len(accepted), limit)
        self.assertEqual(len(refused), 200 - limit)
        self.assertTrue(all(TOO_MANY in r.text for r in refused))
        created = self.env["complaint.complaint"].search_count(
            [("subject", "=like", f"Load {run} %")]
        )
        self.assertEqual(created, limit, "nothing past the limit is created")


@tagged("post_install", "-at_install")
class TestPortalConcurrencyDatabase(TransactionCase):
    """Real transactions in parallel threads (committed, then cleaned up)."""

    WORKERS = 25  # two connections each at peak; PostgreSQL allows 100 in all

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.public_uid = cls.env.ref("base.public_user").id
        cls.company_id = cls.env.company.id

    def setUp(self):
        super().setUp()
        self.run_id = uuid.uuid4().hex[:8]
        self.ip = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.7"
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT complaint_portal_limit_ip, complaint_portal_limit_email"
                " FROM res_company WHERE id = %s",
                [self.company_id],
            )
            saved = cr.fetchone()
        self.addCleanup(self._cleanup, saved)

    def _set_limits(self, ip_limit, email_limit):
        with self.registry.cursor() as cr:
            cr.execute(
                "UPDATE res_company SET complaint_portal_limit_ip = %s,"
                " complaint_portal_limit_email = %s WHERE id = %s",
                [ip_limit, email_limit, self.company_id],
            )

    def _cleanup(self, saved):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            complaints = env["complaint.complaint"].search(
                [("subject", "=like", f"RealLoad {self.run_id} %")]
            )
            partners = complaints.partner_id
            env["mail.mail"].search(
                [
                    ("model", "=", "complaint.complaint"),
                    ("res_id", "in", complaints.ids),
                ]
            ).unlink()
            complaints.unlink()
            partners.unlink()
            RateLog = env["complaint.portal.rate.log"]
            keys = [RateLog._key("ip", self.ip)] + [
                RateLog._key("email", f"visitor{i}-{self.run_id}@load.example.com")
                for i in range(200)
            ]
            cr.execute(
                "DELETE FROM complaint_portal_rate_log WHERE key IN %s", [tuple(keys)]
            )
            cr.execute(
                "UPDATE res_company SET complaint_portal_limit_ip = %s,"
                " complaint_portal_limit_email = %s WHERE id = %s",
                [*saved, self.company_id],
            )

    def _submit(self, index):
        with self.registry.cursor() as cr:
            env = api.Environment(
                cr,
                self.public_uid,
                {"lang": "en_US", "allowed_company_ids": [self.company_id]},
            )
            complaint, errors = env["complaint.complaint"]._portal_submit(
                {
                    "name": f"Visitor {index}",
                    "email": f"visitor{index}-{self.run_id}@load.example.com",
                    "subject": f"RealLoad {self.run_id} {index}",
                    "description": "Submitted concurrently.",
                    "privacy_consent": "on",
                    "privacy_notice_id": str(
                        env["complaint.privacy.notice"]._current().id or ""
                    ),
                },
                [],
                self.ip,
            )
            return complaint.id, complaint.sudo().name, errors

    def _created(self):
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT name FROM complaint_complaint WHERE subject LIKE %s",
                [f"RealLoad {self.run_id} %"],
            )
            return [row[0] for row in cr.fetchall()]

    def _run(self, count):
        barrier = threading.Barrier(self.WORKERS)

        def task(index):
            if index < self.WORKERS:
                barrier.wait()  # the first wave starts at the same instant
            return self._submit(index)

        with ThreadPoolExecutor(max_workers=self.WORKERS) as pool:
            return list(pool.map(task, range(count)))

    def test_50_parallel_transactions(self):
        self._set_limits(1000, 1000)
        results = self._run(50)
        self.assertEqual([errors for _id, _name, errors in results], [{}] * 50)
        names = self._created()
        self.assertEqual(len(names), 50, "nothing lost")
        self.assertEqual(len(set(names)), 50, "distinct tracking numbers")
        self.assertEqual(set(names), {name for _id, name, _errors in results})

    def test_burst_of_200_parallel_transactions_stops_at_the_limit(self):
        self._set_limits(10, 1000)
        results = self._run(200)
        accepted = [r for r in results if not r[2]]
        refused = [r for r in results if r[2]]
        self.assertEqual(len(accepted), 10)
        self.assertEqual(len(refused), 190)
        self.assertTrue(all(TOO_MANY in r[2]["form"] for r in refused))
        self.assertEqual(len(self._created()), 10, "nothing past the limit")
