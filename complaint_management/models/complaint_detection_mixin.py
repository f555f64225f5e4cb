import bisect
from collections import defaultdict
from datetime import timedelta

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression

from .complaint_states import INTERNAL, MANAGER

# what repeat and batch detection compare: a change detects again
# (and a move to another company: its earlier complaints are that company's)
DETECTION_FIELDS = {
    "category_id",
    "product_ids",
    "partner_id",
    "date_received",
    "company_id",
}


class ComplaintDetectionMixin(models.AbstractModel):
    """Repeat detection, what detection compares and when it runs, and the
    high-risk alerts; batches are ``complaint.detection.batch.mixin``'s."""

    _name = "complaint.detection.mixin"
    _inherit = "complaint.events"
    _description = "Complaint Repeat and Batch Detection"

    is_repeat = fields.Boolean(
        string="Repeat",
        readonly=True,
        copy=False,
        index=True,
        help="The same customer complained about the same product or category "
        "within the repeat window.",
        groups=INTERNAL,
    )
    repeat_of_ids = fields.Many2many(
        "complaint.complaint",
        "complaint_complaint_repeat_rel",
        "complaint_id",
        "earlier_id",
        string="Earlier Complaints",
        readonly=True,
        copy=False,
        groups=INTERNAL,
    )
    repeat_count = fields.Integer(
        string="Earlier Complaints Count",
        compute="_compute_repeat_count",
        groups=INTERNAL,
    )
    is_batch = fields.Boolean(
        string="Batch",
        readonly=True,
        copy=False,
        index=True,
        help="Part of a batch: many complaints on the same product or category "
        "in a short time.",
        groups=INTERNAL,
    )

    @api.depends("repeat_of_ids")
    def _compute_repeat_count(self):
        for complaint in self:
            complaint.repeat_count = len(complaint.repeat_of_ids)

    # ------------------------------------------------------------------
    # Detection, in batch: one search for the whole create() call
    # ------------------------------------------------------------------
    def _detection_keys(self):
        """(kind, id) keys a complaint shares with its repeats and batches."""
        self.ensure_one()
        keys = [("product", pid) for pid in self.product_ids.ids]
        if self.category_id:
            keys.append(("category", self.category_id.id))
        return keys

    def _detection_candidates(self, date_from, date_to, extra_domain):
        # sudo: a repeat or a batch counts whatever team handles the other complaints
        return self.sudo().search_fetch(
            [
                ("company_id", "in", self.company_id.ids),
                ("date_received", ">=", date_from),
                ("date_received", "<=", date_to),
                ("state", "!=", "cancelled"),
                "|",
                ("category_id", "in", self.category_id.ids),
                ("product_ids", "in", self.product_ids.ids),
                *extra_domain,
            ],
            [
                "company_id",
                "partner_id",
                "commercial_partner_id",
                "category_id",
                "product_ids",
                "date_received",
            ],
        )

    @api.model
    def _cron_detection_retry(self):
        """Daily: the open complaints whose detection failed (at filing, at a
        correction) are detected again, one by one, until it succeeds; the
        failures of those closed or deleted since leave the register."""
        run = self.env["complaint.job.failure"]._job_start("detection", self._name)
        # sudo: detection compares every team's complaints
        complaints = (
            self.sudo().browse(list(run.known)).exists().filtered("is_open")
        )._detection_needed()
        run.forget_unqualified(complaints.ids)
        run.retry_known(complaints, self._job_detect)
        return run.summary()

    @api.model
    def _job_detect(self, complaints):
        """Detection of ``complaints``, as one run of the detection job (a
        failure registers the complaint, never refuses its filing)."""
        complaints._detect_repeats()
        complaints._detect_batches()

    def _detection_needed(self):
        """The complaints detection may flag: both rules compare categories
        and products, so a complaint with neither is never a repeat nor part
        of a batch (and costs no savepoint)."""
        return self.filtered(lambda c: c.category_id or c.product_ids)

    def _detect_repeats(self):
        complaints = self.filtered(
            lambda c: c.commercial_partner_id
            and (c.category_id or c.product_ids)
            and c.company_id.complaint_repeat_days > 0
        )
        if not complaints:
            return
        days = max(complaints.company_id.mapped("complaint_repeat_days"))
        candidates = complaints._detection_candidates(
            min(complaints.mapped("date_received")) - timedelta(days=days),
            max(complaints.mapped("date_received")),
            [("commercial_partner_id", "in", complaints.commercial_partner_id.ids)],
        )
        # plain sorted tuples per (company, customer, key): the window of each
        # complaint is then two bisections, whatever the size of the batch
        by_key = defaultdict(list)
        for other in candidates:
            group = (other.company_id.id, other.commercial_partner_id.id)
            for key in other._detection_keys():
                by_key[(*group, key)].append((other.date_received, other.id))
        for entries in by_key.values():
            entries.sort()
        pairs = set()
        for complaint in complaints:
            date_from = complaint.date_received - timedelta(
                days=complaint.company_id.complaint_repeat_days
            )
            group = (complaint.company_id.id, complaint.commercial_partner_id.id)
            for key in complaint._detection_keys():
                entries = by_key.get((*group, key), [])
                start = bisect.bisect_left(entries, (date_from, 0))
                end = bisect.bisect_left(
                    entries, (complaint.date_received, complaint.id)
                )
                # the complaint it was split from is its origin, not an
                # earlier complaint of the customer
                origin = complaint.split_from_id.id
                pairs.update(
                    (complaint.id, other_id)
                    for _d, other_id in entries[start:end]
                    if other_id != origin
                )
        if not pairs:
            return
        earlier = defaultdict(list)
        for complaint_id, earlier_id in sorted(pairs):
            earlier[complaint_id].append(earlier_id)
        repeats = self.browse(earlier)
        # the links of the whole batch through the ORM's own batched write of a
        # many2many (one read, one insert), as ``write`` does it: the cache and
        # what depends on the links (counts, merge) follow; a ``write`` per
        # complaint would cost queries growing with the batch
        field = self._fields["repeat_of_ids"]
        repeats.modified(["repeat_of_ids"], before=True)
        field.write_batch(
            [
                (self.browse(complaint_id), [Command.link(i) for i in earlier_ids])
                for complaint_id, earlier_ids in earlier.items()
            ]
        )
        repeats.modified(["repeat_of_ids"])
        repeats.sudo().write({"is_repeat": True})  # sudo: the detection's own flag
        # linked whatever the caller reads, in a cache their reads share: the
        # form read back after its save would find another team's complaint
        repeats.invalidate_recordset(["repeat_of_ids"])

    def _on_writing(self, vals):
        res = super()._on_writing(vals)
        if "is_high_risk" in vals and not vals["is_high_risk"]:
            self._check_can_clear_high_risk()
        return res

    def _on_written(self, vals):
        res = super()._on_written(vals)
        if DETECTION_FIELDS & vals.keys() and not self.env.su:
            # what a repeat or a batch compares was given (an emailed complaint
            # gets its category from staff) or put right by a user: detected
            # again as at filing, the earlier complaints found before for
            # other data forgotten (the engine's own writes, a merge among
            # them, detect nothing)
            # and the complaints that may be repeats of them: those that were
            # (their customer or keys were put right) and the later ones of
            # their customer (a category given late makes them repeats)
            # (an earlier complaint put right may be closed: its later ones
            # are open)
            # sudo: detection compares every team's complaints, and its
            # findings are staff-only
            open_complaints = self.filtered("is_open").sudo() | self._detection_later()
            repeats = open_complaints.filtered("is_repeat")
            if repeats:
                repeats._workflow_write(
                    {"repeat_of_ids": [Command.clear()], "is_repeat": False}
                )
            to_detect = open_complaints._detection_needed()
            if to_detect:
                Failure = self.env["complaint.job.failure"]
                done = Failure._job_start(
                    "detection", self._name, retries=False
                ).process(to_detect, self._job_detect)
                if done:
                    # detected now: an earlier failure (at filing) is settled
                    Failure._job_settled("detection", done)
        return res

    def _detection_later(self):
        """The open complaints that were found repeats of ``self``, and those
        of the same customers received within the repeat window after them
        (as superuser: detection compares every team's complaints). One
        window per company and customer, whatever the number written."""
        Complaint = self.sudo()
        windows = {}
        for complaint in Complaint.browse(self.ids):
            days = complaint.company_id.complaint_repeat_days
            if not (complaint.commercial_partner_id and days > 0):
                continue
            key = (complaint.company_id.id, complaint.commercial_partner_id.id)
            start, end = windows.get(key, (complaint.date_received,) * 2)
            windows[key] = (
                min(start, complaint.date_received),
                max(end, complaint.date_received + timedelta(days=days)),
            )
        domains = [[("repeat_of_ids", "in", self.ids)]] + [
            [
                ("company_id", "=", company_id),
                ("commercial_partner_id", "=", partner_id),
                ("date_received", ">", start),
                ("date_received", "<=", end),
            ]
            for (company_id, partner_id), (start, end) in windows.items()
        ]
        return Complaint.search(
            [("is_open", "=", True), ("id", "not in", self.ids)]
            + expression.OR(domains)
        )

    def _check_can_clear_high_risk(self):
        """A high-risk complaint needs an approved reply script and handling
        plan before its next steps: only a manager lifts the flag."""
        if self.env.su or self.env.user.has_group(MANAGER):
            return
        if self.filtered("is_high_risk"):
            raise UserError(
                self.env._(
                    "Only a complaint manager can take a complaint off the "
                    "high-risk list."
                )
            )

    @api.model
    def _get_complaint_managers(self, companies):
        """The complaint managers working in one of ``companies``."""
        group = self.env.ref("complaint_management.complaint_management_group_manager")
        return group.users.filtered(
            lambda u: u.active and not u.share and u.company_ids & companies
        )

    def _notify_high_risk(self):
        """Report high-risk complaints to the complaint managers at once."""
        # batch detection alerts by itself (in superuser mode); no request skips it
        if self._system_context("complaint_high_risk_notified"):
            return
        for complaint in self:
            managers = self._get_complaint_managers(complaint.company_id)
            if not managers:
                continue
            complaint = complaint._in_company_lang()
            complaint.message_post(
                body=complaint.env._(
                    "High-risk complaint reported to the complaint managers: "
                    "choose an approved reply script and write the handling plan."
                ),
                subtype_xmlid="mail.mt_note",
                partner_ids=managers.partner_id.ids,
            )
