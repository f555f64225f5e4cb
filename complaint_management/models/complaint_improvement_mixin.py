from dateutil.relativedelta import relativedelta
from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_date

from ..tools.dates import day_start_utc, local_date
from .complaint_states import INTERNAL


class ComplaintImprovementMixin(models.AbstractModel):
    """The complaint's side of continual improvement: the corrective actions
    taken on it, made from one or several complaints, and proposed when the
    same problem keeps coming back (the same product or category, above the
    company's threshold within a month)."""

    _name = "complaint.improvement.mixin"
    _description = "Complaint corrective actions"

    corrective_action_ids = fields.Many2many(
        "complaint.corrective.action",
        "complaint_corrective_action_rel",
        "complaint_id",
        "action_id",
        string="Corrective Actions",
        copy=False,
        # another company's action would print on this company's forms
        check_company=True,
        # the company's own follow-up, not the complainant's
        groups=INTERNAL,
    )
    corrective_action_count = fields.Integer(
        compute="_compute_corrective_action_count", groups=INTERNAL
    )

    @api.depends("corrective_action_ids")
    def _compute_corrective_action_count(self):
        for complaint in self:
            complaint.corrective_action_count = len(complaint.corrective_action_ids)

    # ------------------------------------------------------------------
    # Links: made by who may change the action
    # ------------------------------------------------------------------
    def _on_created(self):
        res = super()._on_created()
        if not self.env.su:
            # sudo: the links given, checked as the caller
            actions = self.sudo().corrective_action_ids.with_env(self.env)
            # the cache is shared with the caller's reads (the form read back)
            self.invalidate_recordset(["corrective_action_ids"])
            self._check_actions_changeable(actions)
        return res

    def _on_writing(self, vals):
        res = super()._on_writing(vals)
        if "corrective_action_ids" in vals and not self.env.su:
            self._check_actions_linkable(vals["corrective_action_ids"])
        if "company_id" in vals and not self.env.su:
            self._check_reviews_stay(vals["company_id"])
        return res

    def _check_reviews_stay(self, company_id):
        """A complaint drawn for a quality review stays in its company
        (``company_id``: where it would move): the review scores the
        company's handling, in its figures, by its reviewer; moved, it left
        them, and its reviewer lost it."""
        moving = self.filtered(lambda c: c.company_id.id != company_id)
        # sudo: the reviews, whoever moves the complaint
        reviewed = moving and self.env["complaint.sample"].sudo().search(
            [("complaint_id", "in", moving.ids)], limit=1
        )
        if reviewed:
            raise UserError(
                self.env._(
                    "Complaint %(name)s was drawn for a quality review of its "
                    "company: it stays in its company.",
                    name=reviewed.complaint_id.name,
                )
            )

    def _check_actions_linkable(self, value):
        """An action linked or unlinked from the complaint's side is one the
        caller may change: a link shows the action to whoever reads the
        complaint (its problem, root cause and plan) and adds the complaint
        to its record; the complaints of an action awaiting verification or
        verified effective are what was judged and no longer change."""
        Action = self.env["complaint.corrective.action"]
        if isinstance(value, models.BaseModel):
            value = tuple(value.ids)  # a recordset sets the links, even empty
        changed = set()
        # sudo: the links already there, readable or not; each complaint's own
        for complaint in self.sudo():
            before = set(complaint.corrective_action_ids.ids)
            changed |= before ^ self._action_links_after(before, value)
        # the cache is shared with the caller's reads (the form read back)
        self.invalidate_recordset(["corrective_action_ids"])
        self._check_actions_changeable(Action.browse(changed))

    def _check_actions_changeable(self, actions):
        """The actions linked to or unlinked from complaints: the caller may
        change them, and none awaits verification or was verified effective."""
        if not actions:
            return
        actions.check_access("write")
        actions.sudo()._check_not_judged()  # sudo: their state, checked writable
        # its complaints are what its verifier checks, not what they write
        actions._check_verifier_hands_off({"complaint_ids": True}, {"complaint_ids"})

    @staticmethod
    def _action_links_after(before, value):
        """The ids a complaint links once ``value`` (a many2many write) is
        written on links ``before``; actions created or updated through the
        value are checked by the action itself."""
        # as Odoo's many2many reads a value: False clears, ids (a tuple or a
        # non-empty list of them) set, an empty list changes nothing
        if value is False or value is None:
            return set()
        if isinstance(value, tuple) or (
            value and not isinstance(value[0], tuple | list)
        ):
            return set(value)
        after = set(before)
        for command in value:
            if command[0] == fields.Command.LINK:
                after.add(command[1])
            elif command[0] in (fields.Command.UNLINK, fields.Command.DELETE):
                after.discard(command[1])
            elif command[0] == fields.Command.CLEAR:
                after.clear()
            elif command[0] == fields.Command.SET:
                after = set(command[2])
        return after

    def action_new_corrective_action(self):
        """A corrective action on the selected complaints (one company)."""
        if not self:
            raise UserError(self.env._("Select the complaints the action is about."))
        if len(self.company_id) > 1:
            raise UserError(
                self.env._("A corrective action is about complaints of one company.")
            )
        categories = self.category_id
        products = self.product_ids
        return {
            "type": "ir.actions.act_window",
            "res_model": "complaint.corrective.action",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            # no title from the complaint's subject: the complainant's words
            # (a name, a phone) would outlive its de-identification there
            "context": {
                "default_complaint_ids": [fields.Command.set(self.ids)],
                "default_company_id": self.company_id.id,
                "default_category_id": categories.id if len(categories) == 1 else False,
                "default_product_id": products.id if len(products) == 1 else False,
            },
        }

    def action_view_corrective_actions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_corrective_action_action"
        )
        action["domain"] = [("id", "in", self.corrective_action_ids.ids)]
        action["context"] = {
            "default_complaint_ids": [fields.Command.set(self.ids)],
            "default_company_id": self.company_id.id,
        }
        return action

    # ------------------------------------------------------------------
    # Recurring problems
    # ------------------------------------------------------------------
    @api.model
    def _cron_propose_corrective_actions(self):
        """This month's recurring problems of each company (the same product,
        or the same category, in as many complaints as the company's
        threshold), each proposed once as a corrective action (draft) for the
        company's management representative, who starts or cancels it.
        Months are the company's (its calendar's time zone); the month before
        is looked at again until a run has seen it whole. A company whose
        proposals fail is skipped, registered and retried at the next run
        (``complaint.job.failure``); the others get theirs."""
        run = self.env["complaint.job.failure"]._job_start(
            "recurring_actions", "res.company"
        )
        actions = self.env["complaint.corrective.action"].sudo()

        def propose(company):
            nonlocal actions
            actions |= self._propose_recurring(company, run)

        # sudo: the cron acts for the organisation, in every company
        companies = self.env["res.company"].sudo().search([])
        # a company archived since: its entry goes
        run.forget_unqualified(companies.ids)
        run.process_each(companies, propose)
        return actions

    @api.model
    def _propose_recurring(self, company, run):
        """The corrective actions proposed for ``company``'s recurring
        problems not proposed yet, with their activity; after runs that
        failed for it, also for the months since (``run.periods``)."""
        Action = self.env["complaint.corrective.action"].sudo()
        tz = company._complaint_tz()
        periods = self._recurring_periods(tz)
        periods = sorted(set(periods) | set(run.periods(company, periods[-1])))
        proposals = {}
        for period in periods:
            proposals.update(self._recurring_problems(company, tz, period))
        if not proposals:
            return Action
        known = set(
            Action.with_context(active_test=False)
            .search([("recurring_key", "in", list(proposals))])
            .mapped("recurring_key")
        )
        # the proposal reads in the language of the company it is for
        lang = company._complaint_lang()
        owner = self._recurring_owner(company)
        vals_list = []
        for key, (_company, record, period, ids) in proposals.items():
            if key in known:
                continue
            is_product = record._name == "product.product"
            record = record.with_context(lang=lang)
            vals_list.append(
                {
                    "title": record.env._(
                        "Recurring: %(problem)s", problem=record.display_name
                    ),
                    "company_id": company.id,
                    "category_id": False if is_product else record.id,
                    "product_id": record.id if is_product else False,
                    "complaint_ids": [fields.Command.set(ids)],
                    "user_id": owner.id,
                    "origin": "recurring",
                    "recurring_key": key,
                    "problem": Markup("<p>%s</p>")
                    % record.env._(
                        "%(count)s complaints about %(problem)s since %(date)s.",
                        count=len(ids),
                        problem=record.display_name,
                        date=format_date(record.env, period),
                    ),
                }
            )
        actions = Action.create(vals_list)
        for action in actions.filtered("user_id"):
            action.activity_schedule(
                "mail.mail_activity_data_todo",
                summary=action._step_summary(action.user_id),
                user_id=action.user_id.id,
            )
        return actions

    @api.model
    def _recurring_owner(self, company):
        """Who is asked to start or cancel a proposed action: the company's
        complaint representative, else (none, or one who left the company)
        its first complaint manager, so the proposal is nobody's no longer."""
        managers = self.env["complaint.complaint"]._get_complaint_managers(company)
        return (
            self.env["res.users"]._complaint_first_owner(
                (company.complaint_representative_id,), company
            )
            or managers.sorted("id")[:1]
        )

    @api.model
    def _recurring_periods(self, tz):
        """The first days of the months to look at in time zone ``tz`` (a
        name): this
        one, and the one before while the previous run (``lastcall``, which
        the cron passes) was in it or earlier: its last hours may have made
        a problem recurring after that run."""
        this_month = local_date(fields.Datetime.now(), tz).replace(day=1)
        lastcall = fields.Datetime.to_datetime(self.env.context.get("lastcall"))
        if lastcall and local_date(lastcall, tz) >= this_month:
            return [this_month]
        return [this_month - relativedelta(months=1), this_month]

    @api.model
    def _recurring_problems(self, company, tz, period):
        """{recurring key: (company, product or category, period, complaint
        ids)} of ``company`` in the month starting on ``period`` in time zone
        ``tz`` (a name)."""
        # sudo: the cron acts for the organisation and reads every complaint
        Complaint = self.env["complaint.complaint"].sudo()
        domain = [
            ("company_id", "=", company.id),
            ("date_received", ">=", day_start_utc(period, tz)),
            (
                "date_received",
                "<",
                day_start_utc(period + relativedelta(months=1), tz),
            ),
            ("state", "!=", "cancelled"),
        ]
        proposals = {}
        # the same product first, then the same category unless all its
        # complaints are already one product's problem
        for field in ("product_ids", "category_id"):
            rows = Complaint._read_group(
                [*domain, (field, "!=", False)], [field], ["id:array_agg"]
            )
            for record, ids in rows:
                if len(ids) < company.complaint_recurring_count:
                    continue
                if field == "product_ids" and record.company_id not in (
                    company,
                    record.company_id.browse(),
                ):
                    # another company's product on this company's complaints
                    # (written over JSON-RPC, or moved since): no action of
                    # this company can name it
                    continue
                if field == "category_id" and any(
                    set(ids) <= set(known_ids)
                    for *_rest, known_ids in proposals.values()
                ):
                    continue
                kind = "product" if field == "product_ids" else "category"
                key = f"{company.id}-{kind}-{record.id}-{period:%Y-%m}"
                proposals[key] = (company, record, period, ids)
        return proposals
