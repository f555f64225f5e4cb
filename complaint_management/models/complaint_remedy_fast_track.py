from collections import defaultdict
from datetime import timedelta

from odoo import fields, models

# the key of the fast track's lock per customer (pg_advisory_xact_lock)
LOCK_KEY = 0x636D7074  # "cmpt"


class ComplaintRemedyFastTrackMixin(models.AbstractModel):
    """Compensation first: small remedies approved at once, without a
    manager, up to two limits of the complaint's company: one for the
    complaint's remedies together, one for what a customer is granted over
    a period, all their complaints together (several small remedies, or
    several small complaints, are no way around the approval). Composed by
    ``complaint.remedy``, whose workflow writes the fields below."""

    _name = "complaint.remedy.fast.track.mixin"
    _description = "Complaint Remedy Fast Track"

    is_fast_track = fields.Boolean(
        string="Fast Track",
        readonly=True,
        copy=False,
        help="Approved at once: the amount is under the compensation-first limit.",
    )
    fast_track_customer_id = fields.Many2one(
        "res.partner",
        string="Fast-Tracked For",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The customer (commercial entity) the fast track granted this "
        "remedy to, counted against their limit whatever becomes of the "
        "complaint's contact.",
    )

    def _fast_track(self):
        """Approve at once the remedies of ``self`` awaiting approval that fit
        both limits, in the order they were proposed. Without a known
        customer, only a company without a limit per customer fast-tracks."""
        approved = defaultdict(lambda: self.browse())
        customer_used = self._fast_track_customer_used()
        for complaint, remedies in self.grouped("complaint_id").items():
            company = complaint.company_id
            customer = complaint.partner_id.commercial_partner_id
            key = (company.id, customer.id)
            used = sum(
                other.amount
                for other in complaint.remedy_ids - remedies
                if other.is_fast_track and other.state in ("approved", "done")
            )
            customer_limit = company.complaint_fast_track_customer_amount
            for remedy in remedies.sorted("id"):
                if remedy.state != "proposed":
                    continue
                if used + remedy.amount > company.complaint_fast_track_amount:
                    continue
                if customer_limit and (
                    not customer or customer_used[key] + remedy.amount > customer_limit
                ):
                    continue
                used += remedy.amount
                customer_used[key] += remedy.amount
                approved[customer.id] |= remedy
        now = fields.Datetime.now()
        for customer_id, remedies in approved.items():
            remedies._workflow_write(
                {
                    "state": "approved",
                    "is_fast_track": True,
                    "fast_track_customer_id": customer_id,
                    "date_approved": now,
                }
            )

    def _fast_track_customer_used(self):
        """What the fast track granted each customer of ``self`` within their
        company's period, by (company id, commercial partner id), other
        than ``self``: the approved and carried-out fast-tracked remedies of
        all their complaints, whoever may read them. Two requests for one
        customer wait for each other (a lock until the transaction ends), so
        that both do not fit the same room."""
        used = defaultdict(float)
        customers = self.complaint_id.partner_id.commercial_partner_id
        if not customers:
            return used
        for customer_id in sorted(customers.ids):
            self.env.cr.execute(
                "SELECT pg_advisory_xact_lock(%s, %s)",
                (LOCK_KEY, customer_id),
            )
        now = fields.Datetime.now()
        longest = max(self.company_id.mapped("complaint_fast_track_days") or [1])
        # sudo: the limit counts the customer's remedies the user cannot read
        granted = self.sudo().search(
            [
                ("id", "not in", self.ids),
                ("is_fast_track", "=", True),
                ("state", "in", ("approved", "done")),
                ("company_id", "in", self.company_id.ids),
                ("fast_track_customer_id", "in", customers.ids),
                ("date_approved", ">=", now - timedelta(days=longest)),
            ]
        )
        for remedy in granted:
            company = remedy.company_id
            if remedy.date_approved >= now - timedelta(
                days=company.complaint_fast_track_days
            ):
                used[(company.id, remedy.fast_track_customer_id.id)] += remedy.amount
        return used
