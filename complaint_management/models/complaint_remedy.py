from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount, format_list

from .complaint_states import MANAGER


class ComplaintRemedy(models.Model):
    _name = "complaint.remedy"
    _inherit = ["complaint.workflow.guard", "complaint.remedy.credit.note.mixin"]
    _description = "Complaint Remedy"
    _order = "complaint_id, sequence, id"
    # the approval is a financial control: only the actions below set it
    _workflow_fields = (
        "state",
        "is_fast_track",
        "approved_by_id",
        "terms_editor_ids",
        "date_approved",
        "refusal_reason",
        "date_done",
        "credit_note_id",
    )

    complaint_id = fields.Many2one(
        "complaint.complaint", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="complaint_id.company_id", store=True)
    currency_id = fields.Many2one(related="complaint_id.currency_id")
    sequence = fields.Integer(default=10)
    type_id = fields.Many2one("complaint.remedy.type", string="Remedy", required=True)
    type_code = fields.Selection(related="type_id.code")
    description = fields.Text()
    amount = fields.Monetary(currency_field="currency_id")
    state = fields.Selection(
        [
            ("proposed", "Awaiting Approval"),
            ("approved", "Approved"),
            ("refused", "Refused"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="proposed",
        required=True,
        readonly=True,
        copy=False,
    )
    is_fast_track = fields.Boolean(
        string="Fast Track",
        readonly=True,
        copy=False,
        help="Approved at once: the amount is under the compensation-first limit.",
    )
    approved_by_id = fields.Many2one(
        "res.users", string="Decided By", readonly=True, copy=False
    )
    terms_editor_ids = fields.Many2many(
        "res.users",
        "complaint_remedy_terms_editor_rel",
        "remedy_id",
        "user_id",
        string="Terms Changed By",
        readonly=True,
        copy=False,
        help="Who changed the amount, kind or description after the remedy was "
        "proposed: like whoever proposed it, they do not approve it.",
    )
    refusal_reason = fields.Text(readonly=True, copy=False)
    date_approved = fields.Datetime(readonly=True, copy=False)
    date_done = fields.Datetime(readonly=True, copy=False)
    _sql_constraints = [
        (
            "amount_positive",
            "CHECK(amount >= 0)",
            "A remedy amount cannot be negative.",
        ),
    ]

    @api.model_create_multi
    def create(self, vals_list):
        remedies = super().create(vals_list)
        remedies._fast_track()
        remedies.filtered(lambda r: r.state == "proposed").action_request_approval()
        return remedies

    def write(self, vals):
        """What was approved cannot change behind the approver's back: a new
        amount, kind, description or complaint sends an approved remedy back
        through the approval (or the fast track); a remedy carried out no
        longer changes. A remedy moves only to a complaint the user may
        change."""
        changes_terms = {"amount", "type_id", "description", "complaint_id"} & set(vals)
        sets_terms = {"amount", "type_id", "description"} & set(vals)
        reconsidered = self.browse()
        if changes_terms and not self.env.su:
            if self.filtered(lambda r: r.state == "done"):
                raise UserError(
                    self.env._("A remedy already carried out cannot be changed.")
                )
            reconsidered = self.filtered(lambda r: r.state in ("proposed", "approved"))
        res = super().write(vals)
        if "complaint_id" in vals:
            self.complaint_id.check_access("write")
        if sets_terms and not self.env.su:
            # four eyes: who set these terms does not approve them either
            self._workflow_write({"terms_editor_ids": [Command.link(self.env.uid)]})
        if reconsidered:
            reconsidered._reconsider()
        return res

    def _reconsider(self):
        """Send the approved remedies of ``self`` back through the approval
        (or the fast track, under their company's limit); those awaiting it
        are fast-tracked when they now fit; those carried out, refused or
        cancelled stay (and count against the fast track's limit)."""
        self = self.filtered(lambda r: r.state in ("proposed", "approved"))
        if not self:
            return
        self.filtered(lambda r: r.state == "approved")._workflow_write(
            {
                "state": "proposed",
                "is_fast_track": False,
                "approved_by_id": False,
                "date_approved": False,
            }
        )
        self._fast_track()
        self.filtered(lambda r: r.state == "proposed").action_request_approval()

    @api.ondelete(at_uninstall=False)
    def _unlink_only_awaiting_approval(self):
        """A remedy approved, refused, carried out or cancelled is part of the
        complaint's record (and of its approval): it is cancelled, not
        deleted. One still awaiting approval is withdrawn."""
        if self.filtered(lambda r: r.state != "proposed"):
            raise UserError(
                self.env._(
                    "Only a remedy awaiting approval can be deleted; cancel the "
                    "others instead."
                )
            )

    def _promised(self):
        """The remedies the complainant is promised: approved or carried out.
        One rule for the portal page, the API and the decision letter; one
        awaiting approval (or sent back to it by a change) is not promised."""
        return self.filtered(lambda remedy: remedy.state in ("approved", "done"))

    def _fast_track(self):
        """Compensation first: small amounts are approved at once, up to the
        limit for the whole complaint (several small remedies are no way
        around a manager's approval)."""
        approved = self.browse()
        for complaint, remedies in self.grouped("complaint_id").items():
            used = sum(
                other.amount
                for other in complaint.remedy_ids - remedies
                if other.is_fast_track and other.state in ("approved", "done")
            )
            for remedy in remedies.sorted("id"):
                limit = remedy.company_id.complaint_fast_track_amount
                if remedy.state == "proposed" and used + remedy.amount <= limit:
                    used += remedy.amount
                    approved |= remedy
        approved._workflow_write(
            {
                "state": "approved",
                "is_fast_track": True,
                "date_approved": fields.Datetime.now(),
            }
        )

    # ------------------------------------------------------------------
    # Approval (above the compensation-first limit)
    # ------------------------------------------------------------------
    def _check_approver(self):
        if not self.env.user.has_group(
            "complaint_management.complaint_management_group_manager"
        ):
            raise UserError(
                self.env._("Only a complaint manager can approve or refuse remedies.")
            )
        if self.filtered(lambda r: r.state != "proposed"):
            raise UserError(
                self.env._(
                    "Only remedies awaiting approval can be approved or refused."
                )
            )
        # four eyes: whoever proposed a remedy or changed its terms does not
        # approve it, unless the company has no other complaint manager
        own = self.filtered(lambda r: self.env.user in r._proposers())
        if own and not self.env.su and own._other_approvers():
            raise UserError(
                self.env._(
                    "You proposed or changed the remedy %(remedy)s: another "
                    "complaint manager approves or refuses it.",
                    remedy=own[0].display_name,
                )
            )

    def _proposers(self):
        """Who set the terms of the remedies: who proposed them and who last
        changed them."""
        return self.create_uid | self.terms_editor_ids

    def _other_approvers(self):
        """The complaint managers of the remedies' company other than who
        proposed them or changed their terms."""
        complaint = self.complaint_id[:1].sudo()  # sudo: managers to ask
        return (
            complaint._get_complaint_managers(complaint.company_id) - self._proposers()
        )

    def _approver(self):
        """Who decides: the company's configured approver, else the team leader
        when a manager, else a complaint manager of the company; never who
        proposed the remedies (they may not approve them), unless the company
        has no other manager."""
        complaint = self.complaint_id[:1].sudo()  # sudo: team and managers to ask
        managers = self._other_approvers()
        leader = complaint.team_id.leader_id
        approver = complaint.company_id.complaint_remedy_approver_id
        return (
            (approver if approver not in self._proposers() else approver.browse())
            or (leader if leader in managers else leader.browse())
            or managers.sorted("id")[:1]
            or complaint._get_complaint_managers(complaint.company_id)[:1]
        )

    def action_open_complaint(self):
        """From the remedies to approve, the complaint they are for."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": "complaint.complaint",
            "res_id": self.complaint_id.id,
            "view_mode": "form",
            "views": [(False, "form")],
        }

    def action_request_approval(self):
        """An approval activity on the complaint for the approver (one per
        complaint while remedies wait)."""
        activity_type = self.env.ref(
            "complaint_management.mail_activity_type_remedy_approval"
        )
        for complaint in self.complaint_id:
            remedies = self.filtered(
                lambda r, c=complaint: r.complaint_id == c and r.state == "proposed"
            )
            if not remedies:
                continue
            pending = complaint.activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type
            )
            approver = remedies._approver()
            if not approver:
                continue
            if pending:
                # a request left with someone who may no longer decide (they
                # changed the terms, or the complaint moved to another
                # company) goes to who decides now
                deciders = complaint.sudo()._get_complaint_managers(  # sudo: managers
                    complaint.company_id
                )
                # the request stands for every remedy of the complaint waiting
                waiting = complaint.sudo().remedy_ids.filtered(  # sudo: all of them
                    lambda r: r.state == "proposed"
                )
                approver = waiting._approver() or approver
                proposers = waiting._proposers()
                stale = pending.filtered(
                    lambda a, u=approver, d=deciders, p=proposers: a.user_id != u
                    and (a.user_id not in d or a.user_id in p)
                )
                # sudo: the request is handed to the approver
                stale.sudo().write({"user_id": approver.id})
                continue
            complaint.sudo().activity_schedule(  # sudo: an activity for the approver
                activity_type_id=activity_type.id,
                user_id=approver.id,
                note=self.env._(
                    "Approve or refuse: %(remedies)s",
                    remedies=format_list(
                        self.env,
                        [
                            f"{r.type_id.name} "
                            f"({format_amount(self.env, r.amount, r.currency_id)})"
                            for r in remedies
                        ],
                    ),
                ),
            )
        return True

    def _close_approval_request(self, feedback):
        activity_type = self.env.ref(
            "complaint_management.mail_activity_type_remedy_approval"
        )
        for complaint in self.complaint_id:
            if complaint.remedy_ids.filtered(lambda r: r.state == "proposed"):
                continue
            complaint.activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type
            ).sudo().action_feedback(feedback=feedback)  # sudo: the approver's own

    def _tell_handler(self, body):
        for remedy in self:
            complaint = remedy.complaint_id
            handler = complaint.sudo().user_id  # sudo: the handler is told
            complaint.message_post(
                body=body(remedy),
                partner_ids=handler.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )

    def action_approve(self):
        self._check_approver()
        self._workflow_write(
            {
                "state": "approved",
                "approved_by_id": self.env.user.id,
                "date_approved": fields.Datetime.now(),
            }
        )
        self._tell_handler(
            lambda remedy: self.env._(
                "Remedy approved: %(remedy)s (%(amount)s).",
                remedy=remedy.type_id.name,
                amount=format_amount(self.env, remedy.amount, remedy.currency_id),
            )
        )
        self._close_approval_request(self.env._("Approved"))
        return True

    def action_refuse(self, reason):
        self._check_approver()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Give the reason why the remedy is refused."))
        self._workflow_write(
            {
                "state": "refused",
                "approved_by_id": self.env.user.id,
                "date_approved": fields.Datetime.now(),
                "refusal_reason": reason,
            }
        )
        self._tell_handler(
            lambda remedy: self.env._(
                "Remedy refused: %(remedy)s (%(amount)s). Reason: %(reason)s",
                remedy=remedy.type_id.name,
                amount=format_amount(self.env, remedy.amount, remedy.currency_id),
                reason=reason,
            )
        )
        self._close_approval_request(self.env._("Refused"))
        return True

    def action_open_refuse_wizard(self):
        self._check_approver()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Refuse Remedy"),
            "res_model": "complaint.remedy.refuse.wizard",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "new",
            "context": {"default_remedy_ids": self.ids},
        }

    def action_done(self):
        if self.filtered(lambda r: r.state != "approved"):
            raise UserError(
                self.env._("Only approved remedies can be marked as carried out.")
            )
        if self.filtered(lambda r: r.complaint_id.state != "accepted"):
            raise UserError(
                self.env._(
                    "Remedies are carried out once the customer accepted the proposal."
                )
            )
        self._workflow_write({"state": "done", "date_done": fields.Datetime.now()})
        return True

    def action_cancel(self):
        if self.filtered(lambda r: r.state == "done"):
            raise UserError(
                self.env._("A remedy already carried out cannot be cancelled.")
            )
        # sudo: the credit note field is group-restricted
        if self.sudo().filtered(
            lambda r: r.credit_note_id and r.credit_note_id.state != "cancel"
        ):
            raise UserError(
                self.env._(
                    "This refund has a credit note: cancel the credit note first."
                )
            )
        # what the customer was promised changes with a new proposal, or by a
        # manager
        promised = self.filtered(
            lambda r: r.state == "approved"
            and r.complaint_id.state in ("proposed", "accepted")
        )
        if promised and not (self.env.su or self.env.user.has_group(MANAGER)):
            raise UserError(
                self.env._(
                    "The customer was proposed %(remedy)s: only a complaint manager "
                    "can cancel it now.",
                    remedy=promised[0].display_name,
                )
            )
        self._workflow_write({"state": "cancelled"})
        self._close_approval_request(self.env._("Cancelled"))
        return True
