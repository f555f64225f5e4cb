import io
import json
import zipfile
from datetime import datetime

from odoo.exceptions import UserError
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
        request = self._request("copy", include_email_matches=True)
        request.action_export()
        archive = zipfile.ZipFile(io.BytesIO(request.export_attachment_id.raw))
        numbers = {c["number"] for c in json.loads(archive.read("complaints.json"))}
        self.assertIn(self.visitor.name, numbers)
        self.assertIn(self.closed.name, numbers)
        # control: another visitor's complaint is not the person's
        self.assertNotIn(self.stranger.name, numbers)
        self._request("deletion", include_email_matches=True).action_erase()
        visitor = self.visitor.sudo()
        self.assertTrue(visitor.is_deidentified)
        self.assertFalse(visitor.complainant_email)
        self.assertNotIn("13800000000", visitor.description or "")
        self.assertFalse(self.stranger.is_deidentified)
        self.assertEqual(self.stranger.sudo().complainant_email, "zhao.lei@example.com")

    def test_a_contact_without_email_finds_only_its_own(self):
        self.customer.email = False
        request = self._request("copy", include_email_matches=True)
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
        request = self._request("copy", include_email_matches=True)
        request.action_export()
        archive = zipfile.ZipFile(io.BytesIO(request.export_attachment_id.raw))
        numbers = {c["number"] for c in json.loads(archive.read("complaints.json"))}
        # control: the complaint filed from the same address is the person's
        self.assertIn(namesake.name, numbers)
        self.assertNotIn(self.visitor.name, numbers, "wang.fang@ is someone else")
        self.customer.email = "%@example.com"
        self._request("deletion", include_email_matches=True).action_erase()
        self.assertFalse(self.visitor.sudo().is_deidentified)
        self.assertFalse(self.stranger.sudo().is_deidentified)

    def test_the_address_counts_once_the_officer_includes_it(self):
        """The customer may change their address in the portal: taking the
        address of someone else must not hand over (or erase) that person's
        complaints."""
        self.customer.email = "zhao.lei@example.com"
        request = self._request("deletion")
        self.assertEqual(request.email_match_count, 1)
        self.assertNotIn(self.stranger, request._complaints())
        request.action_erase()
        self.assertFalse(self.stranger.sudo().is_deidentified)
        self.assertTrue(self.closed.sudo().is_deidentified, "the contact's own")
        # control: once the officer checked the address, they are included
        request.include_email_matches = True
        self.assertIn(self.stranger, request._complaints())
        # the erasure made on the narrower scope no longer carries it out
        with self.assertRaises(UserError):
            request.action_done()
        request.action_erase()
        self.assertTrue(self.stranger.sudo().is_deidentified)
        request.action_done()
        self.assertEqual(request.state, "done")

    def test_a_website_contact_of_the_same_address_is_the_person(self):
        """The website form and the API file under a contact of their own:
        with the address included, the export, the erasure and the withdrawal
        reach those complaints too."""
        web_contact = self.env["res.partner"].create(
            {"name": "Wang Fang", "email": "wang.fang@example.com"}
        )
        web = self.env["complaint.complaint"].create(
            self._complaint_vals(
                subject="Filed on the website",
                partner_id=web_contact.id,
                privacy_consent_given=True,
            )
        )
        withdrawal = self._request(
            "withdrawal", outcome="Consent withdrawn.", include_email_matches=True
        )
        self.assertIn(web, withdrawal._complaints())
        withdrawal.action_done()
        self.assertFalse(web.consent_ids.is_active)
        # control: another person's consent stays
        self.assertTrue(self.others.consent_ids.is_active)

    def test_an_export_goes_when_a_complaint_it_holds_is_de_identified(self):
        """The export included the visitor's complaint found by the address:
        de-identified by the retention job, the complaint's data was left in
        the zip (only the exports asked for its own contact were deleted)."""
        with_matches = self._request("copy", include_email_matches=True)
        with_matches.action_export()
        own_only = self._request("access")
        own_only.action_export()
        self.visitor.sudo()._deidentify()
        self.assertFalse(with_matches.export_attachment_id.exists())
        # control: an export of the contact's own complaints held nothing of it
        self.assertTrue(own_only.export_attachment_id.exists())

    def test_the_address_checked_is_the_one_that_counts(self):
        """The customer changed their address in the portal after the officer
        had checked it and included its complaints: the erasure then took the
        new address's complaints, a stranger's, for theirs."""
        request = self._request("deletion", include_email_matches=True)
        self.assertEqual(request.verified_email, "wang.fang@example.com")
        # what /my/account does for the customer
        self.customer.sudo().email = "zhao.lei@example.com"
        self.assertNotIn(self.stranger, request._complaints())
        request.action_erase()
        self.assertFalse(self.stranger.sudo().is_deidentified)
        self.assertTrue(self.visitor.sudo().is_deidentified, "the address checked")
        # nor is the address written over JSON-RPC
        with self.assertRaises(UserError), self.env.cr.savepoint():
            request.with_user(self.complaint_manager).write(
                {"verified_email": "zhao.lei@example.com"}
            )
        # control: ticked again, the address checked now is the new one
        other = self._request("copy")
        other.include_email_matches = True
        self.assertEqual(other.verified_email, "zhao.lei@example.com")
        self.assertIn(self.stranger, other._complaints())
