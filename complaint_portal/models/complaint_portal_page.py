from markupsafe import Markup
from pytz import all_timezones_set

from odoo import api, fields, models
from odoo.tools import format_date

from odoo.addons.complaint_management.tools.formats import date_formatter


class ComplaintPortalPageMixin(models.AbstractModel):
    """What the complainant reads on the portal page: the state and next step
    in plain words, the time limits (read from the engine's lines), the
    proposal's remedies and the answer given, each as one translatable
    sentence. Called on the record the portal checked; composed into
    ``complaint.complaint`` by this addon."""

    _name = "complaint.portal.page.mixin"
    _description = "Complaint: what the complainant reads on the portal"

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
        if self._portal_revising_proposal():
            return self.env._(
                "We are revising the proposal we sent you; you will receive the "
                "new one shortly."
            )
        return texts.get(self.state, self._state_label())

    def _portal_revising_proposal(self):
        """A proposal sent whose remedies a manager is changing: nothing to
        answer until the new one is sent."""
        self.ensure_one()
        # sudo: which remedies the proposal shows, as the page reads them
        return self.sudo()._proposal_being_revised()

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
            # asked of the complainant who may still rate, not of a follower
            "closed": self.env._("Please tell us how satisfied you are.")
            if self._portal_may_rate()
            else "",
            "cancelled": "",
        }
        if self.is_waiting_customer and self.state != "proposed":
            return self.env._(
                "Next: we need information from you: please answer our last "
                "message below."
            )
        if self._portal_revising_proposal():
            return self.env._("Next: we send you the revised proposal.")
        if self._closes_unfounded():
            # not founded: closed with the reasons, without a proposal
            return self.env._(
                "Next: we explain our findings to you and close the complaint."
            )
        return texts.get(self.state, "")

    def _portal_tz(self, browser_tz=None):
        """The time zone the page's dates are read in: the reader's; for a
        visitor, who has none, the one their browser gives (``browser_tz``,
        Odoo's ``tz`` cookie), else where the complaint's time limits are
        counted (its working calendar's, else its company's), as its emails
        and letters, rather than UTC."""
        self.ensure_one()
        if self.env.user.tz:
            return self.env.user.tz
        if browser_tz in all_timezones_set:
            return browser_tz
        return self._sla_tz()

    def _portal_moment_text(self, moment, tz_name):
        """A moment of the page (received, confirmed, a time limit) in the
        reader's time zone, as the emails write it (core's ``hide_seconds``
        keeps the seconds in Chinese, "16时00分00秒"). A reader without a
        time zone of their own (a visitor) reads it with its offset: the
        zone is their browser's, else the complaint's calendar's, and the
        same moment would read otherwise from one visit to the next."""
        return self._sla_moment_text(moment, tz_name, show_zone=not self.env.user.tz)

    def _portal_waiting_for_customer(self):
        self.ensure_one()
        if self._portal_revising_proposal():
            return False
        return self.state == "proposed" or bool(self.is_waiting_customer)

    def _portal_list_rows(self, browser_tz=None):
        """The cells of the portal list for a page of complaints, as
        ``{id: {"url", "date", "state", "waiting"}}``: the status labels and
        the date format read once for the page, a link without a portal token
        for each row, the day received in the time zone the complaint's page
        reads it in (:meth:`_portal_tz`; ``browser_tz``: the ``tz`` cookie):
        in UTC, a complaint filed at 07:30 in Beijing was yesterday's."""
        labels = dict(self._fields["state"]._description_selection(self.env))
        format_day = date_formatter(self.env)
        in_tz = {}  # an environment a time zone, not one a row

        def received(complaint):
            if not complaint.date_received:
                return ""
            tz = complaint._portal_tz(browser_tz)
            if tz not in in_tz:
                in_tz[tz] = self.with_context(tz=tz)
            return format_day(
                fields.Datetime.context_timestamp(in_tz[tz], complaint.date_received)
            )

        return {
            complaint.id: {
                # the list is for the signed-in complainant: no token needed
                "url": complaint.access_url,
                "date": received(complaint),
                "state": complaint._portal_row_state(labels),
                "waiting": complaint._portal_waiting_for_customer(),
            }
            for complaint in self
        }

    def _portal_row_state(self, labels):
        """The status a row of the list shows: a duplicate merged into the
        complainant's other complaint goes on there, it was not cancelled."""
        self.ensure_one()
        # sudo: the merge link is workflow data; the row links to the kept one
        kept = self.sudo().merged_into_id and self._portal_merge_kept()
        if kept and kept != self:
            return self.env._("Merged into %(number)s", number=kept.sudo().name)
        return labels.get(self.state, "")

    @api.model
    def _portal_waiting_domain(self):
        """Complaints that wait for the complainant's answer, as the rows
        (:meth:`_portal_waiting_for_customer`) mark them: a proposal they can
        read (not one being revised), or a question put to them."""
        stage_ids = self.env["complaint.stage"]._waiting_stage_ids()
        # sudo: only whether a promised remedy is there, as the page shows it
        offered = self.sudo()._search(
            [
                ("state", "=", "proposed"),
                ("remedy_ids", "any", [("state", "in", ("approved", "done"))]),
                # not one a manager is revising (a remedy awaiting approval)
                ("remedy_ids", "not any", [("state", "=", "proposed")]),
            ]
        )
        return [
            "|",
            ("id", "in", offered),
            "&",
            ("state", "!=", "proposed"),
            ("stage_id", "in", list(stage_ids)),
        ]

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
        # a deadline gone by is no longer expected: it was due
        overdue = {
            "acknowledge": self.env._("Confirmation was due by"),
            "first_response": self.env._("First answer was due by"),
            "resolution": self.env._("Resolution was due by"),
        }
        lines = self.sudo().sla_line_ids.filtered(  # sudo: lines are staff-only
            lambda line: line.milestone in labels
            and line.state in ("running", "at_risk", "breached", "paused")
        )
        return [
            (
                (overdue if line.state == "breached" else labels)[line.milestone],
                line.state != "paused" and line.deadline,
            )
            for line in lines.sorted(lambda line: list(labels).index(line.milestone))
        ]

    def _portal_hold_text(self):
        """Why a time limit shown to the complainant is on hold: their
        answer, or an outside body handling the case (the resolution only)."""
        self.ensure_one()
        # sudo: the engine's reasons, staff-only data
        complaint = self.sudo()
        if not complaint._sla_waits() and complaint._sla_waits_for_body():
            return self.env._(
                "on hold while %(body)s handles the case",
                body=complaint._pending_external_cases()[0].body_id.name,
            )
        return self.env._("on hold while we wait for your answer")

    def _portal_remedies(self):
        """Remedies of the proposal the complainant holds or answered."""
        self.ensure_one()
        return self._remedies_offered()

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
        """One remedy of the proposal: its type (in bold), description and
        amount, as the remedy words its terms."""
        self.ensure_one()
        return remedy._terms_text(
            kind=Markup("<strong>%s</strong>") % remedy.type_id.name
        )

    def _portal_decision_sentence(self):
        self.ensure_one()
        decision = self._decision_in_force()
        if not decision:
            return ""
        labels = dict(self._fields["decision"]._description_selection(self.env))
        return self.env._(
            "Your answer: %(decision)s",
            decision=Markup("<strong>%s</strong>") % labels.get(decision, ""),
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

    def _portal_may_rate(self):
        """Whether the reader is the complainant who may still rate: closed,
        filed by a contact, not rated yet, and signed in as the complainant
        (a follower reads the page too: the rating is the complainant's). The
        holder of the page's link is not asked here when the survey went by
        email: staff hold the link too (the emails they write carry it) and
        would rate their own handling; that visitor rates from the survey
        email (:meth:`_portal_rates_by_email`). A complainant without email
        (a passcode given on the phone) has no survey but this page."""
        self.ensure_one()
        return bool(
            self._portal_rating_open()
            and self._portal_is_decider()
            and not self._portal_visitor_has_survey()
        )

    def _portal_rates_by_email(self):
        """Whether the page tells its visitor to rate from the survey email."""
        self.ensure_one()
        return self._portal_rating_open() and self._portal_visitor_has_survey()

    def _portal_visitor_has_survey(self):
        """Whether the reader holds the page's link and the survey could be
        emailed to the complainant."""
        return bool(self.env.user._is_public() and self._rating_address())

    def _portal_rating_open(self):
        self.ensure_one()
        return bool(
            self.state == "closed" and self.partner_id and not self._portal_rated()
        )

    def _portal_rating_token(self):
        """Rating token of the complainant, once closed and not rated yet."""
        self.ensure_one()
        if not self._portal_may_rate():
            return False
        return self._rating_get_access_token(self.partner_id)

    def _portal_rated(self):
        self.ensure_one()
        # the rating of the handling as it stands, whoever gave it (a former
        # complainant, put right since): one rating a handling
        return self._ratings_of_handling()[:1]

    def _portal_report_for_reader(self):
        """The complaint record the portal's reader may download, or False.

        The portal renders it as superuser, and it prints the complainant's
        contact: the complainant's (the decider's) alone, not a follower's."""
        self.ensure_one()
        return self._portal_is_decider() and self._portal_report_xmlid()

    @api.model
    def _portal_report_xmlid(self):
        """The complaint-record PDF when the reports addon is installed."""
        if "complaint_reports" not in self.pool._init_modules:
            return False
        xmlid = "complaint_reports.action_report_complaint_registration"
        # the xmlid cache, without env.ref's existence query on every page
        found = self.env["ir.model.data"]._xmlid_to_res_id(
            xmlid, raise_if_not_found=False
        )
        return xmlid if found else False
