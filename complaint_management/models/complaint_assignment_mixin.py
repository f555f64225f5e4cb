from collections import Counter, defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from .complaint_states import MANAGER


class ComplaintAssignmentMixin(models.AbstractModel):
    """Ownership: every open complaint has a team and a handler.

    The team comes from the assignment rules (``complaint.assignment.rule``),
    else the default team; the handler from the team's method
    (``complaint.team._pick_handlers``), else its leader. Called when a
    complaint is created (back office, email, portal), registered, escalated
    and swept, so that nothing waits without an owner. Complainants see the
    owner under a public name (``handler_public_name``).
    """

    _name = "complaint.assignment.mixin"
    _inherit = "complaint.events"
    _description = "Complaint Assignment"

    handler_public_name = fields.Char(
        compute="_compute_handler_public_name",
        help="What complainants see instead of the handler's own name.",
    )

    @api.depends("user_id", "team_id", "company_id")
    @api.depends_context("lang")
    def _compute_handler_public_name(self):
        # sudo: the complainant reads the public name, never the handler field
        for complaint, complaint_sudo in zip(self, self.sudo(), strict=True):
            handler = complaint_sudo.user_id
            complaint.handler_public_name = (
                handler._complaint_public_name()
                if handler
                # no one yet: whoever the complainant deals with, never blank
                # ("handled by ." in the acknowledgement)
                else complaint_sudo.team_id.name or complaint_sudo.company_id.name or ""
            )

    def _assign(self):
        # sudo: assignment acts for the organisation, whoever filed the complaint
        todo = self.sudo().filtered(
            lambda c: c.is_open and (not c.team_id or not c.user_id)
        )
        if not todo:
            return
        rule_teams = (
            self.env["complaint.assignment.rule"]
            .sudo()
            ._team_for(todo.filtered(lambda c: not c.team_id))
        )
        Team = self.env["complaint.team"].sudo()
        by_team = defaultdict(lambda: todo.browse())
        for complaint in todo:
            team = (
                complaint.team_id
                or rule_teams.get(complaint)
                # filed with its handler: the handler's team, not the filer's
                or Team.with_company(complaint.company_id)._get_default_team(
                    complaint.user_id or None
                )
            )
            by_team[team] |= complaint
        writes = defaultdict(lambda: todo.browse())
        # a member of two teams is given their share of the batch once
        pending = Counter()
        for team, complaints in by_team.items():
            unowned = complaints.filtered(lambda c: not c.user_id)
            handlers = iter(
                team._pick_handlers(len(unowned), pending=pending) if team else []
            )
            nobody = self.env["res.users"]
            for complaint in complaints:
                # a company without a team (or a team without members) leaves
                # the complaint unassigned: its leader or a manager takes it
                user = complaint.user_id or next(handlers, nobody)
                writes[(team.id, user.id)] |= complaint
        for (team_id, user_id), complaints in writes.items():
            # nobody found changes nothing: no write; the team written only
            # where it changes (written again, it would choose the time
            # limits' policies again, and its followers, for a team change
            # that did not happen)
            moving = complaints.filtered(lambda c, t=team_id: c.team_id.id != t)
            for part, vals in (
                (moving, {"team_id": team_id, "user_id": user_id}),
                (
                    (complaints - moving).filtered(
                        lambda c, u=user_id: c.user_id.id != u
                    ),
                    {"user_id": user_id},
                ),
            ):
                if part:
                    part.write(vals)

    def _on_writing(self, vals):
        res = super()._on_writing(vals)
        if {"user_id", "team_id"} & vals.keys() and not self.env.su:
            self._check_finished_owner(vals)
        return res

    def _check_finished_owner(self, vals):
        """Who handled a finished complaint, and in which team, is its
        history: its quality review and the handlers' figures read it. Only
        a manager changes it (reopened, it is handed over as any other)."""
        if self.env.user.has_group(MANAGER):
            return
        changed = self.filtered(
            lambda c: not c.is_open
            and any(
                field in vals and c[field].id != (vals[field] or False)
                for field in ("user_id", "team_id")
            )
        )
        if changed:
            raise UserError(
                self.env._(
                    "Complaint %(name)s is %(state)s: only a complaint manager "
                    "changes who handled it (reopen it to hand it over).",
                    name=changed[0].name,
                    state=changed[0]._state_label(),
                )
            )

    def _on_written(self, vals):
        res = super()._on_written(vals)
        if {"user_id", "team_id"} & vals.keys():
            if not self.env.su:
                self._check_someone_owns()
                self._check_leader_takes_over()
            self._unfollow_lost_staff()
            self._hand_over_lost_todos()
        elif {"receiver_id", "company_id"} & vals.keys():
            if "company_id" in vals and not self.env.su:
                # moved to a company with teams, an unowned complaint is
                # nobody's there (its teams' members do not read it)
                self._check_someone_owns()
            # who may read it changed: a receiver put right, another company
            self._unfollow_lost_staff()
            self._hand_over_lost_todos()
        return res

    def _hand_over_lost_todos(self):
        """The to-dos scheduled by hand (a call, an email) for staff who can
        no longer read the complaint (its former handler, a team it left) go
        to its owner: left, they would lead to an access error, and the new
        owner would never see them. The engine's own to-dos (the reminder,
        an approval, a call-back) follow their own rules."""
        # sudo: anyone's to-dos, whoever hands the complaint over
        self._activities_within_reach(
            self.sudo().activity_ids.filtered(
                lambda activity: not activity.activity_type_id.res_model
            )
        )

    def _hand_over_todos_of(self, leaving):
        """The to-dos scheduled by hand for ``leaving`` colleagues (archived:
        Odoo deletes their activities) go to who takes each complaint without
        them (see :meth:`_satisfaction_callback_user`), quietly: they are
        handed on once the complaints have their new owners
        (:meth:`_todos_follow_owner`). Returns them."""
        moved = self.env["mail.activity"]
        # sudo: anyone's to-dos, whoever archives the colleagues
        for complaint in self.sudo():
            todos = complaint.activity_ids.filtered(
                lambda a: a.user_id in leaving and not a.activity_type_id.res_model
            )
            user = todos and complaint._satisfaction_callback_user(leaving)
            if user:
                todos.with_context(mail_activity_quick_update=True).write(
                    {"user_id": user.id}
                )
                moved |= todos
        return moved

    def _todos_follow_owner(self, todos):
        """``todos`` of complaints of ``self`` go to who owns each now."""
        # sudo: anyone's to-dos, whoever hands the complaints over
        for complaint in self.sudo():
            owner = complaint._sla_activity_user()
            theirs = todos.filtered(
                lambda a, c=complaint, o=owner: a.res_id == c.id and a.user_id != o
            )
            if owner and theirs:
                theirs.write({"user_id": owner.id})

    def _activities_within_reach(self, activities):
        """``activities`` of the complaints of ``self`` whose assignee may not
        open their complaint (a former handler, a handler of a merged
        duplicate's team) go to its owner; none to nobody. One access check
        per assignee, one write per new owner, whatever the number of
        complaints (an escalation moves a batch)."""
        activities = activities.sudo().filtered("user_id")  # sudo: anyone's
        if not activities:
            return
        complaints = self.sudo()
        lost = activities.browse()
        for user, theirs in activities.grouped("user_id").items():
            readable = (
                complaints.browse(theirs.mapped("res_id"))
                ._as_colleague(user)
                ._filtered_access("read")
            )
            lost |= theirs.filtered(
                lambda a, ids=set(readable.ids): a.res_id not in ids
            )
        by_owner = defaultdict(lambda: activities.browse())
        for activity in lost:
            by_owner[complaints.browse(activity.res_id)._sla_activity_user()] |= (
                activity
            )
        # an escalation's new handler is told by its note, not once a to-do
        quiet = self._system_context("complaint_escalating")
        for owner, moved in by_owner.items():
            if owner:
                moved.with_context(mail_activity_quick_update=quiet).write(
                    {"user_id": owner.id}
                )
            else:
                moved.unlink()

    def _check_someone_owns(self):
        """An open complaint a user leaves with neither team nor handler
        (over RPC, a mass edit) would be nobody's: refused where the company
        has teams to take it over (a company without any works unassigned,
        its managers own the complaints)."""
        # sudo: the writer may no longer read what they left unowned
        unowned = self.sudo().filtered(
            lambda c: c.is_open and not c.team_id and not c.user_id
        )
        if not unowned:
            return
        # sudo: which companies have teams, whoever writes
        staffed = (
            self.env["complaint.team"]
            .sudo()
            .search([("company_id", "in", unowned.company_id.ids)])
            .company_id
        )
        unowned = unowned.filtered(lambda c: c.company_id in staffed)
        if unowned:
            raise UserError(
                self.env._(
                    "Complaint %(name)s would have neither a team nor a handler: "
                    "choose the team or the colleague who takes it over.",
                    name=unowned[0].name,
                )
            )

    def _check_leader_takes_over(self):
        """An open complaint left without a handler is its team leader's
        (their reminders, warnings and answers): refused in a team without a
        leader who may own it, where it would be nobody's."""
        # sudo: the writer may no longer read what they left
        for complaint in self.sudo().filtered(
            lambda c: c.is_open and c.team_id and not c.user_id
        ):
            if not complaint._owner_in_team():
                raise UserError(
                    self.env._(
                        "Complaint %(name)s would have no handler, and team "
                        "%(team)s has no leader to take it over: choose the "
                        "colleague who handles it.",
                        name=complaint.name,
                        team=complaint.team_id.name,
                    )
                )

    def _as_colleague(self, user):
        """``self`` as ``user`` would reach it, in their own companies: the
        request's (every company of the switcher) may not all be theirs, and
        core then refuses any access check."""
        return self.with_user(user).with_context(
            allowed_company_ids=user.company_ids.ids
        )

    def _unfollow_team_outsiders(self):
        """A team's followers follow its complaints (core's subtypes of the
        team); a colleague who may not read one (not of the team, not an
        officer) stops, or its creation, notes, the customer's messages and
        their files would reach them. Nothing to check for a team nobody
        follows but the complaint's handler."""
        followed = self.env["mail.followers"]._complaint_team_followers()
        outsiders = self.filtered(
            lambda c: followed.get(c.team_id.id, frozenset())
            - {c.user_id.partner_id.id}
        )
        if outsiders:
            outsiders._unfollow_lost_staff()

    def _unfollow_lost_staff(self):
        """Staff who cannot read a complaint (its former handler, a team it
        left, a team's follower outside it) stop following it: its notes and
        the customer's messages no longer reach them. One access check per
        colleague, whatever the number of complaints; none for the complaints
        a colleague handles (they read them)."""
        # sudo: the followers of the complaints handed over, whoever hands over
        complaints = self.sudo()
        partners = complaints.message_partner_ids.filtered(
            lambda partner: partner.user_ids.filtered(lambda user: not user.share)
        )
        for partner in partners:
            # they read what they handle
            checked = complaints.filtered(
                lambda complaint, partner=partner: partner
                != complaint.user_id.partner_id
            )
            if not checked:
                continue
            readable = checked.browse()
            for user in partner.user_ids.filtered(lambda user: not user.share):
                readable |= checked._as_colleague(user)._filtered_access("read")
            lost = (checked - readable.with_env(complaints.env)).filtered(
                lambda complaint, partner=partner: partner
                in complaint.message_partner_ids
            )
            # their own complaints as the complainant they follow as a
            # customer does: told of its progress, not of the staff's notes
            own = lost.filtered(lambda c, partner=partner: c.partner_id == partner)
            own._follow_as_complainant(partner)
            # one query for all the complaints a colleague no longer reads
            (lost - own).message_unsubscribe(partner_ids=partner.ids)

    def _owner_refresh(self):
        """Open complaints whose handler can no longer own them (left, lost
        the complaint rights or the company), or whose team was archived,
        are assigned again, by the same rules as a new complaint."""
        # sudo: ownership acts for the organisation, whoever triggers it
        complaints = self.sudo()
        # reopened in a team archived since: out of its members' sight
        archived = complaints.filtered(
            lambda c: c.is_open and c.team_id and not c.team_id.active
        )
        if archived:
            archived.write({"team_id": False})
        lost = complaints.filtered(
            lambda c: c.is_open
            and c.user_id
            and not c.user_id._complaint_can_own(c.company_id)
        )
        if lost:
            lost.write({"user_id": False})
        (archived | lost)._assign()

    @api.constrains("team_id")
    def _check_team_active(self):
        """An archived team drops out of its members' lists and searches: an
        open complaint does not go there (escalated, handed over, filed)."""
        for complaint in self.sudo():  # sudo: the team, whatever the writer reads
            team = complaint.team_id
            if complaint.is_open and team and not team.active:
                raise ValidationError(
                    self.env._(
                        "Team %(team)s is archived: choose an active team for "
                        "complaint %(name)s.",
                        team=team.name,
                        name=complaint.name or complaint.subject,
                    )
                )

    @api.constrains("user_id", "company_id")
    def _check_owner(self):
        # Odoo's superuser account (OdooBot, archived) is nobody to remind:
        # only the system itself (as superuser) may leave a complaint on it
        system = self.env.su
        for complaint in self.sudo():  # sudo: the handler's rights, not the caller's
            user = complaint.user_id
            if user and (
                not user._complaint_can_own(complaint.company_id)
                or (user._is_superuser() and not system)
            ):
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot handle complaint %(name)s: a handler is "
                        "a colleague still working here, with the complaint "
                        "rights, in the company %(company)s.",
                        user=user.name,
                        name=complaint.name or "",
                        company=complaint.company_id.name,
                    )
                )

    def action_assign_to_me(self):
        if not self.env.user._is_internal():
            raise UserError(self.env._("Only staff can take a complaint."))
        # the button sends the handler it showed: two colleagues taking the
        # same complaint at once, the second click took it from the first
        if "assign_from" in self.env.context:
            shown = self.env.context["assign_from"] or False
            taken = self.filtered(lambda c: c.user_id.id != shown)
            if taken:
                raise UserError(
                    self.env._(
                        "%(user)s took complaint %(name)s since you opened it: "
                        "reload the page to see who handles it.",
                        user=taken[0].user_id.name or self.env._("Nobody"),
                        name=taken[0].name,
                    )
                )
        self.write({"user_id": self.env.user.id})
        return True
