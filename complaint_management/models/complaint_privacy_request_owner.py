from odoo import api, models


class ComplaintPrivacyRequestOwner(models.AbstractModel):
    """Who owns a privacy request (``user_id``, on the request): one who
    answers its company's requests, found again when they leave or lose the
    right. Composed into ``complaint.privacy.request``."""

    _name = "complaint.privacy.request.owner"
    _description = "Personal Information Request: its owner"

    @api.depends("company_id")
    def _compute_user_id(self):
        # the officer of the request's company, not of the company the
        # recorder happens to be working in
        for request in self:
            request.user_id = request._answering_owner(request.user_id)

    def _answering_owner(self, current):
        """Who owns the request: the company's privacy officer, else
        ``current``, else a complaint manager (an officer who left), else
        the recorder, whoever of them answers the company's requests."""
        self.ensure_one()
        company = self.company_id
        candidates = (
            company.complaint_privacy_officer_id,
            current,
            company and company._complaint_manager_on_duty(),
        )
        return next(
            (
                user
                for user in candidates
                if user and user._complaint_answers_privacy(company)
            ),
            self.env.user,
        )

    @api.model
    def _owners_changed(self, users):
        """``users`` may have left, lost the privacy rights or a company: a
        company they were the privacy officer of names none (its requests go
        to a complaint manager), and their open requests get an owner who
        answers them (Odoo deleted their tasks with them)."""
        # sudo: the organisation's settings and requests, whoever edits users
        companies = (
            self.env["res.company"]
            .sudo()
            .search([("complaint_privacy_officer_id", "in", users.ids)])
        )
        companies.filtered(
            lambda c: not c.complaint_privacy_officer_id._complaint_answers_privacy(c)
        ).complaint_privacy_officer_id = False
        requests = self.sudo().search(
            [("user_id", "in", users.ids), ("state", "in", ("new", "in_progress"))]
        )
        for request in requests:
            if not request.user_id._complaint_answers_privacy(request.company_id):
                # the write moves the owner's task
                request.user_id = request._answering_owner(False)

    @api.constrains("user_id", "company_id")
    def _check_owner_answers(self):
        """The owner named on a request is asked to answer it (a task, an
        email): one who opens the requests of its company."""
        for request in self.filtered("user_id"):
            request.user_id._complaint_check_answers_privacy(request.company_id)
