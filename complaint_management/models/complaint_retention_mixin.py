import logging

from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import SQL, email_normalize, format_date

from ..tools.chatter import drop_chatter
from ..tools.dates import local_date
from ..tools.langs import by_company_lang
from .complaint_party_mixin import PARTY_ACTIVITY
from .complaint_privacy_service import PRIVACY_GROUP
from .complaint_satisfaction_mixin import CALLBACK_ACTIVITY
from .complaint_states import DRAFT_REFUND, INTERNAL, PENDING_CASE

_logger = logging.getLogger(__name__)

# What a de-identified complaint keeps: everything statistics need (dates,
# states, classification, team, amounts, remedies, ratings' values) and nothing
# that identifies the complainant.
DEIDENTIFIED_FIELDS = (
    "partner_id",
    "complainant_email",
    "complainant_phone",
    "representative_name",
    "contact_name",
    "description",
    "requested_remedy",
    "sale_order_id",
    "sale_line_id",
    "invoice_id",
    "findings",
    "handling_plan",
    "immediate_action",
    "root_cause",
    "rejection_reason",
    "resolution_summary",
    "high_risk_reason",
    # what the complained-about party read and wrote about the case
    "party_subject",
    "party_description",
    "party_response",
)


class ComplaintRetentionMixin(models.AbstractModel):
    """Retention of the complainant's personal data after closure."""

    _name = "complaint.retention.mixin"
    _inherit = "complaint.events"
    _description = "Complaint Retention"

    keep_permanently = fields.Boolean(
        tracking=True,
        copy=False,
        help="Important complaint: its data is kept permanently and never "
        "de-identified.",
        groups=INTERNAL,
    )

    def _on_writing(self, vals):
        res = super()._on_writing(vals)
        if "keep_permanently" in vals:
            self._check_can_hold()
        refilled = {
            *DEIDENTIFIED_FIELDS,
            "complainant_name",
            "subject",
            "is_deidentified",
        } & vals.keys()
        if refilled and not self.env.su and self.filtered("is_deidentified"):
            # the person's data is gone for good: nothing would remove it again
            raise UserError(
                self.env._(
                    "This complaint was de-identified: its complainant, texts "
                    "and links to orders no longer change."
                )
            )
        return res

    def _check_can_hold(self):
        """Keeping a complaint's data permanently, or lifting that hold (the
        de-identification job then removes it), is a privacy decision."""
        if not self.env.su and not self.env.user.has_group(PRIVACY_GROUP):
            raise AccessError(
                self.env._(
                    "Only a privacy officer keeps a complaint's data permanently "
                    "or lifts that hold."
                )
            )

    def _check_not_held(self):
        """A complaint kept permanently is evidence: nobody but the system
        deletes it, its messages or its files, or rewrites a message; a
        privacy officer lifts the hold first (:meth:`_check_can_hold`)."""
        if self.env.su:
            return
        # sudo: whether a hold exists, whoever asks (the flag is staff-only);
        # files and messages may outlive a complaint deleted by the system
        held = self.sudo().exists().filtered("keep_permanently")
        if held:
            raise UserError(
                self.env._(
                    "Complaint %(name)s is kept permanently: it cannot be deleted, "
                    "nor can its messages and files be changed or deleted. A "
                    "privacy officer lifts the hold first.",
                    name=held[0].name,
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_held(self):
        self._check_not_held()

    def _check_can_update_message_content(self, messages):
        res = super()._check_can_update_message_content(messages)
        self._check_not_held()
        return res

    date_retention = fields.Date(
        string="Keep Personal Data Until",
        compute="_compute_date_retention",
        store=True,
        index=True,
        help="Closing (or cancelling) date plus the company's retention period, "
        "and never before the reopening period is over; after it, the "
        "complainant's data is de-identified.",
    )
    is_deidentified = fields.Boolean(
        string="De-identified", readonly=True, copy=False, index=True
    )
    date_deidentified = fields.Datetime(
        string="De-identified On", readonly=True, copy=False
    )

    @api.depends(
        "date_closed",
        "date_cancelled",
        "keep_permanently",
        "company_id.complaint_retention_months",
        "company_id.complaint_reopen_days",
    )
    def _compute_date_retention(self):
        for complaint in self:
            months = complaint.company_id.complaint_retention_months
            # a cancelled complaint (or one merged into another) keeps the
            # person's data as long as a closed one, from its cancellation
            ended = complaint.date_closed or complaint.date_cancelled
            if not ended or complaint.keep_permanently:
                complaint.date_retention = False
                continue
            # counted from the day it ended where the company works (in UTC,
            # a complaint closed in a Shanghai morning ended the day before)
            kept = local_date(
                ended, complaint.company_id._complaint_tz()
            ) + relativedelta(months=months)
            # never before the last day the closing emails say a reply
            # reopens it: de-identified, the reply would find no complaint
            last_reply = complaint._reopen_last_day()
            if last_reply:
                kept = max(kept, last_reply + relativedelta(days=1))
            complaint.date_retention = kept

    @api.model
    def _cron_deidentify(self, batch_size=500):
        """Daily: de-identify the closed and cancelled complaints past their
        retention date, ``batch_size`` at a time; a complaint that fails is
        skipped, registered and retried first at the next run
        (``complaint.job.failure``)."""
        domain = [
            ("state", "in", ("closed", "cancelled")),
            ("keep_permanently", "=", False),
            ("is_deidentified", "=", False),
            ("date_retention", "!=", False),
            *self.env["res.company"]._complaint_retention_past_domain(),
            # an outside body still handles it: its case's report-back data
            ("external_case_ids", "not any", PENDING_CASE),
            # a refund not credited yet: its draft credit note is posted for
            # the complainant, whom the de-identification would remove
            ("remedy_ids", "not any", DRAFT_REFUND),
        ]
        self.env["complaint.remedy"]._forget_fast_track_customers()
        run = self.env["complaint.job.failure"]._job_start("retention", self._name)
        complaints = self.sudo()  # sudo: retention acts on every complaint
        # merged (along a chain) into a complaint still handled or kept
        # permanently: that one holds the person's part, which only the
        # merged one leads to; it waits, out of the batches and the count
        merged = complaints.search(domain + [("merged_into_id", "!=", False)])
        waiting = self.env["complaint.privacy.elsewhere"]._waiting(merged)
        if waiting:
            domain.append(("id", "not in", waiting.ids))
        if run.known:
            still_due = complaints.search(domain + [("id", "in", list(run.known))])
            run.forget_unqualified(still_due.ids)
            run.retry_known(still_due, self._job_deidentify)
        batch = complaints.search(
            domain + [("id", "not in", run.excluded_ids)], limit=batch_size
        )
        done = run.process(batch, self._job_deidentify) if batch else batch
        remaining = complaints.search_count(
            domain + [("id", "not in", run.excluded_ids)]
        )
        _logger.info(
            "Complaint retention: %s de-identified, %s skipped (%s left): %s",
            run.done,
            run.skipped,
            remaining,
            ", ".join(done.mapped("name")),
        )
        self.env["ir.cron"]._notify_progress(
            done=run.done + run.skipped, remaining=remaining
        )
        return run.summary()

    @api.model
    def _job_deidentify(self, complaints):
        # what stays of the complaint reads in its company's language
        for part in by_company_lang(complaints):
            part._deidentify()

    def _deidentify(self):
        """Strip the complainant's personal data; statistics stay intact."""
        now = fields.Datetime.now()
        placeholder = self.env._("De-identified")
        vals = dict.fromkeys(DEIDENTIFIED_FIELDS, False)
        vals.update(
            {
                "complainant_name": placeholder,
                "subject": self.env._("De-identified complaint"),
                "is_deidentified": True,
                "date_deidentified": now,
            }
        )
        # sudo: the retention cron acts on every complaint past its date;
        # mail_notrack: tracking would copy the personal data into new messages
        complaints = self.sudo().with_context(mail_notrack=True, tracking_disable=True)
        partners = complaints.partner_id
        # the exports of the person, by contact or by the address they filed
        # from, per company: another company's export of the same person stays
        by_company = complaints.grouped("company_id")
        exported = {
            part: (
                part.partner_id,
                {email_normalize(c.complainant_email) for c in part} - {False},
            )
            for part in by_company.values()
        }
        complaints.write(vals)
        # filed through the complainant's own portal account before receivers
        # were staff only: that account is the person
        complaints.filtered(lambda c: c.receiver_id.share).write({"receiver_id": False})
        complaints.remedy_ids.write({"description": False})
        # a link to or from a complaint still naming the person would lead
        # back to them: the links go, "repeat" stays in the figures
        complaints.filtered("repeat_of_ids")._workflow_write(
            {"repeat_of_ids": [Command.clear()]}
        )
        complaints.search([("repeat_of_ids", "in", complaints.ids)])._workflow_write(
            {"repeat_of_ids": [Command.unlink(earlier) for earlier in complaints.ids]}
        )
        # a posted or cancelled credit note leads back to the person and the
        # invoice (the note itself is the accounts' record); the retention
        # and an erasure wait for a draft to be posted or cancelled. The customer
        # a fast track went to stays while their limit counts it (the
        # company's period); past it, nothing leads back to them
        complaints.remedy_ids._forget_lapsed_fast_track_customers()
        finished = complaints.remedy_ids.credit_note_id.filtered(
            lambda move: move.state in ("posted", "cancel")
        )
        complaints.remedy_ids.filtered(
            lambda remedy: remedy.credit_note_id in finished
        ).write({"credit_note_id": False})
        finished.write({"complaint_id": False, "complaint_remedy_id": False})
        # staff's own words about the case may name the person: the reason of
        # an escalation by hand and of a refused remedy keep their place
        complaints.remedy_ids.filtered("refusal_reason").write(
            {"refusal_reason": placeholder}
        )
        complaints.escalation_ids.filtered(lambda e: e.trigger != "sla").write(
            {"reason": placeholder}
        )
        complaints.external_case_ids._deidentify()
        self.env["complaint.sample"].sudo().search(  # sudo: every review of them
            [("complaint_id", "in", complaints.ids)]
        )._deidentify()
        # ratings keep their value for the statistics; detached from their message
        # first, as deleting a message deletes its rating
        complaints.rating_ids._complaint_forget_rater()
        # the links of the rating emails stop working: a rating given through
        # one now would post the feedback on the de-identified complaint
        for rating in complaints.rating_ids:
            rating.access_token = rating._default_access_token()
        # a reminder's summary and note are staff text about the person (done
        # ones kept by a type's "Keep Done" are archived: them too)
        activities = (
            self.env["mail.activity"]
            .sudo()  # sudo: whoever holds them
            .with_context(active_test=False)
            .search([("res_model", "=", self._name), ("res_id", "in", complaints.ids)])
        )
        # nobody chases the party's answer, nor calls back a complainant whose
        # contact data are gone, on a complaint erased for good
        gone_types = {
            self.env["ir.model.data"]._xmlid_to_res_id(xmlid)
            for xmlid in (PARTY_ACTIVITY, CALLBACK_ACTIVITY)
        }
        gone = activities.filtered(
            lambda a: a.active and a.activity_type_id.id in gone_types
        )
        gone.unlink()
        (activities - gone).write({"note": False, "summary": False})
        # messages scheduled to go later: staff's text and files about them
        scheduled = (
            self.env["mail.scheduled.message"]
            .sudo()  # sudo: whoever scheduled them
            .search([("model", "=", self._name), ("res_id", "in", self.ids)])
        )
        self.env["ir.attachment"].sudo().search(
            [("res_model", "=", scheduled._name), ("res_id", "in", scheduled.ids)]
        ).unlink()
        scheduled.unlink()
        # a rating still hanging on a message (moved in by a merge) would go
        # with it: core deletes a message's ratings
        self.env["rating.rating"].sudo().search(  # sudo: every rating of them
            [
                ("message_id.model", "=", self._name),
                ("message_id.res_id", "in", self.ids),
            ]
        )._complaint_forget_rater()
        drop_chatter(complaints)
        # the contact and every outside follower (copied in, a representative):
        # following is what gives them the complaint in the portal
        self.env["mail.followers"].sudo().search(
            [
                ("res_model", "=", self._name),
                ("res_id", "in", self.ids),
                "|",
                ("partner_id", "in", partners.ids),
                ("partner_id.partner_share", "=", True),
            ]
        ).unlink()
        self._deidentify_portal_authors()
        # the copies exported for the person (an access or copy request) hold
        # what was just removed: they go too (a new export gives what is left)
        for part, (part_partners, part_emails) in exported.items():
            self.browse(part.ids)._deidentify_exports(part_partners, part_emails)
        # the contacts made for them at intake, nobody else's
        partners._complaint_forget_intake_contacts(placeholder, complaints)
        # dated on the company's day (the job runs in UTC, past midnight
        # in Shanghai it is still yesterday there)
        bodies = {}
        for company, part in by_company.items():
            day = company._complaint_today()
            body = Markup("<p>%s</p>") % self.env._(
                "The complainant's personal data was de-identified on %(date)s "
                "(retention period over): contact, description, order and "
                "invoice links, attachments and messages removed.",
                date=format_date(self.env, day),
            )
            bodies.update(dict.fromkeys(part.ids, body))
        complaints._message_log_batch(bodies=bodies)
        return True

    def _deidentify_exports(self, partners, emails=()):
        """The copies exported for ``partners`` by the companies of ``self``
        (their access or copy requests), or for whoever included the
        complaints filed from ``emails``, hold what was just removed: they go
        too (a new export gives what is left). Returns them, deleted."""
        exports = self.env["complaint.privacy.request"]._exports_of(
            partners, self.company_id, emails
        )
        count = len(exports)
        exports.unlink()
        return count

    def _deidentify_portal_authors(self):
        """A complaint filed or answered through the complainant's portal
        account names that account as its creator or last writer (on the
        complaint, its consents and its time limits): that account is the
        person, the system stands for it now."""
        if not self:
            return
        tables = {
            "complaint_complaint": "id",
            "complaint_privacy_consent": "complaint_id",
            "complaint_sla_line": "complaint_id",
        }
        self.env.flush_all()
        for table, link in tables.items():
            for column in ("create_uid", "write_uid"):
                self.env.cr.execute(
                    SQL(
                        "UPDATE %(table)s SET %(column)s = %(root)s"
                        " WHERE %(link)s IN %(ids)s AND %(column)s IN"
                        " (SELECT id FROM res_users WHERE share)",
                        table=SQL.identifier(table),
                        column=SQL.identifier(column),
                        link=SQL.identifier(link),
                        root=self.env.ref("base.user_root").id,
                        ids=tuple(self.ids),
                    )
                )
        self.env.invalidate_all()
