from odoo.tests import tagged

from .common import ComplaintCommon


@tagged("post_install", "-at_install")
class TestStatusSubtype(ComplaintCommon):
    """The "Status Changed" subtype was offered (and ticked by default) but
    never posted: a status change was a note, nobody following was told."""

    def test_a_status_change_tells_the_colleagues_following(self):
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(user_id=self.complaint_user.id)
        )
        handler = self.complaint_user.partner_id
        self.assertIn(handler, complaint.message_partner_ids)
        complaint.with_user(self.complaint_manager).action_register()
        self.flush_tracking()
        status = self.env.ref("complaint_management.mt_complaint_state")
        changed = complaint.message_ids.filtered(
            lambda m: m.tracking_value_ids.filtered(
                lambda t: t.field_id.name == "state"
            )
        )
        self.assertEqual(changed.subtype_id, status)
        self.assertIn(handler, changed.notification_ids.res_partner_id)
        self.assertNotIn(
            self.customer, changed.notification_ids.res_partner_id, "internal"
        )
        # control: another tracked change stays a note, telling nobody
        complaint.with_user(self.complaint_manager).write({"subject": "Kettle leaks"})
        self.flush_tracking()
        renamed = complaint.message_ids.filtered(
            lambda m: m.tracking_value_ids.filtered(
                lambda t: t.field_id.name == "subject"
            )
        )
        self.assertEqual(renamed.subtype_id, self.env.ref("mail.mt_note"))
        self.assertFalse(renamed.notification_ids)

    def test_a_new_complaint_tells_who_follows_its_team(self):
        """ "Complaint Received" was offered on a team (ticked by default) and
        never posted: a leader following the team learnt of nothing."""
        watcher = self.complaint_manager.partner_id
        self.team.message_subscribe(watcher.ids)
        Complaint = self.env["complaint.complaint"].with_context(tracking_disable=False)
        complaint = Complaint.create(
            self._complaint_vals(user_id=self.complaint_user.id)
        )
        received = self.env.ref("complaint_management.mt_complaint_new")
        created = complaint.message_ids.filtered(lambda m: m.subtype_id == received)
        self.assertEqual(len(created), 1)
        self.assertIn(watcher, created.notification_ids.res_partner_id)
        self.assertNotIn(self.customer, created.notification_ids.res_partner_id)
        # its team chosen after its creation (the portal's, the API's and a
        # colleague's without a team): told all the same, once
        given = Complaint.with_user(self.complaint_user).create(
            self._complaint_vals(team_id=False)
        )
        self.assertEqual(given.team_id, self.team)
        told = given.sudo().message_ids.filtered(lambda m: m.subtype_id == received)
        self.assertEqual(len(told), 1)
        self.assertIn(watcher, told.notification_ids.res_partner_id)
        # an import (tracking off: core subscribes nobody) posts no note
        imported = (
            Complaint.with_user(self.complaint_user)
            .with_context(tracking_disable=True)
            .create(self._complaint_vals(team_id=False))
        )
        self.assertFalse(
            imported.sudo().message_ids.filtered(lambda m: m.subtype_id == received)
        )
        # control: a team nobody follows for it gets core's note, telling nobody
        self.team.message_unsubscribe(watcher.ids)
        other = Complaint.create(self._complaint_vals(user_id=self.complaint_user.id))
        self.assertFalse(other.message_ids.filtered(lambda m: m.subtype_id == received))
        self.assertFalse(other.message_ids.notification_ids)
