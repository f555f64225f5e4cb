"""Reply scripts (应答口径): approved by the company's approvers, never by
their author, frozen once submitted, versioned, and required by the
high-risk gate."""

from psycopg2 import IntegrityError

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger
from odoo.tools.safe_eval import safe_eval

from .common import ComplaintCommon

APPROVER = "complaint_management.complaint_management_group_reply_script_approver"
OFFICER = "complaint_management.complaint_management_group_officer"
MANAGER = "complaint_management.complaint_management_group_manager"


class ReplyScriptCommon(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Script = cls.env["complaint.reply.script"]
        cls.approval = cls.env.ref(
            "complaint_management.mail_activity_type_reply_script_approval"
        )
        # legal: approves, handles no complaint
        cls.legal = new_test_user(
            cls.env,
            login="rs_legal",
            groups=APPROVER,
            name="Legal Counsel",
            email="legal@example.com",
        )
        # an officer who also approves: four eyes apply to their own scripts
        cls.officer_approver = new_test_user(
            cls.env,
            login="rs_officer_approver",
            groups=f"{OFFICER},{APPROVER}",
            name="PR Officer",
            email="pr@example.com",
        )
        cls.company.complaint_reply_script_group_id = False

    def _draft(self, user=None, **values):
        vals = {
            "name": "Product safety incident",
            "body": "<p>We are sorry and are investigating.</p>",
        }
        vals.update(values)
        return self.Script.with_user(user or self.complaint_officer).create(vals)

    def _approved(self, author=None, **values):
        script = self._draft(author, **values)
        script.action_submit()
        script.with_user(self.legal).action_approve()
        return script

    def _high_risk_in_assessment(self, **values):
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(is_high_risk=True, **values)
        )
        complaint.action_register()
        complaint.action_acknowledge()
        complaint.write({"level_id": self.level_normal.id, "validity": "founded"})
        complaint.action_assess()
        complaint.handling_plan = "<p>Call every customer of the batch.</p>"
        return complaint

    def _approval_activities(self, script):
        return script.activity_ids.filtered(
            lambda a: a.activity_type_id == self.approval
        )

    # ------------------------------------------------------------------
    # The high-risk gate
    # ------------------------------------------------------------------


@tagged("post_install", "-at_install")
class TestReplyScript(ReplyScriptCommon):
    def test_gate_needs_an_approved_script(self):
        complaint = self._high_risk_in_assessment()
        with self.assertRaisesRegex(UserError, "approved reply script"):
            complaint.action_investigate()
        draft = self._draft()
        complaint.reply_script_id = draft
        with self.assertRaisesRegex(UserError, "approved reply script"):
            complaint.action_investigate()
        draft.action_submit()
        self.assertEqual(draft.state, "to_approve")
        with self.assertRaisesRegex(UserError, "approved reply script"):
            complaint.action_investigate()
        self.assertEqual(complaint.state, "assessed")
        self.assertIn("Reply Script", complaint.next_step)
        # control: approved, it passes
        draft.with_user(self.legal).action_approve()
        complaint.action_investigate()
        self.assertEqual(complaint.state, "investigating")

    def test_gate_needs_the_handling_plan_too(self):
        complaint = self._high_risk_in_assessment()
        complaint.reply_script_id = self._approved()
        complaint.handling_plan = False
        with self.assertRaises(UserError):
            complaint.action_investigate()
        complaint.handling_plan = "<p>Recall the batch.</p>"
        complaint.action_investigate()
        self.assertEqual(complaint.state, "investigating")

    def test_ordinary_complaint_needs_no_script(self):
        complaint = self._high_risk_in_assessment()
        complaint.is_high_risk = False
        complaint.action_investigate()
        self.assertEqual(complaint.state, "investigating")

    def test_gate_needs_a_script_for_the_category(self):
        other = self.env.ref(
            "complaint_management.complaint_category_annex_late_delivery"
        )
        script = self._approved(category_ids=[(6, 0, other.ids)])
        complaint = self._high_risk_in_assessment()
        complaint.reply_script_id = script
        with self.assertRaises(UserError):
            complaint.action_investigate()
        # control: a script for the complaint's parent category applies to it
        script_parent = self._approved(
            name="Defects", category_ids=[(6, 0, self.category.parent_id.ids)]
        )
        complaint.reply_script_id = script_parent
        complaint.action_investigate()
        self.assertEqual(complaint.state, "investigating")

    def test_choosing_a_script_lists_the_approved_ones_of_the_category(self):
        approved = self._approved()
        for_category = self._approved(
            name="Defects", category_ids=[(6, 0, self.category.ids)]
        )
        elsewhere = self._approved(
            name="Late",
            category_ids=[
                (
                    6,
                    0,
                    self.env.ref(
                        "complaint_management.complaint_category_annex_late_delivery"
                    ).ids,
                )
            ],
        )
        draft = self._draft(name="Not yet")
        complaint = self._high_risk_in_assessment()
        # the field's domain, as the form evaluates it
        domain = safe_eval(
            complaint._fields["reply_script_id"].domain,
            {
                "company_id": complaint.company_id.id,
                "category_id": complaint.category_id.id,
            },
        )
        offered = self.Script.with_user(self.complaint_user).search(domain)
        self.assertIn(approved, offered)
        self.assertIn(for_category, offered)
        self.assertNotIn(elsewhere, offered)
        self.assertNotIn(draft, offered)
        # a complaint without a category is offered the scripts for every category
        domain = safe_eval(
            complaint._fields["reply_script_id"].domain,
            {"company_id": complaint.company_id.id, "category_id": False},
        )
        offered = self.Script.with_user(self.complaint_user).search(domain)
        self.assertIn(approved, offered)
        self.assertNotIn(for_category, offered)

    def test_script_of_another_company_refused(self):
        other_company = self.env["res.company"].create({"name": "Other Co"})
        script = self.Script.create(
            {"name": "Other", "body": "<p>x</p>", "company_id": other_company.id}
        )
        complaint = self._high_risk_in_assessment()
        with self.assertRaises(ValidationError):
            complaint.reply_script_id = script
        # and the officer of the first company does not see it
        self.assertFalse(
            self.Script.with_user(self.complaint_officer).search(
                [("id", "=", script.id)]
            )
        )

    def test_submit_is_for_officers(self):
        script = self._draft()
        with self.assertRaises(UserError):
            script.with_user(self.complaint_user).action_submit()
        with self.assertRaises(AccessError):
            self.Script.with_user(self.complaint_user).create({"name": "Mine"})
        # control
        script.with_user(self.complaint_officer).action_submit()
        self.assertEqual(script.state, "to_approve")

    def test_state_and_approval_are_not_written_directly(self):
        script = self._draft()
        with self.assertRaises(UserError):
            script.with_user(self.complaint_officer).write({"state": "approved"})
        with self.assertRaises(UserError):
            script.with_user(self.legal).write({"approver_id": self.legal.id})
        with self.assertRaises(UserError):
            script.with_user(self.officer_approver).write(
                {"author_id": self.complaint_officer.id}
            )
        self.assertEqual(script.state, "draft")
        self.assertEqual(script.author_id, self.complaint_officer)

    # ------------------------------------------------------------------
    # Frozen once submitted
    # ------------------------------------------------------------------
    def test_approved_script_refuses_edits(self):
        script = self._approved()
        for user in (self.complaint_officer, self.legal, self.complaint_manager):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                script.with_user(user).write({"body": "<p>Something else</p>"})
        with self.assertRaises(UserError):
            script.with_user(self.complaint_manager).unlink()
        self.assertIn("investigating", script.body)
        # archiving is no edit of the wording
        script.with_user(self.complaint_manager).active = False
        self.assertFalse(script.active)

    def test_draft_can_be_edited_then_is_frozen_while_waiting(self):
        script = self._draft()
        script.with_user(self.complaint_officer).body = "<p>Better wording</p>"
        self.assertIn("Better wording", script.body)
        script.action_submit()
        with self.assertRaises(UserError):
            script.with_user(self.complaint_officer).body = "<p>Changed later</p>"
        # sent back, it can be changed again
        script.with_user(self.legal).action_send_back()
        self.assertEqual(script.state, "draft")
        script.with_user(self.complaint_officer).body = "<p>Changed later</p>"
        self.assertIn("Changed later", script.body)

    # ------------------------------------------------------------------
    # Versions
    # ------------------------------------------------------------------
    def test_new_version_supersedes_the_old_one_once_approved(self):
        first = self._approved()
        complaint = self._high_risk_in_assessment()
        complaint.reply_script_id = first
        complaint.action_investigate()

        action = first.with_user(self.complaint_officer).action_new_version()
        second = self.Script.browse(action["res_id"])
        self.assertEqual(
            (second.state, second.version, second.previous_id),
            ("draft", 2, first),
        )
        self.assertEqual(second.author_id, self.complaint_officer)
        self.assertEqual(second.root_id, first)
        self.assertEqual(first.state, "approved", "in use until v2 is approved")
        with self.assertRaises(UserError):
            first.with_user(self.complaint_officer).action_new_version()
        # made at once in two tabs, both read version 1 as the last: the
        # database refuses the second version 2
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(IntegrityError),
            self.env.cr.savepoint(),
        ):
            first.sudo().copy({"version": 2, "previous_id": first.id}).flush_recordset()

        second.with_user(self.complaint_officer).body = "<p>Updated facts</p>"
        second.action_submit()
        second.with_user(self.legal).action_approve()
        self.assertEqual(first.state, "superseded")
        self.assertEqual(second.state, "approved")
        # the complaint keeps what was approved when it chose it
        self.assertEqual(complaint.reply_script_id, first)
        self.assertIn("investigating", complaint.reply_script_body)
        self.assertTrue(complaint._reply_script_ready())
        # a complaint leaving assessment now needs the approved version
        later = self._high_risk_in_assessment()
        later.reply_script_id = first
        with self.assertRaises(UserError):
            later.action_investigate()
        later.reply_script_id = second
        later.action_investigate()
        self.assertEqual(later.state, "investigating")

    def test_a_handler_chooses_an_approved_script_of_the_category(self):
        """The field's choices hold over JSON-RPC: after the assessment the
        gate trusts the version chosen, so a draft, a superseded version or
        another category's script is not chosen in its place."""
        other = self.env.ref(
            "complaint_management.complaint_category_annex_late_delivery"
        )
        first = self._approved()
        first.with_user(self.complaint_officer).action_new_version()
        second = self.Script.search([("previous_id", "=", first.id)])
        second.action_submit()
        second.with_user(self.legal).action_approve()
        self.assertEqual(first.state, "superseded")
        elsewhere = self._approved(name="Delays", category_ids=[(6, 0, other.ids)])
        complaint = self._high_risk_in_assessment()
        complaint.reply_script_id = second
        complaint.action_investigate()
        handler = complaint.with_user(self.complaint_user)
        for script in (first, elsewhere, self._draft(name="Draft")):
            with self.subTest(script=script.name), self.assertRaises(UserError):
                handler.write({"reply_script_id": script.id})
        self.assertEqual(complaint.reply_script_id, second)
        with self.assertRaises(UserError):
            self.env["complaint.complaint"].with_user(self.complaint_user).create(
                self._complaint_vals(reply_script_id=elsewhere.id)
            )
        # a duplicate is assessed anew: it takes no script (the superseded
        # version kept by the original would be refused)
        complaint.sudo().reply_script_id = first
        duplicate = handler.copy()
        self.assertFalse(duplicate.reply_script_id)
        # received by who made it (the original's receiver is its intake's)
        self.assertEqual(duplicate.receiver_id, self.complaint_user)
        # control: an approved script of the category, for every category
        everyone = self._approved(name="General")
        handler.write({"reply_script_id": everyone.id})
        self.assertEqual(complaint.reply_script_id, everyone)

    def test_new_version_only_of_approved_scripts(self):
        script = self._draft()
        with self.assertRaises(UserError):
            script.with_user(self.complaint_officer).action_new_version()
        approved = self._approved(name="Other")
        with self.assertRaises(UserError):
            approved.with_user(self.legal).action_new_version()

    # ------------------------------------------------------------------
    # Notifications
    # ------------------------------------------------------------------
    def test_complaint_levels_stay_one_choice_on_the_user_form(self):
        category = self.env.ref("complaint_management.module_category_complaint")
        [(kind, groups)] = [
            (kind, groups)
            for app, kind, groups, _name in self.env[
                "res.groups"
            ].get_groups_by_application()
            if app == category
        ]
        self.assertEqual(kind, "selection")
        self.assertNotIn(self.env.ref(APPROVER), groups)
