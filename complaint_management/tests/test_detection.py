from datetime import datetime, timedelta
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestDetection(ComplaintCommon):
    """Repeat and batch detection, the high-risk gate and alert."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "complaint_repeat_days": 30,
                "complaint_batch_count": 3,
                "complaint_batch_hours": 24,
            }
        )
        cls.product = cls.env["product.product"].create({"name": "Smart Kettle"})
        cls.product_other = cls.env["product.product"].create({"name": "Toaster"})
        cls.category_other = cls.env.ref(
            "complaint_management.complaint_category_annex_late_delivery"
        )
        cls.customer_2 = cls.env["res.partner"].create({"name": "Li Lei"})
        cls.customer_3 = cls.env["res.partner"].create({"name": "Han Meimei"})
        cls.now = datetime(2026, 3, 10, 10, 0)

    def _create(self, vals_list):
        return self.env["complaint.complaint"].create(
            [self._complaint_vals(**vals) for vals in vals_list]
        )

    # ------------------------------------------------------------------
    # Repeat
    # ------------------------------------------------------------------
    def test_repeat_same_customer_same_category(self):
        first = self._create([{"date_received": self.now - timedelta(days=10)}])
        second = self._create([{"date_received": self.now}])
        self.assertFalse(first.is_repeat)
        self.assertTrue(second.is_repeat)
        self.assertEqual(second.repeat_of_ids, first)
        self.assertEqual(second.repeat_count, 1)

    def test_repeat_found_when_the_category_is_given_later(self):
        """An emailed complaint comes without a category: staff give it one,
        and it is detected then, as at filing."""
        first = self._create([{"date_received": self.now - timedelta(days=10)}])
        second = self._create(
            [{"date_received": self.now, "category_id": False}]
        ).with_user(self.complaint_user)
        self.assertFalse(second.is_repeat)
        # control: a change of what detection does not compare detects nothing
        second.write({"subject": "Kettle still broken"})
        self.assertFalse(second.sudo().repeat_of_ids)
        second.write({"category_id": self.category.id})
        self.assertTrue(second.sudo().is_repeat)
        self.assertEqual(second.sudo().repeat_of_ids, first)

    def test_a_correction_of_the_earlier_complaint_reaches_the_later_ones(self):
        """Staff give the emailed first complaint its category after the
        second came in: the second is its repeat then; the first moved to
        another customer, the second no longer is."""
        first = self._create(
            [{"date_received": self.now - timedelta(days=10), "category_id": False}]
        )
        second = self._create([{"date_received": self.now}])
        self.assertFalse(second.is_repeat)
        first.with_user(self.complaint_user).write({"category_id": self.category.id})
        self.assertTrue(second.is_repeat)
        self.assertEqual(second.repeat_of_ids, first)
        first.with_user(self.complaint_user).write({"partner_id": self.customer_2.id})
        self.assertFalse(second.is_repeat)
        self.assertFalse(second.repeat_of_ids)
        # control: a complaint of the customer outside the window stays alone
        late = self._create([{"date_received": self.now + timedelta(days=60)}])
        first.with_user(self.complaint_user).write({"partner_id": self.customer.id})
        self.assertEqual(second.repeat_of_ids, first)
        self.assertFalse(late.is_repeat)
        # the later complaint in another team (its handler cannot read it):
        # found all the same, nothing refused
        other = self._create(
            [
                {
                    "date_received": self.now + timedelta(days=1),
                    "team_id": self.team_other.id,
                    "category_id": False,
                    "product_ids": [(6, 0, self.product.ids)],
                }
            ]
        )
        first.with_user(self.complaint_user).write(
            {"product_ids": [(6, 0, self.product.ids)]}
        )
        self.assertEqual(other.repeat_of_ids, first)

    def test_a_correction_of_a_closed_earlier_complaint_reaches_the_later(self):
        first = self._create([{"date_received": self.now - timedelta(days=10)}])
        second = self._create([{"date_received": self.now}])
        self.assertEqual(second.repeat_of_ids, first)
        first.sudo()._workflow_write({"state": "closed", "date_closed": self.now})
        first.with_user(self.complaint_user).write({"partner_id": self.customer_2.id})
        self.assertFalse(second.repeat_of_ids)
        self.assertFalse(second.is_repeat)

    def test_a_complaint_moved_to_another_company_is_detected_there(self):
        """Its earlier complaints are its company's: moved, it no longer
        repeats the first company's (nor counts as a repeat in the other's
        figures)."""
        self._create([{"date_received": self.now - timedelta(days=10)}])
        second = self._create([{"date_received": self.now}])
        self.assertTrue(second.is_repeat)
        other = self.env["res.company"].create({"name": "Sister Ltd"})
        self.complaint_manager.company_ids |= other
        second.with_user(self.complaint_manager).write(
            {
                "company_id": other.id,
                "team_id": False,
                "user_id": self.complaint_manager.id,
            }
        )
        self.assertFalse(second.sudo().is_repeat)
        self.assertFalse(second.sudo().repeat_of_ids)

    def test_repeat_same_product_other_category(self):
        first = self._create(
            [
                {
                    "date_received": self.now - timedelta(days=3),
                    "product_ids": [(6, 0, self.product.ids)],
                }
            ]
        )
        second = self._create(
            [
                {
                    "date_received": self.now,
                    "category_id": self.category_other.id,
                    "product_ids": [(6, 0, self.product.ids)],
                }
            ]
        )
        self.assertEqual(second.repeat_of_ids, first)

    def test_contact_of_same_company_is_same_complainant(self):
        company = self.env["res.partner"].create(
            {"name": "Acme Ltd", "is_company": True}
        )
        buyer = self.env["res.partner"].create(
            {"name": "Buyer", "parent_id": company.id}
        )
        first = self._create(
            [{"partner_id": company.id, "date_received": self.now - timedelta(1)}]
        )
        second = self._create([{"partner_id": buyer.id, "date_received": self.now}])
        self.assertEqual(second.repeat_of_ids, first)

    def test_no_repeat_outside_window_other_customer_or_subject(self):
        self._create(
            [
                {"date_received": self.now - timedelta(days=31)},
                {
                    "date_received": self.now - timedelta(days=1),
                    "partner_id": self.customer_2.id,
                },
                {
                    "date_received": self.now - timedelta(days=1),
                    "category_id": self.category_other.id,
                },
            ]
        )
        complaint = self._create([{"date_received": self.now}])
        self.assertFalse(complaint.is_repeat)
        self.assertFalse(complaint.repeat_of_ids)

    def test_repeat_inside_one_batch_create(self):
        first, second, third = self._create(
            [
                {"date_received": self.now - timedelta(days=2)},
                {"date_received": self.now - timedelta(days=1)},
                {"date_received": self.now},
            ]
        )
        self.assertFalse(first.is_repeat)
        self.assertEqual(second.repeat_of_ids, first)
        self.assertEqual(third.repeat_of_ids, first | second)
        self.assertEqual(third.repeat_count, 2)

    def _filed_undetected(self, count, partner=None):
        """Complaints filed without category (nothing to detect), the category
        given afterwards with the detection job held back (the test runs it)."""
        complaints = self._create(
            [
                {
                    "date_received": self.now - timedelta(hours=i),
                    "category_id": False,
                    "partner_id": (partner or self.customer).id,
                }
                for i in range(count)
            ]
        )
        with patch.object(type(complaints), "_job_detect"):
            complaints.write({"category_id": self.category.id})
        return complaints

    def test_repeat_links_reach_what_depends_on_them(self):
        earlier, later = self._filed_undetected(2).sorted("date_received")
        officer_view = later.with_user(self.complaint_manager)
        # read before the detection, in the same transaction
        self.assertEqual(later.repeat_count, 0)
        self.assertFalse(officer_view.can_merge)
        (earlier | later)._detect_repeats()
        self.assertEqual(later.repeat_of_ids, earlier)
        self.assertEqual(later.repeat_count, 1, "the count follows the links")
        self.assertTrue(officer_view.can_merge, "Merge Duplicates is offered")
        self.assertTrue(later.is_repeat)
        # control: the earliest has nothing before it
        self.assertEqual(earlier.repeat_count, 0)
        self.assertFalse(earlier.is_repeat)

    def test_repeat_detection_queries_do_not_grow_with_the_batch(self):
        def count(size, partner):
            complaints = self._filed_undetected(size, partner)
            queries = self._queries(complaints._detect_repeats)
            self.assertEqual(
                len(complaints.filtered("is_repeat")), size - 1, "all but the first"
            )
            return queries

        count(3, self.env["res.partner"].create({"name": "Warm-up"}))
        small = count(4, self.customer_2)
        self.assertEqual(count(40, self.customer_3), small)

    def test_cancelled_complaints_do_not_count(self):
        first = self._create([{"date_received": self.now - timedelta(days=1)}])
        first.action_cancel()
        self.assertFalse(self._create([{"date_received": self.now}]).is_repeat)

    # ------------------------------------------------------------------
    # Batch
    # ------------------------------------------------------------------
    def _manager_notifications(self):
        return self.env["mail.message"].search(
            [
                ("model", "=", "complaint.complaint"),
                ("partner_ids", "in", self.complaint_manager.partner_id.ids),
            ]
        )

    def test_batch_flags_all_and_alerts_managers(self):
        before = self._manager_notifications()
        partners = (self.customer, self.customer_2, self.customer_3)
        first = self._create(
            [
                {
                    "partner_id": partners[0].id,
                    "date_received": self.now - timedelta(hours=20),
                    "product_ids": [(6, 0, self.product.ids)],
                    "category_id": self.category_other.id,
                },
                {
                    "partner_id": partners[1].id,
                    "date_received": self.now - timedelta(hours=5),
                    "product_ids": [(6, 0, self.product.ids)],
                    "category_id": False,
                },
            ]
        )
        self.assertFalse(any(first.mapped("is_high_risk")))
        third = self._create(
            [
                {
                    "partner_id": partners[2].id,
                    "date_received": self.now,
                    "product_ids": [(6, 0, self.product.ids)],
                    "category_id": False,
                }
            ]
        )
        batch = first | third
        self.assertTrue(all(batch.mapped("is_high_risk")))
        self.assertTrue(all(batch.mapped("is_batch")))
        self.assertTrue(all(batch.mapped("high_risk_reason")))
        alerts = self._manager_notifications() - before
        self.assertEqual(len(alerts), 1, "one alert for the batch, not one a complaint")
        self.assertIn("Smart Kettle", alerts.subject)
        self.assertEqual(alerts.res_id, third.id)
        # the complaints by number: their subjects are their complainants'
        for complaint in batch:
            self.assertIn(complaint.name, alerts.body)
        self.assertNotIn(first[0].subject, alerts.body)

    def test_a_batch_cleared_by_a_manager_stays_cleared(self):
        """A manager took the batch off the high-risk list: an edit of one of
        its complaints puts nothing back and alerts nobody again; a new
        complaint joining the batch is flagged and told."""
        batch = self._create(
            [
                {
                    "partner_id": partner.id,
                    "date_received": self.now - timedelta(hours=hours),
                    "product_ids": [(6, 0, self.product.ids)],
                }
                for partner, hours in (
                    (self.customer, 10),
                    (self.customer_2, 5),
                    (self.customer_3, 1),
                )
            ]
        )
        self.assertTrue(all(batch.mapped("is_high_risk")))
        batch.with_user(self.complaint_manager).write({"is_high_risk": False})
        before = self._manager_notifications()
        batch[2].with_user(self.complaint_user).write(
            {"product_ids": [(4, self.product_other.id)]}
        )
        self.assertFalse(any(batch.mapped("is_high_risk")))
        self.assertFalse(self._manager_notifications() - before)
        # control: a fourth complaint on the product joins the batch
        fourth = self._create(
            [
                {
                    "partner_id": self.customer.id,
                    "date_received": self.now,
                    "product_ids": [(6, 0, self.product.ids)],
                }
            ]
        )
        self.assertTrue(fourth.is_high_risk)
        self.assertTrue(self._manager_notifications() - before)
        self.assertFalse(any(batch.mapped("is_high_risk")))

    def test_no_batch_below_threshold_or_outside_window(self):
        complaints = self._create(
            [
                {
                    "partner_id": self.customer.id,
                    "date_received": self.now - timedelta(hours=30),
                    "product_ids": [(6, 0, self.product.ids)],
                },
                {
                    "partner_id": self.customer_2.id,
                    "date_received": self.now - timedelta(hours=2),
                    "product_ids": [(6, 0, self.product.ids)],
                    "category_id": self.category_other.id,
                },
                {
                    "partner_id": self.customer_3.id,
                    "date_received": self.now,
                    "product_ids": [(6, 0, self.product_other.ids)],
                    "category_id": False,
                },
            ]
        )
        self.assertFalse(any(complaints.mapped("is_high_risk")))
        self.assertFalse(any(complaints.mapped("is_batch")))

    def test_batch_in_one_create_by_category(self):
        complaints = self._create(
            [
                {
                    "partner_id": partner.id,
                    "date_received": self.now + timedelta(hours=i),
                }
                for i, partner in enumerate(
                    (self.customer, self.customer_2, self.customer_3)
                )
            ]
        )
        self.assertTrue(all(complaints.mapped("is_batch")))

    def test_a_complaint_entered_late_completes_the_batch_after_it(self):
        """Two kettles received at 8:00 and 10:00, a third entered later but
        received at 6:00: three within 24 hours, yet none was flagged (each
        window ended on the complaint checked)."""
        later = self._create(
            [
                {
                    "partner_id": partner.id,
                    "date_received": self.now - timedelta(hours=hours),
                    "product_ids": [(6, 0, self.product.ids)],
                    "category_id": self.category_other.id,
                }
                for hours, partner in ((2, self.customer), (0, self.customer_2))
            ]
        )
        self.assertFalse(any(later.mapped("is_batch")))
        earlier = self._create(
            [
                {
                    "partner_id": self.customer_3.id,
                    "date_received": self.now - timedelta(hours=4),
                    "product_ids": [(6, 0, self.product.ids)],
                    "category_id": self.category_other.id,
                }
            ]
        )
        self.assertTrue(all((later | earlier).mapped("is_batch")))
        # control: received more than 24 hours before all of them, no batch
        apart = self._create(
            [
                {
                    "partner_id": self.customer.id,
                    "date_received": self.now - timedelta(hours=30),
                    "product_ids": [(6, 0, self.product.ids)],
                    "category_id": self.category_other.id,
                }
            ]
        )
        self.assertFalse(apart.is_batch)

    # ------------------------------------------------------------------
    # High risk
    # ------------------------------------------------------------------
    def test_high_risk_notifies_managers_at_once(self):
        complaint = self._create([{"date_received": self.now}])
        before = self._manager_notifications()
        complaint.with_user(self.complaint_user).is_high_risk = True
        alert = self._manager_notifications() - before
        self.assertEqual(len(alert), 1)
        # no second alert when it stays high-risk
        complaint.high_risk_reason = "Media exposure"
        complaint.is_high_risk = True
        self.assertEqual(self._manager_notifications() - before, alert)

    def test_high_risk_created_notifies_managers(self):
        before = self._manager_notifications()
        self._create([{"is_high_risk": True, "high_risk_reason": "Weibo post"}])
        self.assertEqual(len(self._manager_notifications() - before), 1)

    def test_high_risk_gate(self):
        complaint = self._create([{"is_high_risk": True}])
        complaint.action_register()
        complaint.action_acknowledge()
        complaint.write({"level_id": self.level_normal.id, "validity": "founded"})
        complaint.action_assess()
        with self.assertRaises(UserError):
            complaint.action_investigate()
        complaint.reply_script_id = self._approved_reply_script()
        with self.assertRaises(UserError):
            complaint.action_investigate()
        self.assertEqual(complaint.state, "assessed")
        complaint.handling_plan = "<p>Recall the batch, call every customer.</p>"
        complaint.action_investigate()
        self.assertEqual(complaint.state, "investigating")
