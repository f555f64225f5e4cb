"""A channel sends the same complaint, or the same message, several times at
once: it is filed, or posted, once.

Real transactions in parallel threads, each with its own cursor and Odoo's
retry on serialization failures, as separate HTTP workers run requests
(``HttpCase`` serializes its requests on one test cursor); what they commit is
deleted at the end.
"""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from unittest.mock import patch

from odoo import Command, api
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

from ..models.complaint_api_mixin import ComplaintApiMixin

API_GROUP = "complaint_portal.complaint_portal_group_api"


@tagged("post_install", "-at_install")
class TestComplaintApiConcurrency(TransactionCase):
    WORKERS = 8

    def setUp(self):
        super().setUp()
        self.run_id = uuid.uuid4().hex[:8]
        self.ip = f"192.0.2.{uuid.uuid4().int % 250}"
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            self.channel_uid = (
                env["res.users"]
                .create(
                    {
                        "name": f"Channel {self.run_id}",
                        "login": f"api_concurrency_{self.run_id}",
                        "groups_id": [
                            Command.set(
                                [
                                    env.ref("base.group_portal").id,
                                    env.ref(API_GROUP).id,
                                ]
                            )
                        ],
                    }
                )
                .id
            )
        self.addCleanup(self._cleanup)

    def _cleanup(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, api.SUPERUSER_ID, {})
            complaints = env["complaint.complaint"].search(
                [("api_user_id", "=", self.channel_uid)]
            )
            partners = complaints.partner_id
            env["mail.mail"].search(
                [("model", "=", complaints._name), ("res_id", "in", complaints.ids)]
            ).unlink()
            complaints.unlink()
            partners.unlink()
            user = env["res.users"].browse(self.channel_uid)
            user_partner = user.partner_id
            user.unlink()
            user_partner.unlink()
            RateLog = env["complaint.portal.rate.log"]
            keys = (
                RateLog._key("api-user", str(self.channel_uid)),
                RateLog._key("api-ip", self.ip),
            )
            cr.execute("DELETE FROM complaint_portal_rate_log WHERE key IN %s", [keys])

    def _submit(self, barrier, index):
        payload = {
            "external_ref": f"SAME-{self.run_id}",
            # the same filing: the channel lost the answer and sent it again
            "subject": "Sent at once",
            "description": "The channel lost the answer and sent again.",
            "complainant": {"name": "Zhang Wei", "email": "zhang.wei@example.com"},
            "privacy_consent": True,
        }
        barrier.wait()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, self.channel_uid, {"lang": "en_US"})
            body, status = retrying(
                partial(env["complaint.api"]._api_submit, payload, self.ip), env
            )
            return status, body["id"]

    def test_same_reference_sent_at_once_is_filed_once(self):
        barrier = threading.Barrier(self.WORKERS)
        with (
            mute_logger("odoo.sql_db", "odoo.service.model"),
            ThreadPoolExecutor(max_workers=self.WORKERS) as pool,
        ):
            results = list(
                pool.map(partial(self._submit, barrier), range(self.WORKERS))
            )
        statuses = sorted(status for status, _id in results)
        self.assertEqual(statuses, [200] * (self.WORKERS - 1) + [201])
        self.assertEqual(len({complaint_id for _status, complaint_id in results}), 1)
        with self.registry.cursor() as cr:
            cr.execute(
                "SELECT count(*) FROM complaint_complaint WHERE api_user_id = %s",
                [self.channel_uid],
            )
            self.assertEqual(cr.fetchone()[0], 1, "filed once")

    def _post(self, barrier, ref, index):
        # a retry: the same reference and content
        payload = {"ref": f"MSG-{self.run_id}", "body": "Sent at once"}
        barrier.wait()
        with self.registry.cursor() as cr:
            env = api.Environment(cr, self.channel_uid, {"lang": "en_US"})
            body, status = retrying(
                partial(env["complaint.api"]._api_add_message, ref, payload), env
            )
            return status, body["message"]["id"]

    def test_same_message_reference_sent_at_once_is_posted_once(self):
        with self.registry.cursor() as cr:
            env = api.Environment(cr, self.channel_uid, {"lang": "en_US"})
            body, status = env["complaint.api"]._api_submit(
                {
                    "external_ref": f"MSGS-{self.run_id}",
                    "subject": "A complaint the channel writes to",
                    "description": "Then it sends the same message at once.",
                    "complainant": {"name": "Li Na", "email": "li.na@example.com"},
                    "privacy_consent": True,
                },
                self.ip,
            )
            self.assertEqual(status, 201)
            ref = body["external_ref"]
            # a message already: what a first one touches is not what guards
            _message, status = env["complaint.api"]._api_add_message(
                ref, {"ref": f"FIRST-{self.run_id}", "body": "A first message."}
            )
            self.assertEqual(status, 201)
        # every request looks the reference up before any of them posts: the
        # worst timing, made certain (each request's first try only)
        looked_up = threading.Barrier(self.WORKERS, timeout=30)
        first_try = threading.local()
        lookup = ComplaintApiMixin._api_message_by_ref

        def lookup_then_wait(complaint, message_ref):
            found = lookup(complaint, message_ref)
            if not getattr(first_try, "done", False):
                first_try.done = True
                self.assertFalse(found)
                looked_up.wait()
            return found

        barrier = threading.Barrier(self.WORKERS)
        with (
            patch.object(ComplaintApiMixin, "_api_message_by_ref", lookup_then_wait),
            mute_logger("odoo.sql_db", "odoo.service.model"),
            ThreadPoolExecutor(max_workers=self.WORKERS) as pool,
        ):
            results = list(
                pool.map(partial(self._post, barrier, ref), range(self.WORKERS))
            )
        statuses = sorted(status for status, _id in results)
        self.assertEqual(statuses, [200] * (self.WORKERS - 1) + [201])
        self.assertEqual(len({message_id for _status, message_id in results}), 1)
        with self.registry.cursor() as cr:
            channel = api.Environment(cr, self.channel_uid, {})
            complaint = channel["complaint.complaint"].browse(body["id"])
            cr.execute(
                "SELECT count(*) FROM mail_message WHERE model = %s AND res_id = %s "
                "AND message_id = %s",
                [
                    "complaint.complaint",
                    body["id"],
                    complaint._api_message_id(f"MSG-{self.run_id}"),
                ],
            )
            self.assertEqual(cr.fetchone()[0], 1, "posted once")
