from collections import OrderedDict

from odoo import models


class IrActionsReport(models.Model):
    _inherit = "ir.actions.report"

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
