from datetime import date, datetime, timedelta

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, new_test_user, tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestRecordGuards(ComplaintCommon):
    """Remedies, corrective actions, quality reviews, outside bodies' cases
    and merges keep their rules whoever calls (JSON-RPC reaches write and
    create as easily as the buttons)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Hong Kong Branch"})
        cls.company.complaint_fast_track_amount = 200
        cls.other_company.write(
            {
                "complaint_fast_track_amount": 5000,
                "complaint_fast_track_customer_amount": 10000,
            }
        )
        both = cls.company | cls.other_company
        cls.complaint_user.company_ids = both
        cls.complaint_manager.company_ids = both
        cls.complaint_officer.company_ids = both
        cls.complaint = cls.env["complaint.complaint"].create(cls._complaint_vals())
        cls.refund = cls.env.ref("complaint_management.complaint_remedy_type_refund")
        cls.both = both

    def _as(self, user):
        return self.env(user=user, context={"allowed_company_ids": self.both.ids})

    def test_a_remedy_keeps_its_complaint_company_and_limit(self):
        remedy = self._as(self.complaint_user)["complaint.remedy"].create(
            {
                "complaint_id": self.complaint.id,
                "type_id": self.refund.id,
                "amount": 50,
            }
        )
        with self.assertRaises(UserError):
            remedy.write({"company_id": self.other_company.id, "amount": 900})
        self.assertEqual(remedy.company_id, self.company)
        # control: the amount alone is the user's to change, and above the
        # company's limit it waits for a manager
        remedy.write({"amount": 900})
        self.assertEqual(remedy.state, "proposed")
        self.assertFalse(remedy.is_fast_track)

    def test_an_approval_does_not_travel_to_another_company(self):
        """A remedy fast-tracked under another company's limit, the complaint
        moved there and back, is not approved: the limit, currency and
        managers of an approval are its company's."""
        complaint = self._as(self.complaint_user)["complaint.complaint"].browse(
            self.complaint.id
        )
        complaint.write(
            {
                "company_id": self.other_company.id,
                "team_id": False,
                "user_id": self.complaint_user.id,
            }
        )
        remedy = self._as(self.complaint_user)["complaint.remedy"].create(
            {"complaint_id": complaint.id, "type_id": self.refund.id, "amount": 4000}
        )
        self.assertEqual(remedy.state, "approved", "under the branch's limit")
        complaint.write({"company_id": self.company.id})
        self.assertEqual(remedy.state, "proposed")
        self.assertFalse(remedy.is_fast_track)
        # control: an amount under the company's own limit is approved again
        small = self._as(self.complaint_user)["complaint.remedy"].create(
            {"complaint_id": complaint.id, "type_id": self.refund.id, "amount": 150}
        )
        complaint.write({"company_id": self.other_company.id})
        complaint.write({"company_id": self.company.id})
        self.assertEqual(small.state, "approved")
        self.assertTrue(small.is_fast_track)
        # control: a manager's approval stays when the company is written
        # unchanged (a mass edit, an import)
        remedy.with_user(self.complaint_manager).action_approve()
        complaint.write({"company_id": self.company.id})
        self.assertEqual(remedy.state, "approved")

    def test_merged_small_remedies_share_the_fast_track_limit(self):
        complaints = self.env["complaint.complaint"].create(
            [self._complaint_vals(subject=f"Kettle {index}") for index in range(3)]
        )
        Remedy = self._as(self.complaint_officer)["complaint.remedy"]
        remedies = Remedy.create(
            [
                {"complaint_id": complaint.id, "type_id": self.refund.id, "amount": 150}
                for complaint in complaints
            ]
        )
        self.assertEqual(set(remedies.mapped("state")), {"approved"})
        kept = complaints[0].with_user(self.complaint_officer)
        kept._merge(complaints[1:])
        self.assertEqual(remedies.complaint_id, complaints[0])
        fast = remedies.filtered(lambda r: r.is_fast_track and r.state == "approved")
        self.assertEqual(fast, remedies[0], "one 150 fits the limit of 200")
        self.assertEqual(set((remedies - fast).mapped("state")), {"proposed"})

    def test_corrective_action_links_only_readable_complaints(self):
        hidden = self.env["complaint.complaint"].create(
            self._complaint_vals(team_id=self.team_other.id, subject="Not mine")
        )
        Action = self._as(self.complaint_user)["complaint.corrective.action"]
        with self.assertRaises(AccessError):
            Action.create(
                {
                    "title": "Kettle base",
                    "complaint_ids": [Command.set(hidden.ids)],
                }
            )
        action = Action.create(
            {"title": "Kettle base", "complaint_ids": [Command.set(self.complaint.ids)]}
        )
        with self.assertRaises(AccessError):
            action.write({"complaint_ids": [Command.link(hidden.id)]})
        self.assertEqual(action.complaint_ids, self.complaint)
        other = self.env["complaint.complaint"].create(
            self._complaint_vals(company_id=self.other_company.id, team_id=False)
        )
        with self.assertRaises(UserError):
            action.write({"complaint_ids": [Command.link(other.id)]})
        # control: a complaint of the user's team and company is linked
        mine = self.env["complaint.complaint"].create(self._complaint_vals())
        action.write({"complaint_ids": [Command.link(mine.id)]})
        self.assertEqual(action.complaint_ids, self.complaint | mine)

    def test_an_effective_action_is_a_record(self):
        owner = self.complaint_user
        action = self._as(owner)["complaint.corrective.action"].create(
            {
                "title": "Kettle base",
                "complaint_ids": [Command.set(self.complaint.ids)],
                "verifier_id": self.complaint_officer.id,
                "date_due": date.today() + timedelta(days=5),
                "root_cause": "Seal too thin",
                "action_plan": "<p>Thicker seal</p>",
            }
        )
        action.action_start()
        # control: in progress, what was found still changes
        action.root_cause = "Seal too thin and badly glued"
        action.action_done()
        verifier = action.with_user(self.complaint_officer)
        verifier.verification_note = "No leak in 40 kettles"
        verifier.action_verify_effective()
        for vals in (
            {"verification_note": "Not checked"},
            {"complaint_ids": [Command.clear()]},
            {"root_cause": "Something else"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                action.write(vals)
        self.assertEqual(action.verification_note, "No leak in 40 kettles")
        self.assertEqual(action.complaint_ids, self.complaint)
        # nor from the complaints' side: unlinked, or linked to another one
        complaint = self.complaint.with_user(owner)
        another = self.env["complaint.complaint"].create(self._complaint_vals())
        for target, vals in (
            (complaint, {"corrective_action_ids": [Command.clear()]}),
            (complaint, {"corrective_action_ids": [Command.unlink(action.id)]}),
            (complaint, {"corrective_action_ids": False}),
            (another, {"corrective_action_ids": [Command.link(action.id)]}),
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                target.with_user(owner).write(vals)
        with self.assertRaises(UserError):
            self._as(owner)["complaint.complaint"].create(
                self._complaint_vals(corrective_action_ids=[Command.link(action.id)])
            )
        self.assertEqual(action.complaint_ids, self.complaint)

    def test_an_action_is_unlinked_by_who_may_change_it(self):
        action = self._as(self.complaint_officer)["complaint.corrective.action"].create(
            {"title": "Kettle base", "complaint_ids": [Command.set(self.complaint.ids)]}
        )
        handler = self.complaint.with_user(self.complaint_user)
        with self.assertRaises(AccessError):
            handler.write({"corrective_action_ids": [Command.clear()]})
        with self.assertRaises(AccessError):
            handler.write({"corrective_action_ids": [Command.set([])]})
        # control: an empty list changes no link, as Odoo reads it
        handler.write({"corrective_action_ids": []})
        self.assertEqual(action.complaint_ids, self.complaint)
        # control: the action's owner unlinks it while it is in progress
        self.complaint.with_user(self.complaint_officer).write(
            {"corrective_action_ids": [Command.unlink(action.id)]}
        )
        self.assertFalse(action.complaint_ids)

    def test_a_handler_does_not_score_the_review_of_their_work(self):
        handler = self.complaint_officer
        reviewer = new_test_user(
            self.env,
            login="cm_guard_reviewer",
            groups="complaint_management.complaint_management_group_officer",
        )
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(user_id=handler.id)
        )
        sample = self.env["complaint.sample"].create(
            {
                "complaint_id": complaint.id,
                "reviewer_id": reviewer.id,
                "period": date(2026, 4, 1),
                "line_ids": [
                    Command.create({"criterion_id": criterion.id})
                    for criterion in self.env["complaint.sample.criterion"].search(
                        [], limit=2
                    )
                ],
            }
        )
        self.assertEqual(sample.handler_id, handler)
        line = sample.line_ids[:1]
        self.assertTrue(line, "the review has its criteria")
        with self.assertRaisesRegex(UserError, "their own work"):
            line.with_user(handler).write({"result": "pass"})
        self.assertFalse(line.result)
        # control: the reviewer scores it
        line.with_user(reviewer).write({"result": "pass"})
        self.assertEqual(line.result, "pass")

    def test_fields_kept_to_a_group_are_not_set_at_creation(self):
        """Odoo checks a field's groups when it is written, not when a record
        is created: the recovery figures are the officers' on a new complaint
        too, given in the values or as context defaults."""
        Complaint = self.env["complaint.complaint"].with_user(self.complaint_user)
        vals = self._complaint_vals(recovery_amount=99999, recovery_state="recovered")
        with self.assertRaises(AccessError):
            Complaint.create(vals)
        made = Complaint.with_context(
            default_recovery_amount=99999, default_recovery_state="recovered"
        ).create(self._complaint_vals())
        self.assertEqual(made.sudo().recovery_amount, 0)
        self.assertEqual(made.sudo().recovery_state, "none")
        # control: an officer sets them
        made = (
            self.env["complaint.complaint"]
            .with_user(self.complaint_officer)
            .create(
                self._complaint_vals(recovery_amount=99999, recovery_state="recovered")
            )
        )
        self.assertEqual(made.sudo().recovery_amount, 99999)

    def test_the_workflows_activity_types_are_kept(self):
        """The jobs find the reminders they hang by their type: a type
        deleted (none of its activities left) would stop every escalation,
        or hang a To-Do at each run. Kept as core keeps its To-Do."""
        for xmlid in (
            "complaint_management.mail_activity_type_external_deadline",
            "complaint_management.mail_activity_type_party_answer",
        ):
            activity_type = self.env.ref(xmlid)
            # none of its activities left: core's restriction no longer holds it
            self.env["mail.activity"].search(
                [("activity_type_id", "=", activity_type.id)]
            ).unlink()
            with self.subTest(xmlid=xmlid), self.assertRaises(UserError):
                activity_type.unlink()
            self.assertTrue(activity_type.exists())
        # control: renamed and archived they still serve; a type of one's own goes
        activity_type.write({"name": "Complaint deadline", "active": False})
        own = self.env["mail.activity.type"].create({"name": "Call the shop"})
        own.unlink()
        self.assertFalse(own.exists())

    def test_the_steps_emails_are_kept(self):
        """Deleted, the receipt's template left new complaints recorded as
        receipted with nothing sent, and the composer steps stopped with a
        technical error."""
        for xmlid in (
            "complaint_management.mail_template_complaint_acknowledgement",
            "complaint_management.mail_template_complaint_progress",
        ):
            template = self.env.ref(xmlid)
            with self.subTest(xmlid=xmlid), self.assertRaises(UserError):
                template.unlink()
            self.assertTrue(template.exists())
        # control: their text changes; a template of one's own goes
        template.write({"subject": "We have your complaint"})
        own = self.env["mail.template"].create(
            {"name": "Thanks", "model_id": self.env.ref("base.model_res_partner").id}
        )
        own.unlink()
        self.assertFalse(own.exists())


@tagged("post_install", "-at_install")
class TestMergeKeeps(ComplaintCommon):
    """A merge moves what was the merged complaint's as it was."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Complaint = cls.env["complaint.complaint"]
        cls.kept = Complaint.create(
            cls._complaint_vals(date_received=datetime(2026, 3, 2, 9))
        )
        cls.dup = Complaint.create(
            cls._complaint_vals(date_received=datetime(2026, 3, 3, 9))
        )
        cls.body = cls.env.ref("complaint_management.complaint_external_body_12315")

    def _merge(self):
        Form(
            self.env["complaint.merge.wizard"]
            .with_user(self.complaint_officer)
            .with_context(
                active_model="complaint.complaint",
                active_ids=(self.kept | self.dup).ids,
            )
        ).save().action_merge()
        self.assertEqual(self.dup.merged_into_id, self.kept)

    @freeze_time("2026-03-04 10:00:00")
    def test_a_case_deadline_entered_by_hand_stays(self):
        case = self.env["complaint.external.case"].create(
            {
                "complaint_id": self.dup.id,
                "body_id": self.body.id,
                "reference": "WO-7",
                "date_received": date(2026, 3, 3),
            }
        )
        computed = case.deadline
        notice = computed + timedelta(days=3)
        case.with_user(self.complaint_officer).deadline = notice
        self._merge()
        self.assertEqual(case.complaint_id, self.kept)
        self.assertEqual(case.deadline, notice, "the body's notice, not a computed one")

    def test_the_ratings_given_move_with_their_messages(self):
        self.dup.write({"state": "closed", "date_closed": datetime(2026, 3, 3, 12)})
        token = self.dup._rating_get_access_token()
        self.dup.sudo().rating_apply(2, token=token, feedback="Still leaks")
        rating = self.dup.rating_ids
        self.dup.with_user(self.complaint_manager).action_reopen()  # rated: a manager
        self._merge()
        self.assertEqual(self.kept.rating_ids, rating)
        self.assertEqual(rating.message_id.res_id, self.kept.id)
        # control: the merged complaint keeps no rating of its own
        self.assertFalse(self.dup.rating_ids)
