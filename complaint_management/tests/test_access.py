from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import ComplaintCommon

CHILD_MODELS = ("complaint.remedy", "complaint.escalation", "complaint.external.case")


@tagged("post_install", "-at_install")
class TestAccess(ComplaintCommon):
    """Record rules: own team, all, multi-company; portal and public reach
    nothing of other customers' complaints through the ORM."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Complaint = cls.env["complaint.complaint"]
        cls.mine = Complaint.create(cls._complaint_vals(subject="Mine"))
        cls.other = Complaint.create(
            cls._complaint_vals(subject="Other team", team_id=cls.team_other.id)
        )
        for complaint in cls.mine | cls.other:
            cls.env["complaint.remedy"].create(
                {
                    "complaint_id": complaint.id,
                    "type_id": cls.env.ref(
                        "complaint_management.complaint_remedy_type_apology"
                    ).id,
                }
            )
            cls.env["complaint.external.case"].create(
                {"complaint_id": complaint.id, "body": "12345"}
            )
            complaint._escalate(reason="test", team=complaint.team_id)
        cls.team_c2 = cls.env["complaint.team"].create(
            {"name": "C2 Team", "company_id": cls.company_2.id}
        )
        cls.complaint_c2 = Complaint.with_company(cls.company_2).create(
            cls._complaint_vals(
                subject="Company 2", team_id=cls.team_c2.id, company_id=cls.company_2.id
            )
        )
        cls.officer_c1 = cls.complaint_officer
        cls.officer_both = new_test_user(
            cls.env,
            login="cm_officer_both",
            groups="complaint_management.complaint_management_group_officer",
            company_id=cls.company.id,
            company_ids=[(6, 0, (cls.company | cls.company_2).ids)],
        )
        cls.portal_customer = cls.env["res.partner"].create(
            {"name": "Portal Customer", "email": "portal.customer@example.com"}
        )
        cls.portal_user = new_test_user(
            cls.env,
            login="cm_portal",
            groups="base.group_portal",
            partner_id=cls.portal_customer.id,
        )
        cls.public_user = cls.env.ref("base.public_user")

    def _visible(self, user, model, **ctx):
        """What ``user`` finds of ``model``; an access error means nothing."""
        try:
            return self.env[model].with_user(user).with_context(**ctx).search([])
        except AccessError:
            return self.env[model]

    def test_user_sees_own_team_only(self):
        Complaint = self.env["complaint.complaint"].with_user(self.complaint_user)
        visible = Complaint.search([])
        self.assertIn(self.mine, visible)
        self.assertNotIn(self.other, visible)
        self.mine.with_user(self.complaint_user).read(["subject"])
        with self.assertRaises(AccessError):
            self.other.with_user(self.complaint_user).read(["subject"])
        with self.assertRaises(AccessError):
            self.other.with_user(self.complaint_user).write({"subject": "hack"})
        for model in CHILD_MODELS:
            with self.subTest(model=model):
                lines = self._visible(self.complaint_user, model)
                self.assertTrue(lines)
                self.assertEqual(lines.complaint_id, self.mine)

    def test_user_sees_complaints_assigned_or_received(self):
        self.other.user_id = self.complaint_user
        self.assertIn(
            self.other,
            self.env["complaint.complaint"].with_user(self.complaint_user).search([]),
        )

    def test_officer_sees_all_of_allowed_companies(self):
        visible = self._visible(self.officer_c1, "complaint.complaint")
        self.assertIn(self.mine, visible)
        self.assertIn(self.other, visible)
        self.assertNotIn(self.complaint_c2, visible)
        with self.assertRaises(AccessError):
            self.complaint_c2.with_user(self.officer_c1).read(["subject"])

    def test_multi_company_isolation(self):
        only_c1 = self._visible(
            self.officer_both,
            "complaint.complaint",
            allowed_company_ids=self.company.ids,
        )
        self.assertNotIn(self.complaint_c2, only_c1)
        both = self._visible(
            self.officer_both,
            "complaint.complaint",
            allowed_company_ids=(self.company | self.company_2).ids,
        )
        self.assertIn(self.complaint_c2, both)
        self.assertIn(self.mine, both)
        teams = self._visible(
            self.officer_c1, "complaint.team", allowed_company_ids=self.company.ids
        )
        self.assertNotIn(self.team_c2, teams)

    def test_plain_employee_reaches_nothing(self):
        for model in ("complaint.complaint", *CHILD_MODELS):
            with self.subTest(model=model):
                self.assertFalse(self._visible(self.user_employee, model))

    def test_portal_and_public_reach_nothing_of_others(self):
        for user in (self.portal_user, self.public_user):
            for model in ("complaint.complaint", *CHILD_MODELS):
                with self.subTest(user=user.login, model=model):
                    self.assertFalse(self._visible(user, model))
            with self.assertRaises(AccessError):
                self.mine.with_user(user).read(["subject"])
            with self.assertRaises(AccessError):
                self.mine.with_user(user).write({"subject": "hack"})
            with self.assertRaises(AccessError):
                self.env["complaint.complaint"].with_user(user).create(
                    self._complaint_vals(subject="Forged")
                )

    def test_complainant_contact_fields_hidden_from_non_complaint_users(self):
        self.assertFalse(
            self.env["complaint.complaint"]
            .with_user(self.user_employee)
            .fields_get(["complainant_email"])
        )
