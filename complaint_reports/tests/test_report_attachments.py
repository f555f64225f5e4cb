import base64

from odoo.tests import new_test_user, tagged

from odoo.addons.complaint_management.tests.common import ComplaintCommon

# a real 1x1 PNG: uploads are checked by their content
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestReportAttachments(ComplaintCommon):
    """The registration form lists the complainant's files and those sent to
    them, never the files of internal notes nor staff's working files."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.portal_user = new_test_user(
            cls.env, login="rep_portal", groups="base.group_portal", name="Rep Portal"
        )
        cls.complaint = cls.env["complaint.complaint"].create(
            cls._complaint_vals(partner_id=cls.portal_user.partner_id.id)
        )
        Attachment = cls.env["ir.attachment"]

        def attachment(name, user):
            return (
                Attachment.with_user(user)
                .sudo()
                .create(
                    {
                        "name": name,
                        "raw": PNG,
                        "res_model": "complaint.complaint",
                        "res_id": cls.complaint.id,
                    }
                )
            )

        cls.given = attachment("receipt.png", cls.portal_user)
        cls.internal_file = attachment("supplier-audit.png", cls.complaint_user)
        cls.complaint.with_user(cls.complaint_user).message_post(
            body="internal",
            subtype_xmlid="mail.mt_note",
            attachment_ids=cls.internal_file.ids,
        )
        cls.sent_file = attachment("refund-form.png", cls.complaint_user)
        cls.complaint.with_user(cls.complaint_user).message_post(
            body="to the customer",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachment_ids=cls.sent_file.ids,
        )
        cls.staff_loose = attachment("handler-notes.png", cls.complaint_user)

    def _names(self, user):
        return (
            self.complaint.with_user(user).sudo()._report_attachments().mapped("name")
        )

    def test_complainant_sees_only_their_and_sent_files(self):
        names = self._names(self.portal_user)
        self.assertIn("receipt.png", names)
        self.assertIn("refund-form.png", names)
        self.assertNotIn("supplier-audit.png", names, "file of an internal note")
        self.assertNotIn("handler-notes.png", names, "staff file never sent")

    def test_staff_print_the_same_copy(self):
        """The complainant's copy lists the same files whoever prints it: a
        staff file never sent is no file of theirs."""
        self.assertEqual(
            sorted(self._names(self.complaint_user)),
            sorted(self._names(self.portal_user)),
        )
        # control: once sent to the complainant, staff's file is theirs too
        self.complaint.with_user(self.complaint_user).message_post(
            body="Your receipt, scanned at the desk",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachment_ids=self.staff_loose.ids,
        )
        self.assertIn("handler-notes.png", self._names(self.complaint_user))

    def test_the_complainants_copy_names_the_receiver_as_they_know_them(self):
        self.complaint_user.complaint_display_name = "Agent 7"
        self.complaint.receiver_id = self.complaint_user
        Report = self.env["ir.actions.report"].with_user(self.complaint_manager)
        html = Report._render_qweb_html(
            "complaint_reports.action_report_complaint_registration", self.complaint.ids
        )[0].decode()
        self.assertIn("Agent 7", html)
        self.assertNotIn(self.complaint_user.name, html)
        # control: the tracking form, staff's own record, names the colleague
        html = Report._render_qweb_html(
            "complaint_reports.action_report_complaint_tracking", self.complaint.ids
        )[0].decode()
        self.assertIn(self.complaint_user.name, html)
