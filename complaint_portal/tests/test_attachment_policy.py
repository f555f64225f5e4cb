import json
import re
from contextlib import contextmanager

from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged

from odoo.addons.complaint_portal.tools.file_content import attachment_content_kind

from .common import PNG, ComplaintPortalCase

PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< >>\n%%EOF\n"
HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 112
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00" + b"\x00" * 44
SVG_SCRIPT = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script>'
    b'<rect width="1" height="1"/></svg>'
)
SVG_HANDLER = (
    b'<svg xmlns="http://www.w3.org/2000/svg">'
    b'<rect width="1" height="1" onload="alert(1)"/></svg>'
)
SVG_CLEAN = (
    b'<svg xmlns="http://www.w3.org/2000/svg"><rect width="1" height="1"/></svg>'
)
TEXT = b"The kettle leaks from the base since the first day.\n"


@tagged("post_install", "-at_install")
class TestAttachmentPolicy(ComplaintPortalCase):
    """One attachment policy on every door that attaches a file to a complaint:
    the ORM as the portal user, message_post(attachments=...), the chatter
    upload and post routes (portal session and a visitor's link), the edit of
    a message, and staff; each refusal beside the legitimate path."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.officer = new_test_user(
            cls.env,
            login="pol_officer",
            groups="complaint_management.complaint_management_group_officer,"
            "sales_team.group_sale_salesman",
            name="Policy Officer",
        )
        # a file on another record, that internal users may read and link
        cls.partner_html = cls.env["ir.attachment"].create(
            {
                "name": "newsletter.html",
                "raw": HTML,
                "res_model": "res.partner",
                "res_id": cls.acme.id,
            }
        )
        cls.partner_html.generate_access_token()
        cls.partner_pdf = cls.env["ir.attachment"].create(
            {
                "name": "contract.pdf",
                "raw": PDF,
                "res_model": "res.partner",
                "res_id": cls.acme.id,
            }
        )
        cls.partner_pdf.generate_access_token()

    # ------------------------------------------------------------------
    # Helpers
    # ------------------------------------------------------------------
    def _files(self, complaint):
        return self.env["ir.attachment"].search(
            [("res_model", "=", "complaint.complaint"), ("res_id", "=", complaint.id)]
        )

    def _messages(self, complaint, text):
        return complaint.message_ids.filtered(lambda m: text in (m.body or ""))

    def _json(self, route, params):
        response = self.url_open(
            route,
            data=json.dumps({"jsonrpc": "2.0", "method": "call", "params": params}),
            headers={"Content-Type": "application/json"},
        )
        self.assertEqual(response.status_code, 200, response.text[:500])
        return response.json()

    def _upload(self, name, content, complaint=None, pending=False, token=None):
        complaint = complaint or self.complaint_alice
        data = {
            "csrf_token": self._csrf(),
            "thread_model": "complaint.complaint",
            "thread_id": complaint.id,
        }
        if pending:
            data["is_pending"] = "true"
        if token:
            data["token"] = token
        return self.url_open(
            "/mail/attachment/upload",
            data=data,
            files={"ufile": (name, content, "application/octet-stream")},
        )

    def _pending(self, name, content, complaint=None, token=None):
        """Upload a file for a message to come, as the composer does."""
        response = self._upload(name, content, complaint, pending=True, token=token)
        self.assertEqual(response.status_code, 200, response.text[:500])
        attachment = self.env["ir.attachment"].browse(
            response.json()["data"]["ir.attachment"][0]["id"]
        )
        self.assertEqual(attachment.res_model, "mail.compose.message")
        return attachment

    def _post(self, complaint, body, attachments, token=None):
        params = {
            "thread_model": "complaint.complaint",
            "thread_id": complaint.id,
            "post_data": {
                "body": body,
                "message_type": "comment",
                "attachment_ids": attachments.ids,
            },
            "attachment_tokens": attachments.mapped("access_token"),
        }
        if token:
            params["token"] = token
        return self._json("/mail/message/post", params)

    @contextmanager
    def assertRefused(self, name):
        """A UserError naming ``name``; its changes rolled back, as a request
        would be."""
        with self.assertRaisesRegex(UserError, re.escape(name)) as caught:
            with self.env.cr.savepoint():
                yield caught

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

    def test_pending_upload_linked_through_message_attachment_ids(self):
        pending = (
            self.env["ir.attachment"]
            .with_user(self.alice)
            .sudo()
            .create(
                {
                    "name": "notes.txt",
                    "raw": HTML,
                    "res_model": "mail.compose.message",
                    "res_id": 0,
                }
            )
        )
        with self.assertRefused("notes.txt"):
            self.complaint_alice.with_user(self.alice).message_post(
                body="see file", message_type="comment", attachment_ids=pending.ids
            )
        self.assertFalse(self._messages(self.complaint_alice, "see file"))

    # ------------------------------------------------------------------
    # Chatter routes, portal session
    # ------------------------------------------------------------------
    def test_upload_route_as_portal_user(self):
        self.authenticate("por_alice", "por_alice")
        before = self._files(self.complaint_alice)
        for name, content in (
            ("tool.exe", EXE),
            ("page.html", HTML),
            ("drawing.svg", SVG_SCRIPT),
            ("notes.txt", HTML),
            ("report.docx", EXE),
        ):
            with self.subTest(name=name):
                response = self._upload(name, content)
                self.assertEqual(response.status_code, 400, response.text[:300])
                self.assertIn(name, response.text)
        self.assertEqual(self._files(self.complaint_alice), before)
        # control
        response = self._upload("photo2.png", PNG)
        self.assertEqual(response.status_code, 200, response.text[:300])
        self.assertIn("photo2.png", self._files(self.complaint_alice).mapped("name"))

    def test_oversized_with_default_limits(self):
        self.assertEqual(self.company.complaint_portal_file_size, 10)
        with self.assertRefused("scan.pdf: the file is larger than 10 MB"):
            self._post_as_alice(("scan.pdf", PDF + b"0" * (11 * 1024 * 1024)))

    def test_upload_route_oversized(self):
        # Odoo's HTTP layer itself refuses forms over 10 MB (413)
        self.company.complaint_portal_file_size = 1
        self.authenticate("por_alice", "por_alice")
        response = self._upload("scan.pdf", PDF + b"0" * (1536 * 1024))
        self.assertEqual(response.status_code, 400)
        self.assertIn("scan.pdf: the file is larger than 1 MB", response.text)
        self.assertNotIn("scan.pdf", self._files(self.complaint_alice).mapped("name"))
        response = self._upload("scan.pdf", PDF + b"0" * (512 * 1024))
        self.assertEqual(response.status_code, 200, response.text[:300])

    def test_pending_upload_then_post_as_portal_user(self):
        self.authenticate("por_alice", "por_alice")
        disguised = self._pending("report.docx", EXE)
        result = self._post(self.complaint_alice, "disguised", disguised)
        self.assertIn("report.docx", json.dumps(result.get("error", {})))
        self.assertFalse(self._messages(self.complaint_alice, "disguised"))
        self.assertNotIn(disguised, self._files(self.complaint_alice))
        # control
        photo = self._pending("photo2.png", PNG)
        result = self._post(self.complaint_alice, "real photo", photo)
        self.assertNotIn("error", result)
        message = self._messages(self.complaint_alice, "real photo")
        self.assertEqual(message.attachment_ids, photo)
        self.assertEqual(photo.res_model, "complaint.complaint")

    def test_update_content_as_portal_user(self):
        self.authenticate("por_alice", "por_alice")
        result = self._post(
            self.complaint_alice, "first version", self.env["ir.attachment"]
        )
        self.assertNotIn("error", result)
        message = self._messages(self.complaint_alice, "first version")
        self.assertEqual(message.author_id, self.alice.partner_id)
        svg = self._pending("drawing.png", SVG_SCRIPT)

        def update(attachments):
            return self._json(
                "/mail/message/update_content",
                {
                    "message_id": message.id,
                    "body": "second version",
                    "attachment_ids": attachments.ids,
                    "attachment_tokens": attachments.mapped("access_token"),
                },
            )

        result = update(svg)
        self.assertIn("drawing.png", json.dumps(result.get("error", {})))
        self.assertFalse(message.attachment_ids)
        # control
        photo = self._pending("photo2.png", PNG)
        result = update(photo)
        self.assertNotIn("error", result)
        self.assertEqual(message.attachment_ids, photo)

    # ------------------------------------------------------------------
    # Chatter routes, visitor with the complaint's link
    # ------------------------------------------------------------------
    def test_visitor_with_token(self):
        token = self.complaint_bob.access_token
        response = self._upload("page.html", HTML, self.complaint_bob, token=token)
        self.assertEqual(response.status_code, 400)
        disguised = self._pending("notes.txt", HTML, self.complaint_bob, token=token)
        result = self._post(self.complaint_bob, "visitor file", disguised, token=token)
        self.assertIn("notes.txt", json.dumps(result.get("error", {})))
        self.assertFalse(self._messages(self.complaint_bob, "visitor file"))
        # control
        text = self._pending("notes.txt", TEXT, self.complaint_bob, token=token)
        result = self._post(self.complaint_bob, "visitor text", text, token=token)
        self.assertNotIn("error", result)
        self.assertEqual(
            self._messages(self.complaint_bob, "visitor text").attachment_ids, text
        )

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

    def test_staff_routes(self):
        self.authenticate("pol_officer", "pol_officer")
        response = self._upload("page.html", HTML)
        self.assertEqual(response.status_code, 400)
        self.assertIn("page.html", response.text)
        response = self._upload("audit.pdf", PDF)
        self.assertEqual(response.status_code, 200, response.text[:300])
        self.assertIn("audit.pdf", self._files(self.complaint_alice).mapped("name"))
        # /mail/message/update_content with a file of another record
        result = self._post(
            self.complaint_alice, "staff note", self.env["ir.attachment"]
        )
        self.assertNotIn("error", result)
        message = self._messages(self.complaint_alice, "staff note")
        result = self._json(
            "/mail/message/update_content",
            {
                "message_id": message.id,
                "body": "staff note, edited",
                "attachment_ids": self.partner_html.ids,
                "attachment_tokens": [self.partner_html.access_token],
            },
        )
        self.assertIn("newsletter.html", json.dumps(result.get("error", {})))
        self.assertFalse(message.attachment_ids)
        result = self._json(
            "/mail/message/update_content",
            {
                "message_id": message.id,
                "body": "staff note, edited",
                "attachment_ids": self.partner_pdf.ids,
                "attachment_tokens": [self.partner_pdf.access_token],
            },
        )
        self.assertNotIn("error", result)
        self.assertEqual(message.attachment_ids, self.partner_pdf)

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

    # ------------------------------------------------------------------
    # Portal form: same policy, same behaviour
    # ------------------------------------------------------------------
    def test_portal_form_disguised_files(self):
        Complaint = self.env["complaint.complaint"]
        before = Complaint.search_count([])
        response = self.url_open(
            "/complaint/new",
            data=self._form(
                name="Li Wei", email="li.wei@example.com", phone="+86 138 0000 0000"
            ),
            files=[
                ("attachments", ("notes.txt", HTML, "text/plain")),
                ("attachments", ("report.docx", EXE, "application/octet-stream")),
                ("attachments", ("photo.png", SVG_SCRIPT, "image/png")),
            ],
        )
        self.assertEqual(response.status_code, 400)
        for name in ("notes.txt", "report.docx", "photo.png"):
            self.assertIn(
                f"{name}: the content of this file is not accepted", response.text
            )
        self.assertIn('value="Li Wei"', response.text)
        self.assertIn("It leaks since the first day.", response.text)
        self.assertEqual(Complaint.search_count([]), before)
        # control
        response = self.url_open(
            "/complaint/new",
            data=self._form(
                name="Li Wei", email="li.wei@example.com", phone="+86 138 0000 0000"
            ),
            files=[
                ("attachments", ("notes.txt", TEXT, "text/plain")),
                ("attachments", ("invoice.pdf", PDF, "application/pdf")),
            ],
        )
        self.assertEqual(response.status_code, 200, response.text[-1000:])
        complaint = Complaint.search([], order="id desc", limit=1)
        self.assertEqual(
            sorted(complaint.portal_attachment_ids.mapped("name")),
            ["invoice.pdf", "notes.txt"],
        )
