import functools
import io
import logging
import subprocess
from collections import OrderedDict

from reportlab.pdfgen import canvas

from odoo import api, models
from odoo.tools.pdf import PdfFileReader, PdfFileWriter

from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin

_logger = logging.getLogger(__name__)


@functools.cache
def _wkhtmltopdf_has_patched_qt():
    """Whether the installed wkhtmltopdf is the build with the patched Qt, the
    only one that honours --header-html and --footer-html. Asked once per
    process: the binary does not change while Odoo runs."""
    try:
        out = subprocess.run(
            [_get_wkhtmltopdf_bin(), "--version"],
            capture_output=True,
            check=False,
            timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        _logger.info("wkhtmltopdf --version failed", exc_info=True)
        return False
    return b"with patched qt" in out.lower()


# Reports of several pages numbered "n / N" at the foot of each page: drawn on
# the PDF, so that it works with every wkhtmltopdf build (the footer's page
# counter needs the patched Qt) and reads the same in every language.
PAGE_NUMBERED_REPORTS = ("complaint_reports.report_management_review",)


def _number_pages(content):
    # PyPDF2 2 and pypdf name the methods in snake case, PyPDF2 1 in camel case
    reader = PdfFileReader(io.BytesIO(content), overwriteWarnings=False)
    pages = list(reader.pages)
    writer = PdfFileWriter()
    for index, page in enumerate(pages):
        box = getattr(page, "mediabox", None) or page.mediaBox
        left, bottom, right, top = (float(value) for value in box)
        width, height = right - left, top - bottom
        stamp = io.BytesIO()
        can = canvas.Canvas(stamp, pagesize=(width, height))
        can.setFont("Helvetica", 8)
        can.setFillGray(0.4)
        can.drawCentredString(width / 2, 14, f"{index + 1} / {len(pages)}")
        can.save()
        number = PdfFileReader(stamp, overwriteWarnings=False).pages[0]
        (getattr(page, "merge_page", None) or page.mergePage)(number)
        # the merge leaves the page's content uncompressed (3 times the size)
        compress = getattr(page, "compress_content_streams", None)
        (compress or page.compressContentStreams)()
        (getattr(writer, "add_page", None) or writer.addPage)(page)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

    @api.model
    def _complaint_header_footer_supported(self):
        """Whether wkhtmltopdf prints the layout's header and footer (company
        letterhead); Debian's build without the patched Qt ignores them."""
        if self.get_wkhtmltopdf_state() in ("install", "broken"):
            return False
        return _wkhtmltopdf_has_patched_qt()

    def _get_rendering_context(self, report, docids, data):
        data = super()._get_rendering_context(report, docids, data)
        if report.report_name.startswith("complaint_reports."):
            # The PDF of a build that drops the header shows the letterhead in
            # the page body instead; the HTML preview always shows the header.
            body_letterhead = (
                data.get("report_type") == "pdf"
                and not self._complaint_header_footer_supported()
            )
            data["complaint_body_letterhead"] = body_letterhead
            if body_letterhead:
                # no header or footer to leave room for on the pages (mm)
                data.setdefault("data_report_margin_top", 12)
                data.setdefault("data_report_margin_bottom", 12)
        return data

    def _render_qweb_pdf(self, report_ref, res_ids=None, data=None):
        content, kind = super()._render_qweb_pdf(report_ref, res_ids=res_ids, data=data)
        report = self._get_report(report_ref)
        if kind == "pdf" and report.report_name in PAGE_NUMBERED_REPORTS:
            content = _number_pages(content)
        return content, kind

    def _render_qweb_pdf_prepare_streams(self, report_ref, data, res_ids=None):
        report = self._get_report(report_ref)
        if report.model != "complaint.complaint" or not res_ids or len(res_ids) < 2:
            return super()._render_qweb_pdf_prepare_streams(
                report_ref, data, res_ids=res_ids
            )
        # wkhtmltopdf builds without the patched Qt (Debian's among them) refuse
        # several input pages in one call; printing complaints one call each works
        # with every build, and Odoo merges the streams into one document.
        streams = OrderedDict()
        for res_id in res_ids:
            streams.update(
                super()._render_qweb_pdf_prepare_streams(
                    report_ref, dict(data or {}), res_ids=[res_id]
                )
            )
        return streams
