"""Scheduled work that survives a bad record.

Every batch job of the addons (the time-limit sweep, retention, the monthly
review mailing, the quality-review draw, the proposals of corrective actions
for recurring problems, repeat and batch detection, email intake) runs its
records through a :class:`JobRun` (``tools/job_run.py``): each batch under a
savepoint; a batch that fails is split in parts down to the single record, so
every healthy record is processed in the same run. A record that fails is
logged, skipped, counted and kept in ``complaint.job.failure``; the complaint
managers are told once, when it first fails. The next run retries the known
failures one by one before the other batches, so a record that keeps failing
costs one attempt per run, not a bisection; once it succeeds its failure row
goes away.
"""

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.job_run import JobRun, whole_seconds

JOBS = [
    ("sla_sweep", "Time-limit sweep"),
    ("sla_replan", "Time limits replanned after a calendar change"),
    ("party_overdue", "Complained-about parties overdue"),
    ("external_sweep", "Spill-over deadlines"),
    ("retention", "Retention (de-identification)"),
    ("review", "Monthly management review"),
    ("detection", "Repeat and batch detection"),
    ("mail_intake", "Email intake"),
    ("sample_draw", "Quality review draw"),
    ("recurring_actions", "Recurring problems proposed as corrective actions"),
]


class ComplaintJobFailure(models.Model):
    _name = "complaint.job.failure"
    _inherit = ["complaint.system.record", "mail.thread"]
    _description = "Record a scheduled complaint job could not process"
    _order = "date_last desc, id desc"
    _rec_name = "record_name"

    job = fields.Selection(JOBS, required=True, readonly=True)
    res_model = fields.Char("Model", required=True, readonly=True)
    res_id = fields.Many2oneReference(
        "Record ID", model_field="res_model", required=True, readonly=True
    )
    record_name = fields.Char("Record", readonly=True)
    record_ref = fields.Reference(
        selection="_selection_record_ref",
        string="Open record",
        compute="_compute_record_ref",
    )
    company_id = fields.Many2one("res.company", readonly=True, index=True)
    error = fields.Text(readonly=True)
    date_first = fields.Datetime("First failed", readonly=True)
    date_last = fields.Datetime("Last failed", readonly=True)
    fail_count = fields.Integer("Failed runs", readonly=True, default=1)
    run_lastcall = fields.Datetime(
        string="Noted in Run",
        readonly=True,
        help="The run of the scheduled action that noted it last (the end of "
        "its previous run); none when noted outside a run. A run does not "
        "retry what it noted itself: the next one does.",
    )

    _sql_constraints = [
        (
            "record_uniq",
            "unique(job, res_model, res_id)",
            "A record is registered once per job.",
        )
    ]

    @api.ondelete(at_uninstall=False)
    def _unlink_not_a_companys_missed_months(self):
        """A company's monthly job (a quality review draw, the recurring
        problems) makes up the months it missed from its entry: deleted, they
        were lost. It goes once the job succeeds."""
        if self.env.su:
            return
        monthly = self.filtered(
            lambda f: f.job in ("sample_draw", "recurring_actions")
            and f.res_model == "res.company"
        )
        # sudo: whether their companies still work (one read for all)
        companies = self.env["res.company"].sudo().browse(monthly.mapped("res_id"))
        if companies.exists().filtered("active"):
            raise UserError(
                self.env._(
                    "A company's monthly job makes up the months it missed from "
                    "this entry: it goes by itself once the job succeeds. Fix "
                    "what stops it (its message says what)."
                )
            )

    @api.model
    def _selection_record_ref(self):
        return [(model.model, model.name) for model in self.env["ir.model"].search([])]

    @api.depends("res_model", "res_id")
    def _compute_record_ref(self):
        for failure in self:
            failure.record_ref = (
                f"{failure.res_model},{failure.res_id}"
                if failure.res_model in self.env and failure.res_id
                else False
            )

    @api.model
    def _job_start(self, job, model_name, retries=True):
        """A new run of ``job`` over records of ``model_name``; ``retries``:
        the job meets the same records again (a cron), so earlier failures
        are retried and forgotten once they succeed."""
        # sudo: jobs act for everyone, and register what they could not do
        return JobRun(self.sudo(), job, model_name, retries)

    @api.model
    def _job_settled(self, job, records):
        """``records`` had ``job`` done by hand (a job that meets a record
        once, such as the email intake, never retries it): its failures
        leave the register."""
        # sudo: the register is the managers'; whoever settles the record
        self.sudo().search(
            [
                ("job", "=", job),
                ("res_model", "=", records._name),
                ("res_id", "in", records.ids),
            ]
        ).unlink()

    @api.model
    def _note(self, job, record, error, failure=None):
        """Register a failure; tell the managers the first time only. A job
        that meets a record once (``failure`` unknown to it: detection, the
        email intake) and fails on it again tells them again: it is a new
        event, not the same record retried."""
        now = fields.Datetime.now()
        message = str(error) or error.__class__.__name__
        # a company's own job (a monthly draw, a review) is its managers'
        if record._name == "res.company":
            company = record
        else:
            company = record.company_id if "company_id" in record._fields else False
        if company and not company.active:
            # an archived company's records (retention still reaches them) are
            # in nobody's companies: registered and told for every company
            company = False
        again = not failure and self.search(
            [
                ("job", "=", job),
                ("res_model", "=", record._name),
                ("res_id", "=", record.id),
            ],
            limit=1,
        )
        lastcall = self.env.context.get("lastcall")
        run_lastcall = whole_seconds(lastcall) if lastcall else False
        if failure or again:
            (failure or again).write(
                {
                    "error": message,
                    "run_lastcall": run_lastcall,
                    "date_last": now,
                    "fail_count": (failure or again).fail_count + 1,
                }
            )
            if again:
                again._report(company)
            return failure or again
        failure = self.create(
            {
                "job": job,
                "res_model": record._name,
                "res_id": record.id,
                "record_name": record.display_name,
                "company_id": company and company.id,
                "error": message,
                "date_first": now,
                "date_last": now,
                "run_lastcall": run_lastcall,
            }
        )
        failure._report(company)
        return failure

    def _report(self, company):
        """One message to the complaint managers, with the error and a link,
        in the company's language (jobs run without one); a failure of no
        company (an archived one's record) to those of every company."""
        self.ensure_one()
        self = self.with_context(  # noqa: PLW0642
            lang=(company or self.env.company)._complaint_lang()
        )
        managers = self.env["complaint.complaint"]._get_complaint_managers(
            company or self.env["res.company"].sudo().search([])  # sudo: every company
        )
        job = dict(self._fields["job"]._description_selection(self.env))[self.job]
        if self.job == "mail_intake":
            # met once: the email is filed with what it gave
            text = self.env._(
                "The job “%(job)s” could not file %(record)s in full: it is "
                "filed with what the email gave; complete it by hand.",
                job=job,
                record=self.record_name,
            )
        else:
            text = self.env._(
                "The scheduled job “%(job)s” could not process %(record)s; it is "
                "skipped and retried at every run until it succeeds.",
                job=job,
                record=self.record_name,
            )
        body = Markup("<p>%s</p><p><a href='%s'>%s</a></p><pre>%s</pre>") % (
            text,
            f"/web#model={self.res_model}&id={self.res_id}&view_type=form",
            self.record_name,
            self.error,
        )
        self.message_post(
            body=body,
            partner_ids=managers.partner_id.ids,
            author_id=self.env.ref("base.partner_root").id,
            message_type="notification",
            subtype_xmlid="mail.mt_comment",
        )
