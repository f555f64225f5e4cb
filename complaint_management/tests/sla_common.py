from datetime import datetime

from odoo import Command
from odoo.tests import new_test_user

from .common import ComplaintCommon

# Week of Monday 2 March 2026; the test calendar works Monday to Friday,
# 08:00-12:00 and 13:00-17:00 UTC (8 working hours a day).
MON = datetime(2026, 3, 2)


def at(day, hour, minute=0):
    """Naive UTC datetime ``day`` days after Monday 2 March 2026."""
    return MON.replace(day=MON.day + day, hour=hour, minute=minute)


class SlaCommon(ComplaintCommon):
    """A calendar, teams with a leader and an escalation team, and policies
    created by the test (the seeded policies are archived)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.calendar = cls._make_calendar("SLA Test Calendar", "UTC", 8, 12, 13, 17)
        cls.handler = cls.complaint_user
        cls.handler_other = new_test_user(
            cls.env,
            login="sla_handler_other",
            groups="complaint_management.complaint_management_group_user",
            name="Second Handler",
        )
        cls.leader = cls.complaint_manager
        cls.expert_leader = new_test_user(
            cls.env,
            login="sla_expert_leader",
            groups="complaint_management.complaint_management_group_officer",
            name="Expert Leader",
        )
        # warnings land in the Odoo inbox of the staff here; an email costs
        # core's price per email (test_escalation covers a handler who chose it)
        (
            cls.handler | cls.handler_other | cls.leader | cls.expert_leader
        ).notification_type = "inbox"
        cls.team_expert = cls.env["complaint.team"].create(
            {
                "name": "SLA Experts",
                "tier": "expert",
                "leader_id": cls.expert_leader.id,
                "resource_calendar_id": cls.calendar.id,
            }
        )
        cls.team.write(
            {
                "resource_calendar_id": cls.calendar.id,
                "escalation_team_id": cls.team_expert.id,
                "member_ids": [Command.link(cls.handler_other.id)],
            }
        )
        cls.env["complaint.sla.policy"].search([]).write({"active": False})
        cls.level_urgent = cls.env.ref("complaint_management.complaint_level_urgent")
        cls.activity_type = cls.env.ref("complaint_management.mail_activity_type_sla")

    @classmethod
    def _make_calendar(cls, name, tz, morning_from, morning_to, after_from, after_to):
        attendances = []
        for day in range(5):
            attendances += [
                Command.create(
                    {
                        "name": f"{day} morning",
                        "dayofweek": str(day),
                        "hour_from": morning_from,
                        "hour_to": morning_to,
                        "day_period": "morning",
                    }
                ),
                Command.create(
                    {
                        "name": f"{day} afternoon",
                        "dayofweek": str(day),
                        "hour_from": after_from,
                        "hour_to": after_to,
                        "day_period": "afternoon",
                    }
                ),
            ]
        return cls.env["resource.calendar"].create(
            {
                "name": name,
                "tz": tz,
                "company_id": cls.company.id,
                "attendance_ids": [Command.clear()] + attendances,
            }
        )

    @classmethod
    def _policy(cls, **values):
        vals = {
            "name": "Test policy",
            "sequence": 10,
            "acknowledge_time": 0,
            "response_time": 0,
            "progress_time": 0,
            "resolution_time": 0,
        }
        vals.update(values)
        return cls.env["complaint.sla.policy"].create(vals)

    @classmethod
    def _holiday(cls, start, end):
        return cls.env["resource.calendar.leaves"].create(
            {
                "name": "Public holiday",
                "calendar_id": False,
                "company_id": cls.company.id,
                "date_from": start,
                "date_to": end,
                "time_type": "leave",
            }
        )

    def _create(self, received, **values):
        values.setdefault("date_received", received)
        return self.env["complaint.complaint"].create(self._complaint_vals(**values))

    @staticmethod
    def _line(complaint, milestone):
        lines = complaint.sla_line_ids.filtered(
            lambda line: line.milestone == milestone
        )
        return lines.sorted("id")[-1:]

    def _sla_activities(self, complaints, user=None):
        domain = [
            ("res_model", "=", "complaint.complaint"),
            ("res_id", "in", complaints.ids),
            ("activity_type_id", "=", self.activity_type.id),
        ]
        if user:
            domain.append(("user_id", "=", user.id))
        return self.env["mail.activity"].search(domain)
