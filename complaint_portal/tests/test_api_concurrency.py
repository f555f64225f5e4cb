"""A channel sends the same complaint several times at once: it is filed once.

Real transactions in parallel threads, each with its own cursor and Odoo's
retry on serialization failures, as separate HTTP workers run requests
(``HttpCase`` serializes its requests on one test cursor); what they commit is
deleted at the end.
"""

import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from odoo import Command, api
from odoo.service.model import retrying
from odoo.tests import TransactionCase, tagged
from odoo.tools import mute_logger

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
            "subject": f"Sent at once {index}",
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
