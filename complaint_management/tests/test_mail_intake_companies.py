import email

from odoo.tests import tagged
from odoo.tools import mute_logger

from .test_mail_gateway import MAIL_TEMPLATE, MailGatewayCommon


@tagged("post_install", "-at_install")
class TestMailIntakeCompanies(MailGatewayCommon):
    """An email to one company's alias is that company's: another company's
    tracking number or contact is not taken for it; a program's email
    (an out-of-office, a mailing list) files nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Sister Co"})
        cls.team_b = cls.env["complaint.team"].create(
            {"name": "Sister Desk", "company_id": cls.company_b.id}
        )

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_another_companys_number_is_not_threaded_here(self):
        theirs = (
            self.env["complaint.complaint"]
            .with_company(self.company_b)
            .create(
                self._complaint_vals(
                    team_id=self.team_b.id, company_id=self.company_b.id
                )
            )
        )
        before = len(theirs.message_ids)
        with self.mock_mail_gateway():
            self._email(
                self.customer.email,
                f"Same problem as with {theirs.name}",
                "<sister-1@example.com>",
            )
        self.assertEqual(len(theirs.message_ids), before, "not posted on theirs")
        filed = self._customer_complaints() - theirs
        self.assertEqual(len(filed), 1)
        self.assertEqual(filed.company_id, self.company)
        self.assertFalse(filed.sudo().repeat_of_ids, "no link to another company's")

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_another_companys_contact_is_not_the_complainant(self):
        theirs = self.env["res.partner"].create(
            {
                "name": "Sister Customer",
                "email": "sister.customer@example.com",
                "company_id": self.company_b.id,
            }
        )
        with self.mock_mail_gateway():
            self._email(theirs.email, "Broken lid", "<sister-2@example.com>")
        complaint = self.env["complaint.complaint"].search(
            [("subject", "=", "Broken lid")]
        )
        self.assertEqual(len(complaint), 1)
        self.assertNotEqual(complaint.partner_id, theirs)
        self.assertEqual(complaint.partner_id.email, theirs.email)
        # the new contact is this company's: the other company's next email
        # from the address still finds its own contact
        self.assertEqual(complaint.partner_id.company_id, self.company)
        # the email is the complainant's, not the other company's contact's
        # (core looked for its author in every company): not sent back
        email = complaint.message_ids.filtered(lambda m: m.message_type == "email")
        self.assertEqual(email.author_id, complaint.partner_id)
        self.assertFalse(
            self._new_mails.filtered(
                lambda mail: complaint.partner_id in mail.recipient_ids
                and "Broken lid" in (mail.subject or "")
                and mail.mail_message_id == email
            )
        )
        # this company's contact goes before a shared one of the address
        # (once known: one the intake made is no more than what was typed)
        complaint.partner_id.complaint_intake_contact = False
        shared = self.env["res.partner"].create(
            {"name": "Shared", "email": theirs.email, "company_id": False}
        )
        with self.mock_mail_gateway():
            self._email(theirs.email, "Broken spout", "<sister-4@example.com>")
        again = self.env["complaint.complaint"].search(
            [("subject", "=", "Broken spout")]
        )
        self.assertEqual(again.partner_id, complaint.partner_id)
        # control: a shared contact is taken when the company has none
        shared.email = "shared.customer@example.com"
        with self.mock_mail_gateway():
            self._email(shared.email, "Broken handle", "<sister-3@example.com>")
        complaint = self.env["complaint.complaint"].search(
            [("subject", "=", "Broken handle")]
        )
        self.assertEqual(complaint.partner_id, shared)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_a_contact_made_at_intake_does_not_take_a_customers_emails(self):
        """A visitor (or a channel) typed the customer's address on the web
        form under another name: the intake made a contact of it, of the
        company. The customer's next email is theirs, not that contact's."""
        real = self.env["res.partner"].create(
            {"name": "Li Na", "email": "li.na@example.com", "company_id": False}
        )
        typed = self.env["res.partner"].create(
            {
                "name": "! Fake",
                "email": "li.na@example.com",
                "company_id": self.company.id,
                "complaint_intake_contact": True,
            }
        )
        with self.mock_mail_gateway():
            self._email(real.email, "Broken kettle", "<intake-1@example.com>")
        filed = self.env["complaint.complaint"].search(
            [("subject", "=", "Broken kettle")]
        )
        self.assertEqual(filed.partner_id, real)
        # one given an account since proved the address: theirs again
        typed.sudo().complaint_intake_contact = True
        self.env["res.users"].create(
            {
                "name": "Fake Account",
                "login": "intake.account@example.com",
                "partner_id": typed.id,
                "groups_id": [(6, 0, self.env.ref("base.group_portal").ids)],
            }
        )
        with self.mock_mail_gateway():
            self._email(real.email, "Broken cup", "<intake-3@example.com>")
        filed = self.env["complaint.complaint"].search([("subject", "=", "Broken cup")])
        self.assertEqual(filed.partner_id, typed)
        # control: with no other contact of the address, the intake's is taken
        real.email = "li.na.private@example.com"
        with self.mock_mail_gateway():
            self._email(typed.email, "Broken lid", "<intake-2@example.com>")
        filed = self.env["complaint.complaint"].search([("subject", "=", "Broken lid")])
        self.assertEqual(filed.partner_id, typed)

    @mute_logger(
        "odoo.addons.mail.models.mail_thread", "odoo.addons.mail.models.mail_mail"
    )
    def test_an_automatic_email_files_no_complaint(self):
        with self.mock_mail_gateway():
            self._email(
                "out-of-office@example.com",
                "Out of office",
                "<auto-1@example.com>",
                extra="Auto-Submitted: auto-replied",
            )
        self.assertFalse(
            self.env["complaint.complaint"].search([("subject", "=", "Out of office")])
        )
        self.assertFalse(self._new_mails, "no acknowledgement to answer again")
        # control: a person's email files one
        with self.mock_mail_gateway():
            self._email("person@example.com", "Out of order", "<auto-2@example.com>")
        self.assertEqual(
            len(
                self.env["complaint.complaint"].search(
                    [("subject", "=", "Out of order")]
                )
            ),
            1,
        )

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_a_full_address_beats_a_local_part_of_another_domain(self):
        """A sister company's alias matching any domain on its local part
        does not take an email sent to this company's full address only,
        whichever of the two core lists first."""
        domain_b = self.env["mail.alias.domain"].create({"name": "sister.example.com"})
        self.company_b.alias_domain_id = domain_b
        self.team_b.alias_id.alias_domain_id = domain_b
        self.team_b.alias_name = self.team.alias_name
        self.team_b.alias_id.alias_incoming_local = True
        message = email.message_from_string(
            f"To: {self.alias_email}\nFrom: wang.fang@example.com\n\nHi"
        )
        rank = self.env["mail.thread"]._route_rank(message)
        route_a = ("complaint.complaint", False, {}, 1, self.team.alias_id)
        route_b = ("complaint.complaint", False, {}, 1, self.team_b.alias_id)
        for routes in ([route_a, route_b], [route_b, route_a]):
            self.assertIs(min(routes, key=rank), route_a)
        # control: sent to the sister's full address, the sister's files it
        message.replace_header("To", self.team_b.alias_id.alias_full_name)
        rank = self.env["mail.thread"]._route_rank(message)
        for routes in ([route_a, route_b], [route_b, route_a]):
            self.assertIs(min(routes, key=rank), route_b)

    def test_aliases_of_one_name_in_two_domains_file_where_it_was_sent(self):
        domain_b = self.env["mail.alias.domain"].create({"name": "sister.example.com"})
        self.company_b.alias_domain_id = domain_b
        self.team_b.alias_id.alias_domain_id = domain_b
        self.team_b.alias_name = self.team.alias_name  # the same local part
        self.assertEqual(
            self.team_b.alias_id.alias_full_name,
            f"{self.team.alias_name}@sister.example.com",
        )
        for to, cc, team in (
            (self.team_b.alias_id.alias_full_name, self.alias_email, self.team_b),
            (self.alias_email, self.team_b.alias_id.alias_full_name, self.team),
        ):
            subject = f"Scratched pan {team.id}"
            with self.subTest(to=to), self.mock_mail_gateway():
                self.format_and_process(
                    MAIL_TEMPLATE,
                    "Wang Fang <wang.fang@example.com>",
                    to,
                    cc=cc,
                    subject=subject,
                    target_model="complaint.complaint",
                    target_field="subject",
                )
            filed = self.env["complaint.complaint"].search([("subject", "=", subject)])
            self.assertEqual(len(filed), 1)
            self.assertEqual(filed.team_id, team)
