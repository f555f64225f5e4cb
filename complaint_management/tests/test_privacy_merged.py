import io
import json
import zipfile
from datetime import date

from odoo.tests import new_test_user, tagged

from .test_privacy_request import PrivacyRequestsCommon


@tagged("post_install", "-at_install")
class TestPrivacyMerged(PrivacyRequestsCommon):
    """Two contacts of one customer filed the same problem; a manager merged
    Zhang Wei's complaint into Liu Yang's. Zhang Wei's words and files moved
    with it: still theirs to export and to erase."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        acme = cls.env["res.partner"].create({"name": "Acme", "is_company": True})
        cls.zhang = cls.env["res.partner"].create(
            {"name": "Zhang Wei", "email": "zhang@acme.example", "parent_id": acme.id}
        )
        cls.liu = cls.env["res.partner"].create(
            {"name": "Liu Yang", "email": "liu@acme.example", "parent_id": acme.id}
        )
        Complaint = cls.env["complaint.complaint"]
        cls.merged = Complaint.create(
            cls._complaint_vals(subject="Late delivery", partner_id=cls.zhang.id)
        )
        cls.kept = Complaint.create(
            cls._complaint_vals(subject="Late delivery to Acme", partner_id=cls.liu.id)
        )
        photo = cls.env["ir.attachment"].create(
            {"name": "zhang-photo.png", "raw": b"photo", "res_model": "mail.message"}
        )
        cls.merged.message_post(
            body="Zhang here: the pallet arrived crushed",
            author_id=cls.zhang.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachment_ids=photo.ids,
        )
        cls.kept.message_post(
            body="Liu here: two days late",
            author_id=cls.liu.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        # Zhang Wei's upload through their portal account
        portal = new_test_user(
            cls.env, login="cm_zhang_portal", groups="base.group_portal"
        )
        portal.partner_id = cls.zhang
        upload = cls.env["ir.attachment"].create(
            {
                "name": "zhang-delivery-note.pdf",
                "raw": b"note",
                "res_model": "complaint.complaint",
                "res_id": cls.merged.id,
            }
        )
        cls.env.cr.execute(
            "UPDATE ir_attachment SET create_uid = %s WHERE id = %s",
            (portal.id, upload.id),
        )
        upload.invalidate_recordset(["create_uid"])
        # each gave their consent at intake; the merge copies Zhang Wei's
        Consent = cls.env["complaint.privacy.consent"]
        for complaint, person in ((cls.merged, cls.zhang), (cls.kept, cls.liu)):
            Consent.create(
                {
                    "complaint_id": complaint.id,
                    "partner_id": person.id,
                    "consent_type": "processing",
                    "channel": "staff",
                }
            )
        cls.kept.with_user(cls.complaint_manager)._merge(cls.merged)
        # Zhang Wei also wrote on a colleague's complaint never merged with
        # theirs (as the customer's buyer): that case is the colleague's
        cls.unrelated = Complaint.create(
            cls._complaint_vals(subject="Wrong invoice", partner_id=cls.liu.id)
        )
        cls.unrelated.message_post(
            body="Zhang adds: the invoice lists 12 pallets",
            author_id=cls.zhang.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )

    def _zhang_request(self, request_type):
        return (
            self.env["complaint.privacy.request"]
            .with_user(self.privacy_officer)
            .create(
                {
                    "partner_id": self.zhang.id,
                    "request_type": request_type,
                    "date_received": date(2026, 3, 2),
                }
            )
        )

    def _messages(self, complaint, text):
        return self.env["mail.message"].search(
            [
                ("model", "=", complaint._name),
                ("res_id", "=", complaint.id),
                ("body", "ilike", text),
            ]
        )

    def test_export_carries_what_the_person_wrote_on_the_kept_complaint(self):
        self.assertTrue(self._messages(self.kept, "pallet arrived crushed"))
        request = self._zhang_request("copy")
        request.action_export()
        archive = zipfile.ZipFile(io.BytesIO(request.export_attachment_id.raw))
        messages = json.loads(archive.read("messages.json"))
        bodies = [message["body"] for message in messages]
        self.assertIn("Zhang here: the pallet arrived crushed", bodies)
        self.assertNotIn("Liu here: two days late", bodies, "a colleague's words")
        self.assertNotIn(
            "Zhang adds: the invoice lists 12 pallets", bodies, "a colleague's case"
        )
        names = archive.namelist()
        self.assertTrue(any(n.endswith("zhang-photo.png") for n in names))
        self.assertTrue(any(n.endswith("zhang-delivery-note.pdf") for n in names))

    def test_erasure_waits_for_the_kept_complaint_then_removes_their_part(self):
        request = self._zhang_request("deletion")
        request.action_erase()
        # the kept complaint is still handled: their part stays, and says why
        self.assertTrue(self._messages(self.kept, "pallet arrived crushed"))
        self.assertIn(self.kept.name, request.outcome)
        self.assertIn("still being handled", request.outcome)
        # their merged complaint leads to it: kept until then, and said so
        self.assertFalse(self.merged.is_deidentified)
        self.assertIn(f"Kept: complaint(s) {self.merged.name}", request.outcome)
        self.kept.write({"state": "closed"})
        again = self._zhang_request("deletion")
        again.action_erase()
        self.assertFalse(self._messages(self.kept, "pallet arrived crushed"))
        files = self.env["ir.attachment"].search(
            [("name", "in", ("zhang-photo.png", "zhang-delivery-note.pdf"))]
        )
        self.assertFalse(files)
        self.assertIn("Erased: their messages and files", again.outcome)
        self.assertTrue(self.merged.is_deidentified)
        # their consent copied there stays as evidence, without them
        consents = self.kept.sudo().consent_ids
        self.assertNotIn(self.zhang, consents.partner_id)
        self.assertEqual(len(consents), 2)
        # the colleague's complaint and words stay theirs
        self.assertIn(self.liu, consents.partner_id)
        self.assertTrue(self._messages(self.kept, "Liu here: two days late"))
        self.assertFalse(self.kept.is_deidentified)
        self.assertEqual(self.kept.partner_id, self.liu)

    def test_another_companys_request_leaves_this_companys_complaints(self):
        """A request is its company's: the consents and ratings a merge
        brought to this company's complaint are not erased, nor its number
        named, by a request of a sister company where the person has none."""
        self.kept.write({"state": "closed"})
        sister = self.env["res.company"].create({"name": "Sister Company"})
        self.privacy_officer.company_ids |= sister
        request = (
            self.env["complaint.privacy.request"]
            .with_user(self.privacy_officer)
            .with_company(sister)
            .create(
                {
                    "partner_id": self.zhang.id,
                    "request_type": "deletion",
                    "company_id": sister.id,
                    "date_received": date(2026, 3, 2),
                }
            )
        )
        request.action_erase()
        self.assertIn(self.zhang, self.kept.sudo().consent_ids.partner_id)
        self.assertNotIn(self.kept.name, request.outcome)
        # control: this company's request erases them
        self._zhang_request("deletion").action_erase()
        self.assertNotIn(self.zhang, self.kept.sudo().consent_ids.partner_id)

    def test_a_withdrawal_withdraws_the_requesters_consents_only(self):
        """Liu Yang withdraws their consent: Zhang Wei's consent, copied to
        Liu Yang's complaint by the merge, is still given."""
        request = (
            self.env["complaint.privacy.request"]
            .with_user(self.privacy_officer)
            .create(
                {
                    "partner_id": self.liu.id,
                    "request_type": "withdrawal",
                    "date_received": date(2026, 3, 2),
                    "outcome": "Consent withdrawn.",
                }
            )
        )
        request.action_done()
        consents = self.kept.sudo().consent_ids
        liu = consents.filtered(lambda c: c.partner_id == self.liu)
        zhang = consents.filtered(lambda c: c.partner_id == self.zhang)
        self.assertTrue(liu.date_withdrawn)
        self.assertTrue(zhang)
        self.assertFalse(zhang.date_withdrawn)
        # the complaint no longer counts as consented by its complainant
        self.assertFalse(self.kept.privacy_consent_given)

    def test_a_merge_gives_no_consent_to_the_kept_complainant(self):
        """Zhang Wei's consented complaint merged into one whose complainant
        never consented: the kept complaint counted as consented (and left
        the "No Privacy Consent" list)."""
        Complaint = self.env["complaint.complaint"]
        consented = Complaint.create(
            self._complaint_vals(
                subject="Crushed pallet",
                partner_id=self.zhang.id,
                privacy_consent_given=True,
            )
        )
        unconsented = Complaint.create(
            self._complaint_vals(subject="Crushed pallet again", partner_id=self.liu.id)
        )
        self.assertFalse(unconsented.privacy_consent_given)
        unconsented.with_user(self.complaint_manager)._merge(consented)
        self.assertFalse(unconsented.privacy_consent_given)
        self.assertIn(self.zhang, unconsented.sudo().consent_ids.partner_id)
        # control: merged into another complaint of the same person, their
        # consent counts there
        again = Complaint.create(
            self._complaint_vals(subject="Pallet, by phone", partner_id=self.zhang.id)
        )
        self.assertFalse(again.privacy_consent_given)
        second = Complaint.create(
            self._complaint_vals(
                subject="Pallet, by email",
                partner_id=self.zhang.id,
                privacy_consent_given=True,
            )
        )
        again.with_user(self.complaint_manager)._merge(second)
        self.assertTrue(again.privacy_consent_given)

    def test_the_kept_complaints_export_leaves_the_colleagues_part_out(self):
        """Liu Yang's copy of their data: their words and the staff's reply
        on their complaint, not Zhang Wei's message, files nor rating moved
        there by the merge."""
        self.kept.message_post(
            body="We are sorry for the delay",
            author_id=self.complaint_manager.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        Rating = self.env["rating.rating"]
        for person, value in ((self.zhang, 1), (self.liu, 4)):
            Rating.create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("complaint.complaint"),
                    "res_id": self.kept.id,
                    "partner_id": person.id,
                    "rating": value,
                    "consumed": True,
                }
            )
        request = (
            self.env["complaint.privacy.request"]
            .with_user(self.privacy_officer)
            .create(
                {
                    "partner_id": self.liu.id,
                    "request_type": "copy",
                    "date_received": date(2026, 3, 2),
                }
            )
        )
        request.action_export()
        archive = zipfile.ZipFile(io.BytesIO(request.export_attachment_id.raw))
        bodies = [m["body"] for m in json.loads(archive.read("messages.json"))]
        self.assertIn("Liu here: two days late", bodies)
        self.assertIn("We are sorry for the delay", bodies)
        self.assertNotIn("Zhang here: the pallet arrived crushed", bodies)
        names = archive.namelist()
        self.assertFalse(any("zhang" in name for name in names), names)
        complaints = json.loads(archive.read("complaints.json"))
        kept = next(c for c in complaints if c["number"] == self.kept.name)
        self.assertEqual([r["rating"] for r in kept["ratings"]], [4])
        # their consents, not Zhang Wei's copied with the merge
        consents = self.kept.sudo().consent_ids
        self.assertIn(self.zhang, consents.partner_id)
        liu_consents = consents.filtered(lambda c: c.partner_id == self.liu)
        self.assertEqual(
            len(json.loads(archive.read("consents.json"))), len(liu_consents)
        )
