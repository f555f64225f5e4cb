import re

from odoo.tests import new_test_user, tagged

from .test_portal_passcode import PASSCODE_RE, PortalPasscodeCase


@tagged("post_install", "-at_install")
class TestPortalSplit(PortalPasscodeCase):
    """A visitor who follows a complaint by passcode lost the messages split
    off it: the new complaint had no passcode, and nothing named it."""

    def _filed_and_split(self, phone):
        """A visitor's complaint filed by phone number with its passcode, and
        the part split off it about the charger."""
        complaint, thanks, _form = self._file(name="", email="", phone=phone)
        passcode = PASSCODE_RE.search(thanks.text).group(1)
        second = complaint.message_post(
            body="Also, the charger was missing from the box.",
            author_id=complaint.partner_id.id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        new = complaint._split("Charger missing", second, self.env["product.product"])
        return complaint, passcode, new

    def test_the_passcode_opens_the_complaint_split_off(self):
        complaint, passcode, new = self._filed_and_split("138 0013 8001")
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

    def test_a_new_passcode_replaces_the_old_one_on_the_part_split_off(self):
        """The complainant says someone saw the passcode: staff give a new one
        on either complaint, and the old one opens neither any more; the new
        one opens both, as the split notice promised."""
        complaint, old, new = self._filed_and_split("138 0013 8002")
        self.assertEqual(self._status(new.name, old).status_code, 303)
        staff = new_test_user(
            self.env,
            login="split_pc_staff",
            groups="complaint_management.complaint_management_group_officer",
        )
        action = complaint.with_user(staff).action_portal_new_passcode()
        fresh = re.search(
            r"passcode ([A-Z0-9]{4}-[A-Z0-9]{4})", action["params"]["message"]
        ).group(1)
        for target in (complaint, new):
            self.assertEqual(self._status(target.name, old).status_code, 400)
            self.assertEqual(self._status(target.name, fresh).status_code, 303)
        # control: another complaint's passcode is not touched
        self.assertEqual(self._status(self.complaint_bob.name, fresh).status_code, 400)
