import gc
import logging
from unittest.mock import patch

from freezegun import freeze_time

from odoo.tests import tagged

from .sla_common import SlaCommon, at

_logger = logging.getLogger(__name__)


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

    def _batch(self, size):
        """``size`` complaints: 30 % turn at risk at the sweep, 20 % breach and
        the rest are not due yet (received on Tuesday at 09:00)."""
        at_risk, breaching = size * 3 // 10, size * 2 // 10
        idle = size - at_risk - breaching
        with freeze_time(at(0, 9)):
            complaints = self.env["complaint.complaint"].create(
                self._vals(at_risk, at(0, 9)) + self._vals(breaching, at(0, 8))
            )
        with freeze_time(at(1, 9)):
            complaints |= self.env["complaint.complaint"].create(
                self._vals(idle, at(1, 9))
            )
        return complaints

    def _count(self, function):
        # as assertQueryCount: precommit hooks (tracking) included
        self.env.flush_all()
        self.env.cr.flush()
        self.env.invalidate_all()
        # environments are weakly kept and their lazy env.company costs a query
        # when rebuilt: start from the same set of them each time
        gc.collect()
        # assertQueryCount reads the login first (and so the user record)
        self.assertTrue(self.env.user.login)
        start = self.cr.sql_log_count
        # as assertQueryCount: no random garbage collection of bus messages
        with patch("random.random", lambda: 1):
            function()
        self.env.flush_all()
        self.env.cr.flush()
        return self.cr.sql_log_count - start

    def _sweep(self):
        with freeze_time(at(1, 10, 30)):
            self.env["complaint.sla.line"]._cron_sla_sweep(batch_size=1000)

    def _assert_swept(self, complaints, size):
        states = complaints.mapped("sla_state")
        self.assertEqual(states.count("at_risk"), size * 3 // 10, "all warned")
        self.assertEqual(states.count("breached"), size * 2 // 10)
        self.assertEqual(states.count("running"), size // 2)
        breached = complaints.filtered(lambda c: c.sla_state == "breached")
        self.assertEqual(len(complaints.escalation_ids), len(breached))
        self.assertEqual(breached.team_id, self.team_expert)
        self.assertEqual(breached.user_id, self.expert_leader)
        notes = breached.message_ids.filtered(
            lambda m: m.subtype_id
            == self.env.ref("complaint_management.mt_complaint_escalated")
        )
        self.assertEqual(len(notes), len(breached), "one escalation note each")
        self.assertEqual(notes.partner_ids, self.expert_leader.partner_id)
        # the changes Odoo's tracking would log one message each are on the note
        self.assertEqual(
            set(notes.tracking_value_ids.field_id.mapped("name")),
            {"team_id", "user_id", "priority"},
        )
        self.assertEqual(len(notes.tracking_value_ids), 3 * len(breached))
        self.assertIn(
            self.expert_leader.partner_id, notes.notification_ids.res_partner_id
        )
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "complaint.complaint"), ("res_id", "in", breached.ids)]
        )
        self.assertEqual(activities.user_id, self.expert_leader)
        self.assertEqual(len(activities), len(breached))

    def _inbox_notifications(self, complaints):
        return self.env["mail.notification"].search_count(
            [
                ("mail_message_id.model", "=", "complaint.complaint"),
                ("mail_message_id.res_id", "in", complaints.ids),
                ("notification_type", "=", "inbox"),
            ]
        )

    def test_sweep_queries_do_not_depend_on_complaint_count(self):
        """Flat per batch, notifications included (nobody is connected here:
        test_escalation checks the live updates of connected users)."""
        # the first sweep fills the caches (templates, xml ids, selections)
        warm = self._batch(10)
        self._sweep()
        self._assert_swept(warm, 10)

        small = self._batch(10)
        small_count = self._count(self._sweep)
        self._assert_swept(small, 10)
        large = self._batch(100)
        large_count = self._count(self._sweep)
        self._assert_swept(large, 100)
        extra_inbox = self._inbox_notifications(large) - self._inbox_notifications(
            small
        )
        self.assertGreater(extra_inbox, 0)
        _logger.info(
            "SLA sweep over 10 and 100 complaints: %s and %s queries, %s more "
            "inbox notifications",
            small_count,
            large_count,
            extra_inbox,
        )
        self.assertEqual(large_count, small_count)

    def _with_todos(self, complaints):
        """The handler's own to-do on each complaint (a call to make)."""
        for complaint in complaints:
            complaint.activity_schedule(
                "mail.mail_activity_data_todo", user_id=self.handler.id
            )
        return complaints

    def test_the_handlers_todos_move_along_in_bounded_queries(self):
        """Escalated to a team their handler does not read, the complaints'
        hand-made to-dos go to the new owner: the access checks and the
        writes are per batch; core subscribes a to-do's new assignee to its
        document once per to-do (its ``write``), three queries each."""
        warm = self._with_todos(self._batch(10))
        self._sweep()
        small = self._with_todos(self._batch(10))
        small_count = self._count(self._sweep)
        large = self._with_todos(self._batch(100))
        large_count = self._count(self._sweep)
        todo = self.env.ref("mail.mail_activity_data_todo")
        for complaints in (warm, small, large):
            breached = complaints.filtered(lambda c: c.sla_state == "breached")
            moved = breached.activity_ids.filtered(lambda a: a.activity_type_id == todo)
            self.assertEqual(moved.user_id, self.expert_leader)
            self.assertEqual(len(moved), len(breached))
            # control: the complaints not escalated keep their handler's
            staying = (complaints - breached).activity_ids.filtered(
                lambda a: a.activity_type_id == todo
            )
            self.assertEqual(staying.user_id, self.handler)
        moved = len(large.filtered(lambda c: c.sla_state == "breached")) - len(
            small.filtered(lambda c: c.sla_state == "breached")
        )
        self.assertLessEqual(large_count - small_count, 3 * moved)

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
