"""What the complained-about party reads of the complaint: the case for
the party, the description without the complainant's contact data, written
by officers."""

from odoo.exceptions import UserError
from odoo.tests import tagged
from odoo.tools import mute_logger

from ..tools.redact import mask_contact
from .test_party import REPLY, PartyCommon


@tagged("post_install", "-at_install")
class TestPartyCase(PartyCommon):
    def test_forward_masks_the_complainant_in_the_description(self):
        """An emailed complaint's description often ends with its writer's
        name, phone and address: the party gets the case without them."""
        complaint = self._complaint(
            description="<p>The kettle of order S00042 leaks since 2026-02-20."
            "</p><p>Wang Fang, +86 138 0000 1111, 139-1234-5678, "
            "wang.fang@example.com, 1 Secret Road, ID 11010519491231002X</p>",
        )
        self.assertFalse(complaint.party_description, "filled at the forward")
        self._forward(complaint)
        party_case = complaint.party_description
        for private in (
            "Wang Fang",
            "wang.fang@example.com",
            "138 0000 1111",
            "139-1234-5678",
            "Secret Road",
            "11010519491231002X",
        ):
            self.assertNotIn(private, party_case)
        # control: what the party needs to find the case stays
        self.assertIn("S00042", party_case)
        self.assertIn("2026-02-20", party_case)
        mail = self._new_mails.filtered(lambda m: m.res_id == complaint.id)
        self.assertIn("S00042", mail.body_html)
        self.assertNotIn("Wang Fang", mail.body_html)
        self.assertNotIn("138 0000 1111", mail.body_html)

    def test_officers_prepare_and_rewrite_the_case_for_the_party(self):
        complaint = self._complaint()
        officer = complaint.with_user(self.complaint_officer)
        officer.action_party_prepare_case()
        self.assertIn("The kettle leaks after one week.", complaint.party_description)
        officer.party_description = "<p>A kettle bought in March leaks.</p>"
        # a later change of the description keeps the officer's words
        complaint.description = "<p>It leaks. Wang Fang, 1 Secret Road.</p>"
        self._forward(complaint)
        mail = self._new_mails.filtered(lambda m: m.res_id == complaint.id)
        self.assertIn("A kettle bought in March leaks.", mail.body_html)
        self.assertNotIn("after one week", mail.body_html)
        self.assertNotIn("Secret Road", mail.body_html)
        # what goes to the party is an officer's decision, as the forward is
        with self.assertRaises(UserError):
            complaint.with_user(self.handler).party_description = "<p>Wang Fang</p>"
        with self.assertRaises(UserError):
            complaint.with_user(self.handler).action_party_prepare_case()
        # nor on a new complaint
        with self.assertRaises(UserError):
            self.env["complaint.complaint"].with_user(self.handler).create(
                self._complaint_vals(party_description="<p>Wang Fang</p>")
            )
        officers_own = (
            self.env["complaint.complaint"]
            .with_user(self.complaint_officer)
            .create(self._complaint_vals(party_description="<p>Leaks.</p>"))
        )
        self.assertEqual(str(officers_own.party_description), "<p>Leaks.</p>")
        # de-identified, the complaint keeps nothing of it
        complaint.sudo()._deidentify()
        self.assertFalse(complaint.party_description)

    def test_the_party_reads_the_subject_without_the_complainant(self):
        """A subject typed by the complainant may name them: the party reads
        the subject for the party, masked as the case is."""
        complaint = self._complaint(
            subject="Wang Fang 138 0000 1111: kettle of S00042 burned me"
        )
        self._forward(complaint)
        self.assertEqual(complaint.party_subject, "*** ***: kettle of S00042 burned me")
        mail = self._new_mails.filtered(lambda m: m.res_id == complaint.id)
        self.assertIn("kettle of S00042 burned me", mail.body_html)
        self.assertNotIn("Wang Fang", mail.body_html)
        self.assertNotIn("138 0000 1111", mail.body_html)
        # an officer's words, theirs only to write
        complaint.with_user(self.complaint_officer).party_subject = "Kettle burns"
        self.assertEqual(complaint.party_subject, "Kettle burns")
        with self.assertRaises(UserError):
            complaint.with_user(self.handler).party_subject = "Wang Fang"
        with self.assertRaises(UserError):
            self.env["complaint.complaint"].with_user(self.handler).create(
                self._complaint_vals(party_subject="Wang Fang")
            )
        # de-identified, the complaint keeps nothing of it
        complaint.sudo()._deidentify()
        self.assertFalse(complaint.party_subject)

    def test_what_is_masked_and_what_stays(self):
        masked = mask_contact(
            "<ul><li>Call (870)-931-0505, 415-555-0134, 010-12345678, "
            "138 0013 8000, +44 20 7946 0958 or li.na@example.com; "
            "ID 11010519491231002X. Li Na.</li></ul><!-- 13912345678 -->",
            ["Li Na"],
        )
        for private in (
            "931-0505",
            "555-0134",
            "12345678",
            "0013 8000",
            "7946",
            "example.com",
            "1231002X",
            "Li Na",
            "13912345678",
        ):
            self.assertNotIn(private, masked)
        self.assertTrue(masked.startswith("<ul><li>Call ***"), "the markup stays")
        # control: what finds the case stays
        kept = mask_contact(
            "<p>Order S00042 of 2026-11-05, 1,299.00, waybill "
            "123456789012345678, a lid from Lisbon.</p>",
            ["Li"],
        )
        for needed in ("S00042", "2026-11-05", "1,299.00", "123456789012345678"):
            self.assertIn(needed, kept)
        self.assertIn("a lid from Lisbon", kept, "a name is a whole word")

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_the_partys_email_reply_is_a_note_for_staff(self):
        """The party answers the forward by email: the reply lands on the
        complaint as a note for staff, never as a comment the complainant
        receives or reads on the portal."""
        complaint = self._complaint()
        self._forward(complaint)
        self._party_email_answer(complaint, "<party-reply-1@kettle-shop.example.com>")
        reply = complaint.message_ids.filtered(
            lambda m: "We refunded the customer" in (m.body or "")
        )
        self.assertEqual(len(reply), 1)
        self.assertTrue(reply.is_internal)
        self.assertEqual(reply.subtype_id, self.env.ref("mail.mt_note"))
        self.assertNotIn(
            self.customer, self._new_mails.recipient_ids, "not to the complainant"
        )
        # the handler hears of it, as of an answer on the portal
        told = complaint.message_ids.filtered(
            lambda m: "answered the forward by email" in (m.body or "")
        )
        self.assertEqual(told.partner_ids, self.handler.partner_id)
        self.assertTrue(told.subtype_id.internal)
        # control: the complainant's own reply to a message sent to them is
        # their public comment
        sent = complaint.message_post(
            body="Could you send us a photo?",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.customer.ids,
        )
        with self.mock_mail_gateway():
            self.format_and_process(
                REPLY.replace("We refunded the customer", "Here is the photo"),
                self.customer.email,
                "service@platform.example.com",
                subject=f"Re: {complaint.name}",
                msg_id="<customer-reply-1@example.com>",
                extra=f"In-Reply-To: {sent.message_id}",
                target_model="complaint.complaint",
            )
        answer = complaint.message_ids.filtered(
            lambda m: "Here is the photo" in (m.body or "")
        )
        self.assertFalse(answer.is_internal)
        self.assertEqual(
            len(
                complaint.message_ids.filtered(
                    lambda m: "answered the forward by email" in (m.body or "")
                )
            ),
            1,
        )
