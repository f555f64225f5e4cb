from odoo import api, models
from odoo.tools import format_date, format_list


class ComplaintSetupIndicator(models.AbstractModel):
    """The set-up indicators of the Shenzhen guideline (table rows 1 to 4):
    whether complaint handling is organised, read from the complaint teams,
    the users of the complaint groups and the companies' configuration. They
    describe today's set-up, not a period: the review prints them as they
    stand."""

    _name = "complaint.setup.indicator"
    _description = "Complaint Set-up Indicators"

    @api.model
    def _get_rows(self, company_ids):
        """Rows of number, key, label, value (bool) and detail; a company
        selection passes when every company in it does."""
        companies = self.env["res.company"].browse(company_ids)
        # sudo: counting the teams and users of the companies asked for, which
        # a complaint manager may not list; only counts and names leave here.
        teams = (
            self.env["complaint.team"]
            .sudo()
            .search_fetch([("company_id", "in", company_ids)], ["company_id"])
        )
        levels = self._staff_levels(company_ids)
        staff = {key: len(users) for key, users in levels.items()}
        # every company has its three levels (the totals are the detail)
        staffed = bool(companies) and all(
            users.filtered(lambda u, c=company: c in u.company_ids)
            for company in companies
            for users in levels.values()
        )
        missing_representative = companies.filtered(
            lambda c: not c.complaint_representative_id
        )
        missing_policy = companies.filtered(lambda c: not c.complaint_policy_date)
        policy_dates = companies.filtered("complaint_policy_date").mapped(
            "complaint_policy_date"
        )
        return [
            {
                "number": 1,
                "key": "setup_unit",
                "label": self.env._("A complaint handling unit is set up"),
                "value": bool(companies)
                and set(teams.company_id.ids) >= set(company_ids),
                "detail": self.env._("%(count)s teams", count=len(teams)),
            },
            {
                "number": 2,
                "key": "setup_representative",
                "label": self.env._("A management representative is appointed"),
                "value": bool(companies) and not missing_representative,
                "detail": format_list(
                    self.env, companies.complaint_representative_id.mapped("name")
                ),
            },
            {
                "number": 3,
                "key": "setup_staff",
                "label": self.env._(
                    "Complaint staff are assigned (managers, specialists, frontline)"
                ),
                "value": staffed,
                "detail": self.env._(
                    "Managers: %(managers)s, specialists: %(specialists)s, "
                    "frontline: %(frontline)s",
                    **staff,
                ),
            },
            {
                "number": 4,
                "key": "setup_policy",
                "label": self.env._("A complaint handling policy is in place"),
                "value": bool(companies) and not missing_policy,
                "detail": self.env._(
                    "Adopted on %(date)s",
                    date=format_date(self.env, min(policy_dates)),
                )
                if policy_dates
                else "",
            },
        ]

    @api.model
    def _staff_counts(self, company_ids):
        """How many internal users of the companies at each level."""
        return {
            key: len(users) for key, users in self._staff_levels(company_ids).items()
        }

    @api.model
    def _staff_levels(self, company_ids):
        """Internal users of the companies at each level: managers, officers
        who are not managers (specialists), users who are not officers."""
        groups = {
            key: self.env.ref(f"complaint_management.complaint_management_group_{key}")
            for key in ("manager", "officer", "user")
        }
        # sudo: users of the companies, counted only
        users = (
            self.env["res.users"]
            .sudo()
            .search(
                [
                    ("share", "=", False),
                    ("company_ids", "in", company_ids),
                    ("groups_id", "in", groups["user"].ids),
                ]
            )
        )
        managers = users.filtered(lambda u: groups["manager"] in u.groups_id)
        officers = users.filtered(lambda u: groups["officer"] in u.groups_id)
        return {
            "managers": managers,
            "specialists": officers - managers,
            "frontline": users - officers,
        }
