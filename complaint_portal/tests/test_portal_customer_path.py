from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .common import ComplaintPortalCase


@tagged("post_install", "-at_install")
class TestPortalCustomerPath(ComplaintPortalCase):
    """What the customer's page asks of them is what they can do: rate once,
    answer a proposal they can read, expect a closing for an unfounded
    complaint; a date of today is today where they are; a link without its
    token leads back to the page once signed in."""

    def test_the_rating_is_asked_of_the_complainant_until_given(self):
        complaint = self.complaint_alice
        complaint.sudo()._workflow_write({"state": "closed"})
        as_alice = complaint.with_user(self.alice)
        self.assertIn("how satisfied", as_alice._portal_next_step_text())
        # a contact in copy of another company follows it: not theirs to rate
        complaint.message_subscribe(self.bob.partner_id.ids)
        self.assertEqual(complaint.with_user(self.bob)._portal_next_step_text(), "")
        self.assertNotIn("complaint_rating_title", self._page_as(self.bob, complaint))
        # control: the complainant's page asks
        self.assertIn("complaint_rating_title", self._page_as(self.alice, complaint))
        # once rated, the page thanks them and asks no more
        token = complaint.sudo()._rating_get_access_token(self.alice.partner_id)
        complaint.sudo().rating_apply(5, token=token)
        complaint.invalidate_recordset()
        self.assertEqual(as_alice._portal_next_step_text(), "")

    def test_a_proposal_being_revised_is_not_asked_for(self):
        complaint = self.complaint_alice
        self._propose(complaint)
        as_alice = complaint.with_user(self.alice)
        self.assertTrue(as_alice._portal_waiting_for_customer())
        # a manager changes the amount: back to approval, nothing to answer
        manager = new_test_user(
            self.env,
            login="por_path_manager",
            groups="complaint_management.complaint_management_group_manager",
        )
        complaint.remedy_ids.with_user(manager).write({"amount": 5000.0})
        self.assertEqual(complaint.remedy_ids.state, "proposed")
        complaint.invalidate_recordset()
        self.assertIn("revising", as_alice._portal_status_text())
        self.assertIn("revised proposal", as_alice._portal_next_step_text())
        self.assertFalse(as_alice._portal_waiting_for_customer())
        # the list's "Waiting for me" filter reads the same rule
        Complaint = self.env["complaint.complaint"].with_user(self.alice)
        waiting = Complaint.search(Complaint._portal_waiting_domain())
        self.assertNotIn(complaint, waiting)
        # control: approved again, the proposal is theirs to answer
        approver = new_test_user(
            self.env,
            login="por_path_approver",
            groups="complaint_management.complaint_management_group_manager",
        )
        complaint.remedy_ids.with_user(approver).action_approve()
        self.assertIn(complaint, Complaint.search(Complaint._portal_waiting_domain()))

    def test_a_remedy_added_to_a_proposal_takes_it_off_the_waiting_list(self):
        """One remedy approved and one added awaiting approval: the page said
        "being revised", the "Waiting for me" filter still listed it."""
        complaint = self.complaint_alice
        self._propose(complaint)
        manager = new_test_user(
            self.env,
            login="por_path_adder",
            groups="complaint_management.complaint_management_group_manager",
        )
        Complaint = self.env["complaint.complaint"].with_user(self.alice)
        self.assertIn(complaint, Complaint.search(Complaint._portal_waiting_domain()))
        self.env["complaint.remedy"].with_user(manager).create(
            {
                "complaint_id": complaint.id,
                "type_id": complaint.remedy_ids[:1].type_id.id,
                "amount": 9000.0,
            }
        )
        complaint.invalidate_recordset()
        self.assertFalse(complaint.with_user(self.alice)._portal_waiting_for_customer())
        self.assertNotIn(
            complaint, Complaint.search(Complaint._portal_waiting_domain())
        )

    def test_a_number_typed_full_width_is_found(self):
        self.authenticate("por_alice", "por_alice")
        number = self.complaint_alice.name
        typed = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in number)
        page = self.url_open(f"/my/complaints?search={typed}").text
        self.assertIn(self.complaint_alice.subject, page)
        # control: a number nobody has finds nothing
        page = self.url_open("/my/complaints?search=ＣＭＰ／１９９９").text
        self.assertNotIn(self.complaint_alice.subject, page)

    def test_an_unfounded_complaint_is_closed_with_the_findings(self):
        complaint = self.complaint_alice
        complaint.write({"validity": "unfounded"})
        complaint.sudo()._workflow_write({"state": "investigating"})
        text = complaint.with_user(self.alice)._portal_next_step_text()
        self.assertIn("explain our findings", text)
        self.assertNotIn("proposal", text)

    def test_today_is_the_companys_day_for_a_visitor(self):
        self.company.resource_calendar_id.tz = "Asia/Shanghai"
        # read by the visitor afresh (not from the cache the write filled)
        self.env.invalidate_all()
        Complaint = self.env["complaint.complaint"].with_user(
            self.env.ref("base.public_user")
        )
        # 20:00 UTC on 3 March is 04:00 on 4 March in Shanghai
        with freeze_time("2026-03-03 20:00:00"):
            errors = {}
            self.assertTrue(Complaint._portal_parse_date("2026-03-04", errors))
            self.assertFalse(errors)
            # control: the day after is still to come
            self.assertFalse(Complaint._portal_parse_date("2026-03-05", errors))
            self.assertIn("date_problem", errors)

    def test_a_link_without_its_token_leads_back_after_signing_in(self):
        url = f"/my/complaints/{self.complaint_alice.id}"
        response = self.url_open(url, allow_redirects=False)
        self.assertEqual(response.status_code, 303)
        self.assertIn("/web/login?redirect=", response.headers["Location"])
        self.assertIn(
            f"%2Fmy%2Fcomplaints%2F{self.complaint_alice.id}",
            response.headers["Location"],
        )
        # control: signed in as someone else, the page is not theirs
        self.authenticate(self.bob.login, self.bob.login)
        response = self.url_open(url, allow_redirects=False)
        self.assertTrue(response.headers["Location"].endswith("/my"))

    def test_open_complaints_come_first(self):
        self.complaint_carl.sudo()._workflow_write({"state": "closed"})
        self.authenticate(self.alice.login, self.alice.login)
        page = self.url_open("/my/complaints?sortby=state").text
        self.assertIn("Open first", page)
        self.assertLess(page.index("Kettle leaks"), page.index("Late delivery"))

    def test_a_confirmed_orders_page_leads_to_the_form_with_the_order(self):
        self.authenticate(self.alice.login, self.alice.login)
        page = self.url_open(self.order_alice.get_portal_url()).text
        link = f"/complaint/new?order_id={self.order_alice.id}"
        self.assertIn(link, page)
        form = self.url_open(link).text
        self.assertIn(f'value="{self.order_alice.id}" selected', form)

    def test_an_order_the_form_does_not_offer_has_no_complaint_button(self):
        """A follower of another customer's order reads its page: the button
        led to a form that dropped the order without a word."""
        self.order_bob.message_subscribe(self.alice.partner_id.ids)
        self.authenticate(self.alice.login, self.alice.login)
        page = self.url_open(self.order_bob.get_portal_url())
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.order_bob.name, page.text)
        self.assertNotIn("o_complaint_about_order", page.text)
        # control: her own order's page offers it
        own = self.url_open(self.order_alice.get_portal_url()).text
        self.assertIn("o_complaint_about_order", own)

    def test_an_old_order_is_offered_when_complained_about(self):
        # a hundred newer orders: the form lists the newest hundred
        self.env["sale.order"].create(
            [
                {
                    "partner_id": self.alice.partner_id.id,
                    "state": "sale",
                    "date_order": f"2026-06-01 10:{minute % 60:02d}:00",
                }
                for minute in range(100)
            ]
        ).message_subscribe(self.alice.partner_id.ids)
        self.order_alice.date_order = "2025-01-01 09:00:00"
        Complaint = self.env["complaint.complaint"].with_user(self.alice)
        self.assertNotIn(self.order_alice, Complaint._portal_orders())
        # the order complained about is offered and accepted, however old
        self.assertIn(self.order_alice, Complaint._portal_orders(self.order_alice.id))
        errors = {}
        values = Complaint._portal_validate_order(
            {"sale_order_id": str(self.order_alice.id)}, errors
        )
        self.assertFalse(errors)
        self.assertEqual(values["sale_order_id"], self.order_alice.id)
        # control: another customer's order is neither offered nor accepted
        other = self.order_bob
        self.assertNotIn(other, Complaint._portal_orders(other.id))
        Complaint._portal_validate_order({"sale_order_id": str(other.id)}, errors)
        self.assertIn("sale_order_id", errors)

    def _page_as(self, user, complaint):
        self.authenticate(user.login, user.login)
        response = self.url_open(f"/my/complaints/{complaint.id}")
        self.assertEqual(response.status_code, 200)
        return response.text
