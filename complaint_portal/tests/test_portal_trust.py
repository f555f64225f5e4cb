"""Probes through the doors an attacker uses: JSON-RPC with a real session."""

import json

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import ComplaintPortalCase

INTERNAL_FIELDS = (
    "findings",
    "root_cause",
    "handling_plan",
    "high_risk_reason",
    "validity",
    "emergency_script",
    "user_id",
    "receiver_id",
)


@tagged("post_install", "-at_install")
class TestPortalTrust(ComplaintPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.handler = new_test_user(
            cls.env,
            login="trust_handler",
            password="trust_handler_pw",
            groups="complaint_management.complaint_management_group_user",
            name="Real Handler Name",
        )
        cls.team.member_ids = cls.handler
        cls.complaint_alice.write(
            {
                "user_id": cls.handler.id,
                "receiver_id": cls.handler.id,
                "findings": "<p>Supplier batch 42 is faulty</p>",
                "root_cause": "Bad seal from supplier",
                "validity": "founded",
            }
        )

    def _rpc(self, model, method, args, kwargs=None):
        response = self.url_open(
            f"/web/dataset/call_kw/{model}/{method}",
            data=self._json(model, method, args, kwargs),
            headers={"Content-Type": "application/json"},
        )
        return response.json()

    @staticmethod
    def _json(model, method, args, kwargs):
        return json.dumps(
            {
                "jsonrpc": "2.0",
                "method": "call",
                "params": {
                    "model": model,
                    "method": method,
                    "args": args,
                    "kwargs": kwargs or {},
                },
            }
        )

    def test_portal_user_cannot_read_internal_fields(self):
        complaint = self.complaint_alice.with_user(self.alice)
        for field in INTERNAL_FIELDS:
            with self.subTest(field=field), self.assertRaises(AccessError):
                complaint.read([field])
        # control: what the portal shows her is readable
        [values] = complaint.read(["subject", "state", "handler_public_name"])
        self.assertEqual(values["subject"], "Kettle leaks")
        self.assertNotIn("Real Handler Name", str(values))

    def test_portal_user_read_over_http_leaks_nothing_internal(self):
        self.authenticate("por_alice", "por_alice")
        result = self._rpc(
            "complaint.complaint",
            "read",
            [self.complaint_alice.ids, list(INTERNAL_FIELDS)],
        )
        self.assertIn("error", result)
        # control: what her portal page shows is readable, and names no one inside
        result = self._rpc(
            "complaint.complaint",
            "read",
            [self.complaint_alice.ids, ["subject", "state", "handler_public_name"]],
        )
        [values] = result["result"]
        self.assertEqual(values["subject"], "Kettle leaks")
        self.assertNotIn("Supplier batch 42", str(values))
        self.assertNotIn("Real Handler Name", str(values))

    def test_staff_cannot_close_over_json_rpc(self):
        self.authenticate("trust_handler", "trust_handler_pw")
        result = self._rpc(
            "complaint.complaint",
            "write",
            [
                self.complaint_alice.ids,
                {"state": "closed", "date_closed": "2026-01-01"},
            ],
        )
        self.assertIn("workflow", result["error"]["data"]["message"])
        self.assertEqual(self.complaint_alice.state, "new")
        # control: the workflow action over the same door works
        result = self._rpc(
            "complaint.complaint", "action_register", [self.complaint_alice.ids]
        )
        self.assertNotIn("error", result)
        self.assertIn(self.complaint_alice.state, ("registered", "acknowledged"))

    def test_staff_cannot_approve_a_remedy_over_json_rpc(self):
        remedy = self.env["complaint.remedy"].create(
            {
                "complaint_id": self.complaint_carl.id,
                "type_id": self.env.ref(
                    "complaint_management.complaint_remedy_type_refund"
                ).id,
                "amount": 50000,
            }
        )
        self.assertEqual(remedy.state, "proposed")
        self.authenticate("trust_handler", "trust_handler_pw")
        result = self._rpc(
            "complaint.remedy", "write", [remedy.ids, {"state": "approved"}]
        )
        self.assertIn("error", result)
        result = self._rpc("complaint.remedy", "action_approve", [remedy.ids])
        self.assertIn("manager", result["error"]["data"]["message"])
        self.assertEqual(remedy.state, "proposed")
