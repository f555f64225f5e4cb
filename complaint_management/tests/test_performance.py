import math
from unittest.mock import patch

from odoo.tests import tagged, warmup

from .common import ComplaintCommon

# Queries a complaint adds to a create() call, beyond the fixed cost of the call.
# - Without tracking (imports, bulk intake with tracking_disable): nothing per
#   record; tracking numbers, followers, repeat and batch detection are batched.
#   What grows is Odoo's own chunking: INSERT and UPDATE statements carry at most
#   100 rows, so every 100 complaints add one statement per table written
#   (complaints, followers, stored computed fields, SLA milestone lines...).
#   Measured with the SLA milestones: 23, 31 and 79 queries for 10, 100 and
#   500 complaints (0.09 and 0.11 a record beyond the first 10).
# - With tracking (the default): Odoo's mail.thread.create() also runs
#   _message_auto_subscribe() once a record, which reads the followers of the
#   complaint's team (subtype propagation through team_id): one query a record.
#   Measured: 36, 132 and 588 queries for 10, 100 and 500 complaints.
# - Since complaints get a handler at creation (assignment), each also gets the
#   handler's time-limit activity, inserted by chunks of 100 as well:
#   measured 39, 52 and 137 queries untracked, 52, 155 and 644 tracked.
PER_RECORD_UNTRACKED = 0.2
PER_RECORD_TRACKED = 1.21


@tagged("post_install", "-at_install")
class TestCreatePerformance(ComplaintCommon):
    """Creating complaints in one create() call costs a bounded number of
    queries: the cost of 100 (or 500) records is the cost of 10 plus at most
    PER_RECORD_* queries per extra record (see the constants above), so the
    cost a record does not grow with the size of the batch.

    Repeat detection runs and finds repeats (every tenth complaint comes from
    the same customer on the same category); batch detection runs its query
    but its threshold is set out of reach, as a batch flags and alerts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.complaint_batch_count = 100000
        cls.products = cls.env["product.product"].create(
            [{"name": f"Product {i}"} for i in range(10)]
        )
        cls.partners = cls.env["res.partner"].create(
            [
                {"name": f"Customer {i}", "email": f"customer{i}@example.com"}
                for i in range(500)
            ]
        )

    def _vals_list(self, count, offset):
        return [
            self._complaint_vals(
                subject=f"Complaint {offset + i}",
                partner_id=(
                    self.customer if not i % 10 else self.partners[(offset + i) % 500]
                ).id,
                product_ids=[(6, 0, self.products[i % 10].ids)],
            )
            for i in range(count)
        ]

    def _create(self, count, tracking):
        Complaint = (
            self.env["complaint.complaint"]
            .with_user(self.complaint_user)
            .with_context(tracking_disable=not tracking)
        )
        return Complaint.create(self._vals_list(count, offset=self.offset))

    def _count_queries(self, count, tracking):
        self.env.flush_all()
        start = self.cr.sql_log_count
        self._create(count, tracking)
        self.env.flush_all()
        return self.cr.sql_log_count - start

    def setUp(self):
        super().setUp()
        self.offset = 0

    def _check(self, tracking, per_record):
        self._count_queries(10, tracking)  # fill the caches
        base = self._count_queries(10, tracking)
        with self.assertQueryCount(base + math.ceil(90 * per_record)):
            complaints = self._create(100, tracking)
        self.assertEqual(len(complaints), 100)
        self.assertEqual(len(set(complaints.mapped("name"))), 100)
        repeats = complaints.filtered(lambda c: c.partner_id == self.customer)
        self.assertTrue(all(repeats.mapped("is_repeat")))
        with self.assertQueryCount(base + math.ceil(490 * per_record)):
            complaints = self._create(500, tracking)
        self.assertEqual(len(complaints), 500)

    @warmup
    def test_create_cost_without_tracking(self):
        self._check(tracking=False, per_record=PER_RECORD_UNTRACKED)

    @warmup
    def test_create_cost_with_tracking(self):
        self._check(tracking=True, per_record=PER_RECORD_TRACKED)

    def test_one_complaint_writes_its_time_limits_once(self):
        """A complaint filed alone (the portal, an email, a handler: one
        transaction each) inserts its time limits with their reminder in
        place: no second write of the lines."""
        queries = []
        execute = self.cr.execute

        def spy(query, params=None, log_exceptions=True):
            queries.append(str(query))
            return execute(query, params, log_exceptions)

        Complaint = self.env["complaint.complaint"].with_user(self.complaint_user)
        with patch.object(self.cr, "execute", spy):
            complaint = Complaint.create(
                self._complaint_vals(user_id=self.complaint_user.id)
            )
            self.env.flush_all()
        self.assertTrue(any('INSERT INTO "complaint_sla_line"' in q for q in queries))
        self.assertFalse([q for q in queries if 'UPDATE "complaint_sla_line"' in q])
        # nor of its reminder: core's stored fields came with the insert
        self.assertTrue(any('INSERT INTO "mail_activity"' in q for q in queries))
        self.assertFalse([q for q in queries if 'UPDATE "mail_activity"' in q])
        reminder = complaint.activity_ids.filtered(
            lambda a: a.activity_type_id
            == self.env.ref("complaint_management.mail_activity_type_sla")
        )
        self.assertEqual(len(reminder), 1)
        self.assertEqual(reminder.user_id, self.complaint_user)
        nearest = complaint.sla_line_ids.sorted(lambda line: (line.deadline, line.id))[
            0
        ]
        self.assertEqual(nearest.activity_id, reminder)
        self.assertEqual(nearest.reminded_deadline, nearest.deadline)
        # what core would have computed (read back from the database)
        reminder.invalidate_recordset()
        self.assertEqual(reminder.res_name, complaint.display_name)
        self.assertEqual(reminder.user_tz, self.complaint_user.tz)
        self.assertFalse(reminder.date_done)
        # control: a later sync finds it in place and keeps it
        complaint._sla_sync()
        self.assertTrue(reminder.exists())
        self.assertEqual(nearest.activity_id, reminder)
