from datetime import date, timedelta

from lxml import etree

from odoo import Command, fields
from odoo.tests import tagged

from .corrective_common import CorrectiveActionCommon


@tagged("post_install", "-at_install")
class TestFormSaveReads(CorrectiveActionCommon):
    """A form saved by a user reads its record back in the same request:
    links the user may not read (another team's complaints) stay out of what
    it reads back, and the save goes through."""

    def _form_spec(self, model, field_name, fields):
        """What the web client reads back of ``field_name`` after a save of
        ``model``'s form: its list's default order, if it has one."""
        arch = self.env[model].get_views([(False, "form")])["views"]["form"]["arch"]
        node = etree.fromstring(arch).find(f".//field[@name='{field_name}']/list")
        spec = {"fields": dict.fromkeys(fields, {}), "limit": 40}
        if node is not None and node.get("default_order"):
            spec["order"] = node.get("default_order")
        return {field_name: spec}

    def test_an_owner_opens_and_saves_an_action_linking_another_teams_complaint(self):
        other = self.env["complaint.complaint"].create(
            self._complaint_vals(
                subject="Kettle base leaks too", team_id=self.team_other.id
            )
        )
        action = self._new_action(
            user_id=self.complaint_user,
            verifier_id=self.complaint_officer,
        )
        action.complaint_ids = [Command.link(other.id)]
        self.env.invalidate_all()
        spec = self._form_spec(
            "complaint.corrective.action", "complaint_ids", ["name", "subject"]
        )
        mine = action.with_user(self.complaint_user)
        # the access check reads every link (core's rule check, as superuser)
        read = mine.web_read(spec)
        self.assertEqual(
            {row["id"] for row in read[0]["complaint_ids"]}, set(self.complaints.ids)
        )
        due = date.today() + timedelta(days=10)
        result = mine.web_save({"date_due": due}, spec)
        self.assertEqual(action.date_due, due)
        self.assertEqual(
            {row["id"] for row in result[0]["complaint_ids"]},
            set(self.complaints.ids),
            "another team's complaint stays linked, out of sight",
        )
        self.assertIn(other, action.complaint_ids)

    def test_a_repeat_of_another_teams_complaint_is_saved(self):
        earlier = self.env["complaint.complaint"].create(
            self._complaint_vals(
                subject="Earlier",
                team_id=self.team_other.id,
                date_received=fields.Datetime.now() - timedelta(hours=1),
            )
        )
        Complaint = self.env["complaint.complaint"].with_user(self.complaint_user)
        spec = {"repeat_of_ids": {"fields": {"display_name": {}}}}
        result = Complaint.web_save(self._complaint_vals(subject="Again"), spec)
        self.assertNotIn(earlier.id, {row["id"] for row in result[0]["repeat_of_ids"]})
        complaint = Complaint.browse(result[0]["id"]).sudo()
        complaint.invalidate_recordset()  # what the user read back is cached
        self.assertIn(earlier, complaint.repeat_of_ids, "found all the same")
