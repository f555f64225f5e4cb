from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError

# the steps are defined before the script composing them
from . import complaint_reply_script_steps  # noqa: F401

OFFICER = "complaint_management.complaint_management_group_officer"
APPROVER = "complaint_management.complaint_management_group_reply_script_approver"


class ComplaintReplyScript(models.Model):
    """A reply script (应答口径): the wording staff use to answer the media and
    the public about high-risk complaints. Complaint officers write it, the
    company's legal/PR group approves it (never its author), then it is
    frozen: a change is a new version, approved in turn, which supersedes the
    old one. A complaint keeps the version it chose, so its record shows what
    was approved when it was handled."""

    _name = "complaint.reply.script"
    _description = "Reply Script"
    _inherit = [
        "complaint.company.guard",
        "complaint.workflow.guard",
        "mail.thread",
        "complaint.activity.tasks",
        "complaint.reply.script.steps",
    ]
    _order = "name, version desc, id desc"
    # two new versions made at once (two tabs, a replay) both read the same
    # last version: the second is refused rather than numbered alike
    _sql_constraints = [
        (
            "root_version_uniq",
            "UNIQUE(root_id, version)",
            "This version of the reply script exists already: open it.",
        )
    ]
    _workflow_fields = (
        "state",
        "author_id",
        "editor_ids",
        "approver_id",
        "date_approved",
        "version",
        "previous_id",
    )
    # what an approval covers: written only while the script is a draft
    _approved_content = ("name", "body", "category_ids", "company_id")

    name = fields.Char(required=True, tracking=True)
    active = fields.Boolean(default=True)
    body = fields.Html(
        string="Wording",
        help="What staff say or write to the media and the public.",
    )
    category_ids = fields.Many2many(
        "complaint.category",
        string="Categories",
        help="Complaints of these categories (and their subcategories) may use the "
        "script; none: complaints of every category.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    version = fields.Integer(default=1, readonly=True, copy=False)
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("to_approve", "To Approve"),
            ("approved", "Approved"),
            ("superseded", "Superseded"),
        ],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        tracking=True,
        index=True,
    )
    author_id = fields.Many2one(
        "res.users",
        default=lambda self: self.env.user,
        readonly=True,
        copy=False,
        help="Who wrote the script: never its approver.",
    )
    editor_ids = fields.Many2many(
        "res.users",
        "complaint_reply_script_editor_rel",
        string="Wording Changed By",
        readonly=True,
        copy=False,
        help="Who changed the wording besides its author: like the author, none "
        "of them approves it.",
    )
    approver_id = fields.Many2one(
        "res.users", string="Approved By", readonly=True, copy=False, tracking=True
    )
    date_approved = fields.Datetime(string="Approved On", readonly=True, copy=False)
    previous_id = fields.Many2one(
        "complaint.reply.script",
        string="Previous Version",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
    )
    root_id = fields.Many2one(
        "complaint.reply.script",
        string="First Version",
        compute="_compute_root_id",
        store=True,
        recursive=True,
        index=True,
        help="The versions of one script share their first version.",
    )
    can_submit = fields.Boolean(compute="_compute_can_workflow")
    can_approve = fields.Boolean(compute="_compute_can_workflow")
    can_send_back = fields.Boolean(compute="_compute_can_workflow")
    can_new_version = fields.Boolean(compute="_compute_can_workflow")

    @api.depends("previous_id.root_id")
    def _compute_root_id(self):
        for script in self:
            script.root_id = script.previous_id.root_id or script

    @api.depends("name", "version")
    def _compute_display_name(self):
        for script in self:
            script.display_name = self.env._(
                "%(name)s (v%(version)s)", name=script.name, version=script.version
            )

    @api.depends("state", "author_id", "editor_ids", "company_id")
    @api.depends_context("uid")
    def _compute_can_workflow(self):
        """The buttons Submit, Approve, Send Back and New Version; the same
        flags guard ``action_submit``, ``action_approve``, ``action_send_back``
        and ``action_new_version`` whoever calls."""
        officer = self.env.user.has_group(OFFICER)
        for script in self:
            script.can_submit = script.state == "draft" and officer
            script.can_approve = (
                script.state == "to_approve" and not script._approval_refusal()
            )
            script.can_send_back = script.state == "to_approve" and (
                script._is_approver() or script.author_id == self.env.user
            )
            script.can_new_version = script.state == "approved" and officer

    @api.constrains("company_id", "previous_id")
    def _check_version_company(self):
        for script in self:
            if (
                script.previous_id
                and script.previous_id.company_id != script.company_id
            ):
                raise ValidationError(
                    self.env._(
                        "A new version of %(script)s belongs to the company of the "
                        "previous one.",
                        script=script.previous_id.display_name,
                    )
                )

    def write(self, vals):
        frozen = self.filtered(lambda s: s.state != "draft")
        content = [fname for fname in vals if fname in self._approved_content]
        # env.su: the workflow (and data files) write in superuser mode
        if frozen and content and not self.env.su:
            raise UserError(
                self.env._(
                    "%(script)s is %(state)s: its wording cannot change any more. "
                    "Make a new version (or send it back to draft while it waits "
                    "for approval).",
                    script=frozen[0].display_name,
                    state=frozen[0]._state_label(),
                )
            )
        res = super().write(vals)
        if content and not self.env.su:
            # whoever changes the wording is one of its writers
            others = self.filtered(lambda s: s.author_id != self.env.user)
            others._workflow_write({"editor_ids": [Command.link(self.env.uid)]})
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_only_drafts(self):
        if any(script.state != "draft" for script in self):
            raise UserError(
                self.env._(
                    "Only draft reply scripts can be deleted: submitted and approved "
                    "ones are the record of what the company said; archive them."
                )
            )

    # ------------------------------------------------------------------
    # Who approves
    # ------------------------------------------------------------------
    def _approver_group(self):
        """The group the script's company names to approve reply scripts."""
        self.ensure_one()
        return self.company_id.complaint_reply_script_group_id or self.env.ref(APPROVER)

    def _is_approver(self, user=None):
        self.ensure_one()
        return self._approver_group() in (user or self.env.user).groups_id

    def _approvers(self):
        """Internal users of the approving group who work for the company."""
        self.ensure_one()
        return self._approver_group().users.filtered(
            lambda user: not user.share and self.company_id in user.company_ids
        )

    def _applies_to(self, category):
        """Whether complaints of ``category`` may use the script: those of its
        categories and their subcategories, every complaint when it has none."""
        self.ensure_one()
        # an archived category still limits it (read without it, the script
        # would be every category's)
        categories = self.with_context(active_test=False).category_ids
        if not categories:
            return True
        lineage = {int(cid) for cid in (category.parent_path or "").split("/") if cid}
        return bool(lineage & set(categories.ids))

    def _approval_refusal(self):
        """Why the current user may not approve the script ("" if they may)."""
        self.ensure_one()
        if not self._is_approver():
            return self.env._(
                "Only members of “%(group)s” approve the reply scripts of %(company)s.",
                group=self._approver_group().full_name,
                company=self.company_id.name,
            )
        if self.env.user in self.author_id | self.editor_ids:
            return self.env._(
                "You wrote %(script)s: another approver approves it.",
                script=self.display_name,
            )
        return ""
