from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ComplaintPortalCase


@tagged("post_install", "-at_install")
class TestPortalDecision(ComplaintPortalCase):
    """The complainant accepts or rejects a proposal and rates the closed
    complaint in the portal."""

    def test_accept_proposal(self):
        self._propose(self.complaint_alice)
        self.authenticate("por_alice", "por_alice")
        page = self.url_open(f"/my/complaints/{self.complaint_alice.id}").text
        # one sentence per remedy: type, description and amount with their punctuation
        self.assertRegex(
            page,
            r"<li><strong>Refund</strong>: Refund of the kettle "
            r"\([^<]*50\.00[^<]*\)</li>",
        )
        self.assertIn("o_complaint_accept", page)
        response = self.url_open(
            f"/my/complaints/{self.complaint_alice.id}/accept",
            data={"csrf_token": self._csrf()},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("we carry out the proposal now", response.text)
        self.assertEqual(self.complaint_alice.state, "accepted")
        self.assertEqual(self.complaint_alice.decision, "accepted")
        # the button clicked twice (or the answer sent again): the same answer
        response = self.url_open(
            f"/my/complaints/{self.complaint_alice.id}/accept",
            data={"csrf_token": self._csrf()},
        )
        self.assertIn("we carry out the proposal now", response.text)
        self.assertNotIn("can no longer be answered", response.text)
        self.assertEqual(
            len(self._posted(self.complaint_alice, "I accept the proposal.")), 1
        )
        # a second answer is refused: the proposal is no longer open
        response = self.url_open(
            f"/my/complaints/{self.complaint_alice.id}/reject",
            data={"csrf_token": self._csrf(), "reason": "changed my mind"},
        )
        self.assertIn("can no longer be answered", response.text)
        self.assertIn("Your answer: <strong>Accepted</strong>", response.text)
        self.assertEqual(self.complaint_alice.state, "accepted")

    def test_reject_needs_a_reason_and_shows_other_routes(self):
        self._propose(self.complaint_alice)
        self.authenticate("por_alice", "por_alice")
        url = f"/my/complaints/{self.complaint_alice.id}/reject"
        response = self.url_open(url, data={"csrf_token": self._csrf(), "reason": " "})
        self.assertIn("Tell us why you reject the proposal.", response.text)
        self.assertEqual(self.complaint_alice.state, "proposed")
        response = self.url_open(
            url, data={"csrf_token": self._csrf(), "reason": "Too little money"}
        )
        self.assertEqual(self.complaint_alice.state, "rejected")
        self.assertEqual(self.complaint_alice.rejection_reason, "Too little money")
        # sent again: the same reason is the same answer; another is refused
        again = self.url_open(
            url, data={"csrf_token": self._csrf(), "reason": "Too little money"}
        )
        self.assertNotIn("can no longer be answered", again.text)
        other = self.url_open(
            url, data={"csrf_token": self._csrf(), "reason": "Not the right model"}
        )
        self.assertIn("can no longer be answered", other.text)
        self.assertEqual(self.complaint_alice.rejection_reason, "Too little money")
        self.assertIn("Other routes open to you", response.text)
        self.assertIn("12315", response.text)

    def test_rejecting_on_the_portal_emails_the_other_routes(self):
        """The complainant who rejects on the portal gets the other routes by
        email too, from the company: the post was theirs, and Odoo does not
        email the author of a message."""
        self._propose(self.complaint_alice)
        Mail = self.env["mail.mail"].sudo()
        before = Mail.search([])
        # as the portal's route does it: sudo, as the complainant
        self.complaint_alice.with_user(self.alice).sudo().action_portal_reject(
            "Too little money",
            proposal=self.complaint_alice._portal_proposal_digest(),
        )
        routes = self.complaint_alice.message_ids.filtered(
            lambda m: m.subject and "remains open" in m.subject
        )
        self.assertEqual(len(routes), 1)
        self.assertNotEqual(routes.author_id, self.alice.partner_id)
        mails = (Mail.search([]) - before).filtered(
            lambda m: "remains open" in (m.subject or "")
        )
        self.assertIn(
            self.alice.partner_id,
            mails.recipient_ids | mails.mail_message_id.notification_ids.res_partner_id,
        )

    def test_reject_reason_as_long_as_the_form_allows(self):
        """The form's maxlength counts a line break as one character, the
        browser sends two: a reason the form allowed is taken whole."""
        self._propose(self.complaint_alice)
        self.authenticate("por_alice", "por_alice")
        url = f"/my/complaints/{self.complaint_alice.id}/reject"
        # longer than the form allows: refused with its own message
        response = self.url_open(
            url, data={"csrf_token": self._csrf(), "reason": "y" * 2001}
        )
        self.assertIn("limited to 2000 characters", response.text)
        self.assertEqual(self.complaint_alice.state, "proposed")
        lines = ["x" * 99] * 20  # 1,980 characters and 19 line breaks
        response = self.url_open(
            url, data={"csrf_token": self._csrf(), "reason": "\r\n".join(lines)}
        )
        self.assertEqual(self.complaint_alice.state, "rejected", response.url)
        self.assertEqual(self.complaint_alice.rejection_reason, "\n".join(lines))
        # the conversation shows the reason with its lines
        answer = self._posted(self.complaint_alice, "I reject the proposal:")
        self.assertIn("<br>".join(lines), answer.body)

    def test_visitor_decides_with_the_token(self):
        self._propose(self.complaint_bob)
        token = self.complaint_bob.access_token
        response = self.url_open(
            f"/my/complaints/{self.complaint_bob.id}/accept",
            data={"csrf_token": self._csrf(), "access_token": token},
        )
        self.assertEqual(self.complaint_bob.state, "accepted")
        self.assertIn(f"access_token={token}", response.url)

    def test_rating_once_closed(self):
        self._propose(self.complaint_alice)
        self.complaint_alice.action_accept_proposal()
        self.complaint_alice.remedy_ids.action_done()
        self.complaint_alice.resolution_summary = "<p>Refunded.</p>"
        self.complaint_alice.action_close()
        self.authenticate("por_alice", "por_alice")
        page = self.url_open(f"/my/complaints/{self.complaint_alice.id}").text
        rating = self.complaint_alice.rating_ids.filtered(
            lambda r: r.partner_id == self.alice.partner_id and not r.consumed
        )
        self.assertEqual(len(rating), 1)
        self.assertIn(f"/rate/{rating.access_token}/5", page)
        back = f'href="/my/complaints/{self.complaint_alice.id}"'
        # the rating pages lead back to the complaint (core's lead home only),
        # without its key (test_portal_answer_pages)
        self.assertIn(back, self.url_open(f"/rate/{rating.access_token}/5").text)
        response = self.url_open(
            f"/rate/{rating.access_token}/submit_feedback",
            data={"csrf_token": self._csrf(), "rate": 5, "feedback": "Quick"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(back, response.text)
        self.assertTrue(rating.consumed)
        self.assertEqual(rating.rating, 5)
        page = self.url_open(f"/my/complaints/{self.complaint_alice.id}").text
        self.assertIn("Thank you for your rating: <strong>Satisfied</strong>", page)
        self.assertNotIn("/rate/", page)

    def test_the_links_holder_rates_from_the_survey_email(self):
        """Staff hold the page's link too (the emails they write carry it):
        opened with it, signed out, the page gives no rating link, or a
        handler would rate their own handling as the complainant. The
        complainant rates from the survey email, or signed in."""
        complaint = self.complaint_bob
        self._propose(complaint)
        complaint.action_accept_proposal()
        complaint.remedy_ids.action_done()
        complaint.resolution_summary = "<p>Refunded.</p>"
        complaint.action_close()
        token = complaint.access_token
        page = self.url_open(f"/my/complaints/{complaint.id}?access_token={token}").text
        self.assertIn(complaint.name, page)
        self.assertNotIn("/rate/", page)
        self.assertIn("o_complaint_rate_by_email", page)
        # control: signed in, the complainant rates on the page
        self.authenticate("por_bob", "por_bob")
        page = self.url_open(f"/my/complaints/{complaint.id}").text
        rating = complaint.rating_ids.filtered(lambda r: not r.consumed)
        self.assertIn(f"/rate/{rating.access_token}/5", page)
        # control: a complainant without email (a passcode given on the
        # phone) has no survey email: the page is where they rate
        self.authenticate(None, None)
        complaint.partner_id.sudo().email = False
        # (nor an address typed on the complaint, where the survey would go)
        complaint.sudo().complainant_email = False
        # (a changed email gives the complaint a new link)
        token = complaint.access_token
        page = self.url_open(f"/my/complaints/{complaint.id}?access_token={token}").text
        self.assertIn("o_complaint_rate_5", page)
        self.assertNotIn("o_complaint_rate_by_email", page)

    def test_no_rating_before_closure(self):
        self.authenticate("por_alice", "por_alice")
        response = self.url_open(f"/my/complaints/{self.complaint_alice.id}")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn(self.complaint_alice.name, page)
        self.assertNotIn("/rate/", page)
        self.assertFalse(self.complaint_alice.rating_ids)

    def test_a_signed_in_customer_holding_the_link_answers(self):
        """Bob, of another company, was sent Alice's link (she filed it for
        him, or her contact was put right): signed in, the link still lets
        him answer, as it does a visitor. Without the link he may not, nor
        may staff signed in with the link their emails carry."""
        complaint = self.complaint_alice
        self._propose(complaint)
        token = complaint.sudo()._portal_ensure_token()
        url = f"/my/complaints/{complaint.id}"
        digest = complaint._portal_proposal_digest()
        # staff signed in with the link: the customer answers
        staff = self.env["res.users"].create(
            {
                "name": "Desk Staff",
                "login": "por_desk_staff",
                "password": "por_desk_staff",
                "groups_id": [
                    (
                        6,
                        0,
                        [
                            self.env.ref("base.group_user").id,
                            self.env.ref(
                                "complaint_management.complaint_management_group_officer"
                            ).id,
                        ],
                    )
                ],
            }
        )
        self.authenticate(staff.login, staff.login)
        page = self.url_open(f"{url}?access_token={token}").text
        self.assertIn("The complainant answers this proposal.", page)
        # what the answer route does for them (the page has no form to send)
        with self.assertRaisesRegex(UserError, "Only the complainant answers"):
            complaint.with_user(staff).sudo().action_portal_accept(
                proposal=digest, access_token=token
            )
        self.assertEqual(complaint.state, "proposed")
        self.authenticate("por_bob", "por_bob")
        # without the link: not his to answer (a wrong one is no link)
        self.url_open(
            f"{url}/accept",
            data={
                "csrf_token": self._csrf(),
                "access_token": "x" * 36,
                "proposal": digest,
            },
        )
        self.assertEqual(complaint.state, "proposed")
        page = self.url_open(f"{url}?access_token={token}").text
        self.assertIn("o_complaint_accept", page)
        self.assertNotIn("The complainant answers this proposal.", page)
        response = self.url_open(
            f"{url}/accept",
            data={
                "csrf_token": self._csrf(),
                "access_token": token,
                "proposal": digest,
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(complaint.state, "accepted")

    def test_a_visitors_rejection_is_no_news_from_the_company(self):
        """The other routes emailed to a complainant known by an address only,
        after their own rejection on the portal, counted as the company's
        news: their click met the progress time limit."""
        complaint = self._complaint(
            self.bob,
            partner_id=False,
            complainant_name="Wang Fang",
            complainant_email="wang.fang@example.com",
            subject="Lamp flickers",
        )
        # not fast-tracked without a contact: approved first
        self._propose(complaint, approve=True)
        progress = complaint.sla_line_ids.filtered(
            lambda line: line.milestone == "progress"
            and line.state in ("running", "at_risk", "paused")
        )
        self.assertTrue(progress)
        complaint.with_user(
            self.env.ref("base.public_user")
        ).sudo().action_portal_reject(
            "Too little money", proposal=complaint._portal_proposal_digest()
        )
        self.assertEqual(complaint.state, "rejected")
        self.assertNotEqual(progress.state, "met")
        # control: the same email sent by staff is news
        complaint._message_to_complainant(
            "complaint_management.mail_template_complaint_rejection_routes"
        )
        self.assertEqual(progress.state, "met")
