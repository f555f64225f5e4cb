from odoo import Command
from odoo.exceptions import ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestSale(ComplaintCommon):
    """Complaints inside contacts, sales orders and products."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.product = cls.env["product.product"].create(
            {"name": "Electric Kettle", "list_price": 300}
        )
        cls.order = cls.env["sale.order"].create(
            {
                "partner_id": cls.customer.id,
                "order_line": [
                    Command.create({"product_id": cls.product.id, "product_uom_qty": 1})
                ],
            }
        )
        cls.order.action_confirm()
        cls.salesman = new_test_user(
            cls.env,
            login="cm_salesman",
            groups="complaint_management.complaint_management_group_user,"
            "sales_team.group_sale_salesman_all_leads",
            name="Complaint Salesman",
        )
        cls.team.member_ids = [Command.link(cls.salesman.id)]

    def test_register_complaint_from_order_is_prefilled(self):
        action = self.order.with_user(self.salesman).action_register_complaint()
        self.assertEqual(action["res_model"], "complaint.complaint")
        form = Form(
            self.env["complaint.complaint"]
            .with_user(self.salesman)
            .with_context(**action["context"])
        )
        self.assertEqual(form.partner_id, self.customer)
        self.assertEqual(form.sale_order_id, self.order)
        self.assertIn(self.product, form.product_ids)
        form.subject = "Kettle leaks"
        form.team_id = self.team
        complaint = form.save()
        self.assertEqual(complaint.sale_order_id, self.order)
        self.assertEqual(self.order.complaint_count, 1)

    def test_a_discount_line_is_no_product_complained_about(self):
        """The order's discount line came along as a product: two complaints
        about discounted orders shared it, a repeat or a batch."""
        discount = self.env["product.product"].create(
            {"name": "Discount", "type": "service"}
        )
        self.order.company_id.sale_discount_product_id = discount
        self.order.order_line = [
            Command.create(
                {"product_id": discount.id, "product_uom_qty": 1, "price_unit": -30}
            )
        ]
        context = self.order._complaint_default_context()
        self.assertEqual(context["default_product_ids"], self.product.ids)
        form = Form(self.env["complaint.complaint"])
        form.subject = "Late"
        form.sale_order_id = self.order
        self.assertIn(self.product, form.product_ids)
        self.assertNotIn(discount, form.product_ids)

    def _invoiced_order(self):
        order = self.env["sale.order"].create(
            {
                "partner_id": self.customer.id,
                "order_line": [
                    Command.create(
                        {"product_id": self.product.id, "product_uom_qty": 1}
                    )
                ],
            }
        )
        order.action_confirm()
        order._create_invoices().action_post()
        return order

    def test_another_order_takes_its_own_invoice_and_line(self):
        """The order put right kept the first order's invoice and line: the
        refund reversed an invoice of another sale."""
        first, second = self._invoiced_order(), self._invoiced_order()
        form = Form(self.env["complaint.complaint"])
        form.subject = "Late"
        form.sale_order_id = first
        self.assertEqual(form.invoice_id, first.invoice_ids)
        form.sale_line_id = first.order_line
        form.sale_order_id = second
        self.assertEqual(form.invoice_id, second.invoice_ids)
        self.assertFalse(form.sale_line_id)
        form.team_id = self.team
        complaint = form.save()
        self.assertEqual(complaint._get_refundable_invoice(), second.invoice_ids)
        # over JSON-RPC: a line of another order is refused
        with self.assertRaisesRegex(ValidationError, "not a line of its sales order"):
            complaint.with_user(self.complaint_user).write(
                {"sale_line_id": first.order_line.id}
            )
        # control: a line of its order
        complaint.with_user(self.complaint_user).write(
            {"sale_line_id": second.order_line.id}
        )
        self.assertEqual(complaint.sale_line_id, second.order_line)

    def test_staff_without_sales_rights_search_no_order(self):
        """A handler without sales or invoicing rights searched the list by
        order: the search read the orders, and the list failed."""
        for user, offered in ((self.complaint_user, False), (self.salesman, True)):
            arch = (
                self.env["complaint.complaint"]
                .with_user(user)
                .get_views([(False, "search")])["views"]["search"]["arch"]
            )
            self.assertEqual('name="sale_order_id"' in arch, offered, user.login)

    def test_counts_and_smart_buttons(self):
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(
                sale_order_id=self.order.id,
                product_ids=[Command.set(self.product.ids)],
            )
        )
        self.env["complaint.complaint"].create(self._complaint_vals())
        self.assertEqual(self.order.complaint_count, 1)
        self.assertEqual(self.customer.complaint_count, 2)
        self.assertEqual(self.product.product_tmpl_id.complaint_count, 1)
        for record in (self.order, self.customer, self.product.product_tmpl_id):
            with self.subTest(model=record._name):
                action = record.action_view_complaints()
                found = self.env["complaint.complaint"].search(action["domain"])
                self.assertIn(complaint, found)

    def test_product_counts_of_a_list_cost_the_same_whatever_its_length(self):
        """One count query per product: a list or an export of products cost
        a query each."""
        templates = self.env["product.template"].create(
            [{"name": f"Count kettle {index}"} for index in range(6)]
        )
        for template in templates[:3]:
            self.env["complaint.complaint"].create(
                self._complaint_vals(
                    product_ids=[Command.set(template.product_variant_ids.ids)]
                )
            )
        mine = templates.with_user(self.complaint_user)
        for _warm in range(2):  # the rules' caches
            few = self._queries(lambda: mine[:2].mapped("complaint_count"))
            many = self._queries(lambda: mine.mapped("complaint_count"))
        self.assertEqual(few, many)
        self.assertEqual(mine.mapped("complaint_count"), [1, 1, 1, 0, 0, 0])

    def test_a_product_counts_each_complaint_once_with_archived_variants(self):
        colour = self.env["product.attribute"].create(
            {
                "name": "Colour",
                "value_ids": [
                    Command.create({"name": "Red"}),
                    Command.create({"name": "Blue"}),
                ],
            }
        )
        template = self.env["product.template"].create(
            {
                "name": "Kettle K7",
                "attribute_line_ids": [
                    Command.create(
                        {
                            "attribute_id": colour.id,
                            "value_ids": [Command.set(colour.value_ids.ids)],
                        }
                    )
                ],
            }
        )
        red, blue = template.product_variant_ids
        both = self.env["complaint.complaint"].create(
            self._complaint_vals(product_ids=[Command.set((red | blue).ids)])
        )
        self.assertEqual(template.complaint_count, 1, "one complaint, two variants")
        # the blue one discontinued: its complaints still count
        blue_only = self.env["complaint.complaint"].create(
            self._complaint_vals(product_ids=[Command.set(blue.ids)])
        )
        blue.action_archive()
        template.invalidate_recordset(["complaint_count"])
        self.assertEqual(template.complaint_count, 2)
        action = template.action_view_complaints()
        found = self.env["complaint.complaint"].search(action["domain"])
        self.assertEqual(found, both | blue_only, "the list the button opens")

    def test_counts_follow_access_rules(self):
        self.env["complaint.complaint"].create(
            self._complaint_vals(team_id=self.team_other.id)
        )
        self.assertEqual(
            self.customer.with_user(self.complaint_user).complaint_count, 0
        )
        self.assertEqual(self.customer.complaint_count, 1)

    def test_onchange_order_fills_partner_products_invoice(self):
        form = Form(self.env["complaint.complaint"])
        form.subject = "Late"
        form.sale_order_id = self.order
        self.assertEqual(form.partner_id, self.customer)
        self.assertIn(self.product, form.product_ids)

    def test_forms_load_for_users_without_complaint_rights(self):
        """Sales users, accountants and contacts managers who do not handle
        complaints keep working forms, without the complaint buttons."""
        salesman = new_test_user(
            self.env,
            login="plain_salesman",
            groups="sales_team.group_sale_salesman_all_leads",
        )
        for model in ("sale.order", "res.partner", "product.template"):
            with self.subTest(model=model):
                arch = (
                    self.env[model]
                    .with_user(salesman)
                    .get_views([(False, "form")])["views"]["form"]["arch"]
                )
                self.assertNotIn("complaint_count", arch)
                self.assertNotIn("action_register_complaint", arch)
        arch = (
            self.env["sale.order"]
            .with_user(self.salesman)
            .get_views([(False, "form")])["views"]["form"]["arch"]
        )
        self.assertIn("action_register_complaint", arch)
        self.assertIn("complaint_count", arch)

    def test_links_read_only_for_staff_who_cannot_pick_them(self):
        """Staff without sales or invoicing rights saw the order and invoice
        pickers of a new complaint: opening one ended in an access error.
        They see the links read-only; a salesman picks the order."""
        self.assertFalse(
            self.complaint_officer.has_group("sales_team.group_sale_salesman")
        )
        form = Form(self.env["complaint.complaint"].with_user(self.complaint_officer))
        self.assertTrue(form._get_modifier("sale_order_id", "readonly"))
        self.assertTrue(form._get_modifier("invoice_id", "readonly"))
        form = Form(self.env["complaint.complaint"].with_user(self.salesman))
        self.assertFalse(form._get_modifier("sale_order_id", "readonly"))
        # a salesman reads invoices (sale's access rights)
        self.assertFalse(form._get_modifier("invoice_id", "readonly"))
        form.subject = "Kettle leaks"
        form.partner_id = self.customer
        form.team_id = self.team
        form.sale_order_id = self.order
        complaint = form.save()
        # the officer opens it: the order's name, read-only
        form = Form(complaint.with_user(self.complaint_officer))
        self.assertEqual(form.sale_order_id, self.order)
        self.assertTrue(form._get_modifier("sale_order_id", "readonly"))
