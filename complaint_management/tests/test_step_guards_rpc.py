"""Steps the buttons guard hold through JSON-RPC too: the verdict of an
assessment, a high-risk complaint, a remedy's approval and the
complainant's rating stay out of a frontline user's reach, each with its
control."""

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestStepGuardsRpc(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.complaint_step_mail_auto = True
        cls.company.complaint_fast_track_amount = 200
        cls.refund = cls.env.ref("complaint_management.complaint_remedy_type_refund")
        cls.second_manager = new_test_user(
            cls.env,
            login="cm_manager_two",
            groups="complaint_management.complaint_management_group_manager",
        )

    def _new(self, **values):
        return self.env["complaint.complaint"].create(
            self._complaint_vals(user_id=self.complaint_user.id, **values)
        )

    def _handlers_remedy(self, complaint, amount):
        """A refund of ``amount`` the handler proposes on ``complaint``."""
        return (
            self.env["complaint.remedy"]
            .with_user(self.complaint_user)
            .create(
                {
                    "complaint_id": complaint.id,
                    "type_id": self.refund.id,
                    "amount": amount,
                }
            )
        )

    def _assessed(self, validity="founded"):
        complaint = self._new()
        complaint.action_register()
        complaint.action_acknowledge()
        complaint.write({"level_id": self.level_normal.id, "validity": validity})
        complaint.action_assess()
        return complaint

    def test_the_verdict_of_an_assessment_stays(self):
        complaint = self._assessed()
        complaint.action_investigate()
        with self.assertRaises(UserError):
            complaint.with_user(self.complaint_user).write({"validity": "unfounded"})
        self.assertEqual(complaint.validity, "founded")
        self.assertFalse(complaint.can_close)
        # control: before the assessment the handler decides it; after, a manager
        fresh = self._new()
        fresh.with_user(self.complaint_user).write({"validity": "unfounded"})
        self.assertEqual(fresh.validity, "unfounded")
        complaint.with_user(self.complaint_manager).write({"validity": "unfounded"})
        self.assertEqual(complaint.validity, "unfounded")

    def test_a_high_risk_complaint_is_cancelled_by_a_manager(self):
        complaint = self._new(is_high_risk=True, high_risk_reason="Media")
        with self.assertRaises(UserError):
            complaint.with_user(self.complaint_user).action_cancel()
        self.assertNotEqual(complaint.state, "cancelled")
        # control: an ordinary complaint, and the manager
        ordinary = self._new()
        ordinary.with_user(self.complaint_user).action_cancel()
        self.assertEqual(ordinary.state, "cancelled")
        complaint.with_user(self.complaint_manager).action_cancel()
        self.assertEqual(complaint.state, "cancelled")

    def test_a_manager_does_not_approve_their_own_remedy(self):
        complaint = self._new()
        Remedy = self.env["complaint.remedy"]
        vals = {"complaint_id": complaint.id, "type_id": self.refund.id, "amount": 900}
        own = Remedy.with_user(self.complaint_manager).create(vals)
        self.assertEqual(own.state, "proposed")
        with self.assertRaises(UserError):
            own.with_user(self.complaint_manager).action_approve()
        self.assertEqual(own.state, "proposed")
        approval_type = self.env.ref(
            "complaint_management.mail_activity_type_remedy_approval"
        )
        approval = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == approval_type
        )
        self.assertNotIn(self.complaint_manager, approval.user_id, "asked another")
        # control: another manager approves it
        own.with_user(self.second_manager).action_approve()
        self.assertEqual(own.state, "approved")

    def test_a_manager_does_not_approve_terms_they_changed(self):
        complaint = self._new()
        remedy = self._handlers_remedy(complaint, 50)
        self.assertEqual(remedy.state, "approved", "fast track")
        remedy.with_user(self.complaint_manager).write({"amount": 100000})
        self.assertEqual(remedy.state, "proposed")
        self.assertEqual(remedy.terms_editor_ids, self.complaint_manager)
        # a later edit by someone else does not make the amount approvable
        remedy.with_user(self.complaint_user).write({"description": "Refund"})
        self.assertIn(self.complaint_manager, remedy.terms_editor_ids)
        with self.assertRaisesRegex(UserError, "proposed or changed"):
            remedy.with_user(self.complaint_manager).action_approve()
        self.assertEqual(remedy.state, "proposed")
        # nor does anyone set who changed the terms
        with self.assertRaises(UserError):
            remedy.with_user(self.complaint_manager).write(
                {"terms_editor_ids": [(6, 0, self.second_manager.ids)]}
            )
        # control: another manager approves the new amount
        remedy.with_user(self.second_manager).action_approve()
        self.assertEqual(remedy.state, "approved")

    def test_the_request_leaves_who_changed_the_terms(self):
        complaint = self._new()
        remedy = self._handlers_remedy(complaint, 900)
        approval_type = self.env.ref(
            "complaint_management.mail_activity_type_remedy_approval"
        )

        def approval():
            return complaint.activity_ids.filtered(
                lambda a: a.activity_type_id == approval_type
            )

        self.assertEqual(approval().user_id, self.complaint_manager, "team leader")
        remedy.with_user(self.complaint_manager).write({"amount": 1200})
        self.assertEqual(len(approval()), 1)
        self.assertNotIn(self.complaint_manager, approval().user_id)
        # control: an edit by the handler leaves the request where it is
        holder = approval().user_id
        remedy.with_user(self.complaint_user).write({"amount": 1100})
        self.assertEqual(approval().user_id, holder)

    def test_staff_never_read_the_rating_links(self):
        complaint = self._new()
        complaint.write(
            {
                "state": "assessed",
                "level_id": self.level_normal.id,
                "validity": "unfounded",
                "resolution_summary": "<p>Explained.</p>",
            }
        )
        with self.mock_mail_gateway():
            complaint.action_close()
        rating = complaint.sudo().rating_ids
        token = rating.access_token
        mail = self._new_mails.filtered(
            lambda m: self.customer in m.recipient_ids and "/rate/" in m.body_html
        )
        self.assertIn(f"/rate/{token}/5", mail.body_html, "the complainant has it")
        bodies = complaint.with_user(self.complaint_user).message_ids.mapped("body")
        self.assertFalse([body for body in bodies if token in body], "no copy")
        self.assertTrue([body for body in bodies if "Satisfaction survey sent" in body])
        # a rating given: staff read it, not the token that would change it
        rating.sudo().write({"rating": 1, "consumed": True})
        read = (
            self.env["rating.rating"]
            .with_user(self.complaint_user)
            .browse(rating.id)
            .read(["rating", "access_token"])[0]
        )
        self.assertEqual(read["rating"], 1)
        self.assertFalse(read["access_token"])
        # nor found by searching, grouping or exporting by it
        Rating = self.env["rating.rating"].with_user(self.complaint_user)
        with self.assertRaises(AccessError):
            Rating.search([("access_token", "=like", token[:1] + "%")])
        with self.assertRaises(AccessError):
            Rating.search([("access_token", ">", token[:1])])
        with self.assertRaises(AccessError):
            Rating.search([], order="access_token")
        with self.assertRaises(AccessError):
            Rating.read_group(
                [("id", "=", rating.id)], ["access_token:max"], ["rating"], lazy=False
            )
        with self.assertRaises(AccessError):
            Rating.read_group(
                [("res_model", "=", "complaint.complaint")],
                ["rating"],
                ["access_token"],
                lazy=False,
            )
        # a user allowed to export
        self.complaint_user.groups_id |= self.env.ref("base.group_allow_export")
        with self.assertRaises(AccessError):
            Rating.browse(rating.id).export_data(["rating", "access_token"])
        # nor through the complaint's export (or its messages')
        mine = complaint.with_user(self.complaint_user)
        for path in ("rating_ids/access_token", "message_ids/rating_ids/access_token"):
            with self.subTest(path=path), self.assertRaises(AccessError):
                mine.export_data(["name", path])
        self.assertEqual(
            mine.export_data(["name", "rating_ids/rating"])["datas"],
            [[complaint.name, 1.0]],
        )
        # control: the same requests without the token answer, and the whole
        # token finds its rating (core's rating_apply looks for it so)
        self.assertEqual(Rating.search([("id", "=", rating.id)]), rating)
        self.assertEqual(Rating.search([("access_token", "=", token)]), rating)
        self.assertEqual(
            Rating.browse(rating.id).export_data(["rating"])["datas"], [[1.0]]
        )
        # control: the rating mechanism itself still reads it
        self.assertEqual(rating.sudo().read(["access_token"])[0]["access_token"], token)

    def test_the_only_manager_of_a_company_approves_their_remedy(self):
        """Four eyes need two: in a company with one complaint manager, who
        proposed the remedy approves it (and is asked to)."""
        company = self.env["res.company"].create(
            {"name": "One Manager Ltd", "complaint_fast_track_amount": 200}
        )
        manager = new_test_user(
            self.env,
            login="cm_sole_manager",
            groups="complaint_management.complaint_management_group_manager",
            company_id=company.id,
            company_ids=[(6, 0, company.ids)],
        )
        complaint = self.env["complaint.complaint"].create(
            {
                "subject": "Broken kettle",
                "company_id": company.id,
                "partner_id": self.customer.id,
            }
        )
        remedy = (
            self.env["complaint.remedy"]
            .with_user(manager)
            .with_company(company)
            .create(
                {"complaint_id": complaint.id, "type_id": self.refund.id, "amount": 900}
            )
        )
        self.assertEqual(remedy.state, "proposed")
        approval_type = self.env.ref(
            "complaint_management.mail_activity_type_remedy_approval"
        )
        approval = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id == approval_type
        )
        self.assertEqual(approval.user_id, manager, "nobody else to ask")
        remedy.with_user(manager).with_company(company).action_approve()
        self.assertEqual(remedy.state, "approved")

    def test_an_approval_is_for_one_customer(self):
        """A manager approved 900 for the customer; the handler then gives the
        complaint to another customer: the approval does not go along, it is
        asked again. A contact of the same company is the same customer."""
        complaint = self._new()
        remedy = self._handlers_remedy(complaint, 900)
        remedy.with_user(self.complaint_manager).action_approve()
        self.assertEqual(remedy.state, "approved")
        # control: another contact of the customer's company
        buyer = self.env["res.partner"].create(
            {"name": "Customer's Buyer", "parent_id": self.customer.id}
        )
        complaint.with_user(self.complaint_user).partner_id = buyer
        self.assertEqual(remedy.state, "approved")
        other = self.env["res.partner"].create({"name": "Someone Else"})
        complaint.with_user(self.complaint_user).partner_id = other
        self.assertEqual(remedy.state, "proposed")
        self.assertFalse(remedy.approved_by_id)
        with self.assertRaises(UserError):
            remedy.with_user(self.complaint_user).action_done()

    def test_a_manager_does_not_approve_a_remedy_they_moved(self):
        """Giving a colleague's remedy to another complaint changes what is
        approved as much as its amount: who moved it does not approve it."""
        first, second = self._new(), self._new()
        remedy = self._handlers_remedy(first, 900)
        remedy.with_user(self.complaint_manager).write({"complaint_id": second.id})
        self.assertIn(self.complaint_manager, remedy.terms_editor_ids)
        with self.assertRaises(UserError):
            remedy.with_user(self.complaint_manager).action_approve()
        self.assertEqual(remedy.state, "proposed")
        # control: another manager approves it where it is now
        remedy.with_user(self.second_manager).action_approve()
        self.assertEqual((remedy.state, remedy.complaint_id), ("approved", second))

    def test_a_manager_does_not_approve_money_they_gave_another_customer(self):
        """Giving the complaint (and its approved refund) to another customer
        sent the refund back to approval with nobody behind the change: the
        manager who redirected the money approved it alone."""
        complaint = self._new()
        remedy = self._handlers_remedy(complaint, 900)
        remedy.with_user(self.second_manager).action_approve()
        self.assertEqual(remedy.state, "approved")
        other = self.env["res.partner"].create({"name": "Another Buyer"})
        complaint.with_user(self.complaint_manager).write({"partner_id": other.id})
        self.assertEqual(remedy.state, "proposed")
        self.assertIn(self.complaint_manager, remedy.terms_editor_ids)
        with self.assertRaises(UserError), self.env.cr.savepoint():
            remedy.with_user(self.complaint_manager).action_approve()
        remedy.invalidate_recordset()
        self.assertEqual(remedy.state, "proposed")
        # control: another manager approves it for the new customer
        remedy.with_user(self.second_manager).action_approve()
        self.assertEqual(remedy.state, "approved")

    def test_an_approval_holds_for_the_terms_the_approver_saw(self):
        """A handler raised a remedy awaiting approval while the manager's
        list showed the old amount: the Approve button approved the new
        one. The button sends the terms shown."""
        complaint = self._new()
        remedy = self._handlers_remedy(complaint, 900)
        shown = [900.0, self.refund.id]
        remedy.with_user(self.complaint_user).amount = 90000
        approver = remedy.with_user(self.second_manager)
        with self.assertRaisesRegex(UserError, "changed since you opened it"):
            with self.env.cr.savepoint():
                approver.with_context(approve_terms=shown).action_approve()
        remedy.invalidate_recordset()
        self.assertEqual(remedy.state, "proposed")
        # nor for a description changed since (the substance of a remedy in
        # goods, which has no amount)
        remedy.with_user(self.complaint_user).description = "Premium model, installed"
        with self.assertRaisesRegex(UserError, "changed since you opened it"):
            with self.env.cr.savepoint():
                approver.with_context(
                    approve_terms=[90000.0, self.refund.id, "Standard model"]
                ).action_approve()
        remedy.invalidate_recordset()
        self.assertEqual(remedy.state, "proposed")
        # control: reloaded, the terms shown are the remedy's
        approver.with_context(
            approve_terms=[90000.0, self.refund.id, "Premium model, installed"]
        ).action_approve()
        self.assertEqual(remedy.state, "approved")
        # the buttons send what they show
        for view in (
            "complaint_management.complaint_complaint_view_form",
            "complaint_management.complaint_remedy_view_list",
        ):
            self.assertIn("[amount, type_id, description]", self.env.ref(view).arch_db)

    def test_ratings_are_read_with_the_complaints(self):
        """Ratings given follow the complaints' rules: staff without complaint
        rights read none, a handler those of their companies' complaints."""
        complaint = self._new()
        rating = (
            self.env["rating.rating"]
            .sudo()
            .create(
                {
                    "res_model_id": self.env["ir.model"]._get_id("complaint.complaint"),
                    "res_id": complaint.id,
                    "partner_id": self.customer.id,
                    "rating": 1,
                    "feedback": "Rude on the phone",
                    "consumed": True,
                }
            )
        )
        salesman = new_test_user(
            self.env, login="cm_salesman", groups="base.group_user"
        )
        # a team member once (the team keeps members who lost the rights)
        complaint.team_id.sudo().member_ids |= salesman
        domain = [("id", "=", rating.id)]
        self.assertFalse(self.env["rating.rating"].with_user(salesman).search(domain))
        # the handler, in another company only
        other = self.env["res.company"].create({"name": "Sister Ltd"})
        self.complaint_user.write(
            {"company_ids": [(4, other.id)], "company_id": other.id}
        )
        complaint.sudo().user_id = self.complaint_user
        Rating = self.env["rating.rating"].with_user(self.complaint_user)
        self.assertFalse(Rating.with_company(other).search(domain))
        # control: in the complaint's company the handler reads it
        self.assertEqual(Rating.with_company(self.company).search(domain), rating)

    def test_fast_track_turns_of_another_company_are_not_read(self):
        """Which customers were granted what and when is each company's."""
        other = self.env["res.company"].create({"name": "Sister Ltd"})
        Turn = self.env["complaint.remedy.fast.track.turn"]
        Turn._take([(self.company.id, self.customer.id)])
        Turn._take([(other.id, self.customer.id)])
        manager = self.complaint_manager
        manager.write({"company_ids": [(4, other.id)]})
        turns = Turn.with_user(manager).with_company(other).search([])
        self.assertEqual(turns.company_id, other)
        # control: with both companies allowed, both are read
        both = Turn.with_user(manager).with_context(
            allowed_company_ids=[self.company.id, other.id]
        )
        self.assertEqual(both.search([]).company_id, self.company | other)
