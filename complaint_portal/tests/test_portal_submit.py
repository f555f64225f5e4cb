from odoo.tests import new_test_user, tagged
from odoo.tools import format_datetime

from .common import PNG, ComplaintPortalCase


class PortalSubmitCase(ComplaintPortalCase):
    """The complaint form as a visitor fills it in (name, email, phone)."""

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


@tagged("post_install", "-at_install")
class TestPortalSubmit(PortalSubmitCase):
    """Visitors and customers file a complaint on the portal form: what is
    written, what is refused with the input kept, and what follows (one
    complaint per form, the thanks page, the acknowledgement, the team)."""

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
        # the company's contact, as the email intake makes them: a sister
        # company's intake does not take the visitor's typing for the person
        self.assertEqual(complaint.partner_id.company_id, complaint.company_id)
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
        receipt = (
            self.env["mail.mail"]
            .search([("model", "=", complaint._name), ("res_id", "=", complaint.id)])
            .filtered(lambda mail: complaint.access_token in (mail.body_html or ""))
        )
        self.assertTrue(receipt, "the visitor gets the secure link by email")
        self.assertIn(complaint.name, receipt.body_html)
        self.assertEqual(receipt.recipient_ids, complaint.partner_id, "to them alone")
        # the conversation keeps the receipt, without the link
        copy = complaint.message_ids.filtered(
            lambda m: m.message_type == "comment" and complaint.name in (m.body or "")
        )
        self.assertTrue(copy)
        self.assertNotIn(complaint.access_token, copy.body)
        self.assertIn(complaint.access_url, copy.body)
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

    def test_only_whitelisted_fields_are_written(self):
        other_team = self.env["complaint.team"].create({"name": "Elsewhere"})
        # the team the portal gives complaints to hands them to its leader
        default_team = self.env["complaint.team"]._get_default_team()
        handler = new_test_user(
            self.env,
            login="desk_leader_wl",
            name="Desk Leader",
            groups="complaint_management.complaint_management_group_user",
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

    def test_an_order_alice_follows_is_not_hers_to_complain_about(self):
        # core lets a follower of an order read it
        self.order_bob.message_subscribe(self.alice.partner_id.ids)
        self.authenticate("por_alice", "por_alice")
        before = self._count()
        response = self.url_open(
            "/complaint/new",
            data=self._form(sale_order_id=str(self.order_bob.id)),
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Choose one of your own orders.", response.text)
        self.assertEqual(self._count(), before)
        # control: her own order
        self.url_open(
            "/complaint/new",
            data=self._form(sale_order_id=str(self.order_alice.id)),
        )
        self.assertEqual(self._count(), before + 1)

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

    def test_form_changed_after_back_files_what_it_says(self):
        key = self._form_key()
        first = self.url_open("/complaint/new", data=self._visitor(submission_key=key))
        before = self._count()
        # back to the form, another complaint written over it, sent again
        changed = self._visitor(
            submission_key=key,
            subject="The charger is missing",
            description="The box came without its charger.",
        )
        second = self.url_open("/complaint/new", data=changed)
        self.assertEqual(self._count(), before + 1)
        complaint = self.Complaint.search([], order="id desc", limit=1)
        self.assertEqual(complaint.subject, "The charger is missing")
        self.assertIn("came without its charger", complaint.description)
        self.assertIn(complaint.name, second.text)
        self.assertNotEqual(first.url, second.url)
        # and that one sent again files nothing more
        self.url_open("/complaint/new", data=changed)
        self.assertEqual(self._count(), before + 1)

    def test_visitor_thanks_page_links_to_the_complaint(self):
        response = self.url_open(
            "/complaint/new", data=self._visitor(submission_key=self._form_key())
        )
        complaint = self.Complaint.search([], order="id desc", limit=1)
        link = f"/my/complaints/{complaint.id}?access_token={complaint.access_token}"
        self.assertIn(link.replace("&", "&amp;"), response.text)
        # shown once (a passcode, the link): not kept for Back
        self.assertEqual(response.headers.get("Cache-Control"), "no-store")
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
        # the note says when the receipt went, in the team's time zone
        tz = complaint._sla_tz()
        note = complaint.message_ids.filtered(
            lambda m: "already received the receipt" in (m.body or "")
        )
        self.assertIn(
            format_datetime(
                self.env, complaint.date_receipt_sent, tz=tz, dt_format="short"
            ),
            note.body,
        )
        self.assertNotIn(str(complaint.date_receipt_sent), note.body)
        # a visitor who left a phone number only was sent no receipt: the
        # acknowledgement goes once staff have their address
        self.url_open(
            "/complaint/new",
            data=self._visitor(
                submission_key=self._form_key(), email="", phone="13800000000"
            ),
        )
        by_phone = self.Complaint.search([], order="id desc", limit=1)
        self.assertNotEqual(by_phone, complaint)
        self.assertFalse(by_phone.date_receipt_sent)
        by_phone.partner_id.email = "phone.visitor@example.com"
        by_phone.action_register()
        if by_phone.state == "registered":
            by_phone.action_acknowledge()
        self.assertTrue(
            self.env["mail.mail"].search(
                [
                    ("model", "=", by_phone._name),
                    ("res_id", "=", by_phone.id),
                    ("recipient_ids", "in", by_phone.partner_id.ids),
                ]
            )
        )
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
        clerk = new_test_user(
            self.env,
            login="online_clerk_rule",
            name="Online Clerk",
            groups="complaint_management.complaint_management_group_user",
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
