import base64

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date, is_html_empty

from odoo.addons.complaint_management.tools.context_defaults import changed_fields
from odoo.addons.complaint_management.tools.dates import months_from

from ..wizard.complaint_review import (
    check_review_period,
    default_date_from,
    default_date_to,
)

REVIEW_REPORT = "complaint_reports.action_report_management_review"


class ComplaintManagementReview(models.Model):
    """A management review as it was held: the period, its printed review
    (kept as it was sent), who attended and the decisions taken (ISO 10002
    and GB/T 19012, management review). The monthly scheduled action creates
    one per company and sends it to the complaint managers."""

    _name = "complaint.management.review"
    _description = "Complaint Management Review"
    _inherit = [
        "complaint.company.guard",
        "complaint.workflow.guard",
        "mail.thread",
        "complaint.activity.tasks",
    ]
    _order = "date_from desc, id desc"
    _workflow_fields = ("state", "date_held", "report_attachment_id", "sent_report_ids")

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date_from = fields.Date(
        string="From",
        required=True,
        default=default_date_from,
    )
    date_to = fields.Date(
        string="To",
        required=True,
        default=default_date_to,
    )
    state = fields.Selection(
        [("draft", "To Hold"), ("held", "Held")],
        default="draft",
        required=True,
        readonly=True,
        tracking=True,
        # a copy is a new review to hold
        copy=False,
    )
    date_held = fields.Date(string="Held On", readonly=True, copy=False)
    attendee_ids = fields.Many2many("res.users", string="Attendees")
    decisions = fields.Html(
        help="What was decided: corrective actions, resources, changes to the "
        "complaint handling policy."
    )
    report_attachment_id = fields.Many2one(
        "ir.attachment",
        string="Printed Review",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    # the printed reviews a message sent: kept as they were sent
    sent_report_ids = fields.Many2many(
        "ir.attachment",
        "complaint_management_review_sent_report_rel",
        "review_id",
        "attachment_id",
        string="Printed Reviews Sent",
        readonly=True,
        copy=False,
    )
    # read with the reader's own rights on the attachment, never as superuser
    report_file = fields.Binary(
        related="report_attachment_id.datas", related_sudo=False
    )
    report_file_name = fields.Char(
        related="report_attachment_id.name",
        related_sudo=False,
        string="Printed Review File Name",
    )

    @api.depends("date_from", "date_to", "company_id")
    def _compute_name(self):
        # a shared record, named once: in its company's language (words and
        # dates), not in whoever created it's
        for review in self:
            env = review.with_context(lang=review.company_id._complaint_lang()).env
            review.name = env._(
                "Management Review %(date_from)s - %(date_to)s",
                date_from=format_date(env, review.date_from),
                date_to=format_date(env, review.date_to),
            )

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for review in self:
            check_review_period(self.env, review.date_from, review.date_to)

    def _check_draft(self):
        if any(review.state != "draft" for review in self):
            raise UserError(
                self.env._("A held review is a record: it does not change any more.")
            )

    def write(self, vals):
        if set(vals) & {
            "name",
            "date_from",
            "date_to",
            "company_id",
            "decisions",
            "attendee_ids",
        }:
            self._check_draft()
        if {"date_from", "date_to", "company_id"} & vals.keys():
            self._check_not_sent(vals)
        moved = {"date_from", "date_to", "company_id"} & vals.keys()
        printed = (
            {review: review.report_attachment_id for review in self} if moved else {}
        )
        res = super().write(vals)
        if moved:
            # the PDF printed covers the old period or company: printed anew
            # when the review is held (or refreshed); the old file goes (it
            # would stay in the chatter of another company's review)
            self._workflow_write({"report_attachment_id": False})
            for review, old in printed.items():
                (old - review.sent_report_ids).unlink()
        return res

    def _check_not_sent(self, vals):
        """A review sent to the managers is that company's review of that
        period: moved, its sent PDF would reach another company's managers
        and the company would never get the review of its month again."""
        for review in self.filtered("sent_report_ids"):
            if changed_fields(review, vals, ("date_from", "date_to", "company_id")):
                raise UserError(
                    self.env._(
                        "%(review)s was sent to the complaint managers: its "
                        "company and period no longer change. Create a review "
                        "for the other period or company.",
                        review=review.name,
                    )
                )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_held(self):
        self._check_draft()

    def action_refresh_report(self):
        """Print the review of the period and keep the PDF on the record."""
        self._check_draft()
        for review in self:
            # the month in the company's time zone whoever prints it again,
            # as the monthly job counted it (the kept PDF must not change
            # with the time zone of the manager who reprints it)
            env = self.with_context(tz=review.company_id._complaint_tz()).env
            printable = env["complaint.review"].create(
                {
                    "date_from": review.date_from,
                    "date_to": review.date_to,
                    "company_ids": [fields.Command.set(review.company_id.ids)],
                }
            )
            content, _kind = env["ir.actions.report"]._render_qweb_pdf(
                REVIEW_REPORT, printable.ids
            )
            old = review.report_attachment_id
            attachment = self.env["ir.attachment"].create(
                {
                    "name": f"{printable._report_file_name()}.pdf",
                    "datas": base64.b64encode(content),
                    "res_model": self._name,
                    "res_id": review.id,
                    "mimetype": "application/pdf",
                }
            )
            review._workflow_write({"report_attachment_id": attachment.id})
            # the file a message sent stays with it
            (old - review.sent_report_ids).unlink()
        return True

    def action_hold(self):
        """The review took place: its decisions are recorded, its PDF kept."""
        self._check_draft()
        for review in self:
            # the period's end where the company works, whoever holds it
            if review.date_to >= review.company_id._complaint_today():
                raise UserError(
                    self.env._(
                        "%(review)s covers days still to come: it is held once "
                        "its period has ended.",
                        review=review.name,
                    )
                )
            if is_html_empty(review.decisions):
                raise UserError(
                    self.env._(
                        "Record the decisions taken on %(review)s before closing it.",
                        review=review.name,
                    )
                )
            # printed now, the period over: a PDF printed while it ran would
            # miss its last days, and be kept as the review's record
            review.action_refresh_report()
            review._workflow_write(
                {"state": "held", "date_held": review.company_id._complaint_today()}
            )
        return True

    def action_print(self):
        self.ensure_one()
        if not self.report_attachment_id:
            self.action_refresh_report()
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.report_attachment_id.id}?download=true",
            "target": "self",
        }

    # ------------------------------------------------------------------
    # The monthly review
    # ------------------------------------------------------------------
    @api.model
    def _cron_send_monthly_review(self):
        """Last month's review of each company, recorded and sent to its
        complaint managers, once the month is over where the company is.

        The job runs daily: a company's month ends in its time zone
        (``res.company._complaint_tz``), a day before or after it ends in
        UTC, and its review is made on the first run after that. Each
        company under a savepoint (``complaint.job.failure``): a company
        whose review cannot be built or sent is skipped, registered and
        reported once; the other companies get theirs. A month is sent once
        (``complaint_review_month``; a review deleted since is not made
        again), preceded by the months a company missed since its last
        review sent (its failure, or no manager to send it to). The review is
        made in the company partner's language."""
        managers = self.env.ref(
            "complaint_management.complaint_management_group_manager"
        ).users.filtered(lambda u: u.active and not u.share)
        run = self.env["complaint.job.failure"]._job_start("review", "res.company")
        reviews = self.browse()
        # a second run (by hand, or after a restart before the job was
        # rescheduled) neither records nor mails a review again
        # sudo: every company's reviews, whoever runs the job
        # (a whole month's: one a manager recorded for part of a month does
        # not stand for the month's)
        done = {
            (review.company_id.id, review.date_from)
            for review in self.sudo().search(
                [("date_from", ">", fields.Date.today() - relativedelta(months=13))]
            )
            if review.date_to == review.date_from + relativedelta(months=1, days=-1)
        }

        def send(company):
            nonlocal reviews
            recipients = managers.filtered(lambda u: company in u.company_ids)
            if not recipients:
                return
            # the month in the company's time zone, as its indicators screen
            # counts it, printed in the company's language
            tz = company._complaint_tz()
            local = self.with_context(tz=tz, lang=company._complaint_lang())
            month = company._complaint_last_month()
            sent = company.sudo().complaint_review_month  # sudo: the job's mark
            if sent and sent >= month:
                return
            # a company whose review failed gets the months it missed too:
            # those since its last review sent (a year at most), whether or
            # not its failure is still registered (a manager may delete it);
            # one never sent, those since its failure
            periods = (
                months_from(sent + relativedelta(months=1), month)
                if sent
                else run.periods(company.with_context(tz=tz), month)
            )
            for period in periods:
                if (company.id, period) in done or (sent and period <= sent):
                    continue
                reviews |= local._send_review(
                    company,
                    recipients,
                    period,
                    period + relativedelta(months=1, days=-1),
                )
            company.sudo().complaint_review_month = month  # sudo: the job's mark

        companies = self.env["res.company"].search([])
        # a company archived since: its entry goes
        run.forget_unqualified(companies.ids)
        run.process_each(companies, send)
        return reviews

    @api.model
    def _send_review(self, company, recipients, date_from, date_to):
        review = self.create(
            {"company_id": company.id, "date_from": date_from, "date_to": date_to}
        )
        review.action_refresh_report()
        review.message_subscribe(partner_ids=recipients.partner_id.ids)
        lang = company._complaint_lang()
        review.with_context(lang=lang).message_post(
            body=review.with_context(lang=lang).env._(
                "The complaint management review of %(period)s: the indicators "
                "beside those of the period before, the trend, the recurring "
                "problems and the improvement loop. Record the decisions taken "
                "on the review.",
                period=review.name,
            ),
            attachment_ids=review.report_attachment_id.ids,
            partner_ids=recipients.partner_id.ids,
            subtype_xmlid="mail.mt_comment",
            email_from=company.email_formatted or None,
        )
        review._workflow_write(
            {"sent_report_ids": [fields.Command.link(review.report_attachment_id.id)]}
        )
        return review
