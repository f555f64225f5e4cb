"""Rules found open to a JSON-RPC call (December 2026 review): each holds in
the model, with the legitimate way beside it as the control."""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestRpcRules(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env, login="rpc_portal", groups="base.group_portal", name="Li Lei"
        )
        cls.customer = cls.portal_user.partner_id

    def _complaint(self, **values):
        vals = self._complaint_vals(user_id=self.complaint_user.id)
        vals.update(values)
        return (
            self.env["complaint.complaint"].with_user(self.complaint_user).create(vals)
        )

    # ------------------------------------------------------------------
    # The tracking number
    # ------------------------------------------------------------------
    def test_tracking_number_is_the_sequence_s(self):
        Complaint = self.env["complaint.complaint"].with_user(self.complaint_user)
        with self.assertRaisesRegex(UserError, "tracking number"):
            Complaint.create(self._complaint_vals(name="CMP/2026/00001"))
        complaint = self._complaint()
        number = complaint.name
        with self.assertRaisesRegex(UserError, "tracking number"):
            complaint.write({"name": "ANY"})
        self.assertEqual(complaint.name, number)
        # control: the sequence numbers a new complaint; other fields change
        self.assertNotEqual(number, "New")
        complaint.write({"subject": "Broken kettle lid"})
        self.assertEqual(complaint.subject, "Broken kettle lid")

    def test_date_received_is_a_fact_once_registered(self):
        complaint = self._complaint()
        # control: corrected while the complaint is new
        complaint.write({"date_received": "2026-03-02 09:00:00"})
        complaint.action_register()
        with self.assertRaisesRegex(UserError, "complaint manager"):
            complaint.write({"date_received": "2026-03-05 09:00:00"})
        self.assertEqual(str(complaint.date_received), "2026-03-02 09:00:00")
        complaint.with_user(self.complaint_manager).write(
            {"date_received": "2026-03-01 09:00:00"}
        )
        self.assertEqual(str(complaint.date_received), "2026-03-01 09:00:00")

    def test_legal_hold_is_a_privacy_officers(self):
        complaint = self._complaint()
        for value in (True, False):
            with self.assertRaisesRegex(AccessError, "privacy officer"):
                complaint.write({"keep_permanently": value})
        with self.assertRaisesRegex(AccessError, "privacy officer"):
            self.env["complaint.complaint"].with_user(self.complaint_user).create(
                self._complaint_vals(keep_permanently=True)
            )
        # control: a manager (a privacy officer too) sets and lifts it
        as_manager = complaint.with_user(self.complaint_manager)
        as_manager.write({"keep_permanently": True})
        self.assertTrue(complaint.keep_permanently)
        as_manager.write({"keep_permanently": False})
        self.assertFalse(complaint.keep_permanently)

    # ------------------------------------------------------------------
    # Detection: its findings and the high-risk flag
    # ------------------------------------------------------------------
    def test_detection_findings_are_not_edited(self):
        earlier = self._complaint()
        complaint = self._complaint()
        for vals in (
            {"is_batch": False},
            {"is_repeat": True},
            {"repeat_of_ids": [Command.set(earlier.ids)]},
        ):
            with self.assertRaisesRegex(UserError, "workflow buttons"):
                complaint.write(vals)

    def test_only_a_manager_lifts_high_risk(self):
        complaint = self._complaint()
        # control: anyone handling it may raise the flag
        complaint.write({"is_high_risk": True})
        self.assertTrue(complaint.is_high_risk)
        with self.assertRaisesRegex(UserError, "complaint manager"):
            complaint.write({"is_high_risk": False})
        self.assertTrue(complaint.is_high_risk)
        complaint.with_user(self.complaint_manager).write({"is_high_risk": False})
        self.assertFalse(complaint.is_high_risk)

    # ------------------------------------------------------------------
    # Corrective actions: the recurring problem's proposal
    # ------------------------------------------------------------------
    def test_recurring_proposal_cannot_be_forged(self):
        Action = self.env["complaint.corrective.action"].with_user(self.complaint_user)
        for vals in (
            {"origin": "recurring"},
            {"recurring_key": f"{self.company.id}-product-1-2026-12"},
            {"date_opened": "2020-01-01 00:00:00"},
        ):
            with self.assertRaisesRegex(UserError, "workflow buttons"):
                Action.create(dict(vals, title="x"))
        # control: staff open an action of their own, opened now
        action = Action.create({"title": "Retrain the packers"})
        self.assertEqual(action.origin, "manual")
        self.assertTrue(action.date_opened)
        self.assertEqual(action.copy().origin, "manual")

    # ------------------------------------------------------------------
    # Ratings: the complainant's word
    # ------------------------------------------------------------------
    def _rated(self, value):
        complaint = self._complaint(partner_id=self.customer.id)
        complaint.sudo()._workflow_write({"state": "closed"})
        token = complaint.sudo()._rating_get_access_token()
        # control: core's rating route applies it in superuser mode
        complaint.sudo().rating_apply(value, token=token, feedback="Too slow")
        return complaint

    def test_staff_cannot_change_or_add_a_rating(self):
        complaint = self._rated(1)
        rating = complaint.sudo().rating_ids
        self.assertEqual(complaint.rating_last_value, 1)
        Rating = self.env["rating.rating"].with_user(self.complaint_user)
        with self.assertRaisesRegex(AccessError, "complainant's"):
            rating.with_user(self.complaint_user).write({"rating": 5})
        with self.assertRaisesRegex(AccessError, "complainant's"):
            rating.with_user(self.complaint_user).unlink()
        with self.assertRaisesRegex(AccessError, "complainant's"):
            Rating.create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("complaint.complaint"),
                    "res_id": complaint.id,
                    "rating": 5,
                    "consumed": True,
                }
            )
        with self.assertRaisesRegex(AccessError, "invitation"):
            complaint.with_user(self.complaint_user).rating_apply(
                5, token=rating.access_token
            )
        with self.assertRaisesRegex(AccessError, "invitation"):
            complaint.with_user(self.complaint_user).message_post(
                body="Great", rating_value=5
            )
        self.assertEqual(complaint.rating_last_value, 1)
        self.assertEqual(rating.rating, 1)
        # control: a rating of another document keeps core's rules
        partner_rating = Rating.create(
            {
                "res_model_id": self.env["ir.model"]._get_id("res.partner"),
                "res_id": self.customer.id,
                "rating": 3,
            }
        )
        partner_rating.write({"rating": 4})
        self.assertEqual(partner_rating.rating, 4)
        # nor moved from another document onto the complaint
        with self.assertRaisesRegex(AccessError, "complainant's"):
            partner_rating.write(
                {
                    "res_model_id": self.env["ir.model"]._get_id("complaint.complaint"),
                    "res_id": complaint.id,
                    "rating": 5,
                    "consumed": True,
                }
            )
        self.assertEqual(partner_rating.res_model, "res.partner")
        self.assertEqual(complaint.rating_last_value, 1)

    def test_staff_do_not_read_the_open_rating_invitation(self):
        """The invitation's token rates as the complainant on the public
        rating page: staff see the ratings given, not the open invitation."""
        complaint = self._complaint(partner_id=self.customer.id)
        complaint.sudo()._workflow_write({"state": "closed"})
        # the link is not handed to staff, however they ask for it
        with self.assertRaises(AccessError):
            complaint.with_user(self.complaint_manager)._rating_get_access_token()
        template = self.env.ref("complaint_management.mail_template_complaint_rating")
        # (core reports the refusal of a template's rendering as a UserError)
        with self.assertRaises(UserError):
            template.with_user(self.complaint_manager)._render_field(
                "body_html", complaint.ids
            )
        self.assertFalse(complaint.sudo().rating_ids, "no invitation made for them")
        # control: the survey sends it to the complainant
        complaint.with_user(self.complaint_manager).action_request_rating()
        token = complaint.sudo().rating_ids.access_token
        sent = self.env["mail.mail"].search(
            [("model", "=", complaint._name), ("res_id", "=", complaint.id)]
        )
        self.assertIn(f"/rate/{token}/5", sent.body_html)
        invitation = self.env["rating.rating"].search([("access_token", "=", token)])
        self.assertEqual(len(invitation), 1)
        Rating = self.env["rating.rating"].with_user(self.complaint_manager)
        found = Rating.search_read(
            [("res_model", "=", "complaint.complaint"), ("res_id", "=", complaint.id)],
            ["access_token"],
        )
        self.assertFalse(found, "the open invitation is not listed")
        # asked again, the same invitation (not a second one)
        self.assertEqual(complaint.sudo()._rating_get_access_token(), token)
        # control: once the complainant rated, staff read the rating
        complaint.sudo().rating_apply(4, token=token, feedback="Fine")
        found = Rating.search_read(
            [("res_model", "=", "complaint.complaint"), ("res_id", "=", complaint.id)],
            ["rating"],
        )
        self.assertEqual([row["rating"] for row in found], [4])

    def test_staff_read_the_ratings_of_the_complaints_they_may_read(self):
        """A rating's feedback and its customer are the complaint's: a
        frontline user of another team reads neither."""
        complaint = self._complaint(partner_id=self.customer.id)
        complaint.sudo()._workflow_write({"state": "closed"})
        token = complaint.sudo()._rating_get_access_token()
        complaint.sudo().rating_apply(2, token=token, feedback="Too slow")
        rating = complaint.sudo().rating_ids
        self.assertEqual(rating.complaint_id, complaint)
        outsider = new_test_user(
            self.env,
            login="rpc_other_team",
            groups="complaint_management.complaint_management_group_user",
        )
        self.env["complaint.team"].create(
            {"name": "Other Desk", "member_ids": [(6, 0, outsider.ids)]}
        )
        domain = [("res_model", "=", "complaint.complaint")]
        Rating = self.env["rating.rating"]
        self.assertFalse(Rating.with_user(outsider).search(domain))
        with self.assertRaises(AccessError):
            rating.with_user(outsider).read(["feedback"])
        # control: the team's member and an officer read it
        self.assertIn(rating, Rating.with_user(self.complaint_user).search(domain))
        self.assertIn(rating, Rating.with_user(self.complaint_officer).search(domain))
        self.assertEqual(
            complaint.with_user(self.complaint_user).rating_ids.feedback, "Too slow"
        )

    def test_portal_chatter_route_carries_no_rating(self):
        complaint = self._complaint(partner_id=self.customer.id)
        self.assertNotIn("rating_value", complaint._get_allowed_message_post_params())
        self.assertIn("body", complaint._get_allowed_message_post_params())

    # ------------------------------------------------------------------
    # Messages: a customer posts public comments under their own name
    # ------------------------------------------------------------------
    def _followed(self):
        complaint = self._complaint(partner_id=self.customer.id)
        complaint.message_subscribe(partner_ids=self.customer.ids)
        proposal = complaint.with_user(self.complaint_user).message_post(
            body="We refund 50 yuan.",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            partner_ids=self.customer.ids,
        )
        return complaint, proposal

    def test_customer_cannot_rewrite_staff_messages(self):
        complaint, proposal = self._followed()
        with self.assertRaisesRegex(AccessError, "your own messages"):
            proposal.with_user(self.portal_user).write(
                {"body": "<p>We refund 5000 yuan.</p>"}
            )
        self.assertIn("50 yuan", str(proposal.body))
        own = complaint.with_user(self.portal_user).message_post(
            body="Thank you", message_type="comment"
        )
        with self.assertRaisesRegex(AccessError, "your own messages"):
            own.with_user(self.portal_user).write(
                {"author_id": self.complaint_user.partner_id.id}
            )
        # control: the text of their own message
        own.with_user(self.portal_user).write({"body": "<p>Thank you!</p>"})
        self.assertIn("Thank you!", str(own.body))

    def test_customer_cannot_rewrite_or_delete_what_the_system_recorded(self):
        """A note the system keeps under their name (a party's recorded
        answer) or an email they sent is the complaint's record: not rewritten
        or deleted over JSON-RPC, as a public comment of theirs may be."""
        complaint, _proposal = self._followed()
        recorded = (
            complaint.sudo()
            .with_context(tracking_disable=True)
            .message_post(
                body="<p>The party answered: we refund 20 yuan.</p>",
                author_id=self.customer.id,
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )
        )
        emailed = complaint.sudo().message_post(
            body="<p>Sent by email.</p>",
            author_id=self.customer.id,
            message_type="email",
            subtype_xmlid="mail.mt_comment",
        )
        for message in (recorded, emailed):
            with (
                self.subTest(message=message.message_type),
                self.assertRaisesRegex(AccessError, "your own messages"),
            ):
                message.with_user(self.portal_user).write(
                    {"body": "<p>We accept full liability: 5000 yuan.</p>"}
                )
            with (
                self.subTest(message=message.message_type),
                self.assertRaises(AccessError),
            ):
                message.with_user(self.portal_user).unlink()
        self.assertIn("20 yuan", str(recorded.body))
        self.assertTrue(emailed.exists())

    def test_customer_cannot_forge_notes(self):
        complaint, _proposal = self._followed()
        Message = self.env["mail.message"].with_user(self.portal_user)
        base = {
            "model": "complaint.complaint",
            "res_id": complaint.id,
            "body": "<p>Manager: refund approved</p>",
        }
        staff = self.complaint_user.partner_id.id
        for vals in (
            {"author_id": staff},
            {"message_type": "notification"},
            {"is_internal": True},
            {"date": "2025-01-01 09:00:00"},
            {"subtype_id": self.env.ref("mail.mt_note").id},
        ):
            with self.assertRaisesRegex(AccessError, "under your own name"):
                Message.create(dict(base, **vals))
        with self.assertRaisesRegex(AccessError, "under your own name"):
            complaint.with_user(self.portal_user).message_post(
                body="Approved", author_id=staff
            )
        # control: a public comment of their own
        message = complaint.with_user(self.portal_user).message_post(body="Any news?")
        self.assertEqual(message.author_id, self.customer)
        self.assertFalse(message.is_internal)
