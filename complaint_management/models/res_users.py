from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError

from ..tools.references import first_referrer
from .complaint_privacy_service import PRIVACY_GROUP

GROUP_USER = "complaint_management.complaint_management_group_user"
# who did a step of a complaint's record: printed on its forms, shown to
# its auditors; (model, field, domain of the records where it is a fact)
RECORDED_BY = (
    ("complaint.complaint", "receiver_id", []),
    ("complaint.complaint", "user_id", [("is_open", "=", False)]),
    ("complaint.remedy", "approved_by_id", []),
    ("complaint.remedy", "done_by_id", []),
    ("complaint.corrective.action", "done_by_id", []),
    ("complaint.corrective.action", "verified_by_id", []),
    ("complaint.escalation", "escalated_by_id", []),
    ("complaint.sample", "reviewed_by_id", []),
    ("complaint.reply.script", "approver_id", []),
)
# what makes a colleague able, or no longer able, to own complaints
OWNER_FIELDS = {"active", "share", "company_ids", "groups_id", "complaint_team_ids"}


class ResUsers(models.Model):
    _inherit = "res.users"

    complaint_team_ids = fields.Many2many(
        "complaint.team",
        "complaint_team_member_rel",
        "user_id",
        "team_id",
        string="Complaint Teams",
    )
    complaint_display_name = fields.Char(
        string="Handler Name Shown to Complainants",
        help="The name complainants see in emails and on the portal instead of "
        "this user's own name and contact data.",
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + ["complaint_display_name"]

    @property
    def SELF_WRITEABLE_FIELDS(self):
        return super().SELF_WRITEABLE_FIELDS + ["complaint_display_name"]

    @api.model
    def _complaint_owner_domain(self):
        """The domain of a handler picker (a client-side domain with the
        record's ``company_id``): the colleagues who may own a complaint of
        that company (:meth:`_complaint_can_own`), so that the list offers
        no one the save would refuse."""
        group = self.env.ref(GROUP_USER, raise_if_not_found=False)
        return (
            "[('share', '=', False), ('company_ids', 'in', company_id), "
            f"('groups_id', 'in', {group.id if group else 0})]"
        )

    def _complaint_public_name(self):
        """Name shown to complainants: never the private name or contact data."""
        self.ensure_one()
        return self.complaint_display_name or self.env._("Complaint Handler")

    def _complaint_lang(self, company):
        """The language a task or request for this user is worded in: their
        own, else ``company``'s; whoever or whichever job hands it to them."""
        self.ensure_one()
        return self.lang or company._complaint_lang()

    def _complaint_can_own(self, company):
        """Whether this user may handle or lead complaints of ``company``: a
        colleague still working here, with the complaint rights, in that
        company (Odoo's own administrator account included). Asked for each
        complaint a batch assigns, warns or escalates: cached; Odoo clears
        its caches when a user's rights, companies or status change (users'
        and groups' ``write``)."""
        self.ensure_one()
        return self._complaint_can_own_ids(self.id, company.id)

    def _complaint_answers_privacy(self, company):
        """Whether this user may own ``company``'s privacy requests (see
        :meth:`_complaint_check_answers_privacy`)."""
        self.ensure_one()
        user = self.sudo()  # sudo: a colleague's groups and companies, whoever asks
        return bool(
            user._is_superuser()
            or (
                user.active
                and not user.share
                and company in user.company_ids
                and user._has_group(PRIVACY_GROUP)
            )
        )

    def _complaint_check_answers_privacy(self, company):
        """Refuse this user as the owner of ``company``'s privacy requests
        (asked to answer them by a task and an email) unless they open them
        (a privacy officer, as every complaint manager is) and work there;
        Odoo's superuser, who records them in jobs and imports, stands in."""
        if self._complaint_answers_privacy(company):
            return
        user = self.sudo()  # sudo: the name of a colleague, whoever asks
        raise ValidationError(
            self.env._(
                "%(user)s cannot answer privacy requests of %(company)s: "
                "choose a privacy officer or a complaint manager working "
                "there.",
                user=user.name,
                company=company.name,
            )
        )

    @api.model
    def _complaint_first_owner(self, candidates, company):
        """The first of ``candidates`` (users, empty ones skipped) who may own
        complaints of ``company`` (:meth:`_complaint_can_own`), else none:
        who a task of a complaint goes to, whoever may have left."""
        return next(
            (user for user in candidates if user and user._complaint_can_own(company)),
            self.browse(),
        )

    @api.model
    @tools.ormcache("user_id", "company_id")
    def _complaint_can_own_ids(self, user_id, company_id):
        # sudo: whether a colleague may own a complaint, whoever asks
        user = self.sudo().with_context(active_test=False).browse(user_id)
        return bool(
            (user.active or user._is_superuser())
            and not user.share
            and company_id in user.company_ids.ids
            and user._has_group(GROUP_USER)
        )

    @api.model_create_multi
    def create(self, vals_list):
        users = super().create(vals_list)
        if users.filtered(lambda u: not u.share):
            # a colleague who may stand in for a company's complaints
            # (res.company._complaint_manager_on_duty_id); core clears its
            # caches on a user's change, not on a new one
            self.env.registry.clear_cache()
        return users

    def write(self, vals):
        owners_changed = OWNER_FIELDS & vals.keys() or any(
            key.startswith("in_group_") or key.startswith("sel_groups_") for key in vals
        )
        staff = self.filtered(lambda u: not u.share) if owners_changed else None
        res = super().write(vals)
        if owners_changed:
            made_portal = staff.filtered("share")
            made_portal._check_not_recorded_as_staff()
            self._complaint_owners_changed()
            # a colleague made a portal user follows nothing of the staff's
            made_portal._complaint_unfollow_all()
        return res

    def _check_not_recorded_as_staff(self):
        """A colleague made a portal user would show complainants their own
        name on what they wrote as staff: the masking of staff knows staff
        by their user."""
        user, record = self._complaint_wrote_as_staff(self)
        if user:
            raise UserError(
                self.env._(
                    "%(user)s wrote on %(record)s as complaint staff: made a "
                    "portal user, they would show complainants their own name "
                    "on what they wrote. Keep them an internal user (archive "
                    "them when they leave).",
                    user=user.name,
                    record=record.display_name,
                )
            )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_recorded_on_complaints(self):
        """A colleague who did a step of a complaint, or wrote on one as
        staff, is archived, not deleted: the database would empty who
        received, decided or closed it on its record and printed forms, and
        their messages would show the complainant their own name (the
        masking of staff knows staff by their user). A colleague made a
        portal user since (or deleting their own account) is one too."""
        user, record = self._complaint_recorded_on()
        if user:
            raise UserError(
                self.env._(
                    "%(user)s is recorded on %(record)s: archive the user "
                    "instead of deleting them.",
                    user=user.name,
                    record=record.display_name,
                )
            )

    def _complaint_recorded_on(self):
        """(a user of ``self``, a complaint record on which they are a fact),
        or two empty recordsets: one search per fact for the whole batch."""
        record, name = first_referrer(self, self._complaint_recorded_by())
        if record:
            return (record[name] & self)[:1], record
        # their messages as staff: a customer's own are theirs
        return self._complaint_wrote_as_staff(self.filtered(lambda u: not u.share))

    def _complaint_wrote_as_staff(self, staff):
        """(a user of ``staff``, a complaint they wrote on), or two empty
        recordsets. What each wrote on their own complaints as the
        complainant is a customer's (one search per colleague)."""
        # sudo: every complaint's
        Complaint = (
            self.env["complaint.complaint"].sudo().with_context(active_test=False)
        )
        Message = self.env["mail.message"].sudo()  # sudo: every complaint's
        for user in staff:
            own = Complaint.search([("partner_id", "=", user.partner_id.id)])
            message = Message.search(
                [
                    ("author_id", "=", user.partner_id.id),
                    ("model", "=", "complaint.complaint"),
                    ("res_id", "not in", own.ids),
                    ("message_type", "in", ("comment", "email")),
                ],
                limit=1,
            )
            if message:
                return user, Complaint.browse(message.res_id)
        return self.browse(), self.env["complaint.complaint"]

    def _complaint_recorded_by(self):
        return RECORDED_BY

    def unlink(self):
        # the database empties the handler of a deleted user's complaints:
        # they get an owner again at once, as when a handler leaves
        # sudo: ownership acts for the organisation, whoever deletes the user
        complaints = (
            self.env["complaint.complaint"]
            .sudo()
            .search([("user_id", "in", self.ids), ("is_open", "=", True)])
        )
        teams = self._complaint_led_teams()
        held = self._complaint_callbacks_hand_over()
        # core keeps a colleague's contact, which it would then email as a
        # customer (a customer's own follows are theirs)
        self.filtered(lambda u: not u.share)._complaint_unfollow_all()
        res = super().unlink()
        complaints = complaints.exists()
        complaints.invalidate_recordset(["user_id"])
        complaints._assign()
        teams = teams.exists()
        teams.invalidate_recordset(["leader_id"])
        teams._complaints_owner_changed()
        # the tasks Odoo deleted with them (a closed complaint's report-back)
        held.exists()._on_owner_changed()
        # their approval requests went with them
        self.env["complaint.remedy"]._approval_requests_refresh()
        return res

    def action_archive(self):
        held = self._complaint_callbacks_hand_over()
        # their to-dos too (a call to make): Odoo deletes them with the user
        todos = held._hand_over_todos_of(self)
        res = super().action_archive()
        held.exists()._todos_follow_owner(todos.exists())
        # the tasks Odoo deleted with their activities come back on who owns
        # each complaint now (a closed complaint's report-back)
        held.exists()._on_owner_changed()
        return res

    def _complaint_callbacks_hand_over(self):
        """Odoo deletes the activities of colleagues archived or deleted: the
        callbacks they hold (which nothing would ask for again) go to who
        takes them in their place first. Returns the complaints they held
        tasks on: their other tasks are hung again once they are gone."""
        held = self._complaint_tasks_held()
        held._satisfaction_callback_follow_owner(leaving=self)
        return held

    def _complaint_owners_changed(self):
        """These colleagues may have left, lost the complaint rights or a
        company: their open complaints get an owner again at once, and the
        teams they lead give their reminders to someone present."""
        # sudo: ownership acts for the organisation, whoever edits the user
        self.env["complaint.complaint"].sudo().search(
            [("user_id", "in", self.ids), ("is_open", "=", True)]
        )._owner_refresh()
        self._complaint_led_teams()._complaints_owner_changed()
        self._complaint_holdings_left()
        # the tasks they hold on complaints they neither handle nor lead (a
        # closed complaint's callback, a report-back) go to who owns each
        held = self._complaint_tasks_held()
        held._on_owner_changed()
        # and their to-dos on complaints they may no longer open
        held._hand_over_lost_todos()
        self.env["complaint.remedy"]._approval_requests_refresh()
        self._complaint_unfollow_unreadable()
        self.env["complaint.privacy.request"]._owners_changed(self)

    def _complaint_unfollow_unreadable(self):
        """Colleagues who left stop following the complaints they followed,
        open or closed, and those still here the ones they no longer read:
        core keeps a departed colleague's contact, which it then emails as a
        customer with every public message (the complainant's among them)."""
        # colleagues only: a customer follows their own complaints
        staff = self.with_context(active_test=False).filtered(lambda u: not u.share)
        followed = staff.partner_id._complaint_followed()
        for user in staff:
            complaints = followed.get(user.partner_id)
            if complaints and user.active:
                complaints -= complaints._as_colleague(user)._filtered_access("read")
            if complaints:
                # their own complaints as the complainant they go on following
                # as a customer does (told of the progress, not the notes)
                own = complaints.filtered(
                    lambda c, p=user.partner_id: c.partner_id == p
                )
                own._follow_as_complainant(user.partner_id)
                (complaints - own).message_unsubscribe(partner_ids=user.partner_id.ids)

    def _complaint_unfollow_all(self):
        """These (former) colleagues stop following every complaint but their
        own as complainants: deleted, or made portal users, they no longer
        read the staff's complaints, and core would go on emailing them."""
        for partner, complaints in self.partner_id._complaint_followed().items():
            complaints.filtered(
                lambda c, p=partner: c.partner_id != p
            ).message_unsubscribe(partner_ids=partner.ids)

    def _complaint_tasks_held(self):
        """The complaints on which these colleagues hold a task (an activity
        of the complaint or of one of its outside bodies' cases)."""
        # sudo: whose tasks they are, whoever edits the users
        activities = (
            self.env["mail.activity"]
            .sudo()
            .search(
                [
                    ("user_id", "in", self.ids),
                    (
                        "res_model",
                        "in",
                        ("complaint.complaint", "complaint.external.case"),
                    ),
                ]
            )
        )
        ids = {"complaint.complaint": set(), "complaint.external.case": set()}
        for activity in activities:
            ids[activity.res_model].add(activity.res_id)
        cases = (
            self.env["complaint.external.case"]
            .sudo()
            .browse(ids["complaint.external.case"])
        )
        return (
            self.env["complaint.complaint"].sudo().browse(ids["complaint.complaint"])
            | cases.exists().complaint_id
        ).exists()

    def _complaint_led_teams(self):
        # sudo: the teams these colleagues lead, whoever edits them
        return self.env["complaint.team"].sudo().search([("leader_id", "in", self.ids)])
