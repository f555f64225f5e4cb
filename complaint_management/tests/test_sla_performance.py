from freezegun import freeze_time

from odoo.tests import tagged

from .sla_common import SlaCommon, at


@tagged("post_install", "-at_install")
class TestSlaQueryCount(SlaCommon):
    """The sweep's cost per batch does not depend on how many complaints are in
    it; creating complaints with their milestones gets cheaper per complaint as
    the batch grows.

    Policy: resolve within 10 working hours, at risk from 80 %. Received Monday
    09:00: at risk from Tuesday 09:00, breached at 11:00. Received Monday 08:00:
    breached at Tuesday 10:00. The sweep runs at Tuesday 10:30.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._policy(
            name="Query count",
            team_ids=[(6, 0, cls.team.ids)],
            resolution_time=10,
            resolution_unit="working_hours",
        )

    def _vals(self, count, received):
        return [
            self._complaint_vals(
                user_id=self.handler.id, date_received=received, subject=f"c{i}"
            )
            for i in range(count)
        ]

    def _batch(self, at_risk, breaching=2):
        """``at_risk`` complaints turning at risk and ``breaching`` breaching."""
        with freeze_time(at(0, 9)):
            return self.env["complaint.complaint"].create(
                self._vals(at_risk, at(0, 9)) + self._vals(breaching, at(0, 8))
            )

    def _count(self, function):
        self.env.flush_all()
        self.env.invalidate_all()
        start = self.cr.sql_log_count
        function()
        self.env.flush_all()
        return self.cr.sql_log_count - start

    def _sweep(self):
        with freeze_time(at(1, 10, 30)):
            self.env["complaint.sla.line"]._cron_sla_sweep(batch_size=1000)

    def test_sweep_queries_do_not_depend_on_complaint_count(self):
        warm = self._batch(3)
        self._sweep()  # warms the caches (templates, xml ids, selections)
        self.assertEqual(set(warm.mapped("sla_state")), {"at_risk", "breached"})

        small = self._batch(10)
        small_count = self._count(self._sweep)
        large = self._batch(100)
        large_count = self._count(self._sweep)
        self.assertEqual(large_count, small_count)
        # the same, as the framework states it
        medium = self._batch(50)
        self.env.invalidate_all()
        with self.assertQueryCount(small_count):
            self._sweep()
        for complaints, warned in ((small, 10), (large, 100), (medium, 50)):
            self.assertEqual(
                complaints.mapped("sla_state").count("at_risk"), warned, "all warned"
            )
            self.assertEqual(complaints.mapped("sla_state").count("breached"), 2)
            self.assertEqual(len(complaints.escalation_ids), 2)

    def test_create_cost_per_complaint_falls_with_batch_size(self):
        model = self.env["complaint.complaint"]
        with freeze_time(at(0, 9)):
            model.create(self._vals(2, at(0, 9)))  # warm-up
            per_complaint = {}
            for size in (1, 10, 100):
                vals = self._vals(size, at(0, 9))
                per_complaint[size] = self._count(lambda v=vals: model.create(v)) / size
        self.assertLess(per_complaint[10], per_complaint[1])
        self.assertLess(per_complaint[100], per_complaint[10])
        lines = model.search([("subject", "=", "c99")]).sla_line_ids
        self.assertEqual(len(lines), 1)
        self.assertEqual(lines.deadline, at(1, 11))
