import re

from freezegun import freeze_time

from odoo.tests import tagged
from odoo.tools import SQL
from odoo.tools.populate import populate_models

from .sla_common import SlaCommon, at


@tagged("post_install", "-at_install")
class TestPopulate(SlaCommon):
    """``odoo-bin populate`` duplicates complaints and their milestones by SQL;
    the copies must be complaints the application can work with."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._policy(
            name="Populate",
            team_ids=[(6, 0, cls.team.ids)],
            acknowledge_time=2,
            acknowledge_unit="working_hours",
            resolution_time=10,
            resolution_unit="working_hours",
        )
        with freeze_time(at(0, 9)):
            cls.complaints = cls.env["complaint.complaint"].create(
                [
                    cls._complaint_vals(
                        user_id=cls.handler.id, date_received=at(0, 9), subject=f"p{i}"
                    )
                    for i in range(3)
                ]
            )
            cls.complaints[0].action_register()
            cls.complaints[0].action_acknowledge()

    def _last_id(self, table):
        return self.env.execute_query(
            SQL("SELECT max(id) FROM %s", SQL.identifier(table))
        )[0][0]

    def test_populate_complaints_and_milestones(self):
        Complaint = self.env["complaint.complaint"].with_context(active_test=False)
        Line = self.env["complaint.sla.line"]
        self.env.flush_all()
        complaint_count, line_count = Complaint.search_count([]), Line.search_count([])
        last_complaint, last_line = (
            self._last_id("complaint_complaint"),
            self._last_id("complaint_sla_line"),
        )
        names = dict(
            zip(self.complaints.ids, self.complaints.mapped("name"), strict=True)
        )
        subjects = self.complaints.mapped("subject")
        self.assertEqual(len(self.complaints.sla_line_ids), 6)

        populate_models({Complaint: 2, Line: 2}, ord("_"))
        self.env.invalidate_all()

        # factor 2: each row gets two copies
        self.assertEqual(Complaint.search_count([]), 3 * complaint_count)
        self.assertEqual(Line.search_count([]), 3 * line_count)
        # the originals keep the tracking numbers their complainants were given
        for complaint in self.complaints:
            self.assertEqual(complaint.name, names[complaint.id])
        self.assertEqual(self.complaints.mapped("subject"), subjects)
        # tracking numbers stay unique and come from the sequence
        [(total, distinct)] = self.env.execute_query(
            SQL(
                "SELECT count(*), count(DISTINCT (name, company_id)) "
                "FROM complaint_complaint"
            )
        )
        self.assertEqual(total, distinct)
        copies = Complaint.search([("id", ">", last_complaint)])
        self.assertEqual(len(copies), 2 * complaint_count)
        pattern = re.sub(r"\d+$", "", names[self.complaints[0].id])
        for copy in copies.filtered(lambda c: c.subject.startswith(("p0", "p1", "p2"))):
            self.assertRegex(copy.name, "^" + re.escape(pattern) + r"\d+$")
        # the copied milestones belong to the copied complaints, with their own
        # activities, and the copies' status follows from them
        new_lines = Line.search([("id", ">", last_line)])
        self.assertEqual(len(new_lines), 2 * line_count)
        self.assertTrue(
            all(line.complaint_id.id > last_complaint for line in new_lines)
        )
        ours = copies.filtered(lambda c: re.match(r"p[012]_\d+$", c.subject))
        self.assertEqual(len(ours), 6)
        for copy in ours:
            original = self.complaints.filtered(
                lambda c, copy=copy: c.subject == copy.subject.split("_")[0]
            )
            self.assertEqual(
                sorted(copy.sla_line_ids.mapped("milestone")),
                sorted(original.sla_line_ids.mapped("milestone")),
            )
            self.assertEqual(copy.sla_state, original.sla_state)
            self.assertFalse(copy.access_token)
            for line in copy.sla_line_ids.filtered(lambda li: li.state == "running"):
                self.assertEqual(line.activity_id.res_id, copy.id)
                self.assertEqual(line.activity_id.user_id, self.handler)
            self.assertFalse(
                copy.sla_line_ids.activity_id & original.sla_line_ids.activity_id
            )
        # populate moves the copies' dates back by whole days (here 0 or 1, on
        # Sunday): their open deadlines are planned again on working hours
        p1 = ours.filtered(lambda c: c.subject.startswith("p1_"))
        self.assertEqual(sorted(p1.mapped("date_received")), [at(-1, 9), at(0, 9)])
        self.assertEqual(sorted(p1.mapped("sla_deadline")), [at(0, 10), at(0, 11)])
        resolutions = p1.sla_line_ids.filtered(lambda li: li.milestone == "resolution")
        self.assertEqual(sorted(resolutions.mapped("deadline")), [at(1, 10), at(1, 11)])
