import io
import json
import zipfile

from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_privacy_request import PrivacyRequestsCommon


@tagged("post_install", "-at_install")
class TestPrivacyRequestScope(PrivacyRequestsCommon):
    """What a request answers is what was carried out for its requester."""

    def test_an_exported_request_does_not_change_requester(self):
        request = self._request("access")
        request.action_export()
        with self.assertRaises(UserError):
            request.partner_id = self.other_customer
        with self.assertRaises(UserError):
            request.request_type = "deletion"
        self.assertEqual(request.partner_id, self.customer)
        # her address's complaints included once checked: the zip made
        # without them goes, to be made again
        zip_file = request.export_attachment_id
        request.include_email_matches = True
        self.assertFalse(request.export_attachment_id)
        self.assertFalse(zip_file.exists())
        # control: before anything is carried out, a wrong requester is fixed
        typo = self._request("access")
        typo.partner_id = self.other_customer
        self.assertEqual(typo.partner_id, self.other_customer)
        # and the deadline or the description still change after the export
        request.description = "Asked by phone."
        self.assertEqual(request.description, "Asked by phone.")

    def test_done_only_once_the_right_is_carried_out(self):
        deletion = self._request("deletion", outcome="Erased.")
        with self.assertRaises(UserError):
            deletion.action_done()
        deletion.action_erase()
        deletion.action_done()
        self.assertEqual(deletion.state, "done")
        copy = self._request("copy", outcome="Sent by email.")
        with self.assertRaises(UserError):
            copy.action_done()
        copy.action_export()
        copy.action_done()
        self.assertEqual(copy.state, "done")
        # control: a correction or a withdrawal is done with its outcome
        correction = self._request("correction", outcome="Phone corrected.")
        correction.action_done()
        self.assertEqual(correction.state, "done")
        # a request that cannot be carried out is refused, with its reason
        refused = self._request("deletion", refusal_reason="Not the requester.")
        refused.action_refuse()
        self.assertEqual(refused.state, "refused")

    def test_the_export_gives_no_name_of_staff_who_left(self):
        self.complaint_user.action_archive()
        request = self._request("copy")
        request.action_export()
        archive = zipfile.ZipFile(io.BytesIO(request.export_attachment_id.raw))
        reply = next(
            m
            for m in json.loads(archive.read("messages.json"))
            if "new kettle" in m["body"]
        )
        self.assertEqual(reply["author"], self.closed.company_id.name)

    def test_an_erasure_keeps_what_an_outside_body_still_handles(self):
        case = self.env["complaint.external.case"].create(
            {
                "complaint_id": self.closed.id,
                "body_id": self.env.ref(
                    "complaint_management.complaint_external_body_consumer_council"
                ).id,
                "reference": "CC-ERASE",
                "negotiation_process": "Called Ms Wang on Monday.",
            }
        )
        request = self._request("deletion")
        request.action_erase()
        self.assertFalse(self.closed.is_deidentified)
        self.assertEqual(case.negotiation_process, "Called Ms Wang on Monday.")
        self.assertIn(self.closed.name, request.outcome)
        self.assertIn("outside body", request.outcome)
        # control: the case concluded, erased on the next request
        case.action_settle()
        again = self._request("deletion")
        again.action_erase()
        self.assertTrue(self.closed.is_deidentified)
