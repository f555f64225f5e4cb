from datetime import datetime, timedelta
from unittest.mock import patch

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestDetectionProvinces(ComplaintCommon):
    """Batches across provinces: complaints on one product or category from
    two or more provinces within the batch window turn high-risk (a high-risk
    type of the complaint guideline: 二个以上省集中突发的批量投诉)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # the threshold rule is out of reach of two or three complaints
        cls.company.write(
            {
                "complaint_batch_count": 10,
                "complaint_batch_hours": 24,
                "complaint_batch_province_rule": True,
                "complaint_batch_province_count": 2,
            }
        )
        cls.guangdong = cls.env.ref("base.state_cn_GD")
        cls.zhejiang = cls.env.ref("base.state_cn_ZJ")
        cls.sichuan = cls.env.ref("base.state_cn_SC")
        Partner = cls.env["res.partner"]
        cls.from_guangdong = Partner.create(
            {"name": "Chen Jie", "state_id": cls.guangdong.id}
        )
        cls.from_guangdong_2 = Partner.create(
            {"name": "Zhou Min", "state_id": cls.guangdong.id}
        )
        cls.from_zhejiang = Partner.create(
            {"name": "Liu Yang", "state_id": cls.zhejiang.id}
        )
        cls.from_sichuan = Partner.create(
            {"name": "Huang Lei", "state_id": cls.sichuan.id}
        )
        cls.without_province = Partner.create({"name": "Zhao Qiang"})
        cls.kettle = cls.env["product.product"].create({"name": "Smart Kettle"})
        cls.toaster = cls.env["product.product"].create({"name": "Toaster"})
        cls.category_late = cls.env.ref(
            "complaint_management.complaint_category_annex_late_delivery"
        )
        cls.category_wrong = cls.env.ref(
            "complaint_management.complaint_category_annex_wrong_item"
        )
        cls.now = datetime(2026, 3, 10, 10, 0)

    def _file(self, partner, hours_ago=0, product=None, category=None):
        return self.env["complaint.complaint"].create(
            self._complaint_vals(
                partner_id=partner.id,
                date_received=self.now - timedelta(hours=hours_ago),
                product_ids=[(6, 0, product.ids if product else [])],
                category_id=category.id if category else False,
            )
        )

    def _alerts(self):
        return self.env["mail.message"].search(
            [
                ("model", "=", "complaint.complaint"),
                ("partner_ids", "in", self.complaint_manager.partner_id.ids),
            ]
        )

    def test_one_product_from_two_provinces(self):
        before = self._alerts()
        first = self._file(self.from_guangdong, 5, self.kettle, self.category_late)
        self.assertFalse(first.is_high_risk)
        second = self._file(self.from_zhejiang, 0, self.kettle, self.category_wrong)
        batch = first | second
        self.assertEqual(batch.mapped("is_high_risk"), [True, True])
        self.assertEqual(batch.mapped("is_batch"), [True, True])
        for complaint in batch:
            self.assertIn("Smart Kettle", complaint.high_risk_reason)
            self.assertIn(
                "from 2 provinces: 广东省 and 浙江省", complaint.high_risk_reason
            )
        alerts = self._alerts() - before
        self.assertEqual(len(alerts), 1, "one alert for the batch")
        self.assertEqual(alerts.res_id, second.id)
        self.assertIn("from 2 provinces", alerts.subject)
        self.assertIn("广东省 and 浙江省", alerts.body)

    def test_batch_with_a_complaint_the_creator_cannot_see(self):
        """A handler's complaint joins a batch with another team's complaint
        they cannot read: both turn high-risk all the same."""
        other_team = self._file(self.from_guangdong, 5, self.kettle)
        other_team.write(
            {"team_id": self.team_other.id, "user_id": self.complaint_user_other.id}
        )
        Complaint = self.env["complaint.complaint"].with_user(self.complaint_user)
        self.assertFalse(Complaint.search([("id", "=", other_team.id)]))
        own = Complaint.create(
            self._complaint_vals(
                partner_id=self.from_zhejiang.id,
                date_received=self.now,
                product_ids=[(6, 0, self.kettle.ids)],
                category_id=False,
            )
        )
        self.assertTrue(own.is_high_risk)
        self.assertTrue(other_team.is_high_risk)
        self.assertIn("from 2 provinces", other_team.high_risk_reason)

    def test_same_province_is_no_batch(self):
        before = self._alerts()
        complaints = self._file(self.from_guangdong, 5, self.kettle) | self._file(
            self.from_guangdong_2, 0, self.kettle
        )
        self.assertEqual(complaints.mapped("is_high_risk"), [False, False])
        self.assertFalse(any(complaints.mapped("is_batch")))
        self.assertFalse(self._alerts() - before)

    def test_one_category_other_products_from_two_provinces(self):
        before = self._alerts()
        first = self._file(self.from_guangdong, 3, self.kettle, self.category_late)
        second = self._file(self.from_zhejiang, 0, self.toaster, self.category_late)
        batch = first | second
        self.assertEqual(batch.mapped("is_high_risk"), [True, True])
        self.assertIn(
            self.category_late.display_name + " from 2 provinces",
            second.high_risk_reason,
        )
        self.assertEqual(len(self._alerts() - before), 1)

    def test_product_and_category_batch_alert_once(self):
        """The same two complaints make a batch of their product and one of
        their category: the managers get one alert, not two."""
        before = self._alerts()
        self._file(self.from_guangdong, 3, self.kettle, self.category_late)
        self._file(self.from_zhejiang, 0, self.kettle, self.category_late)
        self.assertEqual(len(self._alerts() - before), 1)

    def test_complaint_without_province_counts_no_province(self):
        first = self._file(self.from_guangdong, 6, self.kettle)
        anonymous = self._file(self.without_province, 4, self.kettle)
        no_partner = self.env["complaint.complaint"].create(
            self._complaint_vals(
                partner_id=False,
                complainant_name="Walk-in",
                date_received=self.now - timedelta(hours=2),
                product_ids=[(6, 0, self.kettle.ids)],
                category_id=False,
            )
        )
        self.assertFalse(any((first | anonymous | no_partner).mapped("is_high_risk")))
        # a second province: the complaints without one are part of the batch
        last = self._file(self.from_zhejiang, 0, self.kettle)
        batch = first | anonymous | no_partner | last
        self.assertTrue(all(batch.mapped("is_high_risk")))
        self.assertIn("from 2 provinces", anonymous.high_risk_reason)

    def test_outside_window_is_no_batch(self):
        first = self._file(self.from_guangdong, 30, self.kettle)
        second = self._file(self.from_zhejiang, 0, self.kettle)
        self.assertFalse(any((first | second).mapped("is_high_risk")))

    def test_rule_off_is_no_batch(self):
        self.company.complaint_batch_province_rule = False
        first = self._file(self.from_guangdong, 5, self.kettle)
        second = self._file(self.from_zhejiang, 0, self.kettle)
        self.assertFalse(any((first | second).mapped("is_high_risk")))
        self.assertFalse(any((first | second).mapped("is_batch")))

    def test_number_of_provinces_is_the_company_setting(self):
        self.company.complaint_batch_province_count = 3
        first = self._file(self.from_guangdong, 5, self.kettle)
        second = self._file(self.from_zhejiang, 3, self.kettle)
        self.assertFalse(any((first | second).mapped("is_high_risk")))
        third = self._file(self.from_sichuan, 0, self.kettle)
        self.assertTrue(all((first | second | third).mapped("is_high_risk")))
        self.assertIn("from 3 provinces", third.high_risk_reason)
        with self.assertRaises(ValidationError):
            self.company.complaint_batch_province_count = 1

    def test_existing_reason_is_kept(self):
        first = self._file(self.from_guangdong, 5, self.kettle)
        first.high_risk_reason = "Reported by a journalist"
        self._file(self.from_zhejiang, 0, self.kettle)
        self.assertTrue(first.is_high_risk)
        self.assertEqual(first.high_risk_reason, "Reported by a journalist")

    def test_detection_queries_do_not_grow_with_the_batch(self):
        """Detecting a batch across provinces costs the same queries for 4
        complaints as for 40: one search, one read of the provinces, one write
        a column, one alert."""
        provinces = (self.from_guangdong, self.from_zhejiang, self.from_sichuan)

        def count(size, product):
            # filed without category or product (nothing to detect), the
            # product given afterwards with the detection job held back
            complaints = self.env["complaint.complaint"].create(
                [
                    self._complaint_vals(
                        partner_id=provinces[i % 3].id,
                        date_received=self.now - timedelta(minutes=i),
                        category_id=False,
                    )
                    for i in range(size)
                ]
            )
            with patch.object(type(complaints), "_job_detect"):
                complaints.write({"product_ids": [(6, 0, product.ids)]})
            self.assertFalse(any(complaints.mapped("is_high_risk")))
            queries = self._queries(complaints._detect_batches)
            self.assertTrue(all(complaints.mapped("is_high_risk")))
            return queries

        count(4, self.env["product.product"].create({"name": "Warm-up"}))
        small = count(4, self.kettle)
        self.assertEqual(count(40, self.toaster), small)
