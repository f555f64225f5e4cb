"""A category, channel, level or team that a rule chooses complaints by is
archived, not deleted: Odoo dropped it from the rule's conditions without a
check, and the rule then applied to every complaint."""

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestCriterionDelete(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # categories, channels and levels are every company's: a manager of
        # all of them changes them
        companies = cls.env["res.company"].search([])
        cls.manager = new_test_user(
            cls.env,
            login="crit_manager",
            groups="complaint_management.complaint_management_group_manager",
            company_id=cls.company.id,
            company_ids=[Command.set(companies.ids)],
        )

    def _new_category(self, name, parent=None):
        return self.env["complaint.category"].create(
            {"name": name, "parent_id": parent and parent.id}
        )

    def test_a_category_of_a_policy_is_not_deleted(self):
        recall = self._new_category("Recall 2025")
        policy = self.env["complaint.sla.policy"].create(
            {
                "name": "Recall 4h",
                "category_ids": [Command.set(recall.ids)],
                "resolution_time": 4,
                "resolution_unit": "hours",
            }
        )
        with self.assertRaisesRegex(UserError, "Recall 4h"):
            recall.with_user(self.manager).unlink()
        self.assertEqual(policy.category_ids, recall)
        # nor through its parent (its subcategories go with it), nor when
        # the policy is archived (restored, it would apply to everything)
        parent = self._new_category("Recalls")
        recall.parent_id = parent
        policy.active = False
        with self.assertRaisesRegex(UserError, "archive it instead"):
            parent.with_user(self.manager).unlink()
        self.assertTrue(recall.exists())
        # control: archived, it keeps its place in the policy, which still
        # applies to its complaints only; unused, it goes
        policy.active = True
        recall.with_user(self.manager).action_archive()
        self.assertEqual(policy.with_context(active_test=False).category_ids, recall)
        self.env["complaint.sla.policy"].search([("id", "!=", policy.id)]).write(
            {"active": False}
        )
        other = self.env["complaint.complaint"].create(self._complaint_vals())
        self.assertNotIn(policy, other.sla_line_ids.policy_id)
        unused = self._new_category("Unused", parent=self._new_category("Spare"))
        unused.parent_id.with_user(self.manager).unlink()
        self.assertFalse(unused.exists())

    def test_the_conditions_of_rules_scripts_and_stages_stay(self):
        channel = self.env["complaint.channel"].create(
            {"name": "Kiosk", "code": "kiosk_test"}
        )
        level = self.env["complaint.level"].create({"name": "Odd", "code": "odd_test"})
        kiosk_desk = self.env["complaint.team"].create(
            {"name": "Kiosk Desk", "member_ids": [Command.set(self.complaint_user.ids)]}
        )
        self.env["complaint.assignment.rule"].create(
            {
                "name": "Kiosk to the desk",
                "sequence": 1,
                "channel_ids": [Command.set(channel.ids)],
                "level_ids": [Command.set(level.ids)],
                "team_id": kiosk_desk.id,
            }
        )
        category = self._new_category("Scripted")
        self._approved_reply_script(category_ids=[Command.set(category.ids)])
        team = self.env["complaint.team"].create({"name": "Stage Team"})
        self.env["complaint.stage"].create(
            {"name": "Its own", "iso_step": "new", "sequence": 0, "team_ids": team.ids}
        )
        for record in (channel, level, category, team):
            with (
                self.subTest(record=record._name),
                self.assertRaisesRegex(UserError, "archive it instead"),
            ):
                record.with_user(self.manager).unlink()
            self.assertTrue(record.exists())
        # archived, each still limits its rule: a complaint of another
        # channel and level is not routed by it, nor a stage of an archived
        # team taken by another team's complaints
        for record in (channel, level, category):
            record.with_user(self.manager).action_archive()
        team.member_ids = False
        team.action_archive()
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(channel_id=self.channel_phone.id, team_id=False)
        )
        self.assertNotEqual(complaint.team_id, kiosk_desk)
        script = self.env["complaint.reply.script"].search(
            [("category_ids", "in", category.ids)]
        )
        self.assertFalse(script._applies_to(self.category))
        self.assertNotEqual(complaint.stage_id.name, "Its own")
        # control: a team no rule names is deleted
        spare = self.env["complaint.team"].create({"name": "Spare Team"})
        spare.with_user(self.manager).unlink()
        self.assertFalse(spare.exists())

    def test_a_product_an_assignment_rule_routes_by_is_not_deleted(self):
        product = self.env["product.product"].create({"name": "Rule kettle"})
        self.env["complaint.assignment.rule"].create(
            {
                "name": "Kettles to the desk",
                "product_ids": [Command.set(product.ids)],
                "team_id": self.team.id,
            }
        )
        with self.assertRaisesRegex(UserError, "archive it instead"):
            product.unlink()
        self.assertTrue(product.exists())
        # control: a product no rule names is deleted
        spare = self.env["product.product"].create({"name": "Spare kettle"})
        spare.unlink()
        self.assertFalse(spare.exists())

    def test_a_product_template_takes_its_variants_guard_with_it(self):
        product = self.env["product.product"].create({"name": "Rule kettle"})
        self.env["complaint.assignment.rule"].create(
            {
                "name": "Kettles to the desk",
                "product_ids": [Command.set(product.ids)],
                "team_id": self.team.id,
            }
        )
        with self.assertRaisesRegex(UserError, "archive it instead"):
            product.product_tmpl_id.unlink()
        self.assertTrue(product.exists())
        # control: a template no rule or complaint names is deleted
        spare = self.env["product.template"].create({"name": "Spare kettle"})
        spare.unlink()
        self.assertFalse(spare.exists())

    def test_what_a_complaint_recorded_is_archived_not_deleted(self):
        product = self.env["product.product"].create({"name": "Leaking kettle"})
        parent = self._new_category("Appliances")
        child = self._new_category("Kettles", parent)
        channel = self.env["complaint.channel"].create(
            {"name": "Kiosk", "code": "kiosk_test"}
        )
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(
                category_id=child.id,
                channel_id=channel.id,
                product_ids=[Command.set(product.ids)],
            )
        )
        for record in (product, product.product_tmpl_id, parent, child, channel):
            with self.assertRaisesRegex(UserError, "recorded on"):
                record.unlink()
        self.assertEqual(complaint.category_id, child)
        self.assertEqual(complaint.channel_id, channel)
        self.assertEqual(complaint.product_ids, product)
        # control: archived, each stays on the complaint
        (parent | child).with_user(self.manager).action_archive()
        channel.with_user(self.manager).action_archive()
        product.product_tmpl_id.action_archive()
        self.assertEqual(complaint.category_id, child)
        self.assertEqual(complaint.product_ids, product)
