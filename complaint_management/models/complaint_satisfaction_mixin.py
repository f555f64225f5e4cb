from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.osv import expression
from odoo.tools import plaintext2html

# the call-back (回访) a low rating asks of the handler
CALLBACK_ACTIVITY = "complaint_management.mail_activity_type_callback"
# from this rating on the complainant is satisfied (the satisfaction rate
# counts it); below it, "not satisfied": the survey promises a callback
SATISFIED_RATING = 4


class ComplaintSatisfactionMixin(models.AbstractModel):
    """Satisfaction: the invitation to rate a closed complaint (Odoo's
    rating.mixin, one invitation), and a callback (回访) by the handler after
    a low rating."""

    _name = "complaint.satisfaction.mixin"
    _inherit = ["rating.mixin", "complaint.events"]
    _description = "Complaint: satisfaction rating and callback"

    # computed before the insert, where a new complaint has no id and so no
    # rating: otherwise rating.mixin queries the ratings of every new complaint
    # at the next flush to find none
    rating_last_value = fields.Float(
        compute="_compute_rating_last_value", store=True, precompute=True
    )
    can_request_rating = fields.Boolean(compute="_compute_can_request_rating")

    @api.depends(
        "state",
        "partner_id.email",
        "complainant_email",
        "rating_ids.consumed",
        "rating_ids.complaint_outdated",
    )
    def _compute_can_request_rating(self):
        for complaint in self:
            # once asked, the invitation stands: the button does not stay;
            # it is an email: a contact without an address (a phone
            # complaint) is not asked, and can be once one is known; rated
            # before a reopening, it is asked again once closed again
            pending = complaint.sudo().rating_ids.filtered(  # sudo: staff-only
                lambda rating: not rating.consumed
            )
            complaint.can_request_rating = bool(
                complaint.state == "closed"
                and complaint._rating_address()
                and not pending
                and not complaint._ratings_of_handling()
            )

    def _rating_address(self):
        """Where the survey goes: the contact's address, else the one typed
        on the complaint for a contact without one (a complaint without a
        contact is not asked). One rule for the invitation and its resending."""
        self.ensure_one()
        # sudo: whether there is an address, whoever asks
        complaint = self.sudo()
        return complaint.partner_id and (
            complaint.partner_id.email or complaint.complainant_email
        )

    def _ratings_of_handling(self):
        """The ratings of the complaint's handling as it stands: given and not
        outdated by a reopening (one given before rated a handling since
        undone). One rule for the figures, the survey and the portal."""
        self.ensure_one()
        return self.sudo().rating_ids.filtered(  # sudo: ratings are staff-only
            lambda rating: rating.consumed and not rating.complaint_outdated
        )

    def _outdate_ratings(self):
        """At a reopening: the ratings given so far rated a handling since
        undone (kept as history, out of the figures); an invitation not yet
        answered rates the handling once it is done again."""
        # sudo: the engine marks the ratings, whoever reopens
        self.sudo().rating_ids.filtered("consumed").write({"complaint_outdated": True})

    def _rating_domain(self):
        # core's average, count and satisfaction figures (the Satisfaction
        # tab) count the ratings of the handling as it stands
        return expression.AND(
            [super()._rating_domain(), [("complaint_outdated", "=", False)]]
        )

    @api.depends(
        "rating_ids.rating", "rating_ids.consumed", "rating_ids.complaint_outdated"
    )
    def _compute_rating_last_value(self):
        res = super()._compute_rating_last_value()
        outdated = self.filtered(
            lambda complaint: complaint.sudo().rating_ids.filtered(  # sudo: as above
                "complaint_outdated"
            )
        )
        for complaint in outdated:
            ratings = complaint._ratings_of_handling().sorted(
                lambda rating: (rating.write_date, rating.id)
            )
            complaint.rating_last_value = ratings[-1:].rating or 0.0
        return res

    def _rating_get_access_token(self, partner=None):
        """The token rates as the complainant: it goes into the invitation
        the survey sends (rendered in superuser mode, below) and onto the
        complainant's own portal page, never to staff, who could render the
        invitation's template in a composer and rate for the customer."""
        if not self.env.su:
            raise AccessError(
                self.env._(
                    "The rating link of a complaint is its complainant's: it is "
                    "sent by the satisfaction survey only."
                )
            )
        return super()._rating_get_access_token(partner=partner)

    def _rating_get_parent_field_name(self):
        return "team_id"

    def rating_send_request(self, template, lang=False, force_send=True):
        """The invitation goes to the complainant alone: its links rate the
        complaint, so core's copy in the chatter (an internal note with the
        links) would let staff rate for the customer. The chatter records
        that it was sent."""
        if not self.env.su:
            refused = self.filtered(lambda c: not c.can_request_rating)
            if refused:
                self._refuse_rating_request(refused)
        if lang:
            template = template.with_context(lang=lang)
        Mail = self.env["mail.mail"].sudo()  # sudo: the invitation's own email
        # sudo: only the invitation carries the rating link (see
        # _rating_get_access_token); who may send it was checked above
        template = template.sudo()
        for complaint in self:
            mail = Mail.browse(
                template.send_mail(
                    complaint.id,
                    force_send=force_send,
                    email_layout_xmlid="mail.mail_notification_light",
                    email_values={
                        "reply_to": complaint._complaint_mail_values()["reply_to"],
                        # a contact without an address: the one typed
                        **complaint._complaint_address_values(),
                    },
                )
            ).exists()
            # the copy kept on the complaint says it was sent, without the
            # links (the email itself is the administrators' to read)
            mail.mail_message_id.body = Markup("<p>%s</p>") % complaint.env._(
                "Satisfaction survey sent to the complainant."
            )

    def _refuse_rating_request(self, refused):
        raise UserError(
            self.env._(
                "Complaint %(name)s can be rated once closed, by a complainant "
                "with a contact and an email address.",
                name=refused[0].name,
            )
        )

    def action_request_rating(self):
        """Invite the complainant to rate the handling (rating.mixin)."""
        refused = self.filtered(lambda c: not c.can_request_rating)
        if refused:
            self._refuse_rating_request(refused)
        return self._rating_send_survey()

    def _rating_send_survey(self):
        """Email each complainant the survey (its links: the open invitation's
        token, made when none is open); False without its template."""
        template = self.env.ref(
            "complaint_management.mail_template_complaint_rating",
            raise_if_not_found=False,
        )
        if not template:
            return False
        for complaint in self:
            complaint.rating_send_request(
                template,
                lang=complaint.company_id._complaint_lang(complaint.partner_id.lang),
                force_send=False,
            )
        return True

    # ------------------------------------------------------------------
    # A rating comes from the invitation only: core's rating routes apply it
    # (rating_apply) in superuser mode, from the link of the invitation.
    # Core also lets a message carry a rating (portal_rating's chatter route,
    # message_post over JSON-RPC): that would rate an open complaint, again,
    # and let anyone who can post replace the complainant's rating.
    # ------------------------------------------------------------------
    def _get_allowed_message_post_params(self):
        return super()._get_allowed_message_post_params() - {"rating_value"}

    def message_post(self, **kwargs):
        if not self.env.su and (kwargs.get("rating_value") or kwargs.get("rating_id")):
            self._refuse_rating()
        return super().message_post(**kwargs)

    def _refuse_rating(self):
        raise AccessError(
            self.env._(
                "A complaint is rated by its complainant, from the invitation "
                "sent once it is closed."
            )
        )

    def rating_apply(
        self,
        rate,
        token=None,
        rating=None,
        feedback=None,
        subtype_xmlid=None,
        notify_delay_send=False,
    ):
        if not self.env.su:
            self._refuse_rating()
        merged = self.filtered("merged_into_id")
        if merged:
            # an invitation of a duplicate closed once, then reopened and
            # merged: the handling goes on on the complaint kept
            raise UserError(
                self.env._(
                    "Complaint %(name)s was merged into %(kept)s: you can rate "
                    "that one once it is closed, with the invitation we will "
                    "send you then.",
                    name=merged[0].name,
                    kept=merged[0].merged_into_id.name,
                )
            )
        reopened = self.filtered(lambda complaint: complaint.state != "closed")
        if reopened:
            # an invitation of an earlier closing, used once the complaint is
            # open again: the rating is of the handling once it is done
            raise UserError(
                self.env._(
                    "Complaint %(name)s is being handled again: you can rate it once "
                    "it is closed.",
                    name=reopened[0].name,
                )
            )
        if token:
            rating = self.env["rating.rating"].search(
                [("access_token", "=", token)], limit=1
            )
        if rating.complaint_outdated:
            # the invitation of a closing undone by a reopening: its rating
            # is history, out of the figures; the complainant's latest
            # invitation rates the handling as it stands
            raise UserError(
                self.env._(
                    "This invitation rated complaint %(name)s before it was "
                    "reopened: use the latest invitation we sent you.",
                    name=self.name,
                )
            )
        rated = self._ratings_of_handling() - rating if len(self) == 1 else False
        if rated:
            # one rating a handling: another invitation (a complainant put
            # right since) would replace the figure and its call-back
            raise UserError(
                self.env._(
                    "Complaint %(name)s was rated already: thank you.",
                    name=self.name,
                )
            )
        rating = super().rating_apply(
            rate,
            token=None,
            rating=rating,
            feedback=feedback,
            subtype_xmlid=subtype_xmlid,
            notify_delay_send=notify_delay_send,
        )
        if rate < SATISFIED_RATING:
            self._schedule_satisfaction_callback(rating)
        else:
            # the same invitation answered again, satisfied: the callback its
            # low rating asked for is no longer wanted
            self.activity_unlink([CALLBACK_ACTIVITY])
        return rating

    def _schedule_satisfaction_callback(self, rating):
        """A low rating gets one callback (回访) by the handler: a rating sent
        again updates the open callback instead of adding another."""
        callback_type = self.env.ref(CALLBACK_ACTIVITY)
        for complaint in self:
            open_callback = complaint.activity_ids.filtered(
                lambda a: a.activity_type_id == callback_type
            )
            user = open_callback.user_id[:1] or complaint._satisfaction_callback_user()
            if not user:
                continue
            # whoever calls back reads it in their language (not the rater's,
            # whose request this is): its title and its note
            theirs = complaint.with_context(
                lang=user._complaint_lang(complaint.company_id)
            )
            # the customer's words as text: an HTML note would render links
            # or images they typed
            note = plaintext2html(
                theirs.env._(
                    "Rated %(rate)s/5. Feedback: %(feedback)s",
                    rate=int(rating.rating),
                    feedback=(rating.feedback or "").strip() or "-",
                )
            )
            if open_callback:
                open_callback.note = note
                continue
            theirs.activity_schedule(
                activity_type_id=callback_type.id,
                # the type's delay, which the company sets, from today where
                # the company works (core takes the caller's zone: none for
                # a visitor rating from the survey email)
                date_deadline=callback_type.with_context(
                    tz=complaint.company_id._complaint_tz()
                )._get_date_deadline(),
                user_id=user.id,
                note=note,
            )

    def _satisfaction_callback_user(self, leaving=None):
        """Who takes the callback: the handler, the leader, the receiver,
        else a complaint manager; anyone who may still own the complaint and
        is not ``leaving`` (a handler gone since the closing would never see
        it; the rater's session is no one's)."""
        self.ensure_one()
        leaving = leaving or self.env["res.users"]
        company = self.company_id
        candidates = (self.user_id, self.team_id.leader_id, self.receiver_id)
        return (
            self.env["res.users"]._complaint_first_owner(
                [user - leaving for user in candidates], company
            )
            or (self._get_complaint_managers(company) - leaving).sorted("id")[:1]
        )

    def _on_written(self, vals):
        res = super()._on_written(vals)
        if {"user_id", "team_id"} & vals.keys():
            self._satisfaction_callback_follow_owner()
        return res

    def _on_owner_changed(self):
        res = super()._on_owner_changed()
        self._satisfaction_callback_follow_owner()
        return res

    def _satisfaction_callback_follow_owner(self, leaving=None):
        """An open callback goes to who takes it now (a handover of the
        closed complaint, a handler or leader who left): see
        :meth:`_satisfaction_callback_user`."""
        callback_type_id = self.env["ir.model.data"]._xmlid_to_res_id(CALLBACK_ACTIVITY)
        # sudo: the callbacks of every assignee, whoever hands over
        for complaint in self.sudo():
            callbacks = complaint.activity_ids.filtered(
                lambda a: a.activity_type_id.id == callback_type_id
            )
            if not callbacks:
                continue
            user = complaint._satisfaction_callback_user(leaving)
            if user:
                callbacks.filtered(lambda a, u=user: a.user_id != u).write(
                    {"user_id": user.id}
                )
