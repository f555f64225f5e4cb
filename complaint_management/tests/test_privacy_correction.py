"""A correction request (PIPL art. 46): the person's corrected contact data
on their contact and on all their complaints, whoever handles them."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .test_privacy_request import PrivacyRequestsCommon


@tagged("post_install", "-at_install")
class TestPrivacyCorrection(PrivacyRequestsCommon):
    def _correct(self, request, **values):
        action = request.action_open_correction()
        form = Form(
            self.env[action["res_model"]]
            .with_user(self.privacy_officer)
            .with_context(**action["context"])
        )
        for key, value in values.items():
            setattr(form, key, value)
        return form.save()

    def test_correction_reaches_every_complaint_of_the_person(self):
        request = self._request("correction")
        wizard = self._correct(request, email="wang.fang@new.example.com")
        # the officer handles no complaint team: they are corrected all the same
        self.assertFalse(self.open.with_user(self.privacy_officer).has_access("read"))
        self.assertEqual(wizard.complaint_count, 3)
        wizard.action_correct()
        self.assertEqual(self.customer.email, "wang.fang@new.example.com")
        for complaint in self.closed | self.held | self.open:
            self.assertEqual(complaint.complainant_email, "wang.fang@new.example.com")
            # what was not corrected stays
            self.assertEqual(complaint.complainant_name, "Wang Fang")
        # control: another person's complaint is not touched
        self.assertEqual(self.others.complainant_email, "li.na@example.com")
        # the chatter says which data, not the data (nor the old value)
        body = request.message_ids[0].body
        self.assertIn("email", body)
        self.assertNotIn("new.example.com", body)
        tracked = self.open.message_ids.tracking_value_ids
        self.assertNotIn(
            "wang.fang@example.com", tracked.mapped("old_value_char"), "no copy kept"
        )
        self.assertEqual(request.state, "in_progress", "the officer answers it")

    def test_deidentified_complaints_stay_so(self):
        self.closed._deidentify()
        wizard = self._correct(self._request("correction"), name="Wang F.")
        wizard.action_correct()
        self.assertEqual(self.open.complainant_name, "Wang F.")
        self.assertNotEqual(self.closed.complainant_name, "Wang F.")

    def test_correction_only_on_open_correction_requests(self):
        with self.assertRaises(UserError):
            self._request("access").action_open_correction()
        request = self._request("correction")
        wizard = self._correct(request, phone="+86 138 0000 9999")
        request.write({"outcome": "Refused: not the same person."})
        request.refusal_reason = "Not the same person."
        request.action_refuse()
        with self.assertRaises(UserError):
            wizard.action_correct()
        self.assertNotEqual(self.customer.phone, "+86 138 0000 9999")

    def test_nothing_changed_is_refused(self):
        wizard = self._correct(self._request("correction"))
        with self.assertRaises(UserError):
            wizard.action_correct()

    def test_contact_changes_leave_no_trace_of_the_wrong_data(self):
        self.customer.message_post(body="A note on the contact")
        before = self.customer.message_ids
        self._correct(
            self._request("correction"), email="wang.fang@new.example.com"
        ).action_correct()
        tracked = (self.customer.message_ids - before).tracking_value_ids
        self.assertNotIn("wang.fang@example.com", tracked.mapped("old_value_char"))

    def test_staff_and_company_contacts_are_an_administrators(self):
        for partner in (self.complaint_user.partner_id, self.company.partner_id):
            with self.subTest(partner=partner.name):
                request = self._request("correction", partner_id=partner.id)
                wizard = self._correct(request, name="Hijacked")
                with self.assertRaises(UserError):
                    wizard.action_correct()
                self.assertNotEqual(partner.name, "Hijacked")
                user = partner.user_ids[:1]
                if user:
                    self.assertNotEqual(user.email, "Hijacked")

    def test_portal_login_contact_is_left_to_its_owner(self):
        """The email of a portal login's contact is where its password is
        reset: an officer setting it would hand the account to whoever reads
        that address. The complaints are corrected; the person changes the
        contact in their portal account."""
        portal = (
            self.env["res.users"]
            .with_context(no_reset_password=True)
            .create(
                {
                    "name": "Wang Fang",
                    "login": "wang.fang.portal",
                    "partner_id": self.customer.id,
                    "groups_id": [(6, 0, self.env.ref("base.group_portal").ids)],
                }
            )
        )
        request = self._request("correction")
        self._correct(request, email="attacker@evil.example.com").action_correct()
        self.assertEqual(self.customer.email, "wang.fang@example.com")
        self.assertEqual(portal.email, "wang.fang@example.com")
        self.assertEqual(self.open.complainant_email, "attacker@evil.example.com")
        self.assertIn("portal login", request.message_ids[0].body)
        # control: an archived portal login is a login all the same
        portal.active = False
        self._correct(
            self._request("correction"), email="other@evil.example.com"
        ).action_correct()
        self.assertEqual(self.customer.email, "wang.fang@example.com")

    def test_archived_staff_contact_is_an_administrators(self):
        self.complaint_user.active = False
        partner = self.complaint_user.partner_id
        wizard = self._correct(
            self._request("correction", partner_id=partner.id), name="Hijacked"
        )
        with self.assertRaises(UserError):
            wizard.action_correct()
        self.assertNotEqual(partner.name, "Hijacked")

    def test_the_same_correction_twice_is_refused(self):
        """Sent again (a replay, a second click), a correction changes
        nothing and says so: no second note. Also when the contact was left
        as it is (another company's), which still differs from the values."""
        other = self.env["res.company"].create({"name": "Sister Company"})
        self.customer.company_id = other
        self.privacy_officer.company_ids |= other
        request = self._request("correction")
        wizard = self._correct(request, phone="+86 138 0000 7777")
        wizard.action_correct()
        notes = request.message_ids
        with self.assertRaises(UserError):
            wizard.action_correct()
        self.assertEqual(request.message_ids, notes)
        # control: a further change is made
        wizard.phone = "+86 138 0000 6666"
        wizard.action_correct()
        self.assertEqual(self.open.complainant_phone, "+86 138 0000 6666")

    def test_another_companys_contact_is_left_as_it_is(self):
        other = self.env["res.company"].create({"name": "Sister Company"})
        self.customer.company_id = other
        self.privacy_officer.company_ids |= other
        request = self._request("correction")
        self._correct(request, phone="+86 138 0000 7777").action_correct()
        self.assertNotEqual(self.customer.phone, "+86 138 0000 7777")
        self.assertEqual(self.open.complainant_phone, "+86 138 0000 7777")
        self.assertIn("left as it is", request.message_ids[0].body)

    def test_correction_is_for_privacy_officers(self):
        request = self._request("correction")
        with self.assertRaises(AccessError):
            self.env["complaint.privacy.correction.wizard"].with_user(
                self.complaint_user
            ).create({"request_id": request.id, "name": "Someone Else"})
        with self.assertRaises(AccessError):
            self.env["complaint.privacy.service"].with_user(
                self.complaint_user
            )._correct(self.customer, self.company, False, {"name": "Someone"})
        self.assertEqual(self.customer.name, "Wang Fang")

    def test_a_wrong_mobile_number_is_corrected(self):
        """The complaints carry the contact's mobile when it has no phone:
        the form shows it, and the correction replaces it on the contact."""
        self.customer.write({"phone": False, "mobile": "139 0000 0000"})
        (self.closed | self.held | self.open).sudo().complainant_phone = "139 0000 0000"
        request = self._request("correction")
        action = request.action_open_correction()
        self.assertEqual(action["context"]["default_phone"], "139 0000 0000")
        # the name alone corrected: the number shown is no correction
        self._correct(request, name="Wang F.").action_correct()
        self.assertFalse(self.customer.phone)
        self.assertEqual(self.customer.mobile, "139 0000 0000")
        self.assertNotIn("phone", request.message_ids[0].body)
        self._correct(request, phone="138 1111 1111").action_correct()
        self.assertEqual(self.customer.mobile, "138 1111 1111")
        self.assertEqual(self.customer.phone, "138 1111 1111")
        self.assertEqual(self.open.complainant_phone, "138 1111 1111")
        # control: a contact's second number, not the one corrected, stays
        self.customer.write({"phone": "138 1111 1111", "mobile": "137 2222 2222"})
        self._correct(
            self._request("correction"), phone="136 3333 3333"
        ).action_correct()
        self.assertEqual(self.customer.phone, "136 3333 3333")
        self.assertEqual(self.customer.mobile, "137 2222 2222")

    def test_the_intake_contact_of_her_complaints_by_email_is_corrected(self):
        # she also filed on the visitor form: the intake made a contact of her
        visitor = self.env["res.partner"].create(
            {
                "name": "Wang Fang",
                "email": "wang.fang@example.com",
                "complaint_intake_contact": True,
            }
        )
        filed = self.env["complaint.complaint"].create(
            self._complaint_vals(subject="Filed as a visitor", partner_id=visitor.id)
        )
        request = self._request("correction", include_email_matches=True)
        wizard = self._correct(request, email="wang.fang@new.example.com")
        wizard.action_correct()
        self.assertEqual(filed.complainant_email, "wang.fang@new.example.com")
        # the mail of that complaint goes to its contact: corrected too
        self.assertEqual(visitor.email, "wang.fang@new.example.com")
        # control: another person's contact is not touched
        self.assertEqual(self.other_customer.email, "li.na@example.com")

    def test_a_contact_no_complaint_here_names_is_left_as_it_is(self):
        """A shared contact only another company deals with (its orders, its
        invoices) was rewritten by this company's privacy officer, who may
        not change contacts, with no trace on the contact."""
        buyer = self.env["res.partner"].create(
            {"name": "Big Buyer", "email": "ap@big.example"}
        )
        request = self._request("correction", partner_id=buyer.id)
        wizard = self._correct(request, email="x@evil.example")
        with self.assertRaisesRegex(UserError, "no data of theirs"):
            wizard.action_correct()
        self.assertEqual(buyer.email, "ap@big.example")
        # named by a visitor's complaint found by its address: the complaint
        # is corrected, the shared contact left as it is
        self.env["complaint.complaint"].create(
            self._complaint_vals(
                partner_id=False,
                complainant_name="Big Buyer",
                complainant_email="ap@big.example",
            )
        )
        request.include_email_matches = True
        self._correct(request, email="x@big.example").action_correct()
        self.assertEqual(buyer.email, "ap@big.example")
        self.assertIn("no complaint of this company", request.message_ids[0].body)
        # control: the person's own contact, named by their complaints
        own = self._request("correction")
        self._correct(own, email="wang.fang@new.example.com").action_correct()
        self.assertEqual(self.customer.email, "wang.fang@new.example.com")
