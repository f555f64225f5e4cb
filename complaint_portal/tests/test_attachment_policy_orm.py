from odoo.tests import tagged

from odoo.addons.complaint_portal.tools.file_content import attachment_content_kind

from .common import (
    ELF,
    EXE,
    HTML,
    PDF,
    PNG,
    SVG_CLEAN,
    SVG_HANDLER,
    SVG_SCRIPT,
    TEXT,
    AttachmentPolicyCase,
)


@tagged("post_install", "-at_install")
class TestAttachmentPolicy(AttachmentPolicyCase):
    """One attachment policy on every door that attaches a file to a complaint,
    here in the ORM: as the portal user, message_post(attachments=...), on
    behalf of the portal user, and staff; each refusal beside the legitimate
    path. The HTTP routes are in test_attachment_policy_routes."""

    def _post_as_alice(self, *files):
        return self.complaint_alice.with_user(self.alice).message_post(
            body="My files",
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
            attachments=list(files),
        )

    # ------------------------------------------------------------------
    # Content classification
    # ------------------------------------------------------------------
    def test_content_is_classified_whatever_the_name(self):
        cases = [
            ("photo.png", PNG, ""),
            ("form.pdf", PDF, ""),
            ("notes.txt", TEXT, ""),
            ("clean.svg", SVG_CLEAN, "svg"),
            ("notes.txt", HTML, "html"),
            ("notes.txt", b"A" * 3000 + b"<script>alert(1)</script>", "html"),
            ("notes.txt", "<html><script>1</script>".encode("utf-16"), "html"),
            ("page.html", b"just text", "html"),
            ("data.xml", b'<html xmlns="http://www.w3.org/1999/xhtml"/>', "html"),
            ("report.docx", EXE, "program"),
            ("notes.txt", ELF, "program"),
            ("setup.exe", b"just text", "program"),
            ("photo.png", SVG_SCRIPT, "svg-active"),
            ("icon.svg", SVG_HANDLER, "svg-active"),
            (
                "link.svg",
                b'<svg xmlns="http://www.w3.org/2000/svg" '
                b'xmlns:x="http://www.w3.org/1999/xlink">'
                b'<a x:href="java&#x09;script:alert(1)"><rect/></a></svg>',
                "svg-active",
            ),
            ("notes.txt", b"MZ Motors sold me a broken car.", ""),
        ]
        for name, content, kind in cases:
            with self.subTest(name=name, content=content[:30]):
                self.assertEqual(attachment_content_kind(name, content)[0], kind)

    # ------------------------------------------------------------------
    # ORM as the portal user
    # ------------------------------------------------------------------
    def test_message_post_attachments_as_portal_user(self):
        refused = {
            "page.html": HTML,
            "virus.exe": EXE,
            "notes.txt": HTML,  # HTML under an allowed extension
            "report.docx": EXE,  # a program under an allowed extension
            "image.png": SVG_SCRIPT,
            "drawing.svg": SVG_CLEAN,  # no SVG at all from complainants
            "scan.pdf": PNG,  # content contradicts the extension
        }
        for name, content in refused.items():
            with self.subTest(name=name), self.assertRefused(name):
                self._post_as_alice((name, content))
        self.assertFalse(
            self._files(self.complaint_alice).filtered(lambda att: att.name in refused)
        )
        # control: real files are accepted
        message = self._post_as_alice(
            ("photo.png", PNG), ("form.pdf", PDF), ("notes.txt", TEXT)
        )
        self.assertEqual(
            sorted(message.attachment_ids.mapped("name")),
            ["form.pdf", "notes.txt", "photo.png"],
        )

    def test_refusal_names_the_file_and_the_reason(self):
        with self.assertRefused("report.docx") as caught:
            self._post_as_alice(("report.docx", EXE), ("notes.txt", HTML))
        message = str(caught.exception)
        self.assertIn("report.docx: the content of this file is not accepted", message)
        self.assertIn("it is a program", message)
        self.assertIn("notes.txt", message)
        self.assertIn("web page (HTML)", message)

    def test_oversized_file(self):
        self.company.complaint_portal_file_size = 0.01  # about 10 kB
        with self.assertRefused("big.pdf: the file is larger than 0.01 MB"):
            self._post_as_alice(("big.pdf", PDF + b"0" * 20_000))
        message = self._post_as_alice(("small.pdf", PDF + b"0" * 5_000))
        self.assertEqual(message.attachment_ids.name, "small.pdf")

    def test_too_many_files(self):
        self.company.complaint_portal_file_count = 2
        with self.assertRefused("At most 2 files"):
            self._post_as_alice(("a.png", PNG), ("b.png", PNG), ("c.png", PNG))
        message = self._post_as_alice(("a.png", PNG), ("b.png", PNG))
        self.assertEqual(len(message.attachment_ids), 2)

    def test_total_size_per_complaint(self):
        self.company.complaint_portal_file_size = 1
        self.company.complaint_portal_total_size = 0.02  # about 20 kB
        self._post_as_alice(("first.png", PNG + b"\0" * 12_000))
        with self.assertRefused("together exceed 0.02 MB"):
            self._post_as_alice(("second.png", PNG + b"\0" * 12_000))
        # Bob's complaint has its own allowance
        message = self.complaint_bob.with_user(self.bob).message_post(
            body="mine",
            message_type="comment",
            attachments=[("second.png", PNG + b"\0" * 12_000)],
        )
        self.assertEqual(message.attachment_ids.name, "second.png")

    def test_orm_create_on_behalf_of_portal_user(self):
        """sudo() as a controller does keeps the portal user's rules."""
        Attachment = self.env["ir.attachment"].with_user(self.alice).sudo()
        vals = {"res_model": "complaint.complaint", "res_id": self.complaint_alice.id}
        for name, content in (("notes.txt", HTML), ("tool.exe", EXE)):
            with self.subTest(name=name), self.assertRefused(name):
                Attachment.create({**vals, "name": name, "raw": content})
        # a pending upload then linked to the complaint, or renamed as a page
        pending = Attachment.create(
            {"name": "notes.txt", "raw": HTML, "res_model": "mail.compose.message"}
        )
        with self.assertRefused("notes.txt"):
            pending.write(vals)
        photo = Attachment.create({**vals, "name": "photo.png", "raw": PNG})
        with self.assertRefused("photo.html"):
            photo.write({"name": "photo.html"})
        self.assertEqual(photo.res_id, self.complaint_alice.id)

    def _alice_upload(self, name):
        """Alice's pending upload, as the chatter's upload leaves it (made in
        superuser mode, past the upload's own check)."""
        return (
            self.env["ir.attachment"]
            .with_user(self.alice)
            .sudo()
            .create(
                {
                    "name": name,
                    "raw": HTML,
                    "res_model": "mail.compose.message",
                    "res_id": 0,
                }
            )
        )

    def test_pending_upload_linked_through_message_attachment_ids(self):
        pending = self._alice_upload("notes.txt")
        with self.assertRefused("notes.txt"):
            self.complaint_alice.with_user(self.alice).message_post(
                body="see file", message_type="comment", attachment_ids=pending.ids
            )
        self.assertFalse(self._messages(self.complaint_alice, "see file"))

    def test_others_files_are_neither_checked_nor_named(self):
        """A portal user who lists ids of files that are not their uploads
        learns nothing of them: core leaves them out, the policy names none."""
        message = self.complaint_alice.with_user(self.alice).message_post(
            body="other files",
            message_type="comment",
            attachment_ids=(self.partner_html | self.attachment_bob).ids,
        )
        self.assertFalse(message.attachment_ids)
        self.assertEqual(self.partner_html.res_model, "res.partner")
        # control: her own upload of the same kind is refused, by its name
        pending = self._alice_upload("mine.html")
        with self.assertRefused("mine.html"):
            self.complaint_alice.with_user(self.alice).message_post(
                body="my file", message_type="comment", attachment_ids=pending.ids
            )

    def test_oversized_with_default_limits(self):
        self.assertEqual(self.company.complaint_portal_file_size, 10)
        with self.assertRefused("scan.pdf: the file is larger than 10 MB"):
            self._post_as_alice(("scan.pdf", PDF + b"0" * (11 * 1024 * 1024)))

    # ------------------------------------------------------------------
    # Staff
    # ------------------------------------------------------------------
    def test_staff_orm(self):
        complaint = self.complaint_alice.with_user(self.officer)
        for name, content in (
            ("tool.exe", EXE),
            ("notes.txt", HTML),
            ("report.docx", ELF),
            ("drawing.svg", SVG_HANDLER),
        ):
            with self.subTest(name=name), self.assertRefused(name):
                complaint.message_post(body="internal", attachments=[(name, content)])
        # control: documents, and an SVG without scripts (complainants' limits
        # on types and sizes do not apply to staff)
        self.company.complaint_portal_file_size = 0.001
        message = complaint.message_post(
            body="files",
            attachments=[
                ("audit.pdf", PDF + b"0" * 5000),
                ("plan.svg", SVG_CLEAN),
                ("data.json", b'{"a": 1}'),
            ],
        )
        self.assertEqual(len(message.attachment_ids), 3)

    def test_staff_links_an_existing_file(self):
        """message_post(attachment_ids) and message edits link files of other
        records as they are: checked on the message."""
        complaint = self.complaint_alice.with_user(self.officer)
        with self.assertRefused("newsletter.html"):
            complaint.message_post(body="linked", attachment_ids=self.partner_html.ids)
        message = complaint.message_post(
            body="linked", message_type="comment", attachment_ids=self.partner_pdf.ids
        )
        self.assertEqual(message.attachment_ids, self.partner_pdf)
        with self.assertRefused("newsletter.html"):
            complaint._message_update_content(
                message, "edited", attachment_ids=self.partner_html.ids
            )

    def test_mail_template_attachments_keep_working(self):
        template = self.env["mail.template"].create(
            {
                "name": "Complaint letter",
                "model_id": self.env.ref(
                    "complaint_management.model_complaint_complaint"
                ).id,
                "subject": "Your complaint",
                "body_html": "<p>Please find our letter attached.</p>",
            }
        )
        letter = self.env["ir.attachment"].create(
            {
                "name": "letter.pdf",
                "raw": PDF,
                "res_model": "mail.template",
                "res_id": template.id,
            }
        )
        template.attachment_ids = letter
        complaint = self.complaint_alice.with_user(self.officer)
        complaint.message_post_with_source(
            template, message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        message = self._messages(self.complaint_alice, "our letter attached")
        self.assertEqual(message.attachment_ids.mapped("name"), ["letter.pdf"])
        # the same template carrying a web page is refused
        letter.write({"name": "letter.html", "raw": HTML})
        with self.assertRefused("letter.html"):
            complaint.message_post_with_source(
                template, message_type="comment", subtype_xmlid="mail.mt_comment"
            )

    def test_server_side_superuser_code_is_trusted(self):
        """Install data, crons and the mail gateway run as the superuser."""
        attachment = self.env["ir.attachment"].create(
            {
                "name": "bounce.html",
                "raw": HTML,
                "res_model": "complaint.complaint",
                "res_id": self.complaint_alice.id,
            }
        )
        self.assertEqual(attachment.res_id, self.complaint_alice.id)
        # a storage migration (ir.attachment.force_storage, by an administrator)
        # rewrites the same data: not a new file
        admin = self.env.ref("base.user_admin")
        attachment.with_user(admin).sudo().write(
            {"raw": attachment.raw, "mimetype": attachment.mimetype}
        )
        # a new content by a person is checked
        with self.assertRefused("bounce.html"):
            attachment.with_user(admin).sudo().write({"raw": HTML + b" "})

    def test_email_files_obey_the_policy(self):
        """The mail gateway posts in superuser mode, which the policy trusts:
        an email's files are checked one by one, the refused ones left out
        and named, the email and its other files kept."""
        message = self.complaint_alice.with_context(from_alias=True).message_post(
            body="<p>Here are my files</p>",
            message_type="email",
            author_id=self.alice.partner_id.id,
            attachments=[("invoice.exe", EXE), ("photo.png", PNG), ("page.html", HTML)],
        )
        self.assertEqual(message.attachment_ids.mapped("name"), ["photo.png"])
        self.assertIn("Here are my files", message.body)
        self.assertIn("invoice.exe", message.body)
        self.assertIn("page.html", message.body)
        # control: an email whose files all pass keeps them, with no note
        message = self.complaint_alice.with_context(from_alias=True).message_post(
            body="<p>More photos</p>",
            message_type="email",
            author_id=self.alice.partner_id.id,
            attachments=[("photo2.png", PNG), ("receipt.pdf", PDF)],
        )
        self.assertEqual(len(message.attachment_ids), 2)
        self.assertNotIn("left out", message.body)

    def test_email_files_note_is_in_the_companys_language(self):
        """A reply threads in without a language: the note on the files left
        out is part of the conversation, in the company's language."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.company.partner_id.lang = "zh_CN"
        message = self.complaint_alice.with_context(
            from_alias=True, lang="en_US"
        ).message_post(
            body="<p>Here are my files</p>",
            message_type="email",
            author_id=self.alice.partner_id.id,
            attachments=[("invoice.exe", EXE), ("photo.png", PNG)],
        )
        self.assertIn("以下文件不符合附件规定", message.body)
        self.assertNotIn("left out", message.body)

    def test_email_files_count_and_total_as_on_the_portal(self):
        self.company.complaint_portal_file_count = 2
        message = self.complaint_alice.with_context(from_alias=True).message_post(
            body="<p>All my photos</p>",
            message_type="email",
            author_id=self.alice.partner_id.id,
            attachments=[(f"photo{n}.png", PNG) for n in range(4)],
        )
        self.assertEqual(len(message.attachment_ids), 2)
        self.assertIn("photo3.png: at most 2 files", message.body)
        # the total per complaint counts what is already attached
        self.company.complaint_portal_file_count = 10
        self.company.complaint_portal_total_size = (
            (self.complaint_alice._portal_files_size() + len(PDF) + 10) / 1024 / 1024
        )
        message = self.complaint_alice.with_context(from_alias=True).message_post(
            body="<p>The receipts</p>",
            message_type="email",
            author_id=self.alice.partner_id.id,
            attachments=[("receipt.pdf", PDF), ("receipt2.pdf", PDF)],
        )
        self.assertEqual(message.attachment_ids.mapped("name"), ["receipt.pdf"])
        self.assertIn("receipt2.pdf", message.body)

    def test_emailed_files_count_toward_the_portal_total(self):
        before = self.complaint_alice._portal_files_size()
        self.complaint_alice.with_context(from_alias=True).message_post(
            body="<p>Photos by email</p>",
            message_type="email",
            author_id=self.alice.partner_id.id,
            attachments=[("photo1.png", PNG), ("photo2.png", PNG)],
        )
        self.assertEqual(
            self.complaint_alice._portal_files_size(), before + 2 * len(PNG)
        )
        # an email quoting the number, kept as an internal note without
        # author (anyone may send one), does not fill the complainant's total
        self.complaint_alice.with_context(from_alias=True).message_post(
            body="<p>Photos from someone</p>",
            message_type="email",
            is_internal=True,
            subtype_xmlid="mail.mt_note",
            email_from="someone@example.com",
            attachments=[("photo3.png", PNG)],
        )
        self.assertEqual(
            self.complaint_alice._portal_files_size(), before + 2 * len(PNG)
        )
        # control: a file staff attach is theirs, not the complainant's
        self.complaint_alice.message_post(
            body="<p>Our test report</p>",
            message_type="comment",
            attachments=[("report.pdf", PDF)],
        )
        self.assertEqual(
            self.complaint_alice._portal_files_size(), before + 2 * len(PNG)
        )
