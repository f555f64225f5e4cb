from collections import defaultdict
from datetime import datetime

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_list

from .complaint_sla_states import OPEN_SLA_STATES

OFFICER = "complaint_management.complaint_management_group_officer"


class ComplaintMergeMixin(models.AbstractModel):
    """Merging duplicates: one complaint is kept, the others are cancelled
    into it and their numbers keep leading to it.

    What moves into the kept complaint: messages, attachments, activities,
    remedies, time limits (by the rule of :meth:`_merge_sla_lines`),
    spill-over cases, products and followers. Each merged complaint is
    cancelled through the workflow guard with ``merged_into_id`` set, and a
    note is posted on both. Who may merge what is decided by
    :meth:`_merge_check`, whoever calls.
    """

    _name = "complaint.merge.mixin"
    _inherit = "complaint.merge.rules.mixin"
    _description = "Complaint Merge"

    merged_into_id = fields.Many2one(
        "complaint.complaint",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="This complaint was a duplicate: it is cancelled and handled under "
        "the complaint it was merged into; its number leads there.",
    )
    merged_ids = fields.One2many(
        "complaint.complaint",
        "merged_into_id",
        string="Merged Complaints",
        readonly=True,
    )
    merged_count = fields.Integer(compute="_compute_merged_count")
    can_merge = fields.Boolean(
        compute="_compute_can_merge",
        help="Shows Merge Duplicates on the form: an officer, on an open complaint "
        "with open earlier complaints detected; the merge itself checks more "
        "(_merge_check).",
    )

    @api.depends("merged_ids")
    def _compute_merged_count(self):
        for complaint in self:
            complaint.merged_count = len(complaint.merged_ids)

    @api.depends("state", "repeat_of_ids.state")
    @api.depends_context("uid")
    def _compute_can_merge(self):
        officer = self.env.user.has_group(OFFICER)
        for complaint in self:
            complaint.can_merge = bool(
                officer and complaint.is_open and complaint._merge_duplicates()
            )

    def _merge_duplicates(self):
        """The open earlier complaints detected for ``self`` (Merge Duplicates)."""
        self.ensure_one()
        return self.repeat_of_ids.filtered("is_open")

    # ------------------------------------------------------------------
    # Where a number leads
    # ------------------------------------------------------------------
    def _merge_resolve(self):
        """The complaints that carry ``self`` on: each complaint itself, or the
        one it was merged into (followed through successive merges)."""
        result = self.browse()
        for complaint in self:
            seen = {complaint.id}
            while complaint.merged_into_id and complaint.merged_into_id.id not in seen:
                complaint = complaint.merged_into_id
                seen.add(complaint.id)
            result |= complaint
        return result

    def _merge_sources(self):
        """The complaints merged into ``self``, through any number of
        successive merges (``self`` not included)."""
        found = self.browse()
        frontier = self.merged_ids - self
        while frontier:
            found |= frontier
            frontier = frontier.merged_ids - found - self
        return found

    # ------------------------------------------------------------------
    # Guards
    # ------------------------------------------------------------------
    def _check_officer_write(self, message):
        """Complaint officers (and managers) with write access on ``self``
        only; ``message`` is the refusal, already translated."""
        if self.env.su:
            return
        if not self.env.user.has_group(OFFICER) or not self.has_access("write"):
            raise UserError(message)

    # ------------------------------------------------------------------
    # Merge
    # ------------------------------------------------------------------
    def _merge(self, sources):
        """Merge ``sources`` into ``self``, the complaint kept; return it."""
        self.ensure_one()
        self._merge_check(sources)
        self._merge_take_refund_links(sources)
        now = fields.Datetime.now()
        self._merge_sla_lines(sources, now)
        self._merge_move_messages(sources)
        Attachment = self.env["ir.attachment"].sudo()  # sudo: files of any author
        self._merge_move_attachments(
            Attachment.search(
                [("res_model", "=", self._name), ("res_id", "in", sources.ids)]
            )
        )
        # activities move whoever they are assigned to; remedies as they are:
        # a manager's approval stays valid (as the user, a change of complaint
        # sends an approved remedy back to approval)
        moving = sources.sudo()  # sudo: activities and remedies move as they are
        approval_type = self.env.ref(
            "complaint_management.mail_activity_type_remedy_approval"
        )
        requests = moving.activity_ids.filtered(
            lambda a: a.activity_type_id == approval_type
        )
        # one approval request per complaint: asked again below for all
        requests.unlink()
        moved = moving.activity_ids
        moved.write({"res_id": self.id})
        remedies = moving.remedy_ids
        remedies.write({"complaint_id": self.id})
        # the fast track's limit is for the whole complaint: small remedies of
        # duplicates are no way around a manager's approval
        remedies.filtered(
            lambda r: r.is_fast_track and r.state == "approved"
        )._reconsider()
        self.sudo().remedy_ids.filtered(  # sudo: as above
            lambda r: r.state == "proposed"
        ).action_request_approval()
        if remedies:
            # a proposal the customer holds grew: sent again, once decided
            self._proposal_revised()
        self._activities_within_reach(moved)
        sources.external_case_ids.write({"complaint_id": self.id})
        # the history of escalations and the credit notes follow the case
        moving.escalation_ids.write({"complaint_id": self.id})
        self.env["account.move"].sudo().search(  # sudo: documents of accounting
            [("complaint_id", "in", sources.ids)]
        ).write({"complaint_id": self.id})
        self._merge_products_and_links(sources)
        self._merge_move_followers(sources)
        self._merge_keep_flags(sources)
        sources._workflow_write(
            {"state": "cancelled", "date_cancelled": now, "merged_into_id": self.id}
        )
        self._merge_post_notes(sources)
        self._sla_sync()
        return self

    def _merge_keep_flags(self, sources):
        """What the duplicates carried that must not be lost with them: the
        hold (lifting it stays a privacy officer's decision), the high-risk
        gate (lifting it stays a manager's) and the consents to the
        processing of the messages and files moved here. The merger keeps
        decisions already made, they make none: hence sudo."""
        kept = self.sudo()
        if not kept.keep_permanently and any(sources.mapped("keep_permanently")):
            kept.keep_permanently = True
        risky = sources.sudo().filtered("is_high_risk")
        if risky and not kept.is_high_risk:
            kept.write(
                {
                    "is_high_risk": True,
                    "high_risk_reason": "\n".join(
                        filter(None, risky.mapped("high_risk_reason"))
                    ),
                }
            )
        for source in sources:
            self._privacy_inherit_consents(source)
        self._party_take_record(sources)

    def _merge_products_and_links(self, sources):
        """The products of ``sources`` join those of ``self``; a merged
        duplicate is no longer an earlier complaint of ``self`` (nor is it a
        repeat because of it)."""
        products = sources.product_ids - self.product_ids
        if products:
            # sudo: the merge's own write (checked by _merge_check), which
            # detects no batch of the duplicates it is about to cancel
            self.sudo().write({"product_ids": [Command.link(p.id) for p in products]})
        # the corrective actions taken on a duplicate were taken on the
        # complaint kept (its tracking form lists them)
        # sudo: the merge's own link, whatever the merger may write on them
        actions = (
            sources.sudo().corrective_action_ids - self.sudo().corrective_action_ids
        )
        if actions:
            actions.with_context(active_test=False).write(
                {"complaint_ids": [Command.link(self.id)]}
            )
        earlier = self.repeat_of_ids - sources
        if earlier != self.repeat_of_ids:
            # the detection's fields, refused to direct writes
            self._workflow_write(
                {
                    "repeat_of_ids": [Command.set(earlier.ids)],
                    "is_repeat": bool(earlier),
                }
            )

    def _merge_sla_lines(self, sources, now):
        """Move the time limits of ``sources`` onto ``self``.

        The rule: per milestone, the complainant keeps the earliest deadline
        already promised. When a merged complaint's open milestone is due
        before the kept complaint's open one of the same milestone, the merged
        line carries on (running, at risk or breached, as it was) on the kept
        complaint and the kept complaint's own line is stopped; otherwise the
        merged line is stopped, and so is a merged line whose milestone the
        kept complaint has no longer open (it was reached there). A milestone
        the kept complaint never had (no policy of its own covers it): the
        earliest merged line carries on. A paused line is compared by its
        date as if it ran again from now (resumed at the merge; the sync
        pauses it again while the kept complaint waits for the customer).
        Reached lines move as they are. Stopped lines stay as history
        (``state`` stopped, ``date_stopped``, ``merged_from_id``): no
        deadline, reminder or breach.
        """
        Line = self.env["complaint.sla.line"].sudo()  # sudo: engine-owned lines
        kept = self.sudo()  # sudo: engine-owned lines
        moved = sources.sudo().sla_line_ids  # sudo: engine-owned lines
        (kept.sla_line_ids | moved).filtered(
            lambda line: line.state == "paused"
        )._sla_resume(now)
        had = set(kept.sla_line_ids.mapped("milestone"))
        by_milestone = defaultdict(lambda: Line)
        for line in (kept.sla_line_ids | moved).filtered(
            lambda line: line.state in OPEN_SLA_STATES
        ):
            by_milestone[line.milestone] |= line
        to_stop = Line
        for milestone, lines in by_milestone.items():
            if not lines & kept.sla_line_ids and milestone in had:
                to_stop |= lines
                continue
            earliest = min(
                lines, key=lambda line: (line.deadline or datetime.max, line.id)
            )
            to_stop |= lines - earliest
        # their reminders hang on the merged complaint: the sync makes new ones
        activities = moved.activity_id
        moved.write({"activity_id": False})
        activities.unlink()
        for source in sources:
            moved.filtered(
                lambda line, source=source: line.complaint_id == source
            ).write({"complaint_id": self.id, "merged_from_id": source.id})
        to_stop._sla_stop(now)

    def _merge_move_messages(self, sources):
        """The whole chatter of ``sources`` (replies to its emails thread
        into ``self`` from now on: they refer to the moved messages)."""
        Message = self.env["mail.message"].sudo()  # sudo: all of them, whoever reads
        messages = Message.search(
            [("model", "=", self._name), ("res_id", "in", sources.ids)]
        )
        messages.write({"res_id": self.id, "record_name": self.display_name})
        # the ratings given with them: the satisfaction figures and a low
        # rating's call-back read the kept complaint's (an invitation not
        # answered stays: it was for the closing of a complaint now merged)
        self.env["rating.rating"].sudo().search(  # sudo: ratings are the system's
            [
                ("res_model", "=", self._name),
                ("res_id", "in", sources.ids),
                ("consumed", "=", True),
            ]
        ).write({"res_id": self.id})

    def _merge_move_attachments(self, attachments):
        """Put ``attachments`` (already searched as superuser) on ``self``."""
        attachments.write({"res_id": self.id})

    def _merge_move_followers(self, sources):
        """Followers of ``sources`` follow ``self`` with their own subtypes;
        those already following ``self`` keep theirs. Following gives the
        portal page: only the complainant's own portal accounts and the staff
        who may read ``self`` come along."""
        present = self.sudo().message_follower_ids.partner_id  # sudo: all followers
        by_subtypes = defaultdict(set)
        for follower in sources.sudo().message_follower_ids:  # sudo: all followers
            if (
                follower.partner_id
                and follower.partner_id not in present
                and self._merge_may_follow(follower.partner_id)
            ):
                by_subtypes[tuple(sorted(follower.subtype_ids.ids))].add(
                    follower.partner_id.id
                )
        for subtype_ids, partner_ids in by_subtypes.items():
            self.message_subscribe(
                partner_ids=list(partner_ids), subtype_ids=list(subtype_ids) or None
            )

    def _merge_may_follow(self, partner):
        users = partner.with_context(active_test=False).user_ids
        if not users:
            return True  # a contact by email: later emails only, no page
        staff = users.filtered(lambda u: not u.share)
        if staff:
            return any(self._as_colleague(user).has_access("read") for user in staff)
        return partner.commercial_partner_id == self.sudo().commercial_partner_id

    def _merge_post_notes(self, sources):
        self._merge_note(
            self.env._(
                "Merged into this complaint: %(names)s. Their messages, files, "
                "remedies, time limits, spill-over cases, escalations, consents, "
                "products and followers are here now.",
                names=format_list(self.env, sources.mapped("name")),
            )
        )
        for source in sources:
            source._merge_note(
                self.env._(
                    "Merged into complaint %(name)s and cancelled: its history "
                    "continues there.",
                    name=self.name,
                )
            )

    def _merge_note(self, text):
        """An internal note of a merge or split, in the chatter of ``self``."""
        self.message_post(body=Markup("<p>%s</p>") % text, subtype_xmlid="mail.mt_note")

    # ------------------------------------------------------------------
    # Buttons
    # ------------------------------------------------------------------
    def action_open_merge_wizard(self):
        """Merge Duplicates: this complaint and its open earlier complaints."""
        self.ensure_one()
        duplicates = self._merge_duplicates()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_merge_wizard_action"
        )
        action["context"] = {
            "active_model": self._name,
            "active_ids": (self | duplicates).ids,
        }
        return action

    def action_view_merged(self):
        self.ensure_one()
        return self._merge_list_action(
            self.env._("Merged Complaints"), [("merged_into_id", "=", self.id)]
        )

    def _merge_list_action(self, name, domain):
        """The complaints of ``domain`` (merged into, split from ``self``)."""
        return {
            "type": "ir.actions.act_window",
            "name": name,
            "res_model": self._name,
            "view_mode": "list,form",
            "domain": domain,
            "context": {"create": False},
        }

    def _merge_form_action(self):
        """The form of ``self``, where a merge or split leads."""
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }
