from odoo.tests import new_test_user, tagged

from .common import PNG, ComplaintPortalCase


@tagged("post_install", "-at_install")
class TestPortalMerge(ComplaintPortalCase):
    """The number and the links of a merged complaint lead to the complaint
    kept, for its complainant only."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.duplicate = cls._complaint(cls.alice, subject="Kettle leaks again")
        cls.complaint_alice._merge(cls.duplicate)

    def test_merged_page_leads_to_the_kept_complaint(self):
        kept = self.complaint_alice
        self.authenticate("por_alice", "por_alice")
        response = self.url_open(f"/my/complaints/{self.duplicate.id}")
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.url.endswith(f"/my/complaints/{kept.id}"))
        self.assertIn(kept.name, response.text)
        # control: a complaint not merged is shown itself
        page = self.url_open(f"/my/complaints/{self.complaint_carl.id}")
        self.assertTrue(page.url.endswith(f"/my/complaints/{self.complaint_carl.id}"))

    def test_merged_link_with_token_leads_to_the_kept_complaint(self):
        kept = self.complaint_alice
        response = self.url_open(
            f"/my/complaints/{self.duplicate.id}"
            f"?access_token={self.duplicate.access_token}"
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            f"/my/complaints/{kept.id}?access_token={kept.access_token}", response.url
        )
        self.assertIn(kept.name, response.text)
        # the access is checked before: a wrong token or another customer gets
        # nothing, not even the way to the kept complaint
        wrong = self.url_open(f"/my/complaints/{self.duplicate.id}?access_token=x")
        self.assertNotIn(f"/my/complaints/{kept.id}", wrong.url)
        self.authenticate("por_bob", "por_bob")
        other = self.url_open(f"/my/complaints/{self.duplicate.id}")
        self.assertNotIn(f"/my/complaints/{kept.id}", other.url)
        self.assertNotIn(kept.name, other.text)

    def test_track_by_merged_number_sends_the_kept_complaint_link(self):
        kept = self.complaint_alice
        Request = self.env["complaint.portal.link.request"]
        response = self.url_open(
            "/complaint/track",
            data={
                "csrf_token": self._csrf(),
                "number": self.duplicate.name,
                "email": "por_alice@example.com",
            },
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(Request.search([]).complaint_id, kept)
        mails = self.env["mail.mail"].search([])
        Request._cron_send_links()
        sent = self.env["mail.mail"].search([]) - mails
        self.assertEqual(len(sent), 1)
        self.assertIn(kept.access_token, sent.body_html)
        self.assertNotIn(self.duplicate.access_token, sent.body_html)
        # control: a wrong email with the merged number sends nothing
        Request.search([]).unlink()
        self.url_open(
            "/complaint/track",
            data={
                "csrf_token": self._csrf(),
                "number": self.duplicate.name,
                "email": "someone@example.com",
            },
        )
        self.assertFalse(Request.search([]).complaint_id)

    def test_files_given_online_follow_the_merge(self):
        kept = self._complaint(self.alice, subject="Kept")
        other = self._complaint(self.alice, subject="Other")
        attachment = self.env["ir.attachment"].create(
            {
                "name": "receipt.png",
                "raw": PNG,
                "res_model": other._name,
                "res_id": other.id,
            }
        )
        other.portal_attachment_ids = attachment
        kept._merge(other)
        self.assertEqual(attachment.res_id, kept.id)
        self.assertEqual(kept.portal_attachment_ids, attachment)
        self.assertFalse(other.portal_attachment_ids)

    def test_message_on_a_merged_complaint_reaches_the_kept_one(self):
        """A page opened before the merge: what the complainant writes there
        reaches the complaint staff work on, as a reply by email does."""
        kept = self.complaint_alice
        self.authenticate("por_alice", "por_alice")
        result = self._chatter_post(
            self.duplicate,
            {"body": "Any news on the kettle?", "message_type": "comment"},
        )
        self.assertNotIn("error", result)
        self.assertTrue(self._posted(kept, "Any news on the kettle?"))
        self.assertFalse(self._posted(self.duplicate, "Any news on the kettle?"))
        # control: on a complaint not merged, the message stays where it is
        self._chatter_post(
            self.complaint_carl,
            {"body": "Where is my parcel?", "message_type": "comment"},
        )
        self.assertTrue(self._posted(self.complaint_carl, "Where is my parcel?"))

    def test_an_answer_from_a_page_opened_before_the_merge(self):
        """Accepting or rejecting on the merged complaint's page shows the
        kept complaint's proposal to answer, with the reason typed kept;
        neither complaint changes."""
        kept = self.complaint_alice
        self._propose(kept)
        self.authenticate("por_alice", "por_alice")
        reason = "The kettle still leaks after the repair."
        page = self.url_open(
            f"/my/complaints/{self.duplicate.id}/reject",
            data={"csrf_token": self._csrf(), "reason": reason},
        )
        self.assertIn(f"{self.duplicate.name} was merged into {kept.name}", page.text)
        self.assertIn(reason, page.text)
        page = self.url_open(
            f"/my/complaints/{self.duplicate.id}/accept",
            data={"csrf_token": self._csrf()},
        )
        self.assertIn(kept.name, page.text)
        self.assertEqual(kept.state, "proposed", "answered on its own page only")
        self.assertEqual(self.duplicate.state, "cancelled")
        # control: on the kept complaint's page the answer is recorded
        self.url_open(
            f"/my/complaints/{kept.id}/reject",
            data={"csrf_token": self._csrf(), "reason": reason},
        )
        self.assertEqual(kept.state, "rejected")

    def test_a_reader_the_kept_complaint_was_taken_from_does_not_follow(self):
        """Bob followed a duplicate of Alice's complaint, and so the kept one
        after the merge; staff then took the kept one from him. Answering or
        writing on the duplicate's page does not show or reach it."""
        kept = self._complaint(self.alice, subject="Kettle base cracked")
        duplicate = self._complaint(self.alice, subject="Kettle base again")
        duplicate.message_subscribe(self.bob.partner_id.ids)
        kept._merge(duplicate)
        kept.message_unsubscribe(self.bob.partner_id.ids)
        self._propose(kept)
        self.authenticate("por_bob", "por_bob")
        for step in ("accept", "reject"):
            page = self.url_open(
                f"/my/complaints/{duplicate.id}/{step}",
                data={"csrf_token": self._csrf(), "reason": "Still broken"},
            )
            self.assertNotIn("Kettle base cracked", page.text)
            self.assertNotIn(kept.name, page.text)
        result = self._chatter_post(
            duplicate, {"body": "Hello?", "message_type": "comment"}
        )
        self.assertIn("no longer shared with you", str(result.get("error")))
        self.assertFalse(self._posted(kept, "Hello?"))
        self.assertFalse(self._posted(duplicate, "Hello?"), "told, not lost")
        self.assertEqual(kept.state, "proposed")
        # control: Alice, whose company's complaint it is, is led to it
        self.authenticate("por_alice", "por_alice")
        page = self.url_open(
            f"/my/complaints/{duplicate.id}/accept",
            data={"csrf_token": self._csrf()},
        )
        self.assertIn("Kettle base cracked", page.text)
        self._chatter_post(duplicate, {"body": "Any news?", "message_type": "comment"})
        self.assertTrue(self._posted(kept, "Any news?"))

    def test_a_made_up_token_leads_nobody_to_the_kept_complaint(self):
        """Core's portal lets in whoever may read the duplicate whatever token
        comes along: a token sent is compared before it stands for the link.
        Bob, who follows the duplicate but not the kept complaint, and a team
        member who reads only the duplicate get neither the kept page nor its
        token by adding a made-up one."""
        kept = self._complaint(self.alice, subject="Kettle base cracked")
        duplicate = self._complaint(self.alice, subject="Kettle base again")
        duplicate.message_subscribe(self.bob.partner_id.ids)
        kept._merge(duplicate)
        kept.message_unsubscribe(self.bob.partner_id.ids)
        self._propose(kept)
        self.authenticate("por_bob", "por_bob")
        for step in ("accept", "reject"):
            page = self.url_open(
                f"/my/complaints/{duplicate.id}/{step}",
                data={
                    "csrf_token": self._csrf(),
                    "access_token": "x",
                    "reason": "Still broken",
                },
            )
            self.assertNotIn("Kettle base cracked", page.text)
            self.assertNotIn(kept.name, page.text)
        self.assertEqual(kept.state, "proposed")
        # a complaint user of the duplicate's team only, not the kept one's
        team = self.env["complaint.team"].create({"name": "Other Team"})
        staff = new_test_user(
            self.env,
            login="por_team_member",
            groups="base.group_user,complaint_management.complaint_management_group_user",
        )
        team.member_ids = staff
        duplicate.sudo().team_id = team
        self.assertFalse(kept.with_user(staff).has_access("read"))
        self.authenticate("por_team_member", "por_team_member")
        page = self.url_open(f"/my/complaints/{duplicate.id}?access_token=x")
        self.assertNotIn(kept.access_token, page.url)
        self.assertNotIn(kept.access_token, page.text)
        self.assertNotIn("Kettle base cracked", page.text)
        # control: the duplicate's own link still leads to the kept page
        self.authenticate(None, None)
        page = self.url_open(
            f"/my/complaints/{duplicate.id}?access_token={duplicate.access_token}"
        )
        self.assertIn(f"access_token={kept.access_token}", page.url)
        self.assertIn("Kettle base cracked", page.text)

    def test_the_list_says_merged_not_cancelled(self):
        """The duplicate was listed as Cancelled, under Closed: the complaint
        goes on in the one kept."""
        kept = self.complaint_alice
        self.authenticate("por_alice", "por_alice")
        listing = self.url_open("/my/complaints").text
        self.assertIn(f"Merged into {kept.name}", listing)
        closed = self.url_open("/my/complaints?filterby=closed").text
        self.assertNotIn(self.duplicate.name, closed)
        # control: a complaint cancelled without a merge is listed as such
        cancelled = self._complaint(self.alice, subject="Filed by mistake")
        cancelled.sudo()._workflow_write({"state": "cancelled"})
        closed = self.url_open("/my/complaints?filterby=closed").text
        self.assertIn(cancelled.name, closed)
        self.assertIn("Cancelled", closed)
