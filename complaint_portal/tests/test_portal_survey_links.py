from odoo.tests import new_test_user, tagged

from .common import ComplaintPortalCase


@tagged("post_install", "-at_install")
class TestPortalSurveyLinks(ComplaintPortalCase):
    """The complainant's links are cut (a new passcode, a corrected address):
    the satisfaction survey they still hold is sent again with its new links,
    which the page tells them to use."""

    def _survey_mails(self, complaint):
        return self.env["mail.mail"].search(
            [
                ("model", "=", complaint._name),
                ("res_id", "=", complaint.id),
                ("body_html", "ilike", "/rate/"),
            ]
        )

    def test_a_survey_held_is_sent_again_with_its_new_links(self):
        complaint = self.complaint_alice
        complaint.sudo()._workflow_write({"state": "closed"})
        complaint.action_request_rating()
        old_token = complaint.rating_ids.access_token
        sent = self._survey_mails(complaint)
        self.assertEqual(len(sent), 1)
        # the address the survey went to is put right: its links are cut
        complaint.partner_id.email = "alice.acme@example.com"
        new_token = complaint.rating_ids.access_token
        self.assertNotEqual(new_token, old_token)
        again = self._survey_mails(complaint) - sent
        self.assertEqual(len(again), 1)
        self.assertIn(new_token, again.body_html)
        self.assertEqual(self.url_open(f"/rate/{old_token}/5").status_code, 404)
        self.assertEqual(self.url_open(f"/rate/{new_token}/5").status_code, 200)
        self.assertIn(
            "alice.acme@example.com",
            again.email_to or str(again.recipient_ids.mapped("email")),
        )
        # control: an open complaint has no survey to send again
        carl = self.complaint_carl
        carl.partner_id.email = "carl.new@example.com"
        self.assertFalse(self._survey_mails(carl))

    def test_the_survey_to_a_typed_address_is_sent_again_to_the_right_one(self):
        """A contact without an address, the complainant's typed on the
        complaint: the survey went there, and the address put right cut its
        links without sending it again (nor could staff ask again)."""
        caller = self.env["res.partner"].create({"name": "Phone caller"})
        complaint = self.env["complaint.complaint"].create(
            {
                "subject": "Fridge",
                "partner_id": caller.id,
                "complainant_email": "caller@exmaple.com",
            }
        )
        complaint.sudo()._workflow_write({"state": "closed"})
        complaint.action_request_rating()
        sent = self._survey_mails(complaint)
        self.assertEqual(len(sent), 1)
        self.assertIn("caller@exmaple.com", sent.email_to)
        complaint.complainant_email = "caller@example.com"
        again = self._survey_mails(complaint) - sent
        self.assertEqual(len(again), 1)
        self.assertIn("caller@example.com", again.email_to)
        self.assertIn(complaint.rating_ids.access_token, again.body_html)

    def test_a_passcode_replaced_sends_the_survey_again(self):
        """Staff give a passcode, then a new one (someone saw the first): the
        second replaces the first and what it opened, the survey's links too,
        also when both are given in one go."""
        complaint = self.complaint_alice
        complaint.sudo()._workflow_write({"state": "closed"})
        complaint.action_request_rating()
        old_token = complaint.rating_ids.access_token
        sent = self._survey_mails(complaint)
        staff = new_test_user(
            self.env,
            login="survey_staff",
            groups="complaint_management.complaint_management_group_officer",
        )
        complaint.with_user(staff).action_portal_new_passcode()
        self.assertEqual(complaint.rating_ids.access_token, old_token)
        complaint.with_user(staff).action_portal_new_passcode()
        self.assertNotEqual(complaint.rating_ids.access_token, old_token)
        self.assertEqual(len(self._survey_mails(complaint) - sent), 1)

    def test_another_complainant_is_invited_not_the_former_one(self):
        """A closed complaint given to the right contact: the former one's
        invitation goes (its links rated as the complainant), and the new
        complainant is invited, with links of their own."""
        complaint = self.complaint_alice
        complaint.sudo()._workflow_write({"state": "closed"})
        complaint.action_request_rating()
        former = complaint.partner_id
        old_token = complaint.rating_ids.access_token
        sent = self._survey_mails(complaint)
        bob = self.env["res.partner"].create(
            {"name": "Bob Right", "email": "bob.right@example.com"}
        )
        officer = new_test_user(
            self.env,
            login="survey_officer_move",
            groups="complaint_management.complaint_management_group_officer",
        )
        complaint.with_user(officer).write({"partner_id": bob.id})
        again = self._survey_mails(complaint) - sent
        self.assertEqual(len(again), 1)
        self.assertIn(bob, again.recipient_ids)
        self.assertNotIn(former, again.recipient_ids)
        rating = complaint.rating_ids.filtered(lambda r: not r.consumed)
        self.assertEqual(rating.partner_id, bob)
        self.assertIn(rating.access_token, again.body_html)
        self.assertEqual(self.url_open(f"/rate/{old_token}/5").status_code, 404)

    def test_a_mass_edit_of_the_complainant_invites_the_new_one(self):
        """The list's mass edit gives a closed and an open complaint to the
        right contact: the open one's detection runs in a savepoint during
        the write, and the closed one's new complainant is invited all the
        same."""
        closed = self.complaint_alice
        closed.sudo()._workflow_write({"state": "closed"})
        closed.action_request_rating()
        sent = self._survey_mails(closed)
        open_one = self.complaint_carl
        open_one.sudo().category_id = self.env["complaint.category"].search([], limit=1)
        bob = self.env["res.partner"].create(
            {"name": "Bob Mass", "email": "bob.mass@example.com"}
        )
        officer = new_test_user(
            self.env,
            login="survey_officer_mass",
            groups="complaint_management.complaint_management_group_officer",
        )
        (closed | open_one).with_user(officer).write({"partner_id": bob.id})
        again = self._survey_mails(closed) - sent
        self.assertEqual(len(again), 1)
        self.assertIn(bob, again.recipient_ids)
        self.assertEqual(
            closed.rating_ids.filtered(lambda r: not r.consumed).partner_id, bob
        )
        self.assertFalse(self._survey_mails(open_one), "nothing to rate yet")
