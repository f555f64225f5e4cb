import io
from unittest.mock import patch

from lxml import html as lxml_html

from odoo.tests import tagged
from odoo.tools.pdf import PdfFileReader

from odoo.addons.complaint_reports.models import ir_actions_report as report_module

from .test_report_pdf import REPORTS, REVIEW_REPORT, ReportPdfCase


@tagged("post_install", "-at_install")
class TestReportLetterhead(ReportPdfCase):
    """The company's letterhead on every printed form, whether or not the
    wkhtmltopdf build prints page headers."""

    # company letterhead: header/footer of web.external_layout, or the page
    # body when wkhtmltopdf (Debian's, unpatched Qt) ignores --header-html

    def _header_supported(self, supported):
        return patch.object(
            type(self.env["ir.actions.report"]),
            "_complaint_header_footer_supported",
            return_value=supported,
        )

    def _print_html(self, report, records):
        """The HTML that goes to wkhtmltopdf when printing to PDF."""
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(report, records.ids, data={"report_type": "pdf"})[0]
            .decode()
        )
        return lxml_html.fromstring(html)

    def _in_body(self, tree, css_class):
        """The elements of that class in the page body (div.article), not in
        the header or footer handed to wkhtmltopdf apart."""
        return tree.xpath(
            "//div[contains(concat(' ', @class, ' '), ' article ')]"
            f"//div[contains(concat(' ', @class, ' '), ' {css_class} ')]"
        )

    def _body_letterheads(self, tree):
        return self._in_body(tree, "o_complaint_letterhead")

    def _review(self):
        return self.env["complaint.review"].create(
            {"date_from": "2019-01-01", "date_to": "2019-12-31"}
        )

    def _all_forms(self):
        forms = [(report, self.complaint_zh) for report in REPORTS]
        forms += [(report, self.complaint_en) for report in REPORTS]
        return [*forms, (REVIEW_REPORT, self._review())]

    def test_letterhead_in_the_body_when_header_unsupported(self):
        self.assertTrue(self.env.company.logo)
        for report, records in self._all_forms():
            with (
                self.subTest(report=report, records=records),
                self._header_supported(False),
            ):
                tree = self._print_html(report, records)
                letterheads = self._body_letterheads(tree)
                self.assertEqual(len(letterheads), 1, "the letterhead shows once")
                text = letterheads[0].text_content()
                self.assertIn("Letterhead Appliances Ltd", text)
                self.assertIn("88 Harbour Road", text)
                self.assertIn("Portsmouth", text)
                self.assertIn("care@letterhead.example.com", text)
                self.assertTrue(
                    letterheads[0].xpath(".//img[starts-with(@src, 'data:image')]"),
                    "the company logo is in the body",
                )
                footers = self._in_body(tree, "o_complaint_letterfoot")
                self.assertEqual(len(footers), 1)
                self.assertIn(
                    "https://letterhead.example.com", footers[0].text_content()
                )

    def test_no_body_letterhead_when_header_supported(self):
        """The patched build prints the layout's header: not a second time."""
        for report, records in self._all_forms():
            with (
                self.subTest(report=report, records=records),
                self._header_supported(True),
            ):
                tree = self._print_html(report, records)
                self.assertFalse(self._body_letterheads(tree))
                self.assertFalse(
                    tree.xpath("//*[contains(@class, 'o_complaint_letterfoot')]")
                )
                header = tree.xpath("//div[contains(@class, 'header')]")
                self.assertIn("88 Harbour Road", header[0].text_content())

    def test_html_preview_shows_the_header_only(self):
        with self._header_supported(False):
            html = self._html(REPORTS[0], self.complaint_en)
        self.assertNotIn("o_complaint_letterhead", html)
        self.assertIn("88 Harbour Road", html)

    def test_pdf_carries_the_letterhead_without_header_support(self):
        """The letter has no picture of its own: the image on its first page
        is the company logo of the letterhead printed in the body."""
        report = "complaint_reports.action_report_complaint_decision"
        with self._header_supported(False):
            content = self._pdf(report, self.complaint_en)
        page = PdfFileReader(io.BytesIO(content)).pages[0]
        images = [
            image
            for image in (page["/Resources"].get("/XObject") or {}).values()
            if image.get_object().get("/Subtype") == "/Image"
        ]
        self.assertEqual(len(images), 1)

    def test_header_support_follows_the_wkhtmltopdf_build(self):
        Report = self.env["ir.actions.report"]
        uncached = report_module._wkhtmltopdf_has_patched_qt.__wrapped__
        for version, supported in (
            (b"wkhtmltopdf 0.12.6 (with patched qt)\n", True),
            (b"wkhtmltopdf 0.12.6\n", False),
        ):
            with (
                self.subTest(version=version),
                patch.object(report_module, "_wkhtmltopdf_has_patched_qt", uncached),
                patch.object(report_module.subprocess, "run") as run,
                patch.object(type(Report), "get_wkhtmltopdf_state", return_value="ok"),
            ):
                run.return_value.stdout = version
                self.assertIs(Report._complaint_header_footer_supported(), supported)
