from odoo.tests import tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestCustomerMailAddress(ComplaintCommon):
    """A complaint filed by phone for a contact without an email, with the
    address the complainant gave typed on the complaint: the acknowledgement
    was posted to the contact (whose mail fails with no address), nothing
    reached the address, and the step counted as answered."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.complaint_step_mail_auto = True
        cls.company.email = "service@example.com"

    def _acknowledged(self, partner, email):
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(
                user_id=self.complaint_user.id,
                partner_id=partner.id,
                complainant_email=email,
            )
        )
        complaint.action_register()
        with self.mock_mail_gateway():
            complaint.with_user(self.complaint_user).action_acknowledge()

    def test_the_address_given_is_emailed(self):
        contact = self.env["res.partner"].create({"name": "Wang Wei"})
        self._acknowledged(contact, "wang.wei@example.com")
        sent = self._new_mails.filtered(
            lambda mail: "wang.wei@example.com" in (mail.email_to or "")
        )
        self.assertEqual(len(sent), 1, self._new_mails.mapped("email_to"))
        self.assertFalse(sent.recipient_ids, "not the contact without an address")
        # control: a contact with an address is emailed as the contact, not
        # at another address typed on the complaint
        self.customer.email = "customer@example.com"
        self._acknowledged(self.customer, "other@example.com")
        self.assertIn(self.customer, self._new_mails.recipient_ids)
        self.assertFalse(
            self._new_mails.filtered(
                lambda mail: "other@example.com" in (mail.email_to or "")
            )
        )

    def test_an_address_corrected_on_the_contact_no_longer_answers(self):
        contact = self.env["res.partner"].create(
            {"name": "Li Lei", "email": "li.lei@example.com"}
        )
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(partner_id=contact.id)
        )
        self.assertTrue(complaint._mail_sender_belongs("li.lei@example.com"))
        contact.email = "lei.li@example.com"
        self.assertEqual(complaint.complainant_email, "lei.li@example.com")
        self.assertTrue(complaint._mail_sender_belongs("Li <lei.li@example.com>"))
        self.assertFalse(
            complaint._mail_sender_belongs("li.lei@example.com"),
            "the address given up speaks for the complainant no more",
        )
        # control: an address recorded on the complaint alone (a privacy
        # correction's) stays when the contact's changes, and still answers
        complaint.complainant_email = "own@example.com"
        contact.email = "li.lei.2@example.com"
        self.assertEqual(complaint.complainant_email, "own@example.com")
        self.assertTrue(complaint._mail_sender_belongs("own@example.com"))
        self.assertTrue(complaint._mail_sender_belongs("li.lei.2@example.com"))
