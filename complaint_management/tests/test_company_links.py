"""A complaint and the setup around it stay in their company, whoever calls
the ORM: another company's customers, orders, invoices and products are not
linked (their names would show), setup records do not move to a company
their writer does not work for, and what every company shares is changed by
someone working for all of them."""

from datetime import date, datetime

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestCompanyLinks(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_b = cls.env["res.company"].create({"name": "Links B Ltd"})
        cls.customer_b = cls.env["res.partner"].create(
            {"name": "B's own customer", "company_id": cls.company_b.id}
        )
        cls.product_b = cls.env["product.product"].create(
            {"name": "B's kettle", "company_id": cls.company_b.id}
        )
        cls.order_b = (
            cls.env["sale.order"]
            .with_company(cls.company_b)
            .create(
                {
                    "partner_id": cls.customer.id,
                    "company_id": cls.company_b.id,
                    "order_line": [Command.create({"product_id": cls.product_b.id})],
                }
            )
        )
        cls.complaint = cls.env["complaint.complaint"].create(cls._complaint_vals())
        cls.kettle = cls.env["product.product"].create({"name": "Kettle K1"})

    def test_another_companys_records_are_not_linked(self):
        as_user = self.complaint.with_user(self.complaint_user)
        for vals in (
            {"sale_order_id": self.order_b.id},
            {"sale_line_id": self.order_b.order_line.id},
            {"product_ids": [Command.set(self.product_b.ids)]},
            {"party_id": self.customer_b.id},
            {"partner_id": self.customer_b.id},
        ):
            with self.subTest(field=next(iter(vals))), self.assertRaises(UserError):
                as_user.write(vals)
        with self.assertRaises(UserError):
            self.env["complaint.complaint"].with_user(self.complaint_user).create(
                self._complaint_vals(sale_order_id=self.order_b.id)
            )
        self.assertFalse(self.complaint.sale_order_id)
        self.assertFalse(self.complaint.product_ids)
        # control: shared and own records are linked
        kettle = self.env["product.product"].create({"name": "Shared kettle"})
        party = self.env["res.partner"].create({"name": "Carrier"})
        as_user.write({"product_ids": [Command.set(kettle.ids)], "party_id": party.id})
        self.assertEqual(self.complaint.product_ids, kettle)

    def test_a_link_that_changed_company_since_does_not_stop_the_complaint(self):
        filed = self.env["complaint.complaint"].create(
            self._complaint_vals(product_ids=[Command.set(self.kettle.ids)])
        )
        # the customer and the product were given to company B afterwards
        self.customer.company_id = self.company_b
        self.kettle.company_id = self.company_b
        as_user = filed.with_user(self.complaint_user)
        as_user.write({"subject": "Kettle leaks again", "team_id": self.team.id})
        self.assertEqual(filed.subject, "Kettle leaks again")
        filed.sudo()._workflow_write({"state": "closed"})
        filed.sudo()._deidentify()
        self.assertTrue(filed.is_deidentified)
        # control: linking them anew is refused
        other = self.env["complaint.complaint"].create(
            self._complaint_vals(partner_id=False, complainant_name="Walk-in")
        )
        with self.assertRaises(UserError):
            other.with_user(self.complaint_user).write(
                {"product_ids": [Command.set(self.kettle.ids)]}
            )

    def test_setup_moves_only_where_its_writer_works(self):
        band = self.env.ref("complaint_management.complaint_amount_band_small")
        for record, vals in (
            (self.team, {"company_id": self.company_b.id}),
            (band, {"company_id": self.company_b.id}),
        ):
            with (
                self.subTest(model=record._name),
                self.assertRaises(AccessError),
                self.env.cr.savepoint(),
            ):
                record.with_user(self.complaint_manager).write(vals)
        self.assertEqual(self.team.company_id, self.company)
        # control: a manager of both companies moves it
        both = new_test_user(
            self.env,
            login="links_manager_both",
            groups="complaint_management.complaint_management_group_manager",
            company_ids=[Command.set((self.company | self.company_b).ids)],
        )
        band.with_user(both).with_context(
            allowed_company_ids=(self.company | self.company_b).ids
        ).write({"company_id": self.company_b.id})
        self.assertEqual(band.company_id, self.company_b)

    def test_what_every_company_shares_is_changed_by_someone_of_all(self):
        shared = self.env.ref("complaint_management.complaint_sla_policy_normal")
        self.assertFalse(shared.company_id)
        as_manager = shared.with_user(self.complaint_manager)
        with self.assertRaises(UserError):
            as_manager.write({"resolution_time": 1})
        Policy = self.env["complaint.sla.policy"].with_user(self.complaint_manager)
        with self.assertRaises(UserError):
            Policy.create({"name": "For everyone", "company_id": False})
        with self.assertRaises(UserError):
            as_manager.update_field_translations("name", {"en_US": "Renamed"})
        self.assertNotEqual(shared.name, "Renamed")
        own = Policy.create({"name": "Ours", "company_id": self.company.id})
        own.update_field_translations("name", {"en_US": "Ours, renamed"})
        self.assertEqual(own.name, "Ours, renamed")
        with self.assertRaises(UserError):
            own.write({"company_id": False})
        self.assertEqual(own.company_id, self.company)
        # control: someone working for every company changes the shared one
        everyone = new_test_user(
            self.env,
            login="links_manager_all",
            groups="complaint_management.complaint_management_group_manager",
            company_ids=[Command.set(self.env["res.company"].search([]).ids)],
        )
        days = shared.resolution_time
        shared.with_user(everyone).write({"resolution_time": days + 1})
        self.assertEqual(shared.resolution_time, days + 1)

    def test_levels_remedy_types_and_criteria_are_changed_by_someone_of_all(self):
        """Shared by every company: a level deleted takes every company's
        complaints out of their time-limit policy, a refund type made an
        apology fast-tracks every company's refunds."""
        level = self.env.ref("complaint_management.complaint_level_urgent")
        refund = self.env.ref("complaint_management.complaint_remedy_type_refund")
        criterion = self.env["complaint.sample.criterion"].create({"name": "Tone"})
        manager = self.complaint_manager
        for record, vals in (
            (level, {"priority": "0"}),
            (refund, {"code": "apology"}),
            (criterion, {"name": "Renamed for all"}),
        ):
            with (
                self.subTest(model=record._name),
                self.assertRaisesRegex(UserError, "companies you do not work for"),
            ):
                record.with_user(manager).write(vals)
            with (
                self.subTest(model=record._name),
                self.assertRaisesRegex(UserError, "companies you do not work for"),
            ):
                record.with_user(manager).unlink()
        self.assertEqual(refund.code, "refund")
        self.assertEqual(level.priority, "2")
        with self.assertRaisesRegex(UserError, "companies you do not work for"):
            self.env["complaint.level"].with_user(manager).create(
                {"name": "Mine", "code": "mine"}
            )
        # control: someone working for every company changes them
        everyone = new_test_user(
            self.env,
            login="links_setup_all",
            groups="complaint_management.complaint_management_group_manager",
            company_ids=[Command.set(self.env["res.company"].search([]).ids)],
        )
        criterion.with_user(everyone).write({"name": "Courtesy"})
        self.assertEqual(criterion.name, "Courtesy")
        # a level in use is archived, not deleted (control: one never used)
        normal = self.env.ref("complaint_management.complaint_level_normal")
        self.assertEqual(self.complaint.level_id, normal)
        with self.assertRaisesRegex(UserError, "archive (the level|it instead)"):
            normal.with_user(everyone).unlink()
        unused = self.env["complaint.level"].create({"name": "Unused", "code": "unu"})
        unused.with_user(everyone).unlink()
        self.assertFalse(unused.exists())

    def test_a_tag_is_changed_by_someone_of_all_and_made_by_anyone(self):
        """Tags are every company's: archived by a frontline user of one
        company, a tag left every company's complaints."""
        tag = self.env["complaint.tag"].create({"name": "Leaking"})
        for vals in ({"name": "Fraudster"}, {"active": False}):
            with (
                self.subTest(vals=vals),
                self.assertRaisesRegex(UserError, "companies you do not work for"),
            ):
                tag.with_user(self.complaint_user).write(vals)
        with self.assertRaisesRegex(UserError, "companies you do not work for"):
            tag.with_user(self.complaint_manager).unlink()
        self.assertEqual((tag.name, tag.active), ("Leaking", True))
        # control: tagging makes a new tag, whoever tags
        mine = (
            self.env["complaint.tag"]
            .with_user(self.complaint_user)
            .create({"name": "Scratched"})
        )
        self.assertEqual(mine.name, "Scratched")

    def test_a_complaint_with_amounts_keeps_its_currency(self):
        """Moved to a company of another currency, its 1,000 claimed and the
        refunds carried out would read in that currency."""
        euro, dollar = self.env.ref("base.EUR"), self.env.ref("base.USD")
        other = euro if self.company.currency_id != euro else dollar
        other.active = True
        abroad = self.env["res.company"].create(
            {"name": "Links Abroad Ltd", "currency_id": other.id}
        )
        claimed = self.env["complaint.complaint"].create(
            self._complaint_vals(amount_claimed=1000)
        )
        with self.assertRaisesRegex(UserError, "has amounts in"):
            claimed.write({"company_id": abroad.id, "team_id": False, "user_id": False})
        to_recover = self.env["complaint.complaint"].create(
            self._complaint_vals(recovery_amount=500, recovery_state="to_claim")
        )
        with self.assertRaisesRegex(UserError, "has amounts in"):
            to_recover.write(
                {"company_id": abroad.id, "team_id": False, "user_id": False}
            )
        self.assertEqual(claimed.company_id, self.company)
        # control: one without amounts moves, and so to a company of its currency
        plain = self.env["complaint.complaint"].create(self._complaint_vals())
        plain.write({"company_id": abroad.id, "team_id": False, "user_id": False})
        self.assertEqual(plain.company_id, abroad)
        claimed.write(
            {"company_id": self.company_b.id, "team_id": False, "user_id": False}
        )
        self.assertEqual(claimed.company_id, self.company_b)

    def test_stages_channels_and_categories_are_changed_by_someone_of_all(self):
        """They have no company: a stage waiting on the complainant pauses
        the clocks of every company's complaints in it, a channel's
        acknowledgement and a category's place on the portal form are every
        company's too."""
        stage = self.env.ref("complaint_management.complaint_stage_investigating")
        channel = self.channel_email
        category = self.category
        open_b = self.env["complaint.complaint"].create(
            self._complaint_vals(
                company_id=self.company_b.id,
                team_id=False,
                partner_id=self.customer_b.id,
            )
        )
        for record, vals in (
            (stage, {"is_waiting_customer": True}),
            (channel, {"auto_acknowledge": False}),
            (category, {"name": "Renamed for all"}),
        ):
            with (
                self.subTest(model=record._name),
                self.assertRaisesRegex(UserError, "companies you do not work for"),
            ):
                record.with_user(self.complaint_manager).write(vals)
        with self.assertRaisesRegex(UserError, "companies you do not work for"):
            category.with_user(self.complaint_manager).update_field_translations(
                "name", {"en_US": "Renamed for all"}
            )
        self.assertNotEqual(category.name, "Renamed for all")
        self.assertFalse(stage.is_waiting_customer)
        self.assertTrue(channel.auto_acknowledge)
        self.assertTrue(
            open_b.sla_line_ids.filtered(lambda line: line.state != "paused")
        )
        # control: a stage of the company's own teams is its managers' to change
        own = self.env["complaint.stage"].create(
            {"name": "Ours", "iso_step": "investigating", "team_ids": self.team.ids}
        )
        own.with_user(self.complaint_manager).write({"fold": True})
        self.assertTrue(own.fold)
        # ... but not made every team's, nor another company's team's
        team_b = self.env["complaint.team"].create(
            {"name": "Links B Desk", "company_id": self.company_b.id}
        )
        for teams in ([Command.clear()], [Command.link(team_b.id)]):
            with (
                self.subTest(teams=teams),
                self.assertRaisesRegex(UserError, "companies you do not work for"),
                self.env.cr.savepoint(),
            ):
                own.with_user(self.complaint_manager).write(
                    {"team_ids": teams, "is_waiting_customer": True}
                )
            own.invalidate_recordset()
        self.assertEqual(own.team_ids, self.team)
        self.assertFalse(own.is_waiting_customer)
        everyone = new_test_user(
            self.env,
            login="links_manager_all_stages",
            groups="complaint_management.complaint_management_group_manager",
            company_ids=[Command.set(self.env["res.company"].search([]).ids)],
        )
        channel.with_user(everyone).write({"auto_acknowledge": False})
        self.assertFalse(channel.auto_acknowledge)

    def test_the_mail_gateway_alone_takes_emails_in(self):
        with self.assertRaises(AccessError):
            self.env["complaint.complaint"].with_user(self.complaint_user).message_new(
                {
                    "subject": self.complaint.name,
                    "body": "",
                    "email_from": self.customer.email,
                }
            )
        # control: the gateway (as superuser) posts on the quoted complaint
        found = (
            self.env["complaint.complaint"]
            .sudo()
            .message_new(
                {
                    "subject": self.complaint.name,
                    "body": "<p>Any news?</p>",
                    "email_from": self.customer.email,
                }
            )
        )
        self.assertEqual(found, self.complaint)


@tagged("post_install", "-at_install")
class TestCompanyErasure(ComplaintCommon):
    def test_erasure_counts_the_invoices_of_the_requests_company(self):
        company_b = self.env["res.company"].create({"name": "Erasure B Ltd"})
        officer = new_test_user(
            self.env,
            login="links_privacy_both",
            groups="complaint_management.complaint_management_group_privacy_officer",
            company_ids=[Command.set((self.company | company_b).ids)],
        )
        invoice = self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_line_ids": [
                    Command.create({"name": "Kettle", "quantity": 1, "price_unit": 9})
                ],
            }
        )
        invoice.action_post()
        Request = (
            self.env["complaint.privacy.request"]
            .with_user(officer)
            .with_context(allowed_company_ids=(company_b | self.company).ids)
        )
        request_b = Request.create(
            {
                "partner_id": self.customer.id,
                "request_type": "deletion",
                "company_id": company_b.id,
                "date_received": date(2026, 3, 2),
            }
        )
        request_b.action_erase()
        self.assertNotIn("invoice(s)", request_b.outcome)
        # control: the invoicing company's request tells of its invoice
        request = Request.create(
            {
                "partner_id": self.customer.id,
                "request_type": "deletion",
                "company_id": self.company.id,
                "date_received": datetime(2026, 3, 2).date(),
            }
        )
        request.action_erase()
        self.assertIn("1 invoice(s)", request.outcome)
