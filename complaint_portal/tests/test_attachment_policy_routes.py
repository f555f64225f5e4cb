import json

from odoo.tests import tagged

from .common import (
    EXE,
    HTML,
    PDF,
    PNG,
    SVG_SCRIPT,
    TEXT,
    AttachmentPolicyCase,
)


@tagged("post_install", "-at_install")
class TestAttachmentPolicyRoutes(AttachmentPolicyCase):
    """The same attachment policy on the HTTP doors: the chatter upload, post
    and edit routes (portal session, a visitor's link, staff) and the portal
    form; each refusal beside the legitimate path."""

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

    def _stored_pending(self, name, content, user):
        """A pending upload stored before uploads were checked (or by
        another door): the link to a message checks it."""
        Attachment = self.env["ir.attachment"].with_user(user).sudo()
        return Attachment.create(
            {
                "name": name,
                "raw": content,
                "res_model": "mail.compose.message",
                "res_id": 0,
                "access_token": Attachment._generate_access_token(),
            }
        )

    def _refused_upload(self, name, content, complaint=None, token=None):
        response = self._upload(name, content, complaint, pending=True, token=token)
        self.assertIn(name, response.json()["error"])
        self.assertFalse(self.env["ir.attachment"].sudo().search([("name", "=", name)]))

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
        return self._json_route("/mail/message/post", params)

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
        """A program named as a document is refused at its upload (it was
        stored, and served by its token, until a message linked it)."""
        self.authenticate("por_alice", "por_alice")
        self._refused_upload("report.docx", EXE)
        # one stored before (or by another door) is refused when linked
        disguised = self._stored_pending("notes.docx", EXE, self.alice)
        result = self._post(self.complaint_alice, "disguised", disguised)
        self.assertIn("notes.docx", json.dumps(result.get("error", {})))
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
        self._refused_upload("drawing.png", SVG_SCRIPT)
        svg = self._stored_pending("drawing.png", SVG_SCRIPT, self.alice)

        def update(attachments):
            return self._json_route(
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
        self._refused_upload("notes.txt", HTML, self.complaint_bob, token=token)
        public = self.env.ref("base.public_user")
        disguised = self._stored_pending("notes.txt", HTML, public)
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
        result = self._json_route(
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
        result = self._json_route(
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
