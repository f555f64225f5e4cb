from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount, format_list

from .complaint_states import MANAGER


class ComplaintRemedyApprovalMixin(models.AbstractModel):
    """The approval of remedies above the compensation-first limit: who
    decides (four eyes: never who proposed a remedy or changed its terms,
    unless the company has no other complaint manager), the request to them
    (one activity per complaint), and their decision, told to the handler.
    Composed by ``complaint.remedy``."""

    _name = "complaint.remedy.approval.mixin"
    _description = "Complaint Remedy Approval"

    can_approve = fields.Boolean(
        compute="_compute_can_approve",
        search="_search_can_approve",
        string="To Approve by Me",
    )

    @api.depends("state", "create_uid", "terms_editor_ids")
    @api.depends_context("uid")
    def _compute_can_approve(self):
        """Approve and Refuse, shown to whom :meth:`_check_approver` lets
        decide (:meth:`_approve_refusal`)."""
        is_manager = self.env.su or self.env.user.has_group(MANAGER)
        for remedy in self:
            remedy.can_approve = not remedy._approve_refusal(is_manager)

    def _search_can_approve(self, operator, value):
        if operator not in ("=", "!=") or not isinstance(value, bool):
            raise UserError(self.env._("Unsupported search on To Approve by Me."))
        waiting = self.search([("state", "=", "proposed")])
        mine = waiting.filtered("can_approve")
        positive = (operator == "=") == value
        return [("id", "in" if positive else "not in", mine.ids)]

    def _approve_refusal(self, is_manager):
        """Why the current user may not approve or refuse this remedy, or
        ``""``: a complaint manager decides a remedy awaiting approval, not
        whoever proposed it or changed its terms (four eyes), unless the
        company has no other complaint manager."""
        self.ensure_one()
        if not is_manager:
            return self.env._(
                "Only a complaint manager can approve or refuse remedies."
            )
        if self.state != "proposed":
            return self.env._(
                "Only remedies awaiting approval can be approved or refused."
            )
        complaint = self.complaint_id
        if complaint.state in ("closed", "cancelled"):
            # a promise on a complaint that ended would never be carried out
            return self.env._(
                "Complaint %(name)s is %(state)s: its remedies are no longer "
                "decided. Reopen a closed complaint first.",
                name=complaint.name,
                state=complaint._state_label(),
            )
        if (
            not self.env.su
            and self.env.user in self._proposers()
            and self._other_approvers()
        ):
            return self.env._(
                "You proposed or changed the remedy %(remedy)s: another "
                "complaint manager approves or refuses it.",
                remedy=self.display_name,
            )
        return ""

    def _check_approver(self):
        is_manager = self.env.user.has_group(MANAGER)
        for remedy in self:
            refusal = remedy._approve_refusal(is_manager)
            if refusal:
                raise UserError(refusal)

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
        # the configured approver while still a manager of the company
        if approver not in managers:
            approver = approver.browse()
        return (
            approver
            or (leader if leader in managers else leader.browse())
            or managers.sorted("id")[:1]
            or complaint._get_complaint_managers(complaint.company_id)[:1]
        )

    @api.model
    def _approval_requests_refresh(self):
        """Remedies awaiting approval whose request went with an approver who
        left or lost the rights (Odoo deletes a departing user's activities):
        asked again of who decides now."""
        activity_type = self.env.ref(
            "complaint_management.mail_activity_type_remedy_approval"
        )
        # sudo: approvals act for the organisation, whoever edits the user
        waiting = self.sudo().search(
            [
                ("state", "=", "proposed"),
                ("complaint_id.is_open", "=", True),
            ]
        )
        managers = {}
        for remedy in waiting:
            company = remedy.complaint_id.company_id
            if company not in managers:
                managers[company] = remedy.complaint_id._get_complaint_managers(company)
        waiting.filtered(
            lambda remedy: not remedy.complaint_id.activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type
                and a.user_id in managers[remedy.complaint_id.company_id]
            )
        ).action_request_approval()

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
                # sudo: all of them
                waiting = complaint.sudo()._remedies_awaiting_approval()
                approver = waiting._approver() or approver
                proposers = waiting._proposers()
                stale = pending.filtered(
                    lambda a, u=approver, d=deciders, p=proposers: a.user_id != u
                    and (a.user_id not in d or a.user_id in p)
                )
                # sudo: the request is handed to the approver
                stale.sudo().write({"user_id": approver.id})
                # naming every remedy waiting (one added, or merged in), in
                # the words of whom it is with now
                for activity in pending.sudo():  # sudo: as above
                    activity.write(
                        {
                            "note": waiting._approval_note(activity.user_id),
                            "summary": activity_type.with_context(
                                lang=activity.user_id._complaint_lang(
                                    complaint.company_id
                                )
                            ).summary,
                        }
                    )
                continue
            # sudo: an activity for the approver, titled in their language
            complaint.sudo().with_context(
                lang=approver._complaint_lang(complaint.company_id)
            ).activity_schedule(
                activity_type_id=activity_type.id,
                # the type's delay, which the company sets (core takes today)
                date_deadline=activity_type._get_date_deadline(),
                user_id=approver.id,
                note=remedies._approval_note(approver),
            )
        return True

    def _approval_note(self, approver):
        """What the request asks, in the approver's words, whoever asks."""
        complaint = self.complaint_id[:1]
        remedies = self.with_context(
            lang=approver._complaint_lang(complaint.company_id)
        )
        return remedies.env._(
            "Approve or refuse: %(remedies)s",
            remedies=format_list(
                remedies.env, [remedy._terms_text() for remedy in remedies]
            ),
        )

    def _close_approval_request(self, feedback):
        self._close_approval_requests(self.complaint_id, feedback)

    @api.model
    def _close_approval_requests(self, complaints, feedback):
        """The approver's request on ``complaints`` is done once none of
        their remedies awaits approval."""
        activity_type = self.env.ref(
            "complaint_management.mail_activity_type_remedy_approval"
        )
        for complaint in complaints:
            if complaint._remedies_awaiting_approval():
                continue
            complaint.activity_ids.filtered(
                lambda a: a.activity_type_id == activity_type
            ).sudo().action_feedback(feedback=feedback)  # sudo: the approver's own

    def _tell_handler(self, body):
        """Post ``body(remedy)`` to the handler: worded in their language (as
        the request is in the approver's), ``remedy`` read in it."""
        for remedy in self:
            complaint = remedy.complaint_id
            handler = complaint.sudo().user_id  # sudo: the handler is told
            if handler:
                remedy = remedy.with_context(
                    lang=handler._complaint_lang(complaint.company_id)
                )
            complaint.message_post(
                body=body(remedy),
                partner_ids=handler.partner_id.ids,
                subtype_xmlid="mail.mt_note",
            )

    def action_approve(self):
        self._check_approver()
        seen = self.env.context.get("approve_terms")
        if seen is not None:
            self._check_terms_seen(seen)
        self._workflow_write(
            {
                "state": "approved",
                "approved_by_id": self.env.user.id,
                "date_approved": fields.Datetime.now(),
            }
        )
        self._tell_handler(
            lambda remedy: remedy.env._(
                "Remedy approved: %(remedy)s (%(amount)s).",
                remedy=remedy.type_id.name,
                amount=format_amount(remedy.env, remedy.amount, remedy.currency_id),
            )
        )
        self._close_approval_request(self.env._("Approved"))
        self.complaint_id._proposal_revised()
        return True

    def _check_terms_seen(self, seen):
        """``seen``: the amount, type and description the approver was shown
        (the button sends them). Changed since (a handler raised the amount
        of a remedy awaiting approval, made "a standard model" of a
        replacement "a premium model with installation"), the approval would
        hold for terms they never saw."""
        amount, type_id, *described = seen
        for remedy in self:
            if (
                remedy.currency_id.compare_amounts(remedy.amount, amount or 0.0)
                or remedy.type_id.id != type_id
                or (described and (remedy.description or "") != (described[0] or ""))
            ):
                raise UserError(
                    self.env._(
                        "Remedy %(remedy)s changed since you opened it (now "
                        "%(amount)s): reload the page and check it before "
                        "approving.",
                        remedy=remedy.type_id.name,
                        amount=format_amount(
                            self.env, remedy.amount, remedy.currency_id
                        ),
                    )
                )

    def action_refuse(self, reason):
        self._check_approver()
        # a refund whose credit note stands is carried out (or about to be)
        self._check_no_credit_note()
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
            lambda remedy: remedy.env._(
                "Remedy refused: %(remedy)s (%(amount)s). Reason: %(reason)s",
                remedy=remedy.type_id.name,
                amount=format_amount(remedy.env, remedy.amount, remedy.currency_id),
                reason=reason,
            )
        )
        self._close_approval_request(self.env._("Refused"))
        self.complaint_id._proposal_revised()
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
