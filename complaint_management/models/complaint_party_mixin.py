from odoo import fields, models
from odoo.exceptions import UserError

OFFICER = "complaint_management.complaint_management_group_officer"
PARTY_ACTIVITY = "complaint_management.mail_activity_type_party_answer"
# the party has the complaint in hand (its portal pages list it)
PARTY_FORWARDED_STATES = ("forwarded", "answered", "overdue")
PARTY_STATES = [
    ("not_forwarded", "Not Forwarded"),
    ("forwarded", "Forwarded"),
    ("answered", "Answered"),
    ("overdue", "Overdue"),
]
RECOVERY_STATES = [
    ("none", "None"),
    ("to_claim", "To Claim"),
    ("claimed", "Claimed"),
    ("recovered", "Recovered"),
    ("written_off", "Written Off"),
]
# the case as the party reads it (officers write it, masked)
PARTY_CASE_FIELDS = frozenset({"party_subject", "party_description"})
# what a complaint's answer of the party and recovery from it are made of
PARTY_RECORD_FIELDS = (
    "party_state",
    "party_forwarded_date",
    "party_response_deadline",
    "party_response",
    "party_response_date",
    "recovery_amount",
    "recovery_state",
)


class ComplaintPartyMixin(models.AbstractModel):
    """The complained-about party: the merchant, supplier or carrier a
    platform forwards the complaint to (被投诉人, internet-enterprise
    standard).

    An officer forwards an open complaint to the party with
    :meth:`action_forward_to_party`: the party's contacts get an email with
    the case and the deadline (never the complainant's contact data) and,
    with the portal, access to the case on their own portal pages; the
    handler gets a *Party Answer Due* activity (the forward is
    ``complaint.party.forward.mixin``'s). The answer and the overdue
    cases are ``complaint.party.answer.mixin``'s. What the company recovers
    from the party is recorded by officers (``recovery_*``).
    """

    _name = "complaint.party.mixin"
    _inherit = "complaint.events"
    _description = "Complaint Complained-About Party"

    party_id = fields.Many2one(
        "res.partner",
        string="Complained-About Party",
        tracking=True,
        domain="[('company_id', 'in', [company_id, False])]",
        index="btree_not_null",
        groups="base.group_user",
        help="The merchant, supplier or carrier the complaint is about; forward "
        "the complaint to it to ask for its answer.",
    )
    party_role = fields.Selection(
        [
            ("merchant", "Merchant"),
            ("supplier", "Supplier"),
            ("carrier", "Carrier"),
            ("other", "Other"),
        ],
        groups="base.group_user",
    )
    party_forwarded_date = fields.Datetime(
        string="Forwarded to Party On",
        readonly=True,
        copy=False,
        groups="base.group_user",
    )
    party_response_deadline = fields.Date(
        string="Party Answer Due",
        readonly=True,
        copy=False,
        groups="base.group_user",
        help="The forward date plus the company's days for the party's answer, "
        "in the company's working days.",
    )
    party_response = fields.Text(
        string="Party's Answer", readonly=True, copy=False, groups="base.group_user"
    )
    party_response_date = fields.Datetime(
        string="Party Answered On", readonly=True, copy=False, groups="base.group_user"
    )
    party_state = fields.Selection(
        PARTY_STATES,
        string="Party Status",
        default="not_forwarded",
        required=True,
        readonly=True,
        copy=False,
        index=True,
        tracking=True,
        groups="base.group_user",
    )
    # the complaint's own currency_id (its company's) overrides this one
    currency_id = fields.Many2one("res.currency")
    recovery_amount = fields.Monetary(
        currency_field="currency_id",
        copy=False,
        tracking=True,
        groups=OFFICER,
        help="What the company recovers from the complained-about party.",
    )
    recovery_state = fields.Selection(
        RECOVERY_STATES,
        string="Recovery Status",
        default="none",
        copy=False,
        tracking=True,
        groups=OFFICER,
    )

    _sql_constraints = [
        (
            "recovery_amount_positive",
            "CHECK(recovery_amount IS NULL OR recovery_amount >= 0)",
            "The amount recovered from the party cannot be negative.",
        )
    ]

    # ------------------------------------------------------------------
    # Events
    # ------------------------------------------------------------------
    def _on_writing(self, vals):
        res = super()._on_writing(vals)
        if "party_id" in vals:
            self._party_check_no_recovery(vals["party_id"])
            self._party_moving(vals["party_id"])._party_reset_forward()
        return res

    def _on_written(self, vals):
        res = super()._on_written(vals)
        if vals.get("state") in ("cancelled", "closed"):
            # nobody is reminded of a party's answer on a complaint that
            # ended (closed, the party may still answer: it is recorded)
            self.filtered(
                lambda c: c.party_state in ("forwarded", "overdue")
            ).activity_unlink([PARTY_ACTIVITY])
        if {"user_id", "team_id", "state"} & vals.keys():
            # to the new owner; back once a closed complaint is reopened
            self._party_activity_follow_owner()
        return res

    def _on_owner_changed(self):
        res = super()._on_owner_changed()
        self._party_activity_follow_owner()
        return res

    def _party_activity_follow_owner(self):
        """The reminder of the party's answer goes with the complaint to its
        new owner (as its time limits' reminder does): the former one may no
        longer read it, the new one would not hear of the answer due."""
        activity_type_id = self.env["ir.model.data"]._xmlid_to_res_id(PARTY_ACTIVITY)
        # sudo: the activities of every assignee
        waiting_party = self.sudo().filtered(
            lambda c: c.party_state in ("forwarded", "overdue") and c.is_open
        )
        for complaint in waiting_party:
            owner = complaint._sla_activity_user()
            if not owner:
                continue
            reminders = complaint.activity_ids.filtered(
                lambda a: a.activity_type_id.id == activity_type_id
            )
            if not reminders:
                # Odoo removed it with a departed owner: the answer is still due
                complaint._party_schedule_reminder(owner)
                continue
            # the new owner reads it in their language
            reminders.filtered(lambda a, o=owner: a.user_id != o).write(
                {
                    "user_id": owner.id,
                    "summary": complaint._party_reminder_summary(owner),
                }
            )

    def _party_schedule_reminder(self, user):
        """The reminder of the party's answer, for ``user``, in their words."""
        self.ensure_one()
        self.activity_schedule(
            PARTY_ACTIVITY,
            date_deadline=self.party_response_deadline,
            summary=self._party_reminder_summary(user),
            user_id=user.id,
        )

    def _party_reminder_summary(self, user):
        """The reminder's words, in ``user``'s language (the company's for a
        user without one), whoever hangs or moves it."""
        self.ensure_one()
        complaint = self.with_context(lang=user._complaint_lang(self.company_id))
        return complaint.env._(
            "Party answer due: %(party)s", party=self.party_id.display_name
        )

    def _party_moving(self, party_id):
        """The complaints of ``self`` forwarded to a party that ``party_id``
        takes the case from (writing the same party again moves nothing).
        Taking the case from the party it was forwarded to is an officer's
        decision, as the forward was."""
        moving = self.filtered(
            lambda c: c.party_state != "not_forwarded"
            and c.party_id.id != (party_id or False)
        )
        if moving and not self.env.su and not self.env.user.has_group(OFFICER):
            raise UserError(
                self.env._(
                    "Complaint %(name)s was forwarded to %(party)s: only complaint "
                    "officers can give it to another party.",
                    name=moving[0].name,
                    party=moving[0].party_id.display_name,
                )
            )
        return moving

    def _party_check_no_recovery(self, party_id):
        """What is recovered (or claimed) is recovered from the party it was
        recorded for: another party would take it over in the figures."""
        # sudo: the recovery is officers' to read, whoever names the party
        recorded = self.sudo().filtered(
            lambda c: c.recovery_state not in (False, "none")
            and c.party_id
            and c.party_id.id != (party_id or False)
        )
        if recorded:
            raise UserError(
                self.env._(
                    "A recovery from %(party)s is recorded on complaint %(name)s: "
                    "set its recovery status back to None before naming another "
                    "party.",
                    party=recorded[0].party_id.display_name,
                    name=recorded[0].name,
                )
            )

    def _party_reset_forward(self):
        """Another party: the former one loses the case, the new one has not
        received it yet."""
        if self:
            self.activity_unlink([PARTY_ACTIVITY])
            self._workflow_write(
                {
                    "party_state": "not_forwarded",
                    "party_forwarded_date": False,
                    "party_response_deadline": False,
                    # the former party's answer is not the new one's
                    "party_response": False,
                    "party_response_date": False,
                }
            )

    def _party_holds_record(self):
        """Whether the complaint holds its party's answer or a recovery from
        it (as superuser: officers' fields)."""
        self.ensure_one()
        return self.party_state == "answered" or self.recovery_state not in (
            False,
            "none",
        )

    def _party_take_record(self, sources):
        """The party's answer and what is claimed from it, of a duplicate
        merged into ``self`` about the same party (the merge's check refuses
        any other case): the cancelled duplicate leaves the figures, the
        complaint kept counts them. The merger makes no decision: sudo."""
        recorded = sources.sudo().filtered(lambda c: c._party_holds_record())
        if not recorded:
            return
        kept = self.sudo()
        values = {name: recorded[name] for name in PARTY_RECORD_FIELDS}
        # the case the party answered, where the complaint kept has none
        values.update(
            {name: recorded[name] for name in PARTY_CASE_FIELDS if not kept[name]}
        )
        kept.write(values)
        # claimed once: the cancelled duplicate no longer counts the recovery
        recorded._workflow_write({"recovery_state": "none", "recovery_amount": 0.0})
