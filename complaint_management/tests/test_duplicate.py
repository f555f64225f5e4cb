from datetime import timedelta

from freezegun import freeze_time

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .test_merge import NOW, MergeSplitCommon


@tagged("post_install", "-at_install")
class TestDuplicate(MergeSplitCommon):
    """A complaint duplicated by staff (the form's Duplicate) is a new
    complaint: received when made, and not a way around the sender's
    confirmation."""

    @freeze_time(NOW)
    def test_a_duplicate_is_received_when_made(self):
        original = self._create(fields.Datetime.now() - timedelta(days=35))
        copy = original.with_user(self.complaint_officer).copy()
        self.assertEqual(copy.date_received, fields.Datetime.now())
        # its time limits start now: not breached at birth
        self.assertEqual(
            self._line(copy, "resolution").date_start, fields.Datetime.now()
        )
        self.assertLess(
            self._line(original, "resolution").date_start, fields.Datetime.now()
        )

    def test_an_unconfirmed_senders_complaint_is_not_duplicated(self):
        """The copy would lose the flag and show an email from a forged
        address in the real contact's portal."""
        emailed = self._create(fields.Datetime.now())
        emailed._workflow_write({"sender_unverified": True})
        with self.assertRaisesRegex(UserError, "Confirm the sender"):
            emailed.with_user(self.complaint_officer).copy()
        # control: once the sender is confirmed, it is duplicated
        emailed.action_confirm_sender()
        copy = emailed.with_user(self.complaint_officer).copy()
        self.assertEqual(copy.partner_id, emailed.partner_id)
        self.assertFalse(copy.sender_unverified)
