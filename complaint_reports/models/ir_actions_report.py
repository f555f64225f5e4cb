import functools
import logging
import subprocess
from collections import OrderedDict

from odoo import api, models

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
