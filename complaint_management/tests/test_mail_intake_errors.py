from ast import literal_eval
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import mute_logger

from .common import ComplaintCommon
from .test_mail_gateway import MAIL_TEMPLATE


class MailIntakeCommon(ComplaintCommon):
    """An email from Zhang Wei to the alias the class gives its team
    (``alias_email``)."""

    def _receive(self, subject, template=MAIL_TEMPLATE, **kwargs):
        with self.mock_mail_gateway():
            return self.format_and_process(
                template,
                "Zhang Wei <zhang.wei@example.com>",
                self.alias_email,
                subject=subject,
                target_model="complaint.complaint",
                target_field="subject",
                **kwargs,
            )


@tagged("post_install", "-at_install")
class TestMailIntakeSurvivesErrors(MailIntakeCommon):
    """An email that cannot be processed whole is kept on a complaint and
    reported, never lost."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.team.alias_name = "kettle-intake"
        cls.alias_email = f"kettle-intake@{cls.alias_domain}"

    @mute_logger(
        "odoo.addons.mail.models.mail_thread",
        "odoo.addons.complaint_management.models.complaint_job_failure",
    )
    def test_registration_error_keeps_the_complaint(self):
        Complaint = self.env.registry["complaint.complaint"]
        with patch.object(
            Complaint, "action_register", side_effect=UserError("template broken")
        ):
            complaint = self._receive("Kettle leaks, template broken")
        self.assertEqual(complaint.state, "new", "filed, waiting for staff")
        self.assertIn("leaks", complaint.description)
        failure = self.env["complaint.job.failure"].search(
            [("job", "=", "mail_intake"), ("res_id", "=", complaint.id)]
        )
        self.assertIn("template broken", failure.error)
        self.assertTrue(failure.message_ids.partner_ids, "the managers are told")
        # what is left to them: no job retries an email
        told = str(failure.message_ids.body)
        self.assertIn("complete it by hand", told)
        self.assertNotIn("retried", told)
        # registered by hand: the register of failures forgets it
        other = self.env["complaint.complaint"].create(self._complaint_vals())
        other_failure = failure.copy({"res_id": other.id})
        complaint.with_user(self.complaint_user).action_register()
        self.assertNotEqual(complaint.state, "new")
        self.assertFalse(failure.exists())
        # control: another complaint's failure stays
        self.assertTrue(other_failure.exists())

    @mute_logger(
        "odoo.addons.mail.models.mail_thread",
        "odoo.addons.complaint_management.models.complaint_job_failure",
    )
    def test_creation_error_keeps_a_bare_complaint(self):
        Complaint = self.env.registry["complaint.complaint"]
        original = Complaint.create
        calls = []

        def create(records, vals_list):
            calls.append(vals_list)
            if len(calls) == 1:
                raise ValueError("a rule of the team refuses it")
            return original(records, vals_list)

        with patch.object(Complaint, "create", create):
            complaint = self._receive("Kettle leaks, refused at first")
        self.assertEqual(complaint.subject, "Kettle leaks, refused at first")
        self.assertEqual(complaint.partner_id.email, "zhang.wei@example.com")
        self.assertTrue(
            complaint.message_ids.filtered(lambda m: m.message_type == "email"),
            "the email itself is on the complaint",
        )
        self.assertTrue(
            self.env["complaint.job.failure"].search([("res_id", "=", complaint.id)])
        )

    @mute_logger(
        "odoo.addons.mail.models.mail_thread",
        "odoo.addons.complaint_management.models.complaint_job_failure",
        "odoo.sql_db",
    )
    def test_creation_error_keeps_the_alias_company_and_team(self):
        """The alias of a branch's team names a category deleted since: the
        bare complaint still lands in the branch, with its team, and the
        branch's managers are told."""
        branch = self.env["res.company"].create({"name": "Branch Co"})
        branch.alias_domain_id = self.env["mail.alias.domain"].create(
            {"name": "branch.example.com", "company_ids": [(4, branch.id)]}
        )
        branch_manager = new_test_user(
            self.env,
            login="branch_manager",
            groups="complaint_management.complaint_management_group_manager",
            company_id=branch.id,
            company_ids=[(6, 0, branch.ids)],
        )
        team = self.env["complaint.team"].create(
            {"name": "Branch Team", "company_id": branch.id}
        )
        team.alias_name = "branch-intake"
        category = self.env["complaint.category"].create({"name": "Gone soon"})
        defaults = dict(literal_eval(team.alias_defaults), category_id=category.id)
        team.alias_defaults = repr(defaults)
        category.unlink()
        with self.mock_mail_gateway():
            complaint = self.format_and_process(
                MAIL_TEMPLATE,
                "Zhang Wei <zhang.wei@example.com>",
                "branch-intake@branch.example.com",
                subject="Branch kettle leaks",
                target_model="complaint.complaint",
                target_field="subject",
            )
        self.assertEqual(complaint.company_id, branch)
        self.assertEqual(complaint.team_id, team)
        self.assertFalse(complaint.category_id)
        failure = self.env["complaint.job.failure"].search(
            [("job", "=", "mail_intake"), ("res_id", "=", complaint.id)]
        )
        self.assertEqual(failure.company_id, branch)
        told = failure.message_ids.partner_ids
        self.assertIn(branch_manager.partner_id, told)
        self.assertNotIn(self.complaint_manager.partner_id, told)

    @mute_logger("odoo.addons.mail.models.mail_thread")
    def test_control_clean_intake_registers_nothing(self):
        complaint = self._receive("Kettle leaks")
        self.assertEqual(complaint.state, "acknowledged")
        self.assertFalse(self.env["complaint.job.failure"].search([]))

    def test_a_nul_character_in_the_subject_loses_nothing(self):
        """A header may encode a NUL, which PostgreSQL refuses in any text:
        the email is filed without it, not lost with its bounce."""
        self._receive("=?utf-8?q?Broken=00lid?=")
        complaint = self.env["complaint.complaint"].search(
            [("subject", "=", "Brokenlid")]
        )
        self.assertEqual(len(complaint), 1)
        self.assertTrue(
            complaint.message_ids.filtered(lambda m: m.subject == "Brokenlid")
        )
        # control: an ordinary subject is kept as written
        self.assertEqual(self._receive("Broken lid").subject, "Broken lid")
