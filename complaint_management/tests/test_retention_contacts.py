from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .test_mail_gateway import MAIL_TEMPLATE, MailGatewayCommon


@tagged("post_install", "-at_install")
class TestRetentionContacts(MailGatewayCommon):
    """A contact made from what a complainant gave when filing (here an email
    from an unknown address) holds the person's name and address: it goes
    with their complaint's personal data, once nothing else refers to it."""

    def _filed(self, sender, msg_id):
        with self.mock_mail_gateway():
            return self.format_and_process(
                MAIL_TEMPLATE,
                sender,
                self.alias_email,
                subject="Leaking kettle",
                msg_id=msg_id,
                target_model="complaint.complaint",
                target_field="subject",
            )

    def _close_long_ago(self, complaints):
        complaints.write({"state": "closed", "date_closed": datetime(2023, 1, 10)})

    def test_the_contact_made_at_intake_goes_with_the_complaint(self):
        self.company.complaint_retention_months = 24
        complaint = self._filed("Zhou Min <zhou.min@example.com>", "<r1@example.com>")
        contact = complaint.partner_id
        self.assertTrue(contact.complaint_intake_contact)
        self._close_long_ago(complaint)
        with freeze_time(datetime(2025, 3, 1)):
            self.env["complaint.complaint"]._cron_deidentify()
        self.assertTrue(complaint.is_deidentified)
        contact = contact.with_context(active_test=False)
        self.assertFalse(contact.active)
        self.assertFalse(contact.email)
        self.assertNotIn("Zhou", contact.name)
        self.assertFalse(
            self.env["res.partner"].search([("email", "=", "zhou.min@example.com")])
        )

    def test_the_contact_s_chatter_and_activities_go_with_it(self):
        """A colleague who corrected the contact left its phone in the
        contact's change tracking; a to-do on it quotes the person."""
        self.company.complaint_retention_months = 24
        complaint = self._filed("Zhou Min <zhou.min@example.com>", "<r9@example.com>")
        contact = complaint.partner_id
        contact.with_context(tracking_disable=False).write({"phone": "138 0000 0000"})
        contact.message_post(body="Zhou Min called from 138 0000 0000")
        contact.activity_schedule(
            "mail.mail_activity_data_todo", summary="Call Zhou Min back"
        )
        self.env.flush_all()
        self._close_long_ago(complaint)
        with freeze_time(datetime(2025, 3, 1)):
            self.env["complaint.complaint"]._cron_deidentify()
        contact = contact.with_context(active_test=False)
        self.assertFalse(contact.active)
        Message = self.env["mail.message"].with_context(active_test=False)
        left = Message.search(
            [("model", "=", "res.partner"), ("res_id", "=", contact.id)]
        )
        self.assertFalse(left.filtered(lambda m: "138" in str(m.body)))
        self.assertFalse(left.tracking_value_ids)
        Activity = self.env["mail.activity"].with_context(active_test=False)
        self.assertFalse(
            Activity.search(
                [("res_model", "=", "res.partner"), ("res_id", "=", contact.id)]
            )
        )

    def test_only_the_intake_marks_its_contacts(self):
        """Over JSON-RPC any colleague who edits contacts could mark a
        customer's contact as made at intake (emptied with their complaints'
        data) or unmark one (its data kept)."""
        salesman = new_test_user(
            self.env,
            login="cm_contacts_editor",
            groups="base.group_user,base.group_partner_manager",
        )
        complaint = self._filed("Zhou Min <zhou.min@example.com>", "<r2@example.com>")
        made = complaint.partner_id.with_user(salesman)
        customer = self.customer.with_user(salesman)
        for contact, value in ((customer, True), (made, False)):
            with self.assertRaises(UserError):
                contact.write({"complaint_intake_contact": value})
        with self.assertRaises(UserError):
            customer.create({"name": "Zhao Lei", "complaint_intake_contact": True})
        self.assertFalse(self.customer.complaint_intake_contact)
        self.assertTrue(complaint.partner_id.complaint_intake_contact)
        # control: the contact's other data is theirs to edit
        made.write({"phone": "138 0000 0000"})
        self.assertEqual(complaint.partner_id.phone, "138 0000 0000")

    def test_a_colleague_merges_the_intake_contact_into_the_customer(self):
        """The usual duplicate: the intake made a contact of a customer's
        address. Merged by the administrator, the contact kept is the known
        customer (the intake's mark would have it emptied with the
        complaints' data, and the mark refused the merge)."""
        # made at intake for another company's alias, the same address
        made = self.env["res.partner"].create(
            {
                "name": "Wang Fang",
                "email": self.customer.email,
                "complaint_intake_contact": True,
            }
        )
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(partner_id=made.id)
        )
        # the administrator (core's merge reads every field), not a superuser
        admin = self.env.ref("base.user_admin")
        self.env["base.partner.merge.automatic.wizard"].with_user(admin)._merge(
            (made | self.customer).ids, self.customer
        )
        self.assertFalse(made.exists())
        self.assertFalse(self.customer.complaint_intake_contact)
        self.assertEqual(complaint.partner_id, self.customer)
        # control: two contacts both made at intake stay one made at intake
        first, second = self.env["res.partner"].create(
            [
                {
                    "name": "Zhou Min",
                    "email": "zhou.min@example.com",
                    "complaint_intake_contact": True,
                }
            ]
            * 2
        )
        self.env["base.partner.merge.automatic.wizard"].with_user(admin)._merge(
            (first | second).ids, first
        )
        self.assertTrue(first.complaint_intake_contact)

    def test_a_merge_into_a_company_s_employee_gives_the_company(self):
        acme = self.env["res.partner"].create({"name": "ACME", "is_company": True})
        employee = self.env["res.partner"].create(
            {"name": "Li Lei", "email": "li.lei@example.com", "parent_id": acme.id}
        )
        alone = self.env["res.partner"].create(
            {"name": "Li Lei", "email": "li.lei@example.com"}
        )
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(partner_id=alone.id)
        )
        case = self.env["complaint.external.case"].create(
            {
                "complaint_id": complaint.id,
                "body_id": self.env.ref(
                    "complaint_management.complaint_external_body_12315"
                ).id,
            }
        )
        self.assertEqual(complaint.commercial_partner_id, alone)
        admin = self.env.ref("base.user_admin")
        self.env["base.partner.merge.automatic.wizard"].with_user(admin)._merge(
            (alone | employee).ids, employee
        )
        self.env.flush_all()
        self.assertEqual(complaint.partner_id, employee)
        self.assertEqual(complaint.commercial_partner_id, acme)
        self.assertEqual(case.partner_id, acme)
        # what the portal's rule reads is the database's
        self.env.invalidate_all()
        self.assertEqual(
            self.env["complaint.complaint"].search(
                [("commercial_partner_id", "=", acme.id)]
            ),
            complaint,
        )

    def test_a_contact_a_complaint_names_is_archived_not_deleted(self):
        party = self.env["res.partner"].create({"name": "Kettle Maker Ltd"})
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(party_id=party.id)
        )
        employee = new_test_user(
            self.env,
            login="ret_contacts_editor",
            groups="base.group_user,base.group_partner_manager",
        )
        for contact in (party, self.customer):
            with self.assertRaisesRegex(UserError, "archive the contact instead") as e:
                contact.with_user(employee).unlink()
            # who filed or is complained about is not told to a reader of
            # contacts who may not read the complaint
            self.assertNotIn(complaint.name, str(e.exception))
        self.assertEqual(complaint.party_id, party)
        # control: a complaint officer is told which complaint
        officer = new_test_user(
            self.env,
            login="ret_contacts_officer",
            groups="complaint_management.complaint_management_group_officer,"
            "base.group_partner_manager",
        )
        with self.assertRaisesRegex(UserError, complaint.name):
            party.with_user(officer).unlink()
        # control: a contact no complaint names is deleted
        spare = self.env["res.partner"].create({"name": "Spare"})
        spare.with_user(employee).unlink()
        self.assertFalse(spare.exists())

    def test_a_contact_still_referred_to_stays(self):
        """The same person's later complaint, still open, keeps its contact;
        a customer known before (not made at intake) is never touched."""
        self.company.complaint_retention_months = 24
        first = self._filed("Zhou Min <zhou.min@example.com>", "<r2@example.com>")
        contact = first.partner_id
        later = self.env["complaint.complaint"].create(
            self._complaint_vals(partner_id=contact.id, subject="Again")
        )
        known = self.env["complaint.complaint"].create(self._complaint_vals())
        self._close_long_ago(first | known)
        with freeze_time(datetime(2025, 3, 1)):
            self.env["complaint.complaint"]._cron_deidentify()
        self.assertTrue(first.is_deidentified and known.is_deidentified)
        self.assertEqual(later.partner_id, contact)
        self.assertTrue(contact.active)
        self.assertEqual(contact.email, "zhou.min@example.com")
        self.assertTrue(self.customer.active)
        self.assertEqual(self.customer.email, "wang.fang@example.com")

    def test_a_contact_following_another_complaint_stays(self):
        """A merged duplicate's complainant follows the complaint kept (and
        the merge copied their consent there): cancelled by the merge, the
        duplicate is de-identified first; its contact is still in use."""
        self.company.complaint_retention_months = 24
        duplicate = self._filed("Zhou Min <zhou.min@example.com>", "<r3@example.com>")
        contact = duplicate.partner_id
        kept = self.env["complaint.complaint"].create(self._complaint_vals())
        kept.message_subscribe(partner_ids=contact.ids)
        self._close_long_ago(duplicate)
        with freeze_time(datetime(2025, 3, 1)):
            self.env["complaint.complaint"]._cron_deidentify()
        self.assertTrue(duplicate.is_deidentified)
        self.assertTrue(contact.active)
        self.assertEqual(contact.email, "zhou.min@example.com")

    def test_a_merge_keeps_what_each_contact_followed(self):
        """Core moves the followers with one UPDATE and, on a record two of
        the contacts followed, deleted every following of the merged ones."""
        kept = self.env["res.partner"].create(
            {"name": "Sun Li", "email": "sun.li@example.com"}
        )
        merged = self.env["res.partner"].create(
            {"name": "Sun Li", "email": "sun.li@example.com"}
        )
        both, only_merged = self.env["complaint.complaint"].create(
            [self._complaint_vals(), self._complaint_vals()]
        )
        both.message_subscribe(partner_ids=(kept | merged).ids)
        only_merged.message_subscribe(partner_ids=merged.ids)
        admin = self.env.ref("base.user_admin")
        self.env["base.partner.merge.automatic.wizard"].with_user(admin)._merge(
            (kept | merged).ids, kept
        )
        self.assertFalse(merged.exists())
        self.env.invalidate_all()
        self.assertIn(kept, both.message_partner_ids)
        self.assertIn(kept, only_merged.message_partner_ids)
        self.assertEqual(
            self.env["mail.followers"].search_count(
                [
                    ("res_model", "=", "complaint.complaint"),
                    ("res_id", "=", both.id),
                    ("partner_id", "=", kept.id),
                ]
            ),
            1,
        )

    def test_a_merge_into_a_contact_without_company_takes_the_merged_ones(self):
        """Core gives the kept contact the merged one's company after moving
        the complaints: computed before, they became the individual's."""
        acme = self.env["res.partner"].create({"name": "ACME", "is_company": True})
        alone = self.env["res.partner"].create(
            {"name": "Zhao Lei", "email": "zhao.lei@example.com"}
        )
        employee = self.env["res.partner"].create(
            {
                "name": "Zhao Lei",
                "email": "zhao.lei@example.com",
                "parent_id": acme.id,
            }
        )
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(partner_id=employee.id)
        )
        admin = self.env.ref("base.user_admin")
        self.env["base.partner.merge.automatic.wizard"].with_user(admin)._merge(
            (alone | employee).ids, alone
        )
        self.env.invalidate_all()
        self.assertEqual(alone.parent_id, acme)
        self.assertEqual(complaint.partner_id, alone)
        self.assertEqual(complaint.commercial_partner_id, acme)

    def test_a_merge_leaves_an_earlier_employer_s_complaints_with_it(self):
        """Li Na filed under Acme, moved to Beta, and got a second contact
        there: merging the two gives Beta nothing of Acme's."""
        acme, beta = self.env["res.partner"].create(
            [{"name": "Acme", "is_company": True}, {"name": "Beta", "is_company": True}]
        )
        at_acme = self.env["res.partner"].create(
            {"name": "Li Na", "email": "li.na@example.com", "parent_id": acme.id}
        )
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(partner_id=at_acme.id, complainant_phone="138 1")
        )
        at_acme.parent_id = beta
        at_beta = self.env["res.partner"].create(
            {"name": "Li Na", "email": "li.na@example.com", "parent_id": beta.id}
        )
        admin = self.env.ref("base.user_admin")
        self.env["base.partner.merge.automatic.wizard"].with_user(admin)._merge(
            (at_acme | at_beta).ids, at_beta
        )
        self.env.invalidate_all()
        self.assertEqual(complaint.partner_id, at_beta)
        self.assertEqual(complaint.commercial_partner_id, acme)
        self.assertEqual(complaint.complainant_phone, "138 1", "typed, kept")
