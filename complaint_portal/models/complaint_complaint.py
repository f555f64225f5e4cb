from markupsafe import Markup
from werkzeug.urls import url_encode

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_amount, format_date

from .mail_message import (
    masked_staff_users,
    named_fields,
    rename_read,
    rename_web_read,
)


class ComplaintComplaint(models.Model):
    _name = "complaint.complaint"
    # the portal's link and token, then the JSON API's owner and reference
    _inherit = ["complaint.complaint", "portal.mixin", "complaint.api.mixin"]

    portal_attachment_ids = fields.Many2many(
        "ir.attachment",
        "complaint_portal_attachment_rel",
        "complaint_id",
        "attachment_id",
        string="Files from the Complainant",
        copy=False,
        help="Files attached by the complainant when filing online; shown on the "
        "portal page (internal documents are not).",
    )
    portal_submission_key = fields.Char(
        copy=False,
        readonly=True,
        groups="base.group_system",
        help="Key of the portal form that filed the complaint: sending the same "
        "form again (a reload, a double click) files nothing more.",
    )

    _sql_constraints = [
        (
            "portal_submission_key_uniq",
            "unique(portal_submission_key)",
            "This form was already sent.",
        )
    ]

    # ------------------------------------------------------------------
    # Staff who created or last changed a complaint, as a complainant reads them
    # ------------------------------------------------------------------
    def _complaint_masked_staff(self, fnames):
        """``{complaint id: {field: public name}}`` for the staff users in
        ``create_uid``/``write_uid`` when a complainant reads (empty for staff).
        """
        return masked_staff_users(self, fnames, lambda complaint: complaint)

    def _read_format(self, fnames, load="_classic_read"):
        vals_list = super()._read_format(fnames, load=load)
        rename_read(vals_list, self._complaint_masked_staff(fnames))
        return vals_list

    def web_read(self, specification):
        # web_read names many2one values itself (as superuser): rename them too
        vals_list = super().web_read(specification)
        fnames = named_fields(specification, {"create_uid", "write_uid"})
        rename_web_read(vals_list, self._complaint_masked_staff(fnames))
        return vals_list

    def _compute_access_url(self):
        res = super()._compute_access_url()
        for complaint in self:
            complaint.access_url = f"/my/complaints/{complaint.id}"
        return res

    # ------------------------------------------------------------------
    # Merged complaints (complaint.merge.mixin): the number still leads
    # ------------------------------------------------------------------
    def _portal_merged_url(self, access_token=None):
        """The page a merged complaint's link leads to, or False when ``self``
        was not merged: the page of the complaint that carries it on.

        A merge joins complaints of one complainant only (the merge refuses
        others), so whoever may open the merged complaint may open the kept
        one: who came with the merged complaint's token gets the kept
        complaint's own; a logged-in customer is let in by the record rules.
        """
        self.ensure_one()
        kept = self._merge_resolve()
        if kept == self:
            return False
        if not access_token:
            return kept.access_url
        token = kept._portal_ensure_token()
        return f"{kept.access_url}?{url_encode({'access_token': token})}"

    def _merge_move_attachments(self, attachments):
        """Files the complainant gave when filing stay on the portal page of
        the complaint they move to."""
        res = super()._merge_move_attachments(attachments)
        complaints = self.sudo()  # sudo: the portal's lists of files of any complaint
        holders = complaints.search(
            [("portal_attachment_ids", "in", attachments.ids), ("id", "!=", self.id)]
        )
        for holder in holders:
            moved = holder.portal_attachment_ids & attachments
            holder.portal_attachment_ids -= moved
            complaints.portal_attachment_ids |= moved
        return res

    def _get_report_base_filename(self):
        self.ensure_one()
        return self.env._("Complaint %(name)s", name=self.name)

    # ------------------------------------------------------------------
    # What the complainant reads (called on the record the portal checked)
    # ------------------------------------------------------------------
    def _portal_status_text(self):
        self.ensure_one()
        texts = {
            "new": self.env._("We have received your complaint."),
            "registered": self.env._("Your complaint is registered with a team."),
            "acknowledged": self.env._("We are assessing your complaint."),
            "assessed": self.env._(
                "Your complaint is assessed; we are looking into it."
            ),
            "investigating": self.env._("We are investigating your complaint."),
            "proposed": self.env._("We have sent you a proposal: please answer it."),
            "accepted": self.env._(
                "You accepted our proposal; we are carrying it out."
            ),
            "rejected": self.env._(
                "You did not accept our proposal; your complaint stays open."
            ),
            "closed": self.env._("Your complaint is closed."),
            "cancelled": self.env._("This complaint was cancelled."),
        }
        return texts.get(self.state, self._state_label())

    def _portal_next_step_text(self):
        self.ensure_one()
        texts = {
            "new": self.env._(
                "Next: we register your complaint and confirm it to you."
            ),
            "registered": self.env._(
                "Next: we confirm receipt and tell you how long it will take."
            ),
            "acknowledged": self.env._(
                "Next: we assess how serious and urgent the problem is."
            ),
            "assessed": self.env._("Next: we investigate what happened."),
            "investigating": self.env._(
                "Next: we send you a proposal to resolve the problem."
            ),
            "proposed": self.env._("Next: you accept or reject our proposal below."),
            "accepted": self.env._(
                "Next: we carry out the remedies, then close the complaint."
            ),
            "rejected": self.env._(
                "Next: we review your complaint again; you may also use the other "
                "routes listed below."
            ),
            "closed": self.env._("Please tell us how satisfied you are."),
            "cancelled": "",
        }
        return texts.get(self.state, "")

    def _portal_waiting_for_customer(self):
        self.ensure_one()
        return self.state == "proposed" or bool(self.is_waiting_customer)

    @api.model
    def _portal_waiting_domain(self):
        """Complaints that wait for the complainant's answer."""
        # sudo: stage configuration only; complainants cannot read stages
        stages = (
            self.env["complaint.stage"]
            .sudo()
            .search([("is_waiting_customer", "=", True)])
        )
        return ["|", ("state", "=", "proposed"), ("stage_id", "in", stages.ids)]

    def _portal_time_limits(self):
        """Time limits shown to the complainant, as ``[(label, deadline)]``
        (``deadline`` False while the clock waits for the complainant).

        Read from the time-limit engine's open lines, the one source of truth
        the back office, the emails and the reports read too.
        """
        self.ensure_one()
        if self.state in ("closed", "cancelled"):
            return []
        labels = {
            "acknowledge": self.env._("Confirmation expected by"),
            "first_response": self.env._("First answer expected by"),
            "resolution": self.env._("Resolution expected by"),
        }
        # sudo: the engine's lines are not readable by complainants
        lines = self.sudo().sla_line_ids.filtered(
            lambda line: line.milestone in labels
            and line.state in ("running", "at_risk", "breached", "paused")
        )
        return [
            (labels[line.milestone], line.state != "paused" and line.deadline)
            for line in lines.sorted(lambda line: list(labels).index(line.milestone))
        ]

    def _portal_remedies(self):
        """Remedies of the proposal, once it has been sent."""
        self.ensure_one()
        if not self.date_proposed:
            return self.remedy_ids.browse()
        return self.remedy_ids.filtered(lambda r: r.state in ("approved", "done"))

    # Whole sentences with their values: translators see one message each
    # and may move the value or the punctuation where their language needs it.
    def _portal_number_sentence(self):
        self.ensure_one()
        return self.env._(
            "Your tracking number is %(number)s.",
            number=Markup('<strong class="o_complaint_number fw-bold">%s</strong>')
            % self.name,
        )

    def _portal_handling_sentence(self):
        self.ensure_one()
        duration = self._get_expected_handling_text()
        if not duration:
            return ""
        return self.env._(
            "We expect to handle it within %(duration)s.",
            duration=Markup("<strong>%s</strong>") % duration,
        )

    def _portal_remedy_sentence(self, remedy):
        """One remedy of the proposal: its type, description and amount."""
        self.ensure_one()
        values = {
            "remedy": Markup("<strong>%s</strong>") % remedy.type_id.name,
            "description": remedy.description or "",
            "amount": remedy.amount
            and format_amount(self.env, remedy.amount, self.currency_id),
        }
        if remedy.description and remedy.amount:
            return self.env._("%(remedy)s: %(description)s (%(amount)s)", **values)
        if remedy.description:
            return self.env._("%(remedy)s: %(description)s", **values)
        if remedy.amount:
            return self.env._("%(remedy)s (%(amount)s)", **values)
        return values["remedy"]

    def _portal_decision_sentence(self):
        self.ensure_one()
        if not self.decision:
            return ""
        labels = dict(self._fields["decision"]._description_selection(self.env))
        return self.env._(
            "Your answer: %(decision)s",
            decision=Markup("<strong>%s</strong>") % labels.get(self.decision, ""),
        )

    def _portal_rated_sentence(self):
        self.ensure_one()
        rated = self._portal_rated()
        if not rated:
            return ""
        labels = dict(rated._fields["rating_text"]._description_selection(self.env))
        return self.env._(
            "Thank you for your rating: %(rating)s",
            rating=Markup("<strong>%s</strong>") % labels.get(rated.rating_text, ""),
        )

    @api.model
    def _portal_order_label(self, order):
        """An order in the complaint form: its number and date."""
        return self.env._(
            "%(order)s (%(date)s)",
            order=order.name,
            date=format_date(self.env, order.date_order),
        )

    def _portal_rating_token(self):
        """Rating token of the complainant, once closed and not rated yet."""
        self.ensure_one()
        if self.state != "closed" or not self.partner_id:
            return False
        if self._portal_rated():
            return False
        return self._rating_get_access_token(self.partner_id)

    def _portal_rated(self):
        self.ensure_one()
        return self.rating_ids.filtered(
            lambda r: r.consumed and r.partner_id == self.partner_id
        )[:1]

    @api.model
    def _portal_report_xmlid(self):
        """The complaint-record PDF when the reports addon is installed."""
        xmlid = "complaint_reports.action_report_complaint_registration"
        return xmlid if self.env.ref(xmlid, raise_if_not_found=False) else False

    # ------------------------------------------------------------------
    # What the complainant does
    # ------------------------------------------------------------------
    def _portal_author(self):
        """Who speaks for the complainant on the portal."""
        user = self.env.user
        if user._is_public():
            return self.partner_id
        return user.partner_id

    def action_portal_accept(self):
        """Accept the proposal from the portal (the portal checked the access)."""
        self.ensure_one()
        self._track_set_author(self._portal_author())
        self.action_accept_proposal()
        self.message_post(
            body=self.env._("I accept the proposal."),
            author_id=self._portal_author().id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return True

    def action_portal_reject(self, reason):
        """Reject the proposal from the portal, with the required reason."""
        self.ensure_one()
        reason = (reason or "").strip()
        if not reason:
            raise UserError(self.env._("Tell us why you reject the proposal."))
        if len(reason) > 2000:
            raise UserError(self.env._("The reason is limited to 2000 characters."))
        self._track_set_author(self._portal_author())
        self.action_reject_proposal(reason)
        self.message_post(
            body=Markup("%s<br/>%s") % (self.env._("I reject the proposal:"), reason),
            author_id=self._portal_author().id,
            message_type="comment",
            subtype_xmlid="mail.mt_comment",
        )
        return True

    def _portal_send_link(self, template):
        """Mail the secure link to the complainant alone (not to the other
        followers), and keep an internal note of it."""
        self.ensure_one()
        self._portal_ensure_token()
        email_values = {"email_from": self._complaint_email_from()}
        if not self.partner_id:
            email_values["email_to"] = self.complainant_email
        template.send_mail(
            self.id,
            email_layout_xmlid="mail.mail_notification_light",
            email_values=email_values,
        )
        self._message_log(
            body=self.env._(
                "The secure link was emailed to the complainant, who asked for it "
                "on the tracking page."
            )
        )

    def _thread_to_store(self, store, /, *, fields=None, request_list=None):
        # Complainants (portal users, visitors with the link) must not list the
        # followers (staff names and emails), activities or internal attachments
        # through /mail/thread/data: the portal page shows what is theirs.
        if request_list and self.env.user.share:
            request_list = [
                item
                for item in request_list
                if item
                not in (
                    "followers",
                    "attachments",
                    "activities",
                    "suggestedRecipients",
                    "scheduledMessages",
                )
            ] or ["access"]  # non-empty: access flags come only with a request list
        return super()._thread_to_store(store, fields=fields, request_list=request_list)

    def message_post(self, **kwargs):
        # Files posted by complainants through the portal chatter obey the same
        # type and size limits as files given with the complaint.
        if kwargs.get("attachment_ids") and self.env.user.share:
            attachments = (
                self.env["ir.attachment"]
                .sudo()
                .browse(  # sudo: sizes only
                    kwargs["attachment_ids"]
                )
            )
            company = self.company_id[:1] or self.env.company
            errors = company._complaint_portal_check_files(
                [(att.name, att.raw) for att in attachments],
                already=self._portal_files_size(),
            )
            if errors:
                raise UserError("\n".join(errors))
        return super().message_post(**kwargs)

    def _portal_files_size(self):
        """Bytes the complainants already attached to the complaints of
        ``self``: their total per complaint is limited."""
        return sum(
            self.env["ir.attachment"]
            .sudo()  # sudo: sizes only
            .search(
                [
                    ("res_model", "=", self._name),
                    ("res_id", "in", self.ids),
                    ("create_uid.share", "=", True),
                ]
            )
            .mapped("file_size")
        )
