import json
import re

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import ComplaintPortalCase

PHONE = "+86 139 5555 0101"
PRIVATE = ("Alice Acme", "por_alice@example.com", "139 5555", "Hidden Lane")


@tagged("post_install", "-at_install")
class TestPortalParty(ComplaintPortalCase):
    """Kettle Shop (the merchant Alice complains about) reads and answers the
    complaint forwarded to it, and nothing else; Lamp Store is another
    merchant."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.alice.partner_id.write({"phone": PHONE, "street": "8 Hidden Lane"})
        cls.shop = Partner.create({"name": "Kettle Shop Ltd", "is_company": True})
        cls.shop_user = cls._portal_user("por_shop", "Shop Clerk", cls.shop)
        cls.lamp_store = Partner.create({"name": "Lamp Store", "is_company": True})
        cls.lamp_user = cls._portal_user("por_lamp", "Lamp Clerk", cls.lamp_store)
        cls.handler = new_test_user(
            cls.env,
            login="por_party_handler",
            groups="complaint_management.complaint_management_group_user",
            name="Party Handler",
            email="handler@example.com",
        )
        cls.complaint_alice.write(
            {
                "party_id": cls.shop.id,
                "user_id": cls.handler.id,
                "product_ids": [(6, 0, cls.kettle.ids)],
                "complainant_phone": PHONE,
                "description": "<p>The spout drips boiling water.</p>",
            }
        )
        # same party, not forwarded
        cls.complaint_carl.party_id = cls.shop
        cls.complaint_bob.party_id = cls.lamp_store
        (cls.complaint_alice | cls.complaint_bob).action_forward_to_party()

    def _page(self, complaint):
        return self.url_open(f"/my/party-complaints/{complaint.id}")

    def _page_csrf(self, complaint):
        response = self._page(complaint)
        self.assertEqual(response.status_code, 200)
        return re.search(r'name="csrf_token" value="([^"]+)"', response.text).group(1)

    def _json(self, route, params):
        return self.url_open(
            route,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
            headers={"Content-Type": "application/json"},
        ).json()

    # ------------------------------------------------------------------
    # What the party sees
    # ------------------------------------------------------------------
    def test_party_lists_only_the_complaints_forwarded_to_it(self):
        self.authenticate("por_shop", "por_shop")
        text = self.url_open("/my/party-complaints").text
        self.assertIn(self.complaint_alice.name, text)
        self.assertNotIn(self.complaint_carl.name, text, "not forwarded")
        self.assertNotIn(self.complaint_bob.name, text, "another merchant's")
        counters = self._json("/my/counters", {"counters": ["party_complaint_count"]})
        self.assertEqual(counters["result"]["party_complaint_count"], 1)

    def test_a_merged_duplicate_s_case_is_listed_once(self):
        """Merged, the duplicate's answered case is the complaint kept's: the
        party no longer lists the cancelled duplicate beside it."""
        Complaint = self.env["complaint.complaint"].with_user(self.shop_user)
        self.complaint_alice.sudo()._party_record_answer(
            "We sent a new kettle.", self.shop_user.partner_id
        )
        kept = self.env["complaint.complaint"].create(
            {"subject": "Kettle again", "partner_id": self.alice.partner_id.id}
        )
        kept.party_id = self.shop
        self.assertEqual(Complaint._party_portal_search(), self.complaint_alice)
        kept.sudo()._merge(self.complaint_alice)
        self.assertEqual(self.complaint_alice.merged_into_id, kept)
        self.assertEqual(Complaint._party_portal_search(), kept)
        self.assertEqual(kept.party_response, "We sent a new kettle.")

    def test_other_complaints_are_not_found(self):
        self.authenticate("por_shop", "por_shop")
        self.assertEqual(self._page(self.complaint_alice).status_code, 200)
        for complaint in (self.complaint_carl, self.complaint_bob):
            self.assertEqual(self._page(complaint).status_code, 404)
        self.assertEqual(self.url_open("/my/party-complaints/999999").status_code, 404)

    def test_page_shows_the_case_without_the_complainant(self):
        self.authenticate("por_shop", "por_shop")
        text = self._page(self.complaint_alice).text
        self.assertIn("Kettle leaks", text)
        self.assertIn("The spout drips boiling water.", text)
        self.assertIn("Kettle K1", text)
        self.assertIn(self.order_alice.name, text)
        for private in (
            "Alice Acme",
            "por_alice@example.com",
            "139 5555",
            "Hidden Lane",
        ):
            self.assertNotIn(private, text)

    def test_pages_give_the_subject_without_the_complainant(self):
        """The complainant named themselves in the subject, and their order
        carries their own reference: the party's list and page give the
        subject for the party and the company's order number."""
        complaint = self.complaint_carl.sudo()
        complaint.write(
            {
                "subject": "Carl Acme +86 139 5555 0101 wants a refund",
                "sale_order_id": self.order_alice.id,
            }
        )
        self.order_alice.client_order_ref = "PO of Carl Acme"
        complaint.action_forward_to_party()
        self.authenticate("por_shop", "por_shop")
        for text in (
            self.url_open("/my/party-complaints").text,
            self._page(complaint).text,
        ):
            self.assertIn("wants a refund", text)
            self.assertNotIn("Carl Acme", text)
            self.assertNotIn("5555", text)
        self.assertIn(self.order_alice.name, self._page(complaint).text)

    def test_page_masks_the_complainant_in_the_description(self):
        self.complaint_alice.description = (
            "<p>The spout drips. Call me: +86 139 5555 0101, Alice Acme, "
            "por_alice@example.com</p>"
        )
        self.complaint_alice.sudo().action_party_prepare_case()
        self.authenticate("por_shop", "por_shop")
        text = self._page(self.complaint_alice).text
        self.assertIn("The spout drips.", text)
        for private in PRIVATE:
            self.assertNotIn(private, text)
        # what staff wrote for the party is what it reads
        self.complaint_alice.party_description = "<p>Spout drips, K1 kettle.</p>"
        text = self._page(self.complaint_alice).text
        self.assertIn("Spout drips, K1 kettle.", text)
        self.assertNotIn("Call me", text)

    def test_page_shows_the_complainant_when_the_company_allows_it(self):
        """The contact goes to the party only with the company's setting and
        the complainant's consent to the processing."""
        self.company.complaint_party_show_contact = True
        self.authenticate("por_shop", "por_shop")
        private_data = (
            "Alice Acme",
            "por_alice@example.com",
            "139 5555",
            "Hidden Lane",
        )
        text = self._page(self.complaint_alice).text
        for private in private_data:
            self.assertNotIn(private, text)
        self.complaint_alice.privacy_consent_given = True
        text = self._page(self.complaint_alice).text
        for private in private_data:
            self.assertIn(private, text)

    def test_only_the_complainants_own_consent_shows_their_contact(self):
        """A colleague's consent, copied by a merge, is not the complainant's:
        the party does not read her contact on it."""
        self.company.complaint_party_show_contact = True
        self.complaint_carl.privacy_consent_given = True
        self.complaint_alice.sudo()._merge(self.complaint_carl)
        # the colleague's consent is evidence, not hers
        self.assertFalse(self.complaint_alice.privacy_consent_given)
        self.authenticate("por_shop", "por_shop")
        text = self._page(self.complaint_alice).text
        for private in PRIVATE:
            self.assertNotIn(private, text)
        # control: her own consent, recorded by staff, shows it
        self.complaint_alice._privacy_record_consents("processing")
        text = self._page(self.complaint_alice).text
        for private in PRIVATE:
            self.assertIn(private, text)

    # ------------------------------------------------------------------
    # The answer
    # ------------------------------------------------------------------
    def test_withdrawn_complaint_needs_no_answer(self):
        self.complaint_alice.sudo().action_cancel()
        self.authenticate("por_shop", "por_shop")
        self.assertIn(
            "Withdrawn: no answer needed", self.url_open("/my/party-complaints").text
        )
        text = self._page(self.complaint_alice).text
        self.assertIn("Withdrawn: no answer needed", text)
        self.assertNotIn('name="answer"', text)
        # control: a case still open asks for the answer
        self.complaint_carl.sudo().action_forward_to_party()
        self.assertIn('name="answer"', self._page(self.complaint_carl).text)

    def test_a_closed_complaint_welcomes_the_answer_without_asking_it(self):
        """Closed before the party answered: its answer is still taken, but
        the page does not say it is needed by a date that has passed."""
        complaint = self.complaint_alice.sudo()
        # overdue first (the sweep marks it while the complaint is handled)
        complaint._workflow_write({"party_state": "overdue"})
        complaint._workflow_write(
            {"state": "closed", "date_closed": complaint.date_received}
        )
        self.authenticate("por_shop", "por_shop")
        listing = self.url_open("/my/party-complaints").text
        self.assertIn("Closed: your answer is still welcome", listing)
        self.assertNotIn("Your answer is needed", listing)
        text = self._page(self.complaint_alice).text
        self.assertIn("Closed: your answer is still welcome", text)
        self.assertNotIn("Answer due by", text)
        self.assertIn('name="answer"', text)
        # control: a case still handled asks for the answer by its date
        self.complaint_carl.sudo().action_forward_to_party()
        text = self._page(self.complaint_carl).text
        self.assertIn("Answer due by", text)
        self.assertIn(
            "Your answer is needed", self.url_open("/my/party-complaints").text
        )

    def test_a_complaint_erased_since_asks_the_party_nothing(self):
        """Closed, then de-identified (retention or an erasure request): it no
        longer takes the answer, and did not say so."""
        complaint = self.complaint_alice.sudo()
        complaint._workflow_write(
            {"state": "closed", "date_closed": complaint.date_received}
        )
        complaint._deidentify()
        self.authenticate("por_shop", "por_shop")
        listing = self.url_open("/my/party-complaints").text
        self.assertIn("Closed: no answer needed", listing)
        self.assertNotIn("Your answer is needed", listing)
        text = self._page(self.complaint_alice).text
        self.assertNotIn("Answer due by", text)
        self.assertNotIn('name="answer"', text)

    def test_answer_recorded_and_handler_told(self):
        self.authenticate("por_shop", "por_shop")
        csrf = self._page_csrf(self.complaint_alice)
        response = self.url_open(
            f"/my/party-complaints/{self.complaint_alice.id}/answer",
            data={"csrf_token": csrf, "answer": "A new kettle leaves today."},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("your answer was sent", response.text)
        complaint = self.complaint_alice
        self.assertEqual(complaint.party_state, "answered")
        self.assertEqual(complaint.party_response, "A new kettle leaves today.")
        note = complaint.message_ids.filtered(
            lambda m: "A new kettle leaves today." in m.body
        )
        self.assertEqual(len(note), 1)
        self.assertIn(self.handler.partner_id, note.partner_ids)
        self.assertEqual(note.author_id, self.shop_user.partner_id)
        self.assertTrue(note.subtype_id.internal, "the complainant does not see it")
        self.assertIn(self.handler.partner_id, note.notification_ids.res_partner_id)
        self.assertNotIn(self.alice.partner_id, note.notification_ids.res_partner_id)

    def test_answer_refused_without_csrf_or_for_another_party(self):
        url = f"/my/party-complaints/{self.complaint_alice.id}/answer"
        self.authenticate("por_shop", "por_shop")
        response = self.url_open(url, data={"answer": "forged"})
        self.assertIn(response.status_code, (400, 403))
        self.authenticate("por_lamp", "por_lamp")
        csrf = self._page_csrf(self.complaint_bob)
        response = self.url_open(url, data={"csrf_token": csrf, "answer": "intrusion"})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.complaint_alice.party_state, "forwarded")
        # control: Lamp Store answers its own
        response = self.url_open(
            f"/my/party-complaints/{self.complaint_bob.id}/answer",
            data={"csrf_token": csrf, "answer": "We replace the lamp."},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self.complaint_bob.party_state, "answered")

    def test_empty_answer_shows_the_form_again(self):
        self.authenticate("por_shop", "por_shop")
        csrf = self._page_csrf(self.complaint_alice)
        response = self.url_open(
            f"/my/party-complaints/{self.complaint_alice.id}/answer",
            data={"csrf_token": csrf, "answer": "   "},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Please write your answer.", response.text)
        self.assertEqual(self.complaint_alice.party_state, "forwarded")

    # ------------------------------------------------------------------
    # No way around the pages
    # ------------------------------------------------------------------
    def test_party_reads_nothing_through_the_orm(self):
        Complaint = self.env["complaint.complaint"].with_user(self.shop_user)
        self.assertFalse(Complaint.search([]))
        with self.assertRaises(AccessError):
            Complaint.browse(self.complaint_alice.id).read(
                ["partner_id", "complainant_email", "subject"]
            )
        with self.assertRaises(AccessError):
            Complaint.browse(self.complaint_alice.id).write({"subject": "x"})

    def test_party_reads_nothing_through_json_rpc(self):
        self.authenticate("por_shop", "por_shop")
        call = {
            "model": "complaint.complaint",
            "kwargs": {},
        }
        read = self._json(
            "/web/dataset/call_kw/complaint.complaint/read",
            {
                **call,
                "method": "read",
                "args": [
                    [self.complaint_alice.id],
                    ["partner_id", "complainant_email"],
                ],
            },
        )
        self.assertEqual(read["error"]["data"]["name"], "odoo.exceptions.AccessError")
        search_read = self._json(
            "/web/dataset/call_kw/complaint.complaint/search_read",
            {
                **call,
                "method": "search_read",
                "args": [[], ["partner_id", "complainant_email", "complainant_name"]],
            },
        )
        # refused (the contact fields are staff's), not failing otherwise
        self.assertEqual(
            search_read["error"]["data"]["name"], "odoo.exceptions.AccessError"
        )
        self.assertNotIn("por_alice@example.com", json.dumps(search_read))
        self.assertNotIn("Alice Acme", json.dumps(read) + json.dumps(search_read))

    def test_complainant_reads_nothing_of_the_party(self):
        Complaint = self.env["complaint.complaint"].with_user(self.alice)
        complaint = Complaint.browse(self.complaint_alice.id)
        self.assertEqual(complaint.read(["subject"])[0]["subject"], "Kettle leaks")
        for field in ("party_id", "party_response", "recovery_amount"):
            with self.assertRaises(AccessError):
                complaint.read([field])

    def test_complainant_portal_still_works(self):
        self.authenticate("por_alice", "por_alice")
        response = self.url_open(f"/my/complaints/{self.complaint_alice.id}")
        self.assertEqual(response.status_code, 200)
        self.assertIn("Kettle leaks", response.text)
        self.assertNotIn("Kettle Shop", response.text, "the party stays internal")
        self.assertNotIn(
            self.complaint_alice.name, self.url_open("/my/party-complaints").text
        )

    def test_forward_gives_a_contact_without_account_portal_access(self):
        Partner = self.env["res.partner"]
        carrier = Partner.create({"name": "Fast Parcel", "is_company": True})
        driver = Partner.create(
            {
                "name": "Dispatch Desk",
                "parent_id": carrier.id,
                "email": "desk@fp.example",
            }
        )
        self.complaint_carl.party_id = carrier
        self.complaint_carl.action_forward_to_party()
        user = driver.user_ids
        self.assertTrue(user)
        self.assertTrue(user._is_portal())
        self.assertEqual(
            self.env["complaint.complaint"].with_user(user)._party_portal_search(),
            self.complaint_carl,
        )

    def test_the_invitation_is_worded_in_the_contacts_language(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["complaint_portal"], ["zh_CN"], overwrite=True
        )
        carrier = self.env["res.partner"].create(
            {"name": "Shunda Express", "is_company": True}
        )
        Contact = self.env["res.partner"].with_context(tracking_disable=True)
        desk_zh = Contact.create(
            {
                "name": "调度台",
                "parent_id": carrier.id,
                "email": "desk@shunda.example",
                "lang": "zh_CN",
            }
        )
        desk_en = Contact.create(
            {
                "name": "Night Desk",
                "parent_id": carrier.id,
                "email": "night@shunda.example",
                "lang": "en_US",
            }
        )
        self.complaint_carl.party_id = carrier
        # kept once sent, to be read
        self.env.ref("portal.mail_template_data_portal_welcome").auto_delete = False
        last_mail = self.env["mail.mail"].search([], order="id desc", limit=1)
        self.complaint_carl.with_context(lang="en_US").action_forward_to_party()
        wizards = self.env["portal.wizard"].search([], order="id desc", limit=2)
        by_partner = {
            user.partner_id: wizard.welcome_message
            for wizard in wizards
            for user in wizard.user_ids
        }
        self.assertIn("已转交给您", by_partner[desk_zh])
        # the invitation comes from the company, not from whoever forwarded
        invitations = self.env["mail.mail"].search(
            [("email_to", "ilike", "@shunda.example"), ("id", ">", last_mail.id)]
        )
        self.assertEqual(len(invitations), 2)
        forwarder = self.env.user.email_formatted
        for invitation in invitations:
            self.assertNotEqual(invitation.email_from, forwarder)
            self.assertEqual(
                invitation.email_from,
                self.complaint_carl._complaint_mail_values()["email_from"],
            )
        # control: the English-speaking contact reads English
        self.assertIn("was forwarded to you", by_partner[desk_en])

    def test_answer_as_long_as_the_form_allows(self):
        """The form's 10,000 characters are taken whole (its line breaks sent
        as two characters); a longer answer is refused with the text kept."""
        self.authenticate("por_shop", "por_shop")
        url = f"/my/party-complaints/{self.complaint_alice.id}/answer"
        too_long = "z" * 10001
        response = self.url_open(
            url,
            data={
                "csrf_token": self._page_csrf(self.complaint_alice),
                "answer": too_long,
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("limited to 10000 characters", response.text)
        self.assertIn(too_long, response.text)
        self.assertEqual(self.complaint_alice.party_state, "forwarded")
        lines = ["y" * 99] * 100
        response = self.url_open(
            url,
            data={
                "csrf_token": self._page_csrf(self.complaint_alice),
                "answer": "\r\n".join(lines),
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("too long", response.text)
        self.assertEqual(self.complaint_alice.party_response, "\n".join(lines))
        # the handler is told, with the answer whole
        note = self.complaint_alice.message_ids.filtered(
            lambda m: "The complained-about party answered" in (m.body or "")
        )
        self.assertEqual(len(note), 1)
        self.assertIn("y" * 99, note.body)
        self.assertEqual(note.author_id, self.shop_user.partner_id)

    def test_party_sees_only_the_complainant_s_order(self):
        # staff linked another customer's order to Alice's complaint
        self.complaint_alice.sudo().write({"sale_order_id": self.order_bob.id})
        self.authenticate("por_shop", "por_shop")
        text = self._page(self.complaint_alice).text
        self.assertNotIn(self.order_bob.name, text)
        self.assertEqual(self.complaint_alice._party_portal_values()["order"], "")
        # control: her own order is shown
        self.complaint_alice.sudo().write({"sale_order_id": self.order_alice.id})
        self.assertEqual(
            self.complaint_alice._party_portal_values()["order"], self.order_alice.name
        )
