from odoo import http
from odoo.http import request


class ComplaintStatistics(http.Controller):
    @http.route(
        ["/complaint/statistics"],
        type="http",
        auth="public",
        methods=["GET"],
        website=True,
    )
    def complaint_statistics(self, **kw):
        """The company's complaint figures, for anyone, when it publishes them."""
        company = request.env.company
        if not company.complaint_statistics_published:
            raise request.not_found()
        values = {
            "company": company,
            "stats": request.env["complaint.public.statistics"]._get_statistics(
                company
            ),
        }
        return request.render("complaint_portal.complaint_statistics_page", values)
