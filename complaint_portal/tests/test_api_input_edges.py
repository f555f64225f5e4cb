from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ComplaintApiCase


@tagged("post_install", "-at_install")
class TestComplaintApiInputEdges(ComplaintApiCase):
    """What a channel's program may send by mistake is answered, never a
    server error that uses up the channel's limits."""

    def test_half_an_emoji_is_filed_not_a_server_error(self):
        # a program cut the subject after 200 UTF-16 units, inside an emoji
        response = self._file(external_ref="WX-EMOJI", subject="Kettle \ud83d")
        self.assertEqual(response.status_code, 201, response.text[:300])
        self.assertEqual(self._filed("WX-EMOJI").subject, "Kettle \ufffd")
        # control: a whole emoji stays as it was
        response = self._file(external_ref="WX-EMOJI2", subject="Kettle \U0001f600")
        self.assertEqual(response.status_code, 201, response.text[:300])
        self.assertEqual(self._filed("WX-EMOJI2").subject, "Kettle \U0001f600")

    def test_full_width_contact_data_is_filed_as_on_the_form(self):
        """A Chinese keyboard's ＠ and digits, which the portal's form takes,
        are taken by the API too, in their usual form."""
        response = self._file(
            external_ref="WX-FULL",
            complainant={
                "name": "王芳",
                "email": "ｗａｎｇ＠example.com",
                "phone": "１３８ ００１３ ８０００",
            },
        )
        self.assertEqual(response.status_code, 201, response.text[:300])
        complaint = self._filed("WX-FULL").sudo()
        self.assertEqual(complaint.complainant_email, "wang@example.com")
        self.assertEqual(complaint.complainant_phone, "138 0013 8000")
        # control: what is not an address is refused, under its key
        response = self._file(
            external_ref="WX-BAD", complainant={"email": "ｗａｎｇ＠＠example"}
        )
        self.assertEqual(response.status_code, 400, response.text[:300])
        self.assertEqual(set(response.json()["errors"]), {"complainant.email"})

    def test_a_privacy_notice_not_in_force_yet_is_refused(self):
        Notice = self.env["complaint.privacy.notice"]
        current = Notice._current()
        draft = current.copy(
            {
                "version": "9.0",
                "date": fields.Date.today() + timedelta(days=30),
                "active": False,
            }
        )
        response = self._file(external_ref="WX-DRAFT", privacy_notice_version="9.0")
        self.assertEqual(response.status_code, 400, response.text[:300])
        self.assertEqual(set(response.json()["errors"]), {"privacy_notice_version"})
        consents = self.env["complaint.privacy.consent"].search(
            [("notice_id", "=", draft.id)]
        )
        self.assertFalse(consents)
        # control: the version in force
        response = self._file(
            external_ref="WX-DRAFT", privacy_notice_version=current.version
        )
        self.assertEqual(response.status_code, 201, response.text[:300])

    def test_without_the_api_s_own_channel_a_filing_is_answered(self):
        self.env.ref("complaint_portal.complaint_channel_api").active = False
        response = self._file(external_ref="WX-NOCHANNEL")
        self.assertEqual(response.status_code, 400, response.text[:300])
        self.assertEqual(set(response.json()["errors"]), {"channel"})
        # control: a channel named by its code
        phone = self.env.ref("complaint_management.complaint_channel_phone")
        response = self._file(external_ref="WX-NOCHANNEL", channel=phone.code)
        self.assertEqual(response.status_code, 201, response.text[:300])

    def test_a_key_past_its_expiry_is_not_made(self):
        Wizard = self.env["complaint.api.key.wizard"]
        with self.assertRaises(UserError):
            Wizard.create(
                {
                    "user_id": self.wechat.id,
                    "name": "WeChat",
                    "expiration_date": fields.Datetime.now() - timedelta(days=1),
                }
            )._generate_key()
        # control: a key of a year
        key = Wizard.create(
            {"user_id": self.wechat.id, "name": "WeChat"}
        )._generate_key()
        self.assertEqual(self._file(key=key).status_code, 201)

    def test_unknown_fields_are_refused_not_dropped(self):
        before = self.Complaint.search_count([])
        response = self._file(
            external_ref="WX-TYPO",
            complainant={"name": "张伟", "mobile": "13800001111"},
            category_id=3,
        )
        self.assertEqual(response.status_code, 400, response.text[:300])
        self.assertEqual(
            set(response.json()["errors"]), {"complainant.mobile", "category_id"}
        )
        self.assertEqual(self.Complaint.search_count([]), before)
        # control: the documented fields
        response = self._file(
            external_ref="WX-TYPO", complainant={"name": "张伟", "phone": "13800001111"}
        )
        self.assertEqual(response.status_code, 201, response.text[:300])
        self.assertEqual(self._filed("WX-TYPO").complainant_phone, "13800001111")
