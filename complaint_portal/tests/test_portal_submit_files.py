"""Files sent with the portal form: refused with their names, limited per
complaint, never taken from a text field."""

import uuid
from unittest.mock import patch

from odoo.tests import tagged
from odoo.tools import mute_logger

from ..models.complaint_complaint_submission import retry_later
from .test_portal_submit import PortalSubmitCase


@tagged("post_install", "-at_install")
class TestPortalSubmitFiles(PortalSubmitCase):
    def test_files_sent_as_text_fields_are_refused_as_missing(self):
        """A crafted form sends file parts under the text fields' names: Odoo
        hands them to the route as those fields; the form answers, it does
        not crash."""
        before = self._count()
        data = self._visitor()
        files = {}
        for name in ("subject", "date_problem", "submission_key", "email"):
            data.pop(name, None)
            files[name] = ("x.txt", b"x", "text/plain")
        response = self.url_open("/complaint/new", data=data, files=files)
        self.assertEqual(response.status_code, 400, response.text[-500:])
        self.assertIn("Give your complaint a short title.", response.text)
        self.assertEqual(self._count(), before)
        for route, names in (
            ("/complaint/track", ("number", "email")),
            ("/complaint/status", ("number", "passcode")),
        ):
            with self.subTest(route=route):
                response = self.url_open(
                    route,
                    data={"csrf_token": self._csrf()},
                    files={name: ("x.txt", b"x", "text/plain") for name in names},
                )
                # answered with the page (a mismatch is a 400), not a crash
                self.assertLess(response.status_code, 500, response.text[-500:])
                self.assertIn("csrf_token", response.text)
        # control: the same form with its text files the complaint
        response = self.url_open("/complaint/new", data=self._visitor())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self._count(), before + 1)

    def test_refused_files_are_named(self):
        self.company.complaint_portal_file_size = 0.001  # about 1 kB
        before = self._count()
        response = self.url_open(
            "/complaint/new",
            data=self._visitor(),
            files=[
                (
                    "attachments",
                    ("virus.exe", b"MZ\x90\x00", "application/octet-stream"),
                ),
                (
                    "attachments",
                    ("big.pdf", b"%PDF-1.4 " + b"x" * 5000, "application/pdf"),
                ),
                (
                    "attachments",
                    ("page.png", b"<html><script>1</script></html>", "image/png"),
                ),
            ],
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("virus.exe: this type of file is not accepted", response.text)
        self.assertIn("big.pdf: the file is larger than 0.001 MB", response.text)
        self.assertIn(
            "page.png: the content of this file is not accepted", response.text
        )
        self.assertEqual(self._count(), before)

    def test_total_size_per_complaint(self):
        self.company.complaint_portal_total_size = 0.005  # about 5 kB
        response = self.url_open(
            "/complaint/new",
            data=self._visitor(),
            files=[
                ("attachments", ("a.txt", b"a" * 3000, "text/plain")),
                ("attachments", ("b.txt", b"b" * 3000, "text/plain")),
            ],
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("exceed 0.005 MB: a.txt and b.txt", response.text)

    def test_a_form_retried_reads_every_file_again(self):
        """Two sends of one form at once: the second is retried by Odoo, which
        rewinds only the first file of each field; the second file read as
        empty, and the visitor was told "b.txt: the file is empty" instead of
        the number of the complaint filed."""
        Complaint = type(self.env["complaint.complaint"])
        original = Complaint._portal_create
        read = []

        def concurrent_once(model, values, files, key=None):
            read.append([content for _name, content in files])
            if len(read) == 1:
                raise retry_later(ValueError("filed by the other request"))
            return original(model, values, files, key=key)

        before = self._count()
        with (
            patch.object(Complaint, "_portal_create", concurrent_once),
            mute_logger("odoo.service.model"),
        ):
            response = self.url_open(
                "/complaint/new",
                data=self._visitor(submission_key=uuid.uuid4().hex),
                files=[
                    ("attachments", ("a.txt", b"a" * 300, "text/plain")),
                    ("attachments", ("b.txt", b"b" * 300, "text/plain")),
                ],
            )
        self.assertEqual(response.status_code, 200, response.text[-500:])
        self.assertEqual(read[1], read[0], "the retry read the same files")
        self.assertEqual(read[0], [b"a" * 300, b"b" * 300])
        self.assertEqual(self._count(), before + 1)
        self.assertIn("/complaint/thanks/", response.url)
