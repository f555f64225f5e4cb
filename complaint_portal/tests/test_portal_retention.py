from datetime import datetime

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .test_portal_submit import PortalSubmitCase


@tagged("post_install", "-at_install")
class TestPortalRetention(PortalSubmitCase):
    """Once a complaint filed in the portal is de-identified, nothing leads
    back to the person: not the customer's own account as its receiver or
    consent recorder, not the secure link, not the passcode."""

    def _file_as_alice(self):
        self.authenticate("por_alice", "por_alice")
        response = self.url_open("/complaint/new", data=self._form())
        self.assertEqual(response.status_code, 200, response.text[-2000:])
        return self.Complaint.search(
            [("partner_id", "=", self.alice.partner_id.id)], order="id desc", limit=1
        )

    def test_the_customer_account_is_not_the_receiver(self):
        complaint = self._file_as_alice()
        self.assertEqual(
            complaint.channel_id,
            self.env.ref("complaint_management.complaint_channel_portal"),
        )
        self.assertFalse(complaint.receiver_id, "nobody in the company yet")
        # control: staff recording a complaint received it
        handler = new_test_user(
            self.env,
            login="por_receiver",
            groups="complaint_management.complaint_management_group_user",
        )
        staff = self.Complaint.with_user(handler).create(
            {
                "subject": "By phone",
                "partner_id": self.alice.partner_id.id,
                "team_id": self.team.id,
            }
        )
        self.assertEqual(staff.receiver_id, handler)

    def test_deidentified_complaint_no_longer_opens_by_its_links(self):
        complaint = self._file_as_alice()
        self.assertEqual(complaint.create_uid, self.alice, "filed by her account")
        complaint.sudo()._portal_new_passcode()
        url = complaint.get_portal_url()
        self.authenticate(None, None)
        # control: the link opens the complaint until it is de-identified
        page = self.url_open(url)
        self.assertEqual(page.status_code, 200)
        self.assertIn(complaint.subject, page.text)
        self.assertEqual(complaint.sudo().consent_ids.user_id, self.alice)
        complaint.write({"state": "closed", "date_closed": datetime(2023, 1, 10)})
        # as a visitor's form keeps it: the digest of what was typed
        complaint.sudo().portal_submission_key = "form-digest-of-a-visitor"
        with freeze_time(datetime(2026, 3, 1)):
            self.Complaint._cron_deidentify()
        self.assertTrue(complaint.is_deidentified)
        sudo = complaint.sudo()
        self.assertFalse(sudo.access_token)
        self.assertFalse(sudo.portal_passcode_hash)
        self.assertFalse(sudo.portal_submission_key, "the form's digest goes too")
        self.assertFalse(sudo.consent_ids.user_id, "the account is the person")
        # nor is it named as the creator of the complaint or its records
        for records in (sudo, sudo.consent_ids, sudo.sla_line_ids):
            self.assertNotIn(self.alice, records.create_uid | records.write_uid)
        self.assertTrue(sudo.consent_ids, "the evidence of consent stays")
        page = self.url_open(url)
        self.assertIn("/web/login", page.url, "the old link leads to the login")
        self.assertNotIn(complaint.name, page.text)

    def test_a_visitors_contact_goes_with_the_complaint(self):
        """The contact the form made of a visitor (their consent recorded on
        it) held their name, address and phone after the de-identification."""
        self.authenticate(None, None)
        response = self.url_open("/complaint/new", data=self._visitor())
        self.assertEqual(response.status_code, 200, response.text[-2000:])
        complaint = self.Complaint.sudo().search([], order="id desc", limit=1)
        contact = complaint.partner_id
        self.assertEqual(contact.email, "li.wei@example.com")
        self.assertTrue(
            complaint.consent_ids.filtered(lambda c: c.partner_id == contact)
        )
        complaint.write({"state": "closed", "date_closed": datetime(2023, 1, 10)})
        with freeze_time(datetime(2026, 3, 1)):
            self.Complaint._cron_deidentify()
        self.assertTrue(complaint.is_deidentified)
        contact = contact.with_context(active_test=False)
        self.assertFalse(contact.active)
        self.assertFalse(contact.email or contact.phone)
        self.assertNotIn("Li Wei", contact.name)
        self.assertTrue(complaint.consent_ids, "the evidence of consent stays")
