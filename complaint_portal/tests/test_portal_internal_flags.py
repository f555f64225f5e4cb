"""The handling flags and amounts staff work with (remedies still awaiting
approval, high risk, batch, escalation, retention hold, assessment) are not
readable by complainants; their portal page still shows what is theirs."""

import json

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import ComplaintPortalCase

INTERNAL_FLAGS = (
    "remedy_amount_total",
    "is_compensable",
    "is_high_risk",
    "is_batch",
    "keep_permanently",
    "is_safety_issue",
    "immediate_action_needed",
    "immediate_action_effective",
    "is_escalated",
    # the detection's findings and the claim's band: triage, not the customer's
    "is_repeat",
    "repeat_of_ids",
    "repeat_count",
    "amount_band_id",
    # the company's corrective actions taken on it
    "corrective_action_ids",
    "corrective_action_count",
)


@tagged("post_install", "-at_install")
class TestPortalInternalFlags(ComplaintPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.handler = new_test_user(
            cls.env,
            login="flags_handler",
            groups="complaint_management.complaint_management_group_user",
            name="Flags Handler",
        )
        cls.team.member_ids = cls.handler
        # a large remedy waits for a manager: no proposal was made yet
        cls.env["complaint.remedy"].create(
            {
                "complaint_id": cls.complaint_alice.id,
                "type_id": cls.env.ref(
                    "complaint_management.complaint_remedy_type_refund"
                ).id,
                "amount": 50000,
            }
        )
        cls.complaint_alice.write({"is_high_risk": True, "keep_permanently": True})

    def test_portal_user_cannot_read_the_flags(self):
        Complaint = self.env["complaint.complaint"].with_user(self.alice)
        for field in INTERNAL_FLAGS:
            with self.subTest(field=field):
                with self.assertRaises(AccessError):
                    Complaint.search_read([], [field])
                with self.assertRaises(AccessError):
                    self.complaint_alice.with_user(self.alice).read([field])
        # control: what her page shows is readable
        [values] = Complaint.search_read(
            [("id", "=", self.complaint_alice.id)], ["name", "state", "is_open"]
        )
        self.assertEqual(values["state"], "new")
        self.assertTrue(values["is_open"])

    def test_portal_user_search_read_over_json_rpc(self):
        self.authenticate("por_alice", "por_alice")

        def search_read(fields):
            response = self.url_open(
                "/web/dataset/call_kw/complaint.complaint/search_read",
                data=json.dumps(
                    {
                        "jsonrpc": "2.0",
                        "method": "call",
                        "params": {
                            "model": "complaint.complaint",
                            "method": "search_read",
                            "args": [[], fields],
                            "kwargs": {},
                        },
                    }
                ),
                headers={"Content-Type": "application/json"},
            )
            return response.json()

        result = search_read(list(INTERNAL_FLAGS))
        self.assertIn("error", result)
        self.assertNotIn("50000", json.dumps(result))
        # control
        result = search_read(["name", "state"])
        self.assertIn(
            self.complaint_alice.name, [row["name"] for row in result["result"]]
        )

    def test_control_portal_page_still_renders(self):
        self.authenticate("por_alice", "por_alice")
        page = self.url_open(f"/my/complaints/{self.complaint_alice.id}")
        self.assertEqual(page.status_code, 200)
        self.assertIn("Kettle leaks", page.text)
        listing = self.url_open("/my/complaints")
        self.assertEqual(listing.status_code, 200)
        self.assertIn(self.complaint_alice.name, listing.text)

    def test_control_staff_read_the_flags(self):
        [values] = self.complaint_alice.with_user(self.handler).read(
            list(INTERNAL_FLAGS)
        )
        self.assertEqual(values["remedy_amount_total"], 50000)
        self.assertTrue(values["is_high_risk"])

    def test_portal_user_cannot_read_internal_notes_by_id(self):
        complaint = self.complaint_alice
        # a note logged by the system (a notification, not a comment: core's
        # own check refuses internal comments only)
        note = complaint.sudo()._message_log(
            body="Handler Flags Handler: customer misused the kettle"
        )
        public = complaint.message_post(
            body="We are looking into it",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        Message = self.env["mail.message"].with_user(self.alice)
        found = Message.search([("model", "=", complaint._name)])
        self.assertNotIn(note, found)
        self.assertIn(public, found)
        with self.assertRaises(AccessError):
            Message.browse(note.id).read(["body"])
        # control: the public message is hers to read, staff read the note
        self.assertIn(
            "looking into it", Message.browse(public.id).read(["body"])[0]["body"]
        )
        self.assertIn("misused", note.with_user(self.handler).read(["body"])[0]["body"])
        # over JSON-RPC as well
        self.authenticate("por_alice", "por_alice")
        refused = self._rpc("mail.message", "read", [[note.id], ["body"]])
        self.assertNotIn("misused", json.dumps(refused))
        self.assertIn("error", refused)
        allowed = self._rpc("mail.message", "read", [[public.id], ["body"]])
        self.assertIn("looking into it", json.dumps(allowed["result"]))
