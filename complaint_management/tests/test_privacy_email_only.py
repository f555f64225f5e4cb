import io
import json
import zipfile
from datetime import datetime

from odoo.tests import tagged

from .test_privacy_request import PrivacyRequestsCommon


@tagged("post_install", "-at_install")
class TestPrivacyEmailOnly(PrivacyRequestsCommon):
    """A person's complaints filed without a contact (a visitor's form, an
    email from an unknown address) are theirs too: found by the contact's
    email address."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Complaint = cls.env["complaint.complaint"]
        cls.visitor = Complaint.create(
            cls._complaint_vals(
                subject="Filed from the website",
                partner_id=False,
                complainant_name="Wang Fang",
                complainant_email="Wang.Fang@Example.com",
                description="<p>Call me on 13800000000</p>",
            )
        )
        cls.stranger = Complaint.create(
            cls._complaint_vals(
                subject="Someone else's visit",
                partner_id=False,
                complainant_name="Zhao Lei",
                complainant_email="zhao.lei@example.com",
            )
        )
        (cls.visitor | cls.stranger).write(
            {"state": "closed", "date_closed": datetime(2026, 2, 1)}
        )

    def test_export_and_erase_find_the_email_only_complaints(self):
        request = self._request("copy")
        request.action_export()
        archive = zipfile.ZipFile(io.BytesIO(request.export_attachment_id.raw))
        numbers = {c["number"] for c in json.loads(archive.read("complaints.json"))}
        self.assertIn(self.visitor.name, numbers)
        self.assertIn(self.closed.name, numbers)
        # control: another visitor's complaint is not the person's
        self.assertNotIn(self.stranger.name, numbers)
        self._request("deletion").action_erase()
        visitor = self.visitor.sudo()
        self.assertTrue(visitor.is_deidentified)
        self.assertFalse(visitor.complainant_email)
        self.assertNotIn("13800000000", visitor.description or "")
        self.assertFalse(self.stranger.is_deidentified)
        self.assertEqual(self.stranger.sudo().complainant_email, "zhao.lei@example.com")

    def test_a_contact_without_email_finds_only_its_own(self):
        self.customer.email = False
        request = self._request("copy")
        request.action_export()
        archive = zipfile.ZipFile(io.BytesIO(request.export_attachment_id.raw))
        numbers = {c["number"] for c in json.loads(archive.read("complaints.json"))}
        self.assertNotIn(self.visitor.name, numbers)
        self.assertIn(self.closed.name, numbers)

    def test_wildcards_of_an_address_match_nobody_else(self):
        """An address is compared as written: "_" and "%" are no SQL wildcards
        (john_doe@ is not john.doe@, "%@example.com" is not everyone there)."""
        Complaint = self.env["complaint.complaint"]
        namesake = Complaint.create(
            self._complaint_vals(
                subject="A namesake's complaint",
                partner_id=False,
                complainant_name="Wang_Fang",
                complainant_email="wang_fang@example.com",
            )
        )
        self.customer.email = "wang_fang@example.com"
        request = self._request("copy")
        request.action_export()
        archive = zipfile.ZipFile(io.BytesIO(request.export_attachment_id.raw))
        numbers = {c["number"] for c in json.loads(archive.read("complaints.json"))}
        # control: the complaint filed from the same address is the person's
        self.assertIn(namesake.name, numbers)
        self.assertNotIn(self.visitor.name, numbers, "wang.fang@ is someone else")
        self.customer.email = "%@example.com"
        self._request("deletion").action_erase()
        self.assertFalse(self.visitor.sudo().is_deidentified)
        self.assertFalse(self.stranger.sudo().is_deidentified)
