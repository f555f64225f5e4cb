from odoo.tests import tagged

from .common import PNG, ComplaintPortalCase


@tagged("post_install", "-at_install")
class TestPortalSubmit(ComplaintPortalCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Complaint = cls.env["complaint.complaint"]

    def _count(self):
        return self.Complaint.search_count([])

    def _visitor(self, **values):
        base = {
            "name": "Li Wei",
            "email": "li.wei@example.com",
            "phone": "+86 138 0000 0000",
        }
        base.update(values)
        return self._form(**base)

    def test_form_pages_render(self):
        page = self.url_open("/complaint/new").text
        for label in (
            'for="complaint_name"',
            'for="complaint_email"',
            'name="website"',
        ):
            self.assertIn(label, page)
        self.assertIn("csrf_token", page)
        self.assertEqual(self.url_open("/complaint/track").status_code, 200)

    def test_visitor_submits_with_attachment(self):
        before = self._count()
        response = self.url_open(
            "/complaint/new",
            data=self._visitor(
                description="<script>alert('x')</script> leaks",
            ),
            files={"attachments": ("photo.png", PNG, "image/png")},
        )
        self.assertEqual(response.status_code, 200, response.text[-2000:])
        self.assertEqual(self._count(), before + 1)
        complaint = self.Complaint.search([], order="id desc", limit=1)
        self.assertIn(
            "Your tracking number is "
            f'<strong class="o_complaint_number fw-bold">{complaint.name}</strong>.',
            response.text,
        )
        self.assertEqual(complaint.partner_id.email, "li.wei@example.com")
        self.assertEqual(complaint.partner_id.phone, "+86 138 0000 0000")
        self.assertEqual(
            complaint.channel_id,
            self.env.ref("complaint_management.complaint_channel_web"),
        )
        self.assertEqual(complaint.state, "new")
        self.assertEqual(complaint.portal_attachment_ids.name, "photo.png")
        # HTML typed into the form is stored escaped, never as markup
        self.assertIn("&lt;script&gt;", complaint.description)
        self.assertNotIn("<script>", complaint.description)
        self.assertTrue(complaint.access_token)
        receipt = complaint.message_ids.filtered(
            lambda m: complaint.access_token in (m.body or "")
        )
        self.assertTrue(receipt, "the visitor gets the secure link by email")
        self.assertIn(complaint.name, receipt.body)
        self.assertIn(complaint.partner_id, receipt.notified_partner_ids)
        # the secure link opens that complaint, and only that one
        page = self.url_open(complaint.get_portal_url())
        self.assertEqual(page.status_code, 200)
        self.assertIn(complaint.name, page.text)
        self.assertNotIn("&lt;script&gt;alert", page.text.replace("&amp;", "&")[:0])
        self.assertNotIn("<script>alert", page.text)

    def test_invalid_input_redisplays_and_creates_nothing(self):
        before = self._count()
        partners = self.env["res.partner"].search_count([])
        response = self.url_open(
            "/complaint/new",
            data=self._visitor(
                subject="", email="not-an-email", date_problem="2999-01-01"
            ),
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Your complaint was not sent", response.text)
        self.assertIn("Give your complaint a short title.", response.text)
        self.assertIn("Give a valid email address, or none.", response.text)
        self.assertIn("not in the future", response.text)
        # input kept
        self.assertIn('value="Li Wei"', response.text)
        self.assertIn("It leaks since the first day.", response.text)
        self.assertIn('aria-invalid="true"', response.text)
        self.assertEqual(self._count(), before)
        self.assertEqual(self.env["res.partner"].search_count([]), partners)

    def test_refused_files_are_named(self):
        self.company.complaint_portal_file_size = 0.001  # about 1 kB
        before = self._count()
        response = self.url_open(
            "/complaint/new",
            data=self._visitor(),
            files=[
                (
                    "attachments",
                    ("virus.exe", b"MZ\x90\x00", "application/octet-stream"),
                ),
                (
                    "attachments",
                    ("big.pdf", b"%PDF-1.4 " + b"x" * 5000, "application/pdf"),
                ),
                (
                    "attachments",
                    ("page.png", b"<html><script>1</script></html>", "image/png"),
                ),
            ],
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("virus.exe: this type of file is not accepted", response.text)
        self.assertIn("big.pdf: the file is larger than 0.001 MB", response.text)
        self.assertIn(
            "page.png: the content of this file is not accepted", response.text
        )
        self.assertEqual(self._count(), before)

    def test_total_size_per_complaint(self):
        self.company.complaint_portal_total_size = 0.005  # about 5 kB
        response = self.url_open(
            "/complaint/new",
            data=self._visitor(),
            files=[
                ("attachments", ("a.txt", b"a" * 3000, "text/plain")),
                ("attachments", ("b.txt", b"b" * 3000, "text/plain")),
            ],
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("exceed 0.005 MB: a.txt, b.txt", response.text)

    def test_honeypot(self):
        before = self._count()
        response = self.url_open(
            "/complaint/new", data=self._visitor(website="http://spam.example")
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("could not be accepted", response.text)
        self.assertEqual(self._count(), before)

    def test_csrf_token_required(self):
        before = self._count()
        data = self._visitor()
        data.pop("csrf_token")
        response = self.url_open("/complaint/new", data=data)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._count(), before)
        response = self.url_open("/complaint/new", data=self._visitor(csrf_token="x"))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._count(), before)

    def test_only_whitelisted_fields_are_written(self):
        other_team = self.env["complaint.team"].create({"name": "Elsewhere"})
        # the team the portal gives complaints to hands them to its leader
        default_team = self.env["complaint.team"]._get_default_team()
        handler = self.env["res.users"].create(
            {"name": "Desk Leader", "login": "desk_leader_wl"}
        )
        default_team.write({"assignment_method": "manual", "leader_id": handler.id})
        urgent = self.env.ref("complaint_management.complaint_level_extra_urgent")
        response = self.url_open(
            "/complaint/new",
            data=self._visitor(
                state="closed",
                stage_id="1",
                user_id=str(self.env.ref("base.user_admin").id),
                team_id=str(other_team.id),
                level_id=str(urgent.id),
                company_id="999",
                is_high_risk="1",
                access_token="chosen-by-attacker",
                partner_id=str(self.bob.partner_id.id),
                name_1="x",
            ),
        )
        self.assertEqual(response.status_code, 200)
        complaint = self.Complaint.search([], order="id desc", limit=1)
        self.assertEqual(complaint.state, "new")
        self.assertEqual(
            complaint.user_id, handler, "the team's choice, not the sender's"
        )
        self.assertNotEqual(complaint.team_id, other_team)
        self.assertNotEqual(complaint.level_id, urgent)
        self.assertEqual(complaint.company_id, self.env.company)
        self.assertFalse(complaint.is_high_risk)
        self.assertNotEqual(complaint.access_token, "chosen-by-attacker")
        self.assertNotEqual(complaint.partner_id, self.bob.partner_id)

    def test_customer_submits_from_own_order(self):
        self.authenticate("por_alice", "por_alice")
        form = self.url_open("/complaint/new").text
        self.assertIn(self.order_alice.name, form)
        self.assertIn("Kettle K1", form)
        self.assertNotIn(self.order_bob.name, form)
        self.assertNotIn("Lamp L3", form)
        self.assertNotIn('for="complaint_email"', form)
        response = self.url_open(
            "/complaint/new",
            data=self._form(
                sale_order_id=str(self.order_alice.id),
                product_ids=[str(self.kettle.id)],
            ),
        )
        self.assertEqual(response.status_code, 200)
        complaint = self.Complaint.search([], order="id desc", limit=1)
        self.assertEqual(complaint.partner_id, self.alice.partner_id)
        self.assertEqual(complaint.sale_order_id, self.order_alice)
        self.assertEqual(complaint.product_ids, self.kettle)
        self.assertEqual(
            complaint.channel_id,
            self.env.ref("complaint_management.complaint_channel_portal"),
        )
        self.assertIn(complaint.access_url, response.text)

    def test_customer_cannot_use_other_orders_or_products(self):
        self.authenticate("por_alice", "por_alice")
        before = self._count()
        response = self.url_open(
            "/complaint/new",
            data=self._form(sale_order_id=str(self.order_bob.id)),
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Choose one of your own orders.", response.text)
        response = self.url_open(
            "/complaint/new",
            data=self._form(
                sale_order_id=str(self.order_alice.id),
                product_ids=[str(self.lamp.id)],
            ),
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Choose products of the order", response.text)
        self.assertEqual(self._count(), before)

    def test_rate_limit_per_address_and_email(self):
        # earlier submissions from this address (a manual try on the same
        # database) would count against the limit
        self.env["complaint.portal.rate.log"].search([]).unlink()
        self.company.complaint_portal_limit_ip = 3
        before = self._count()
        for index in range(3):
            response = self.url_open(
                "/complaint/new", data=self._visitor(email=f"v{index}@example.com")
            )
            self.assertEqual(response.status_code, 200)
        response = self.url_open(
            "/complaint/new", data=self._visitor(email="v9@example.com")
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("too many complaints in a short time", response.text)
        self.assertEqual(self._count(), before + 3)

    def test_rate_limit_per_email(self):
        self.company.complaint_portal_limit_email = 2
        before = self._count()
        for _index in range(2):
            self.assertEqual(
                self.url_open("/complaint/new", data=self._visitor()).status_code, 200
            )
        response = self.url_open(
            "/complaint/new", data=self._visitor(email="LI.WEI@example.com ")
        )
        self.assertIn("too many complaints", response.text)
        self.assertEqual(self._count(), before + 2)

    def test_track_sends_the_link_without_revealing(self):
        complaint = self.complaint_alice
        # a colleague follows the complaint: the link is for the complainant only
        complaint.message_subscribe(self.carl.partner_id.ids)
        messages = complaint.message_ids
        Request = self.env["complaint.portal.link.request"]

        def track(number, email):
            before = self.cr.sql_log_count
            response = self.url_open(
                "/complaint/track",
                data={"csrf_token": self._csrf(), "number": number, "email": email},
            )
            self.assertEqual(response.status_code, 200)
            return response.text, self.cr.sql_log_count - before

        track("CMP/1999/00000", "warm-up@example.com")  # first request warms caches
        wrong_email, wrong_queries = track(complaint.name, "someone@example.com")
        unknown, _queries = track("CMP/1999/99999", "someone@example.com")
        wildcard, _queries = track("%", "por_alice@example.com")
        matching, matching_queries = track(
            complaint.name.lower(), "POR_ALICE@example.com"
        )
        # the request does the same work whether or not the pair matches
        self.assertEqual(wrong_queries, matching_queries)
        self.assertEqual(complaint.message_ids, messages, "nothing sent in the request")
        self.assertEqual(len(Request.search([])), 5)
        self.assertEqual(Request.search([]).complaint_id, complaint)

        mails = self.env["mail.mail"].search([])
        Request._cron_send_links()
        self.assertFalse(Request.search([]))
        sent = self.env["mail.mail"].search([]) - mails
        self.assertEqual(len(sent), 1, "one mail, for the one matching request")
        self.assertIn(complaint.access_token, sent.body_html)
        self.assertEqual(
            sent.recipient_ids, self.alice.partner_id, "the complainant only"
        )
        note = (complaint.message_ids - messages - sent.mail_message_id).filtered(
            lambda m: m.subtype_id
        )
        self.assertEqual(len(note), 1)
        self.assertTrue(note.subtype_id.internal, "logged as an internal note")
        self.assertFalse(note.notified_partner_ids)
        # the page says the same thing whatever the outcome
        notice = "If this tracking number and email address belong together"
        for page in (wrong_email, unknown, wildcard, matching):
            self.assertIn(notice, page)
            self.assertNotIn(complaint.subject, page)

    def _form_key(self):
        page = self.url_open("/complaint/new").text
        marker = 'name="submission_key" value="'
        start = page.index(marker) + len(marker)
        return page[start : page.index('"', start)]

    def test_reload_or_double_click_files_once(self):
        before = self._count()
        key = self._form_key()
        first = self.url_open("/complaint/new", data=self._visitor(submission_key=key))
        self.assertEqual(self._count(), before + 1)
        complaint = self.Complaint.search([], order="id desc", limit=1)
        # post/redirect/get: the answer is a page of its own, with the number
        self.assertIn(f"/complaint/thanks/{complaint.id}", first.url)
        self.assertIn(complaint.name, first.text)
        # reloading the answer files nothing
        again = self.url_open(first.url)
        self.assertIn(complaint.name, again.text)
        # the same form sent again (a double click, "resend" after back) neither
        second = self.url_open("/complaint/new", data=self._visitor(submission_key=key))
        self.assertEqual(self._count(), before + 1)
        self.assertIn(complaint.name, second.text)
        # control: a new form is a new complaint
        self.url_open(
            "/complaint/new", data=self._visitor(submission_key=self._form_key())
        )
        self.assertEqual(self._count(), before + 2)

    def test_visitor_thanks_page_links_to_the_complaint(self):
        response = self.url_open(
            "/complaint/new", data=self._visitor(submission_key=self._form_key())
        )
        complaint = self.Complaint.search([], order="id desc", limit=1)
        link = f"/my/complaints/{complaint.id}?access_token={complaint.access_token}"
        self.assertIn(link.replace("&", "&amp;"), response.text)
        self.assertEqual(self.url_open(link).status_code, 200)
        # without the token the thanks page shows nothing
        self.assertNotIn(
            complaint.name,
            self.url_open(f"/complaint/thanks/{complaint.id}").text,
        )

    def test_one_acknowledgement_per_complaint(self):
        self.url_open(
            "/complaint/new", data=self._visitor(submission_key=self._form_key())
        )
        complaint = self.Complaint.search([], order="id desc", limit=1)
        partner = complaint.partner_id

        def mails_to_complainant():
            return (
                self.env["mail.mail"]
                .search(
                    [("model", "=", complaint._name), ("res_id", "=", complaint.id)]
                )
                .filtered(lambda m: partner in m.recipient_ids)
            )

        self.assertEqual(len(mails_to_complainant()), 1, "the receipt")
        self.assertTrue(complaint.date_receipt_sent)
        complaint.action_register()
        if complaint.state == "registered":
            complaint.action_acknowledge()
        self.assertEqual(complaint.state, "acknowledged")
        self.assertEqual(len(mails_to_complainant()), 1, "no second acknowledgement")
        # control: a complaint taken on the phone gets its acknowledgement
        phoned = self._complaint(self.alice, subject="Phoned in")
        phoned.channel_id = self.env.ref("complaint_management.complaint_channel_email")
        phoned.action_register()
        if phoned.state == "registered":
            phoned.action_acknowledge()
        self.assertTrue(
            self.env["mail.mail"]
            .search([("model", "=", phoned._name), ("res_id", "=", phoned.id)])
            .filtered(lambda m: self.alice.partner_id in m.recipient_ids)
        )

    def test_online_complaint_goes_where_the_rules_say(self):
        web = self.env.ref("complaint_management.complaint_channel_web")
        clerk = self.env["res.users"].create(
            {"name": "Online Clerk", "login": "online_clerk_rule"}
        )
        desk = self.env["complaint.team"].create(
            {"name": "Online Desk", "member_ids": [(6, 0, clerk.ids)]}
        )
        self.env["complaint.assignment.rule"].create(
            {
                "name": "Web to the online desk",
                "channel_ids": [(6, 0, web.ids)],
                "team_id": desk.id,
            }
        )
        self.url_open(
            "/complaint/new", data=self._visitor(submission_key=self._form_key())
        )
        complaint = self.Complaint.search([], order="id desc", limit=1)
        self.assertEqual(complaint.channel_id, web)
        self.assertEqual(complaint.team_id, desk)
        self.assertEqual(complaint.user_id, clerk)
