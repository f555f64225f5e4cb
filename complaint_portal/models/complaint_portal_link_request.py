from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.complaint_management.tools.form_text import half_width
from odoo.addons.complaint_management.tools.langs import by_company_lang


class ComplaintPortalLinkRequest(models.Model):
    """A secure link asked for on ``/complaint/track``, sent by a cron.

    The tracking page must not tell, even by its answer time, whether a number
    and an email match: every request costs the same (one look-up, one row, one
    cron trigger) and the mail is built and sent later, to the complainant
    only, with an internal note on the complaint. Rows without a complaint are
    the requests that matched nothing; the cron drops them, and those it
    sent. A link that could not be sent stays asked for and is retried at the
    next run (``complaint.job.failure``).
    """

    _name = "complaint.portal.link.request"
    _description = "Secure link requested on the portal"
    _log_access = False

    complaint_id = fields.Many2one(
        "complaint.complaint", ondelete="cascade", index="btree_not_null"
    )
    date = fields.Datetime(default=fields.Datetime.now, required=True)

    @api.model
    def _ask(self, number, email, remote_ip):
        """Email the secure link when number and email match; tell nobody.

        :return: False only when the rate limit refused the request
        """
        RateLog = self.env["complaint.portal.rate.log"]
        company = self.env.company.sudo()  # sudo: the rate limits, staff-only
        track_key = RateLog._address_key("track", remote_ip)
        if not RateLog._hit(
            {track_key: company.complaint_portal_limit_ip},
            company.complaint_portal_limit_minutes,
        ):
            return False
        number = half_width(number).strip()
        email = half_width(email).strip().lower()
        if not number or not email:
            return True
        # sudo: visitors cannot read complaints; only a matching pair is used,
        # and the caller learns nothing from the result.
        # a number is unique in its company: companies numbering alike may
        # share it, and the address tells whose complaint it is
        candidates = (
            self.env["complaint.complaint"]
            .sudo()
            .search([("name", "in", list({number, number.upper()}))], limit=10)
        )
        matched = self.env["complaint.complaint"].sudo().browse()
        for candidate in candidates:
            known = {
                (candidate.complainant_email or "").strip().lower(),
                (candidate.partner_id.email or "").strip().lower(),
            } - {""}
            if email in known:
                # a merged number: the kept complaint's link when it is the
                # same complainant's, else its own (the kept one's would go to
                # another complainant's address)
                matched |= candidate._portal_merge_kept()
        # the same work whether or not the pair matches: the mail goes later
        self._queue(matched)
        return True

    @api.model
    def _queue(self, complaints):
        """A request for each complaint's link, or an empty one (the same work
        whether or not the number and address matched)."""
        # sudo: visitors queue requests; nobody reads them but the cron
        self.sudo().create(
            [{"complaint_id": complaint.id} for complaint in complaints]
            or [{"complaint_id": False}]
        )
        self.env.ref("complaint_portal.ir_cron_portal_link_request")._trigger()

    @api.model
    def _cron_send_links(self, limit=500):
        template = self.env.ref(
            "complaint_portal.mail_template_complaint_portal_access",
            raise_if_not_found=False,
        )
        run = self.env["complaint.job.failure"]._job_start(
            "portal_link", "complaint.complaint"
        )
        if not template:
            # deleted by hand: every link would fail, and each one was told
            # to the managers; one failure says it, the links wait for it
            first = self.search([("complaint_id", "!=", False)], limit=1)
            if first:
                run.fail(
                    first.complaint_id,
                    UserError(
                        self.env._(
                            "The email template of the secure link is missing "
                            "(deleted): no link is sent until it is restored "
                            "(upgrade the Complaint Portal module)."
                        )
                    ),
                )
            return run.summary()
        now = fields.Datetime.now()
        # the links that failed before are retried beside the batch's new
        # work, not as it: failing again, they would fill every batch, run
        # after run, and the links asked for since would never go. At most a
        # batch of them, those retried the longest ago first
        # the failures of complaints with no link asked for any longer
        # (deleted with their complaint): out of the register
        if run.known:
            run.forget_unqualified(
                self.search([("complaint_id", "in", list(run.known))]).complaint_id.ids
            )
        known = list(run.known)
        oldest = sorted(
            run.known.values(), key=lambda failure: failure.date_last or now
        )[:limit]
        retried = (
            self.search([("complaint_id", "in", [f.res_id for f in oldest])])
            if oldest
            else self.browse()
        )
        requests = self.search([("complaint_id", "not in", known)], limit=limit)
        # the note, and the email of a complainant without a language, in the
        # company's language; each complaint under its own savepoint
        for part in by_company_lang((retried | requests).complaint_id):
            for complaint in part:
                # one link a complaint per rate-limit period: requests sent
                # from many addresses for a known number flood nobody's inbox
                period = timedelta(
                    minutes=complaint.company_id.complaint_portal_limit_minutes
                )
                last = complaint.portal_link_sent
                if last and last > now - period:
                    continue
                run.process(complaint, lambda c: c._portal_send_link(template))
        # a link that could not be sent stays asked for: the next run retries
        # it (not this one: it is no work left for the cron's next batch)
        failed = list(run.failed_ids)
        (retried | requests).filtered(
            lambda r: r.complaint_id.id not in failed
        ).unlink()
        self.env["ir.cron"]._notify_progress(
            done=len(requests),
            # new work only: the links failing are retried at the next run
            remaining=self.search_count(
                [("complaint_id", "not in", list(set(known) | set(failed)))]
            ),
        )
        return run.summary()


class ComplaintJobFailure(models.Model):
    _inherit = "complaint.job.failure"

    job = fields.Selection(
        selection_add=[("portal_link", "Secure links asked for on the portal")],
        ondelete={"portal_link": "cascade"},
    )
