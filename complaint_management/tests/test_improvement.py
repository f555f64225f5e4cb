from datetime import date, datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo import Command, fields
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import format_date, mute_logger

from .common import ComplaintCommon
from .corrective_common import CorrectiveActionCommon


@tagged("post_install", "-at_install")
class TestCorrectiveAction(CorrectiveActionCommon):
    def test_action_on_three_complaints_verified_by_another_user(self):
        action = self._new_action(
            user_id=self.complaint_user,
            date_due=date.today() + timedelta(days=10),
            verifier_id=self.complaint_officer,
        )
        self.assertEqual(action.complaint_ids, self.complaints)
        self.assertEqual(action.category_id, self.category, "their common category")
        self.assertTrue(action.name.startswith("CA/"))
        for complaint in self.complaints:
            self.assertEqual(complaint.corrective_action_ids, action)
        owner = action.with_user(self.complaint_user)
        owner.action_start()
        self.assertEqual(action.state, "open")
        self.assertEqual(action.activity_ids.user_id, self.complaint_user)
        self.assertFalse(action.with_user(self.complaint_officer).can_verify)
        owner.action_done()
        self.assertEqual(action.state, "done")
        self.assertEqual(action.activity_ids.user_id, self.complaint_officer)
        # the buttons show to the verifier (and managers), not to the owner
        self.assertFalse(owner.can_verify)
        self.assertTrue(action.with_user(self.complaint_officer).can_verify)
        self.assertTrue(action.with_user(self.complaint_manager).can_verify)
        # the owner neither writes the verifier's note nor verifies
        with self.assertRaises(UserError):
            owner.verification_note = "Looks fine to me"
        with self.assertRaises(UserError):
            owner.action_verify_effective()
        self.assertEqual(action.state, "done")
        self.assertFalse(action.verification_note)
        # the verifier does, with a note
        verifier = action.with_user(self.complaint_officer)
        verifier.verification_note = "No leak in the 40 kettles of batch 12"
        verifier.action_verify_effective()
        self.assertEqual(action.state, "effective")
        self.assertEqual(action.verified_by_id, self.complaint_officer)
        self.assertFalse(action.activity_ids)

    def test_the_to_do_follows_a_new_owner(self):
        action = self._new_action(
            user_id=self.complaint_user,
            date_due=date.today() + timedelta(days=10),
            verifier_id=self.complaint_officer,
        )
        action.with_user(self.complaint_user).action_start()
        # a manager hands the action over: the to-do goes with it
        action.with_user(self.complaint_manager).user_id = self.complaint_manager
        self.assertEqual(action.activity_ids.user_id, self.complaint_manager)
        self.assertEqual(len(action.activity_ids), 1)
        # control: a change of verifier while in progress leaves the to-do
        action.with_user(self.complaint_manager).verifier_id = self.complaint_user
        self.assertEqual(action.activity_ids.user_id, self.complaint_manager)
        # a colleague's own to-do stays theirs; the new owner gets the step's
        own = action.activity_schedule(
            "mail.mail_activity_data_todo", user_id=self.complaint_user.id
        )
        own.automated = False
        action.with_user(self.complaint_manager).user_id = self.complaint_officer
        self.assertEqual(own.user_id, self.complaint_user)
        step = action.activity_ids.filtered("automated")
        self.assertEqual(step.user_id, self.complaint_officer)
        self.assertEqual(len(step), 1)

    def test_the_to_do_is_in_its_holders_words(self):
        """Whoever clicks, the step's to-do reads in the language of who
        holds the step (a Chinese owner, an English verifier)."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.complaint_officer.lang = "zh_CN"
        (self.complaint_user | self.complaint_manager).lang = "en_US"
        action = self._new_action(
            user_id=self.complaint_user,
            date_due=date.today() + timedelta(days=10),
            verifier_id=self.complaint_manager,
        )
        action.with_user(self.complaint_user).action_start()
        self.assertEqual(action.activity_ids.summary, "Carry out the corrective action")
        # an English manager hands it to a Chinese colleague
        action.with_user(self.complaint_manager).user_id = self.complaint_officer
        self.assertEqual(action.activity_ids.summary, "实施纠正措施")
        # the Chinese owner marks it done: the English verifier's to-do
        action.with_user(self.complaint_officer).action_done()
        self.assertEqual(
            action.activity_ids.summary, "Verify that the corrective action worked"
        )

    def test_only_what_was_never_taken_up_is_deleted(self):
        """Over JSON-RPC a manager reaches unlink: an action taken up is in
        its months' figures, a recurring proposal would come back the next
        day; they are cancelled instead."""
        started = self._new_action(
            user_id=self.complaint_user, date_due=date.today() + timedelta(days=5)
        )
        started.action_start()
        proposal = self._new_action()
        proposal.sudo().recurring_key = "product-1-2026-03"
        for action in (started, proposal):
            with self.subTest(action=action.title), self.assertRaises(UserError):
                action.with_user(self.complaint_manager).unlink()
            self.assertTrue(action.exists())
        # cancelled, the proposal stays: deleted, it would be proposed again
        proposal.action_cancel()
        with self.assertRaises(UserError):
            proposal.with_user(self.complaint_manager).unlink()
        self.assertTrue(proposal.exists())
        # control: a draft made by hand, and one made by hand and cancelled, go
        draft, cancelled = self._new_action(), self._new_action()
        cancelled.action_cancel()
        (draft | cancelled).with_user(self.complaint_manager).unlink()
        self.assertFalse((draft | cancelled).exists())

    def test_recurring_threshold_is_at_least_two(self):
        with self.assertRaises(ValidationError):
            self.company.complaint_recurring_count = 1
        with self.assertRaises(ValidationError):
            self.company.complaint_recurring_count = 0
        # control
        self.company.complaint_recurring_count = 2
        self.assertEqual(self.company.complaint_recurring_count, 2)

    def test_a_complaint_is_linked_to_its_companys_actions_only(self):
        """Another company's action would print on this company's tracking
        form; the button refuses it, the ORM (JSON-RPC) too."""
        action = self._new_action()
        other = self.env["res.company"].create({"name": "Sister Ltd"})
        self.complaint_manager.company_ids |= other
        theirs = (
            self.env["complaint.complaint"]
            .with_company(other)
            .create(self._complaint_vals(company_id=other.id, team_id=False))
        )
        with self.assertRaises(UserError):
            theirs.with_user(self.complaint_manager).with_context(
                allowed_company_ids=[self.company.id, other.id]
            ).write({"corrective_action_ids": [(4, action.id)]})
        self.assertFalse(theirs.corrective_action_ids)
        # control: a complaint of the action's company is linked
        ours = self.env["complaint.complaint"].create(self._complaint_vals())
        ours.with_user(self.complaint_manager).write(
            {"corrective_action_ids": [(4, action.id)]}
        )
        self.assertIn(ours, action.complaint_ids)

    def test_not_effective_reopens_for_the_owner(self):
        action = self._new_action(
            user_id=self.complaint_user,
            date_due=date.today() + timedelta(days=10),
            verifier_id=self.complaint_officer,
        )
        action.with_user(self.complaint_user).action_start()
        action.with_user(self.complaint_user).action_done()
        verifier = action.with_user(self.complaint_officer)
        # a verification says what was checked
        with self.assertRaises(UserError):
            verifier.action_verify_not_effective()
        verifier.verification_note = "Two of ten still leak"
        verifier.action_verify_not_effective()
        self.assertEqual(action.state, "open")
        self.assertEqual(action.reopen_count, 1)
        self.assertEqual(action.activity_ids.user_id, self.complaint_user)
        self.assertTrue(
            any("Two of ten still leak" in m.body for m in action.message_ids)
        )
        # carried out again: the next verification writes its own note (the
        # last round's would otherwise confirm it effective)
        action.with_user(self.complaint_user).action_done()
        self.assertFalse(action.verification_note)
        with self.assertRaises(UserError):
            verifier.action_verify_effective()
        verifier.verification_note = "Ten of ten tight"
        verifier.action_verify_effective()
        self.assertEqual(action.state, "effective")

    def test_who_marked_it_done_does_not_verify_it(self):
        action = self._new_action(
            user_id=self.complaint_user,
            date_due=date.today() + timedelta(days=10),
            verifier_id=self.complaint_officer,
        )
        owner = action.with_user(self.complaint_user)
        owner.action_start()
        # control: while in progress, the owner names another verifier
        owner.verifier_id = self.complaint_manager
        owner.verifier_id = self.complaint_officer
        owner.action_done()
        # done: the owner cannot hand it over and name themselves verifier
        with self.assertRaises(UserError):
            owner.write(
                {
                    "user_id": self.complaint_officer.id,
                    "verifier_id": self.complaint_user.id,
                }
            )
        self.assertEqual(action.user_id, self.complaint_user)
        self.assertEqual(action.verifier_id, self.complaint_officer)
        self.assertEqual(action.done_by_id, self.complaint_user)
        with self.assertRaises(UserError):
            owner.write({"done_by_id": self.complaint_officer.id})
        # handed over by the system all the same, they still do not verify it
        action.sudo().write(
            {
                "user_id": self.complaint_officer.id,
                "verifier_id": self.complaint_user.id,
            }
        )
        # (nor do they write the verifier's note; written here all the same)
        action.sudo().verification_note = "Looks fine to me"
        self.assertFalse(owner.can_verify, "no Effective button for them")
        with self.assertRaises(UserError):
            owner.action_verify_effective()
        with self.assertRaises(UserError):
            owner.action_verify_not_effective()
        self.assertEqual(action.state, "done")
        # control: a manager who neither owns it nor did it verifies it
        manager = action.with_user(self.complaint_manager)
        self.assertTrue(manager.can_verify)
        manager.verification_note = "No leak in the 40 kettles of batch 12"
        manager.action_verify_effective()
        self.assertEqual(action.state, "effective")
        self.assertEqual(action.verified_by_id, self.complaint_manager)

    def test_steps_need_their_data_and_the_verifier_is_not_the_owner(self):
        action = self._new_action()
        action.user_id = False
        with self.assertRaises(UserError):
            action.action_start()
        action.write({"user_id": self.complaint_user.id, "date_due": date.today()})
        action.action_start()
        with self.assertRaises(UserError):
            action.action_done()  # nobody to verify it
        with self.assertRaises(ValidationError):
            action.verifier_id = self.complaint_user
        action.verifier_id = self.complaint_officer
        action.action_done()
        self.assertEqual(action.state, "done")

    def test_status_and_verification_only_through_the_steps(self):
        action = self._new_action(user_id=self.complaint_user)
        owner = action.with_user(self.complaint_user)
        for vals in (
            {"state": "effective"},
            {"verified_by_id": self.complaint_user.id},
            {"date_verified": fields.Datetime.now()},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                owner.write(vals)
        with self.assertRaises(UserError):
            self.Action.with_user(self.complaint_user).create(
                {"title": "Forged", "state": "effective"}
            )
        # control: the owner edits the content
        owner.root_cause = "Glue cures too fast in winter"
        self.assertEqual(action.root_cause, "Glue cures too fast in winter")

    def test_users_see_what_they_own_or_verify(self):
        owned = self._new_action(user_id=self.complaint_user)
        verified = self._new_action(
            user_id=self.complaint_officer, verifier_id=self.complaint_user
        )
        # the actions of their team's complaints they read, not change
        linked = self._new_action(user_id=self.complaint_manager)
        other = self.Action.with_user(self.complaint_manager).create(
            {"title": "Warehouse shelving"}
        )
        seen = self.Action.with_user(self.complaint_user).search([])
        self.assertEqual(seen, owned | verified | linked)
        with self.assertRaises(AccessError):
            linked.with_user(self.complaint_user).write({"title": "Mine now"})
        with self.assertRaises(AccessError):
            other.with_user(self.complaint_user).read(["title"])
        # officers see all the actions of their companies, not another's
        officer_sees = self.Action.with_user(self.complaint_officer).search([])
        self.assertLessEqual(owned | verified | linked | other, officer_sees)
        company_b = self.env["res.company"].create({"name": "Actions B Ltd"})
        foreign = self.Action.create({"title": "Elsewhere", "company_id": company_b.id})
        self.assertNotIn(
            foreign, self.Action.with_user(self.complaint_officer).search([])
        )
        self.assertIn(foreign, self.Action.search([]))

    def test_an_action_names_a_product_of_its_company(self):
        """Another company's product named on an action showed its name to
        whoever reads the action (the form reads names as superuser)."""
        company_b = self.env["res.company"].create({"name": "Products B Ltd"})
        theirs = self.env["product.product"].create(
            {"name": "B's secret kettle", "company_id": company_b.id}
        )
        shared = self.env["product.product"].create({"name": "Shared kettle"})
        action = self._new_action(user_id=self.complaint_user)
        with self.assertRaises(UserError):
            action.with_user(self.complaint_manager).write({"product_id": theirs.id})
        # control: a product of every company, or of the action's
        action.with_user(self.complaint_manager).write({"product_id": shared.id})
        self.assertEqual(action.product_id, shared)

    def test_an_action_is_linked_from_a_complaint_only_by_who_may_change_it(self):
        """Linked to a complaint one handles, another team's action would be
        read (problem, root cause, plan) and gain a complaint."""
        other = self.Action.with_user(self.complaint_manager).create(
            {"title": "Warehouse shelving", "root_cause": "<p>Secret</p>"}
        )
        owned = self._new_action(user_id=self.complaint_user)
        complaint = self.env["complaint.complaint"].create(self._complaint_vals())
        as_user = complaint.with_user(self.complaint_user)
        for command in ([Command.link(other.id)], [Command.set(other.ids)]):
            with self.subTest(command=command), self.assertRaises(AccessError):
                as_user.write({"corrective_action_ids": command})
        with self.assertRaises(AccessError):
            self.env["complaint.complaint"].with_user(self.complaint_user).create(
                self._complaint_vals(corrective_action_ids=[Command.link(other.id)])
            )
        self.assertFalse(complaint.corrective_action_ids)
        # nor through a complaint where it already is, written with this one
        linked = self.complaints[0]
        linked.corrective_action_ids = other
        with self.assertRaises(AccessError):
            (linked | complaint).with_user(self.complaint_user).write(
                {"corrective_action_ids": [Command.link(other.id)]}
            )
        self.assertFalse(complaint.corrective_action_ids)
        linked.corrective_action_ids = False
        with self.assertRaises(AccessError):
            other.with_user(self.complaint_user).read(["root_cause"])
        # control: an action they own, and a manager linking any action
        as_user.write({"corrective_action_ids": [Command.link(owned.id)]})
        complaint.with_user(self.complaint_manager).write(
            {"corrective_action_ids": [Command.link(other.id)]}
        )
        self.assertEqual(complaint.corrective_action_ids, owned | other)
        # emptied as core allows it (False), not a server error
        complaint.with_user(self.complaint_manager).corrective_action_ids = False
        self.assertFalse(complaint.corrective_action_ids)

    @freeze_time("2026-06-15 12:00:00")  # the same day in the users' time zones
    def test_overdue(self):
        action = self._new_action(
            user_id=self.complaint_user, date_due=date.today() - timedelta(days=1)
        )
        self.assertTrue(action.is_overdue)
        self.assertIn(action, self.Action.search([("is_overdue", "=", True)]))
        action.date_due = date.today()
        self.assertFalse(action.is_overdue)
        self.assertNotIn(action, self.Action.search([("is_overdue", "=", True)]))


@tagged("post_install", "-at_install")
class TestRecurringProblem(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "complaint_batch_count": 1000,
                "complaint_recurring_count": 3,
                "complaint_representative_id": cls.complaint_manager.id,
            }
        )
        cls.product = cls.env["product.product"].create({"name": "Kettle K2"})

    def _complaints(self, count, when, product=None):
        return self.env["complaint.complaint"].create(
            [
                self._complaint_vals(
                    subject=f"Leak {n}",
                    date_received=when,
                    product_ids=[Command.set((product or self.product).ids)],
                )
                for n in range(count)
            ]
        )

    def test_proposed_once_per_problem_and_period(self):
        Complaint = self.env["complaint.complaint"]
        with freeze_time("2026-05-20 10:00:00"):
            two = self._complaints(2, datetime(2026, 5, 3, 9))
            # control: two complaints are not yet a recurring problem
            self.assertFalse(Complaint._cron_propose_corrective_actions())
            third = self._complaints(1, datetime(2026, 5, 19, 9))
            proposed = Complaint._cron_propose_corrective_actions()
            self.assertEqual(
                len(proposed), 1, "one product's problem, not also its category's"
            )
            self.assertEqual(proposed.complaint_ids, two | third)
            self.assertEqual(proposed.product_id, self.product)
            self.assertEqual(proposed.state, "draft")
            self.assertEqual(proposed.origin, "recurring")
            self.assertEqual(proposed.user_id, self.complaint_manager)
            self.assertEqual(proposed.activity_ids.user_id, self.complaint_manager)
            # the next runs of the month do not propose it again
            self._complaints(1, datetime(2026, 5, 20, 9))
            self.assertFalse(Complaint._cron_propose_corrective_actions())
            # even once it is cancelled
            proposed.action_cancel()
            self.assertFalse(Complaint._cron_propose_corrective_actions())
        with freeze_time("2026-06-25 10:00:00"):
            self._complaints(3, datetime(2026, 6, 2, 9))
            june = Complaint._cron_propose_corrective_actions()
            self.assertEqual(len(june), 1, "a new month, a new proposal")
            self.assertNotEqual(june, proposed)

    def test_another_companys_product_stops_no_proposal(self):
        """Another company's product on this company's complaints (written
        over JSON-RPC, or the product moved since): the month's proposals
        all failed on it, at every run."""
        Complaint = self.env["complaint.complaint"]
        elsewhere = self.env["res.company"].create({"name": "Products Elsewhere"})
        theirs = self.env["product.product"].create(
            {"name": "Their kettle", "company_id": elsewhere.id}
        )
        with freeze_time("2026-05-20 10:00:00"):
            self._complaints(3, datetime(2026, 5, 3, 9), product=theirs)
            self._complaints(3, datetime(2026, 5, 4, 9))
            proposed = Complaint._cron_propose_corrective_actions()
        self.assertEqual(proposed.product_id, self.product)
        self.assertFalse(
            self.env["complaint.job.failure"].search(
                [("job", "=", "recurring_actions")]
            )
        )

    def test_a_proposal_without_a_representative_goes_to_a_manager(self):
        Complaint = self.env["complaint.complaint"]
        # the representative left the company: the proposal is not left unseen
        elsewhere = self.env["res.company"].create({"name": "Elsewhere"})
        self.company.complaint_representative_id.write(
            {"company_ids": [Command.set(elsewhere.ids)], "company_id": elsewhere.id}
        )
        with freeze_time("2026-05-20 10:00:00"):
            self._complaints(3, datetime(2026, 5, 3, 9))
            proposed = Complaint._cron_propose_corrective_actions()
        manager = Complaint._get_complaint_managers(self.company).sorted("id")[:1]
        self.assertTrue(manager)
        self.assertEqual(proposed.user_id, manager)
        self.assertEqual(proposed.activity_ids.user_id, manager)

    def test_same_category_with_different_products_is_a_problem_too(self):
        Complaint = self.env["complaint.complaint"]
        products = self.env["product.product"].create(
            [{"name": f"Kettle K{n}"} for n in range(3, 6)]
        )
        with freeze_time("2026-05-20 10:00:00"):
            for product in products:
                self._complaints(1, datetime(2026, 5, 4, 9), product=product)
            proposed = Complaint._cron_propose_corrective_actions()
        self.assertEqual(len(proposed), 1)
        self.assertEqual(proposed.category_id, self.category)
        self.assertFalse(proposed.product_id)
        self.assertEqual(len(proposed.complaint_ids), 3)

    def _run(self, moment, lastcall):
        """The daily job at ``moment``, its previous run at ``lastcall`` (as
        the cron passes it)."""
        with freeze_time(moment):
            return (
                self.env["complaint.complaint"]
                .with_context(lastcall=lastcall)
                ._cron_propose_corrective_actions()
            )

    def test_proposal_reads_in_the_companys_language(self):
        """The job runs without a language: a Chinese company's proposal is
        written in Chinese, its date as Chinese writes it."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.company.partner_id.lang = "zh_CN"
        self.company.resource_calendar_id.tz = "UTC"
        self._complaints(3, datetime(2026, 3, 2, 9))
        proposed = self._run("2026-03-02 12:30:00", datetime(2026, 3, 1, 12, 30))
        self.assertTrue(proposed.title.startswith("重复出现："))
        self.assertIn(
            format_date(self.env, date(2026, 3, 1), lang_code="zh_CN"),
            str(proposed.problem),
        )
        self.assertIn("以来", str(proposed.problem))

    def test_problem_recurring_at_the_end_of_a_month_is_proposed(self):
        self.company.resource_calendar_id.tz = "UTC"
        two = self._complaints(2, datetime(2026, 1, 31, 9))
        yesterday = datetime(2026, 1, 30, 12, 30)
        self.assertFalse(self._run("2026-01-31 12:30:00", yesterday))
        third = self._complaints(1, datetime(2026, 1, 31, 20))
        # the first run of February looks at the whole of January
        proposed = self._run("2026-02-01 12:30:00", datetime(2026, 1, 31, 12, 30))
        self.assertEqual(proposed.product_id, self.product)
        self.assertEqual(proposed.complaint_ids, two | third)
        self.assertIn(format_date(self.env, date(2026, 1, 1)), str(proposed.problem))
        # control: not again, neither by the next run nor by the first one run twice
        self._complaints(1, datetime(2026, 1, 31, 21))
        self.assertFalse(
            self._run("2026-02-01 13:00:00", datetime(2026, 1, 31, 12, 30))
        )
        self.assertFalse(self._run("2026-02-02 12:30:00", datetime(2026, 2, 1, 12, 30)))

    def test_months_begin_at_midnight_where_the_company_works(self):
        self.company.resource_calendar_id.tz = "Asia/Shanghai"
        # 01:00 on 1 February in Shanghai, still 31 January in UTC
        february = self._complaints(3, datetime(2026, 1, 31, 17))
        proposed = self._run("2026-02-01 02:00:00", datetime(2026, 1, 31, 2))
        self.assertEqual(proposed.complaint_ids, february)
        self.assertIn(format_date(self.env, date(2026, 2, 1)), str(proposed.problem))
        # control: January in Shanghai had none of them
        self.assertEqual(len(proposed), 1)

    def test_a_company_that_fails_does_not_stop_the_others(self):
        broken = self.env["res.company"].create({"name": "Broken Ltd"})
        self._complaints(3, datetime(2026, 5, 4, 9))
        Complaint = type(self.env["complaint.complaint"])
        original = Complaint._recurring_problems

        def failing(record, company, tz, period):
            if company == broken:
                raise ValueError("a bad record of Broken Ltd")
            return original(record, company, tz, period)

        with (
            freeze_time("2026-05-20 10:00:00"),
            patch.object(Complaint, "_recurring_problems", failing),
            mute_logger(
                "odoo.addons.complaint_management.models.complaint_job_failure"
            ),
        ):
            proposed = self.env[
                "complaint.complaint"
            ]._cron_propose_corrective_actions()
        self.assertEqual(proposed.product_id, self.product)
        failure = self.env["complaint.job.failure"].search(
            [("job", "=", "recurring_actions")]
        )
        self.assertEqual(
            (failure.res_model, failure.res_id), ("res.company", broken.id)
        )
