from odoo.tests import tagged

from .test_portal_passcode import PASSCODE_RE, PortalPasscodeCase


@tagged("post_install", "-at_install")
class TestPortalSplit(PortalPasscodeCase):
    """A visitor who follows a complaint by passcode lost the messages split
    off it: the new complaint had no passcode, and nothing named it."""

    def test_the_passcode_opens_the_complaint_split_off(self):
        complaint, thanks, _form = self._file(name="", email="", phone="138 0013 8001")
        passcode = PASSCODE_RE.search(thanks.text).group(1)
        second = complaint.message_post(
            body="Also, the charger was missing from the box.",
            author_id=complaint.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        new = complaint._split("Charger missing", second, self.env["product.product"])
        opened = self._status(new.name, passcode)
        self.assertEqual(opened.status_code, 303, opened.text[:300])
        self.assertIn(f"/my/complaints/{new.id}", opened.headers["Location"])
        told = complaint.message_ids.filtered(
            lambda m: new.name in str(m.body)
            and m.subtype_id
            and not m.subtype_id.internal
        )
        self.assertEqual(len(told), 1, "a public message, on the page")
        # control: the original still opens with it, another number does not
        self.assertEqual(self._status(complaint.name, passcode).status_code, 303)
        self.assertEqual(
            self._status(self.complaint_bob.name, passcode).status_code, 400
        )
