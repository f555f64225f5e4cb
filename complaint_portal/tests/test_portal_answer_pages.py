from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ComplaintPortalCase


@tagged("post_install", "-at_install")
class TestPortalAnswerPages(ComplaintPortalCase):
    """What the complaint's page gives and keeps: the record as PDF to the
    complainant only, a refused answer shown again with its reason, the way
    back from a rating without the complaint's key."""

    def _has_reports(self):
        return bool(
            self.env.ref(
                "complaint_reports.action_report_complaint_registration",
                raise_if_not_found=False,
            )
        )

    def test_complaint_record_is_the_complainants(self):
        """The record prints the complainant's contact as superuser: a
        follower from another company gets neither the button nor the file,
        by the page or by the URL."""
        if not self._has_reports():
            self.skipTest("the complaint record comes with complaint_reports")
        complaint = self.complaint_alice
        complaint.message_subscribe(self.bob.partner_id.ids)
        url = f"/my/complaints/{complaint.id}?report_type=html"
        self.authenticate("por_bob", "por_bob")
        page = self.url_open(complaint.access_url).text
        self.assertIn(complaint.subject, page, "the follower reads the page")
        self.assertNotIn("o_complaint_pdf", page)
        response = self.url_open(url)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("por_alice@example.com", response.text)
        self.assertIn('id="discussion"', response.text, "the page, not the record")
        # control: the complainant's colleague at Acme downloads it
        self.authenticate("por_carl", "por_carl")
        self.assertIn("o_complaint_pdf", self.url_open(complaint.access_url).text)
        response = self.url_open(url)
        self.assertIn("por_alice@example.com", response.text)
        self.assertNotIn('id="discussion"', response.text)

    def test_refused_rejection_keeps_what_was_typed(self):
        """A reason the rules refuse comes back in the form with why, not
        lost behind a redirect."""
        self._propose(self.complaint_alice)
        self.authenticate("por_alice", "por_alice")
        page = self.url_open(self.complaint_alice.access_url).text
        self.assertIn('<textarea id="complaint_reject_reason"', page, "the empty form")
        url = f"/my/complaints/{self.complaint_alice.id}/reject"
        reason = "Far too little.\n" + "x" * 2000
        response = self.url_open(
            url, data={"csrf_token": self._csrf(), "reason": reason}
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("The reason is limited to 2000 characters.", response.text)
        self.assertIn("Far too little.", response.text)
        self.assertIn('aria-invalid="true"', response.text)
        self.assertEqual(self.complaint_alice.state, "proposed")
        # control: a reason within the limit is the answer
        self.url_open(
            url,
            data={
                "csrf_token": self._csrf(),
                "reason": "Far too little.",
                "proposal": self.complaint_alice._portal_proposal_digest(),
            },
        )
        self.assertEqual(self.complaint_alice.state, "rejected")

    def test_refusal_names_its_reason(self):
        """A reader who may not answer is told so, not that the proposal
        closed."""
        complaint = self.complaint_alice
        self._propose(complaint)
        complaint.message_subscribe(self.bob.partner_id.ids)
        self.authenticate("por_bob", "por_bob")
        response = self.url_open(
            f"/my/complaints/{complaint.id}/reject",
            data={"csrf_token": self._csrf(), "reason": "Not my money"},
        )
        self.assertIn("o_complaint_refused", response.text)
        self.assertIn("Only the complainant answers the proposal", response.text)
        self.assertNotIn("can no longer be answered", response.text)
        self.assertEqual(complaint.state, "proposed")
        # control: once answered, the proposal is closed to everyone
        self.authenticate("por_alice", "por_alice")
        self.url_open(
            f"/my/complaints/{complaint.id}/accept",
            data={
                "csrf_token": self._csrf(),
                "proposal": complaint._portal_proposal_digest(),
            },
        )
        response = self.url_open(
            f"/my/complaints/{complaint.id}/reject",
            data={"csrf_token": self._csrf(), "reason": "Changed my mind"},
        )
        self.assertIn("can no longer be answered", response.text)
        self.assertEqual(complaint.state, "accepted")

    def _closed_rating_token(self, complaint):
        complaint.sudo()._workflow_write({"state": "closed"})
        return complaint.sudo()._rating_get_access_token(complaint.partner_id)

    def test_rating_page_does_not_hand_out_the_complaints_key(self):
        """The rating link opens the rating, not the complaint: after staff
        gave a new passcode, an old rating link must not open it."""
        complaint = self.complaint_bob
        token = self._closed_rating_token(complaint)
        self.assertTrue(complaint.access_token)
        page = self.url_open(f"/rate/{token}/5").text
        self.assertIn("o_complaint_rating_back", page)
        self.assertNotIn(complaint.access_token, page)
        self.assertIn('href="/complaint/track"', page)
        # control: a signed-in complainant goes back to the complaint's page
        token = self._closed_rating_token(self.complaint_alice)
        self.authenticate("por_alice", "por_alice")
        page = self.url_open(f"/rate/{token}/5").text
        self.assertIn(f'href="{self.complaint_alice.access_url}"', page)
        self.assertNotIn(self.complaint_alice.access_token, page)

    def test_answer_is_to_the_proposal_shown(self):
        """A proposal changed after the page was opened is not accepted from
        that page: the complainant reads the new one first."""
        complaint = self.complaint_alice
        self._propose(complaint)
        self.authenticate("por_alice", "por_alice")
        page = self.url_open(complaint.access_url).text
        shown = complaint._portal_proposal_digest()
        self.assertIn(f'name="proposal" value="{shown}"', page)
        complaint.remedy_ids.description = "Refund of the lid only"
        response = self.url_open(
            f"/my/complaints/{complaint.id}/accept",
            data={"csrf_token": self._csrf(), "proposal": shown},
        )
        self.assertIn("The proposal changed since you opened the page", response.text)
        self.assertIn("Refund of the lid only", response.text, "the new one shown")
        self.assertEqual(complaint.state, "proposed")
        # control: answered from the page that shows the current proposal
        self.url_open(
            f"/my/complaints/{complaint.id}/accept",
            data={
                "csrf_token": self._csrf(),
                "proposal": complaint._portal_proposal_digest(),
            },
        )
        self.assertEqual(complaint.state, "accepted")

    def test_a_proposal_being_revised_is_not_answered(self):
        """While a manager adds a remedy to the proposal, the page says it is
        being revised and an answer is refused."""
        complaint = self.complaint_alice
        self._propose(complaint)
        self.authenticate("por_alice", "por_alice")
        url = f"/my/complaints/{complaint.id}/accept"
        # a manager adds a remedy above the fast track's limit
        complaint.company_id.complaint_fast_track_amount = 100
        added = self.env["complaint.remedy"].create(
            {
                "complaint_id": complaint.id,
                "type_id": complaint.remedy_ids.type_id.id,
                "description": "Replacement kettle",
                "amount": 300,
            }
        )
        self.assertEqual(added.state, "proposed")
        page = self.url_open(complaint.access_url).text
        self.assertIn("We are revising the proposal", page)
        self.assertNotIn("o_complaint_accept", page)
        shown = complaint._portal_proposal_digest()
        response = self.url_open(
            url, data={"csrf_token": self._csrf(), "proposal": shown}
        )
        self.assertIn("We are revising the proposal", response.text)
        self.assertEqual(complaint.state, "proposed")
        # control: decided, the page's proposal is answered
        added._workflow_write(
            {"state": "approved", "date_approved": fields.Datetime.now()}
        )
        self.url_open(
            url,
            data={
                "csrf_token": self._csrf(),
                "proposal": complaint._portal_proposal_digest(),
            },
        )
        self.assertEqual(complaint.state, "accepted")

    def test_nothing_promised_is_nothing_to_accept(self):
        complaint = self.complaint_alice
        self._propose(complaint)
        promised = complaint.remedy_ids
        promised.sudo()._workflow_write({"state": "cancelled"})
        self.assertFalse(complaint._portal_remedies())
        as_alice = complaint.with_user(self.alice).sudo()
        with self.assertRaisesRegex(UserError, "revising the proposal"):
            as_alice.action_portal_accept(proposal=complaint._portal_proposal_digest())
        self.assertEqual(complaint.state, "proposed")
        # control: with the remedy promised again, the answer is taken
        promised.sudo()._workflow_write({"state": "approved"})
        as_alice.action_portal_accept(proposal=complaint._portal_proposal_digest())
        self.assertEqual(complaint.state, "accepted")

    def test_rating_link_of_a_reopened_complaint_says_why(self):
        complaint = self.complaint_alice
        token = self._closed_rating_token(complaint)
        complaint.sudo()._workflow_write({"state": "investigating"})
        self.authenticate("por_alice", "por_alice")
        response = self.url_open(
            f"/rate/{token}/submit_feedback",
            data={"csrf_token": self._csrf(), "rate": 1, "feedback": "Slow"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("is being handled again", response.text)
        self.assertFalse(complaint.sudo().rating_ids.filtered("consumed"))
        # control: closed again, the link rates it
        complaint.sudo()._workflow_write({"state": "closed"})
        response = self.url_open(
            f"/rate/{token}/submit_feedback",
            data={"csrf_token": self._csrf(), "rate": 5, "feedback": "Sorted"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(complaint.sudo().rating_last_value, 5)
