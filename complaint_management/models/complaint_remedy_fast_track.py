from collections import defaultdict
from datetime import timedelta

from odoo import api, fields, models

# what costs nothing to give: fast-tracked without an amount; any other kind
# (money, goods, work) is weighed by its value, and without one by a manager
COSTLESS_CODES = {"apology", "information", "technical_support"}


class ComplaintRemedyFastTrackTurn(models.Model):
    """One row per company and customer, written by each fast track that
    counts the customer's grants: two transactions granting to one
    customer at once write the same row, so the second fails to serialise
    and is retried (Odoo retries a request on a serialisation failure), and
    then counts the first one's grant (a lock alone would not do: the
    waiting transaction still reads its snapshot from before the grant)."""

    _name = "complaint.remedy.fast.track.turn"
    _description = "Complaint Fast Track Turn"
    _log_access = False

    company_id = fields.Many2one("res.company", required=True, ondelete="cascade")
    partner_id = fields.Many2one(
        "res.partner", string="Customer", required=True, ondelete="cascade"
    )
    date = fields.Datetime(required=True)

    _sql_constraints = [
        (
            "company_partner_uniq",
            "unique(company_id, partner_id)",
            "One turn per company and customer.",
        )
    ]

    def _take(self, pairs):
        """Write the rows of ``pairs`` (company id, partner id), in their
        order (sorted: two takers never wait for each other in a circle)."""
        if not pairs:
            return
        companies, partners = zip(*sorted(pairs), strict=True)
        self.env.cr.execute(
            """
            INSERT INTO complaint_remedy_fast_track_turn (company_id, partner_id, date)
            SELECT company_id, partner_id, now() at time zone 'UTC'
              FROM unnest(%s::int[], %s::int[]) AS pair(company_id, partner_id)
            ON CONFLICT (company_id, partner_id)
            DO UPDATE SET date = EXCLUDED.date
            """,
            (list(companies), list(partners)),
        )


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
        customer, only a company without a limit per customer fast-tracks
        (but a remedy of no amount)."""
        approved = defaultdict(lambda: self.browse())
        customer_used = self._fast_track_customer_used()
        for complaint, remedies in self.grouped("complaint_id").items():
            company = complaint.company_id
            currency = company.currency_id
            customer = complaint.commercial_partner_id
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
                if not remedy.amount and remedy.type_id.code not in COSTLESS_CODES:
                    # money or goods of a value not given ("a full refund", "a
                    # new fridge"): the limits cannot weigh it, a manager does
                    continue
                # in the currency's rounding: 164.52 + 10.99 + 24.49 is 200
                if (
                    currency.compare_amounts(
                        used + remedy.amount, company.complaint_fast_track_amount
                    )
                    > 0
                ):
                    continue
                # nothing to give, nothing to count
                if (
                    customer_limit
                    and remedy.amount
                    and (
                        not customer
                        or currency.compare_amounts(
                            customer_used[key] + remedy.amount, customer_limit
                        )
                        > 0
                    )
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
        than ``self``: the carried-out fast-tracked remedies of all their
        complaints, and the approved ones of those not closed, whoever may
        read them. Two requests for one
        customer are made one after the other
        (``complaint.remedy.fast.track.turn``), so that both do not fit the
        same room."""
        used = defaultdict(float)
        # only where a limit per customer is set
        limited = self.filtered(
            lambda r: r.state == "proposed"
            and r.company_id.complaint_fast_track_customer_amount
            and r.complaint_id.partner_id
        )
        customers = limited.complaint_id.commercial_partner_id
        if not customers:
            return used
        self.env["complaint.remedy.fast.track.turn"]._take(
            {
                (
                    remedy.company_id.id,
                    remedy.complaint_id.commercial_partner_id.id,
                )
                for remedy in limited
            }
        )
        now = fields.Datetime.now()
        # each company's period starts on its own day
        since = {
            company: now - timedelta(days=company.complaint_fast_track_days)
            for company in limited.company_id
        }
        # sudo: the limit counts the customer's remedies the user cannot read
        granted = self.sudo().search(
            [
                ("id", "not in", self.ids),
                ("is_fast_track", "=", True),
                # given (carried out, or credited: remedy._is_given), or still
                # to be: an approved one on a complaint closed without
                # carrying it out (rejected, unfounded) never was
                "|",
                "|",
                ("state", "=", "done"),
                ("credit_note_id.state", "=", "posted"),
                "&",
                ("state", "=", "approved"),
                ("complaint_id.state", "!=", "closed"),
                ("company_id", "in", limited.company_id.ids),
                ("fast_track_customer_id", "in", customers.ids),
                ("date_approved", ">=", min(since.values())),
            ]
        )
        for remedy in granted:
            company = remedy.company_id
            if remedy.date_approved >= since[company]:
                used[(company.id, remedy.fast_track_customer_id.id)] += remedy.amount
        return used

    @api.model
    def _forget_fast_track_customers(self):
        """The customer a fast-tracked remedy of a de-identified complaint
        went to stays while their limit counts it (the company's period, see
        ``complaint.complaint._deidentify``); past it, nothing leads back to
        them. Run with the retention job."""
        # sudo: retention acts on every complaint's remedies
        self.sudo().search(
            [
                ("complaint_id.is_deidentified", "=", True),
                ("fast_track_customer_id", "!=", False),
            ]
        )._forget_lapsed_fast_track_customers()
        # a customer's turn row dates their last grant (its approval): kept
        # while the company's period counts it, as the grant is
        now = fields.Datetime.now()
        Turn = self.env["complaint.remedy.fast.track.turn"].sudo()  # sudo: as above
        for [company] in Turn._read_group([], ["company_id"]):
            days = company.complaint_fast_track_days
            Turn.search(
                [
                    ("company_id", "=", company.id),
                    ("date", "<", now - timedelta(days=days)),
                ]
            ).unlink()

    def _forget_lapsed_fast_track_customers(self):
        """These remedies forget the customer their fast track went to once
        the company's period no longer counts it (see
        ``complaint.complaint._deidentify``)."""
        now = fields.Datetime.now()
        self.filtered(
            lambda remedy: remedy.fast_track_customer_id
            and (
                not remedy.date_approved
                or remedy.date_approved
                < now - timedelta(days=remedy.company_id.complaint_fast_track_days)
            )
        )._workflow_write({"fast_track_customer_id": False})
