import re
import uuid

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged

from .common import PNG, ComplaintPortalCase

PASSCODE_RE = re.compile(r"o_complaint_passcode_value[^>]*>([A-Z0-9-]{9})<")


class PortalPasscodeCase(ComplaintPortalCase):
    """Filing as a visitor and following by tracking number and passcode."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Complaint = cls.env["complaint.complaint"]
        cls.company.complaint_portal_limit_ip = 50

    def _file(self, **contact):
        form = self._form(submission_key=uuid.uuid4().hex, **contact)
        response = self.url_open("/complaint/new", data=form)
        self.assertEqual(response.status_code, 200, response.text[:500])
        complaint = self.Complaint.search(
            [("portal_submission_key", "=like", f"{form['submission_key']}:%")]
        )
        self.assertEqual(len(complaint), 1)
        return complaint, response, form

    def _status(self, number, passcode):
        return self.url_open(
            "/complaint/status",
            data={
                "csrf_token": self._csrf(),
                "number": number,
                "passcode": passcode,
            },
            allow_redirects=False,
        )


@tagged("post_install", "-at_install")
class TestPortalPasscode(PortalPasscodeCase):
    """A complainant who gives only a phone number, or nothing at all, files
    and follows the complaint with its tracking number and a passcode."""

    def test_phone_only_visitor_files_and_follows(self):
        complaint, thanks, form = self._file(name="", email="", phone="138 0013 8000")
        self.assertEqual(complaint.partner_id.phone, "138 0013 8000")
        self.assertFalse(complaint.partner_id.email)
        self.assertFalse(complaint.is_anonymous)
        passcode = PASSCODE_RE.search(thanks.text).group(1)
        self.assertIn(complaint.name, thanks.text)
        # hashed at rest: the passcode is nowhere in the database's record
        stored = complaint.sudo().portal_passcode_hash
        self.assertTrue(stored.startswith("pbkdf2_sha256$"))
        self.assertNotIn(passcode.replace("-", ""), stored)
        # shown once: reloading the thank-you page does not show it again
        again = self.url_open(thanks.url)
        self.assertEqual(again.status_code, 200)
        self.assertIsNone(PASSCODE_RE.search(again.text))
        # the same form sent again files nothing and keeps the passcode
        self.url_open("/complaint/new", data=form)
        self.assertEqual(complaint.sudo().portal_passcode_hash, stored)

        refused = self._status(complaint.name, "AAAA-AAAA")
        self.assertEqual(refused.status_code, 400)
        self.assertIn("do not match", refused.text)
        opened = self._status(complaint.name, passcode.lower().replace("-", " "))
        self.assertEqual(opened.status_code, 303)
        self.assertIn(f"/my/complaints/{complaint.id}", opened.headers["Location"])
        page = self.url_open(opened.headers["Location"])
        self.assertEqual(page.status_code, 200)
        self.assertIn("Broken kettle", page.text)
        # the number of another complaint with this passcode opens nothing
        self.assertEqual(
            self._status(self.complaint_bob.name, passcode).status_code, 400
        )

    def test_visitor_without_any_contact(self):
        partners = self.env["res.partner"].search_count([])
        complaint, thanks, _form = self._file(name="", email="", phone="")
        self.assertTrue(complaint.is_anonymous)
        self.assertFalse(complaint.partner_id)
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        self.assertNotIn("sent this number and a private link", thanks.text)
        passcode = PASSCODE_RE.search(thanks.text).group(1)
        self.assertEqual(self._status(complaint.name, passcode).status_code, 303)

    def test_privacy_wording_beside_contact_fields(self):
        page = self.url_open("/complaint/new").text
        self.assertIn("complaint_privacy_note", page)
        self.assertIn("if you would rather not give private information", page)
        self.assertNotIn('id="complaint_email" name="email" required', page)

    def test_attempts_are_rate_limited(self):
        complaint, thanks, _form = self._file(name="", email="", phone="")
        passcode = PASSCODE_RE.search(thanks.text).group(1)
        self.company.complaint_portal_limit_ip = 3
        for _attempt in range(3):
            self.assertEqual(self._status(complaint.name, "WRON-GGGG").status_code, 400)
        refused = self._status(complaint.name, passcode)
        self.assertEqual(refused.status_code, 400)
        self.assertIn("Too many attempts", refused.text)
        # control: with room left, the right passcode opens it
        self.company.complaint_portal_limit_ip = 10
        self.assertEqual(self._status(complaint.name, passcode).status_code, 303)

    def test_wrong_passcodes_from_one_address_do_not_lock_the_number(self):
        """Someone who knows a tracking number cannot lock its complainant
        out from one address; guessing from many addresses is still capped."""
        complaint, thanks, _form = self._file(name="", email="", phone="")
        passcode = PASSCODE_RE.search(thanks.text).group(1)
        self.company.complaint_portal_limit_ip = 2
        Complaint = self.env["complaint.complaint"]
        for _attempt in range(2):
            found, refused = Complaint._portal_find_by_passcode(
                complaint.name, "WRON-GGGG", "203.0.113.9"
            )
            self.assertFalse(found or refused)
        self.assertTrue(
            Complaint._portal_find_by_passcode(complaint.name, passcode, "203.0.113.9")[
                1
            ]
        )
        # the complainant, from their own address, still gets in
        found, refused = Complaint._portal_find_by_passcode(
            complaint.name, passcode, "198.51.100.7"
        )
        self.assertEqual((found, refused), (complaint, False))
        # ten addresses' worth of wrong passcodes close the number to everyone
        for index in range(18):
            Complaint._portal_find_by_passcode(
                complaint.name, "WRON-GGGG", f"192.0.2.{index // 2}"
            )
        found, refused = Complaint._portal_find_by_passcode(
            complaint.name, passcode, "198.51.100.8"
        )
        self.assertFalse(found)
        self.assertTrue(refused)

    def test_right_passcode_does_not_use_up_the_limit(self):
        """The complainant who opens their complaint again and again with the
        right passcode is not locked out; wrong attempts still count."""
        complaint, thanks, _form = self._file(name="", email="", phone="")
        passcode = PASSCODE_RE.search(thanks.text).group(1)
        self.company.complaint_portal_limit_ip = 3
        for _attempt in range(5):
            self.assertEqual(self._status(complaint.name, passcode).status_code, 303)
        for _attempt in range(3):
            self.assertEqual(self._status(complaint.name, "WRON-GGGG").status_code, 400)
        refused = self._status(complaint.name, passcode)
        self.assertIn("Too many attempts", refused.text)

    def test_staff_give_a_new_passcode(self):
        staff = new_test_user(
            self.env,
            login="pc_staff",
            groups="complaint_management.complaint_management_group_user",
        )
        complaint = self.Complaint.with_user(staff).create(
            {"subject": "Called about a kettle", "complainant_phone": "13900139000"}
        )
        action = complaint.action_portal_new_passcode()
        passcode = re.search(
            r"passcode ([A-Z0-9]{4}-[A-Z0-9]{4})", action["params"]["message"]
        )
        self.assertTrue(passcode)
        self.assertTrue(complaint._portal_passcode_matches(passcode.group(1)))
        # the complainant opens the page with it: the link carries the token
        opened = self._status(complaint.name, passcode.group(1))
        self.assertEqual(opened.status_code, 303)
        link = opened.headers["Location"]
        self.assertEqual(self.url_open(link).status_code, 200)
        first_token = complaint.access_token
        photo = self.env["ir.attachment"].create(
            {
                "name": "kettle.png",
                "raw": PNG,
                "res_model": complaint._name,
                "res_id": complaint.id,
            }
        )
        photo.generate_access_token()
        download = f"/web/content/{photo.id}?download=true&access_token="
        old_download = download + photo.access_token
        self.assertEqual(self.url_open(old_download).status_code, 200)
        complaint.action_portal_new_passcode()
        self.assertFalse(
            complaint._portal_passcode_matches(passcode.group(1)),
            "a new passcode replaces the old one",
        )
        # ... and the link the old one opened no longer opens the complaint
        self.assertNotEqual(complaint.access_token, first_token)
        self.assertNotIn(complaint.name, self.url_open(link).text)
        # nor do the download links of its files; the page's new ones do
        self.assertNotEqual(self.url_open(old_download).status_code, 200)
        self.assertEqual(self.url_open(download + photo.access_token).status_code, 200)
        self.assertIn("no longer open the complaint", complaint.message_ids[:1].body)
        with self.assertRaises(UserError):
            complaint.with_user(self.alice).action_portal_new_passcode()
        # the hash is not readable by staff
        with self.assertRaises(AccessError):
            complaint.with_user(staff).read(["portal_passcode_hash"])

    def test_staff_form_accepts_phone_only_or_anonymous(self):
        Complaint = self.Complaint.with_user(
            new_test_user(
                self.env,
                login="pc_staff2",
                groups="complaint_management.complaint_management_group_user",
            )
        )
        with self.assertRaises(ValidationError):
            Complaint.create({"subject": "Nobody"})
        self.assertTrue(
            Complaint.create({"subject": "Anonymous", "is_anonymous": True})
        )
        self.assertTrue(
            Complaint.create({"subject": "Phone", "complainant_phone": "110"})
        )

    def test_full_width_input_of_a_chinese_keyboard(self):
        """Chinese input methods type full-width digits, letters and signs
        (１３８, ＣＭＰ／２０２６, ＠): they are the same number and code."""

        def full_width(text):
            return "".join(
                "\u3000" if c == " " else chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c
                for c in text
            )

        complaint, thanks, _form = self._file(
            name="", email="", phone=full_width("138 0013 8000")
        )
        self.assertEqual(complaint.partner_id.phone, "138 0013 8000")
        passcode = PASSCODE_RE.search(thanks.text).group(1)
        opened = self._status(full_width(complaint.name), full_width(passcode))
        self.assertEqual(opened.status_code, 303)
        self.assertIn(f"/my/complaints/{complaint.id}", opened.headers["Location"])
        # control: a wrong passcode typed full-width is still wrong
        self.assertEqual(
            self._status(
                full_width(complaint.name), full_width("AAAA-AAAA")
            ).status_code,
            400,
        )

    def test_a_new_complainant_cuts_the_links_of_the_former(self):
        """A visitor filed for someone, or the contact was wrong: once staff
        put the right person, the links given so far open nothing of theirs."""
        complaint = self.complaint_alice.sudo()
        complaint._portal_ensure_token()
        token = complaint.access_token
        rating_token = complaint._rating_get_access_token()
        # control: the same contact written again changes nothing
        complaint.write({"partner_id": complaint.partner_id.id})
        self.assertEqual(complaint.access_token, token)
        complaint.write({"partner_id": self.bob.partner_id.id})
        self.assertTrue(complaint.access_token)
        self.assertNotEqual(complaint.access_token, token)
        self.assertNotIn(rating_token, complaint.rating_ids.mapped("access_token"))
        page = self.url_open(f"/my/complaints/{complaint.id}?access_token={token}")
        self.assertNotIn(complaint.subject, page.text)

    def test_a_new_complainant_unfollows_the_former(self):
        """The former complainant kept following: signed in, they read the new
        complainant's complaint, files and proposal, and got its emails."""
        complaint = self.complaint_alice.sudo()
        self.assertIn(self.alice.partner_id, complaint.message_partner_ids)
        complaint.write({"partner_id": self.bob.partner_id.id})
        self.assertNotIn(self.alice.partner_id, complaint.message_partner_ids)
        self.authenticate("por_alice", "por_alice")
        page = self.url_open(f"/my/complaints/{complaint.id}")
        self.assertNotIn(complaint.subject, page.text)
        # control: the new complainant reads it
        self.authenticate("por_bob", "por_bob")
        page = self.url_open(f"/my/complaints/{complaint.id}")
        self.assertIn(complaint.subject, page.text)

    def test_an_address_put_right_cuts_the_links_sent_to_the_wrong_one(self):
        complaint = self.Complaint.create(
            {"subject": "Kettle", "complainant_email": "li.wie@example.com"}
        )
        complaint._portal_ensure_token()
        token = complaint.access_token
        # control: the same address, written otherwise, changes nothing
        complaint.write({"complainant_email": "Li.Wie@Example.com"})
        self.assertEqual(complaint.access_token, token)
        complaint.write({"complainant_email": "li.wei@example.com"})
        self.assertNotEqual(complaint.access_token, token)
        page = self.url_open(f"/my/complaints/{complaint.id}?access_token={token}")
        self.assertNotIn("Kettle", page.text)

    def test_a_contact_given_to_an_address_only_complaint_cuts_its_links(self):
        """Staff pick the contact of a complaint typed with an address only:
        the link sent to that address is no longer the complainant's, unless
        the contact has that address."""
        right = self.env["res.partner"].create(
            {"name": "Li Wei", "email": "li.wei@example.com"}
        )
        for typed, kept in (
            ("li.wie@example.com", False),
            ("Li.Wei@example.com", True),
        ):
            with self.subTest(typed=typed):
                complaint = self.Complaint.create(
                    {"subject": "Kettle", "complainant_email": typed}
                )
                complaint._portal_ensure_token()
                token = complaint.access_token
                complaint.write({"partner_id": right.id})
                self.assertEqual(complaint.access_token == token, kept)
        # a visitor's anonymous complaint given a contact: their link goes too
        anonymous = self.Complaint.create({"subject": "Lamp", "is_anonymous": True})
        anonymous._portal_ensure_token()
        token = anonymous.access_token
        anonymous.write({"partner_id": right.id, "is_anonymous": False})
        self.assertNotEqual(anonymous.access_token, token)
        page = self.url_open(f"/my/complaints/{anonymous.id}?access_token={token}")
        self.assertNotIn("Lamp", page.text)

    def test_a_number_two_companies_share_opens_the_complaint_of_its_passcode(self):
        """Numbers are unique in a company: two companies numbering alike may
        give the same one; the passcode, or the address, tells which."""
        company_b = self.env["res.company"].create({"name": "Same Numbers Ltd"})
        mine = self.Complaint.create(
            {"subject": "Kettle A", "complainant_email": "a@example.com"}
        )
        theirs = self.Complaint.with_company(company_b).create(
            {
                "subject": "Kettle B",
                "complainant_email": "b@example.com",
                "company_id": company_b.id,
            }
        )
        theirs.name = mine.name
        code_mine = mine._portal_new_passcode()
        code_theirs = theirs._portal_new_passcode()
        for complaint, code in ((mine, code_mine), (theirs, code_theirs)):
            opened = self._status(complaint.name, code)
            self.assertEqual(opened.status_code, 303)
            self.assertIn(f"/my/complaints/{complaint.id}", opened.headers["Location"])
        Request = self.env["complaint.portal.link.request"].sudo()
        Request.search([]).unlink()
        self.env["complaint.portal.link.request"]._ask(
            theirs.name, "B@example.com", "10.0.0.9"
        )
        self.assertEqual(Request.search([]).complaint_id, theirs)
        # control: an address of neither queues an empty request
        Request.search([]).unlink()
        self.env["complaint.portal.link.request"]._ask(
            theirs.name, "c@example.com", "10.0.0.9"
        )
        self.assertFalse(Request.search([]).complaint_id)

    def test_a_new_complainant_cuts_the_passcode_and_the_form(self):
        """A visitor filed for someone else: once staff put the right person,
        neither the passcode shown to the visitor nor their form sent again
        leads to the complaint."""
        complaint, thanks, form = self._file(name="", email="", phone="138 0013 8001")
        passcode = PASSCODE_RE.search(thanks.text).group(1)
        # control: until then the passcode opens it
        self.assertEqual(self._status(complaint.name, passcode).status_code, 303)
        complaint.sudo().write({"partner_id": self.bob.partner_id.id})
        self.assertEqual(self._status(complaint.name, passcode).status_code, 400)
        self.assertFalse(complaint.sudo().portal_passcode_hash)
        # the form sent again files anew: nothing of the complaint on its page
        again = self.url_open(
            "/complaint/new", data=dict(form, csrf_token=self._csrf())
        )
        self.assertNotIn(complaint.name, again.text)
        self.assertNotIn(complaint.access_token, again.url)
        newer = self.Complaint.search(
            [("portal_submission_key", "=like", f"{form['submission_key']}:%")]
        )
        self.assertEqual(len(newer), 1)
        self.assertNotEqual(newer, complaint)
        # staff give the right person a passcode of their own: it opens it
        code = re.search(
            r"passcode (\S+),",
            complaint.action_portal_new_passcode()["params"]["message"],
        ).group(1)
        self.assertEqual(self._status(complaint.name, code).status_code, 303)

    def test_merged_contacts_cut_the_links_of_the_merged_one(self):
        """Staff merge the contact a visitor's form made into the customer's:
        core moves the complaint with SQL, and the visitor's link and
        passcode went on opening it as the customer (their address on the
        printed record)."""
        complaint, thanks, _form = self._file(
            name="Walk-in", email="", phone="138 0013 8002"
        )
        passcode = PASSCODE_RE.search(thanks.text).group(1)
        complaint = complaint.sudo()
        token = complaint.access_token
        visitor = complaint.partner_id
        customer = self.env["res.partner"].create(
            {"name": "Customer Kept", "phone": "138 0013 8002"}
        )
        self.assertEqual(self._status(complaint.name, passcode).status_code, 303)
        self.env["base.partner.merge.automatic.wizard"]._merge(
            (visitor | customer).ids, customer
        )
        self.assertEqual(complaint.partner_id, customer)
        self.assertNotEqual(complaint.access_token, token)
        self.assertEqual(self._status(complaint.name, passcode).status_code, 400)
        page = self.url_open(f"/my/complaints/{complaint.id}?access_token={token}")
        self.assertNotIn(complaint.subject, page.text)
        # control: the complaints of the contact kept keep their links
        kept = self.complaint_alice.sudo()
        kept._portal_ensure_token()
        kept_token = kept.access_token
        other = self.env["res.partner"].create(
            {"name": "Alice again", "email": kept.partner_id.email}
        )
        self.env["base.partner.merge.automatic.wizard"]._merge(
            (other | kept.partner_id).ids, kept.partner_id
        )
        self.assertEqual(kept.access_token, kept_token)

    def test_a_customers_form_sent_again_logged_out_gives_no_link(self):
        """Alice's colleague filed signed in, then left the company: their
        form, sent again once logged out, neither opens the complaint nor
        gets it a passcode."""
        self.authenticate("por_carl", "por_carl")
        form = self._form(submission_key=uuid.uuid4().hex)
        first = self.url_open("/complaint/new", data=form)
        complaint = self.Complaint.search(
            [("portal_submission_key", "=like", f"{form['submission_key']}:%")]
        )
        self.assertIn(f"/complaint/thanks/{complaint.id}", first.url)
        # control: sent again signed in, the thank-you page again
        again = self.url_open(
            "/complaint/new", data=dict(form, csrf_token=self._csrf())
        )
        self.assertIn(complaint.name, again.text)
        self.logout()
        replay = self.url_open(
            "/complaint/new",
            data=dict(form, csrf_token=self._csrf()),
            allow_redirects=False,
        )
        self.assertEqual(replay.status_code, 303)
        self.assertNotIn("access_token", replay.headers["Location"])
        self.assertNotIn(complaint.name, self.url_open(replay.headers["Location"]).text)
        self.assertFalse(complaint.sudo().portal_passcode_hash)

    def test_an_address_put_right_on_the_contact_cuts_the_links(self):
        """Staff correct a visitor's mistyped address on the contact itself:
        the links the receipt took to the wrong address open nothing."""
        complaint, thanks, _form = self._file(email="li.wie@example.com")
        token = complaint.sudo().access_token
        partner = complaint.partner_id
        # control: the same address, written otherwise, changes nothing
        partner.email = "Li.Wie@Example.com"
        self.assertEqual(complaint.sudo().access_token, token)
        partner.email = "li.wei@example.com"
        self.assertNotEqual(complaint.sudo().access_token, token)
        page = self.url_open(f"/my/complaints/{complaint.id}?access_token={token}")
        self.assertNotIn("Broken kettle", page.text)
        # control: another contact's complaint keeps its link
        other, _thanks, _form = self._file(email="someone@example.com")
        other_token = other.sudo().access_token
        partner.email = "li.wei.2@example.com"
        self.assertEqual(other.sudo().access_token, other_token)
