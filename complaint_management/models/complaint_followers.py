from collections import defaultdict

from odoo import models


class ComplaintFollowersMixin(models.AbstractModel):
    """Who follows a complaint and what they are told: the complainant beside
    its handler, in the insert Odoo makes for them, no lookup of followers
    the transaction already knows; a new complaint and a status change under
    their own subtypes."""

    _name = "complaint.followers.mixin"
    _inherit = "mail.thread"
    _description = "Complaint Followers"

    def _message_subscribe(self, partner_ids=None, subtype_ids=None, customer_ids=None):
        """Partners the transaction knows already follow a complaint are not
        looked up again: without subtypes Odoo leaves existing followers as
        they are. A new complaint's reminder subscribes its handler, whom the
        complaint's insert just subscribed; that lookup was a query per
        complaint. Unknown followers (not in cache) go through Odoo's lookup."""
        if partner_ids and not subtype_ids:
            known = self._message_followers_in_cache()
            if known is not None:
                partner_ids = [
                    partner_id
                    for partner_id in partner_ids
                    if any(partner_id not in known[thread.id] for thread in self)
                ]
                if not partner_ids:
                    return True
        return super()._message_subscribe(
            partner_ids=partner_ids, subtype_ids=subtype_ids, customer_ids=customer_ids
        )

    def _message_followers_in_cache(self):
        """The followers' partners of each complaint, read from the cache only;
        None when any of it is not in cache."""
        cache = self.env.cache
        followers_field = self._fields["message_follower_ids"]
        Followers = self.env["mail.followers"]
        partner_field = Followers._fields["partner_id"]
        known = {}
        for thread in self:
            if not cache.contains(thread, followers_field):
                return None
            partners = set()
            for follower in Followers.browse(cache.get(thread, followers_field)):
                if not cache.contains(follower, partner_field):
                    return None
                partners.add(cache.get(follower, partner_field))
            known[thread.id] = partners
        return known

    def _message_auto_subscribe_followers(self, updated_values, default_subtype_ids):
        """With a handler, the complainant follows the complaint in the same
        insert as the handler Odoo subscribes (public subtypes only for a
        customer); without one, ``create`` and ``write`` subscribe them."""
        res = super()._message_auto_subscribe_followers(
            updated_values, default_subtype_ids
        )
        partner = self.env["res.partner"].browse(updated_values.get("partner_id"))
        if partner and updated_values.get("user_id"):
            _default, _internal, external = self.env[
                "mail.message.subtype"
            ].default_subtypes(self._name)
            res.append(
                (
                    partner.id,
                    external.ids if partner.partner_share else default_subtype_ids,
                    False,
                )
            )
        return res

    def _message_auto_subscribe(self, updated_values, followers_existing_policy="skip"):
        """Core makes a team's followers follow its complaints: one who may not
        read a complaint stops here, before its creation is posted to them
        (:meth:`_unfollow_team_outsiders`)."""
        res = super()._message_auto_subscribe(
            updated_values, followers_existing_policy=followers_existing_policy
        )
        if updated_values.get("team_id"):
            self._unfollow_team_outsiders()
        return res

    def _follow_as_complainant(self, partner):
        """``partner`` follows these complaints with a customer's subtypes
        (their internal ones, notes and escalations, dropped)."""
        if not self:
            return
        external = self.env["mail.message.subtype"].default_subtypes(self._name)[2]
        # sudo: the complainant's own following, whoever hands the work over
        self.sudo()._message_subscribe(partner.ids, external.ids)

    def _unfollow_former_complainants(self, former):
        """A complaint given to another complainant (the wrong contact put
        right): the former one, from outside the company and not of the new
        one's entity, stops following it; following is what gives them the
        page, its files and its emails."""
        leaving = defaultdict(lambda: self.browse())
        for complaint, partner in former.items():
            if (
                partner.partner_share
                and partner.commercial_partner_id != complaint.commercial_partner_id
            ):
                leaving[partner] |= complaint
        for partner, complaints in leaving.items():
            # sudo: the former complainant stops following, whoever corrects it
            complaints.sudo().message_unsubscribe(partner.ids)

    def _creation_subtype(self):
        """A complaint of a team someone follows for its new complaints is
        posted as *Complaint Received*, which tells them (the team's followers
        follow it with that subtype); elsewhere core's note, which tells
        nobody and costs less."""
        if self._system_context("complaint_quoted_email"):
            # an email quoting an existing complaint's number: a note for its
            # owner (message_post), not a new complaint for the team
            return self.env.ref("mail.mt_note")
        teams = self.env["mail.followers"]._complaint_teams_told_of_new()
        if self.team_id.id in teams:
            return self._complaint_subtype("complaint_management.mt_complaint_new")
        return super()._creation_subtype()

    def _complaint_tell_team_of_new(self):
        """Complaints given their team after their creation message (by the
        assignment rules or the default team, as the portal's and the API's
        are): the team's followers of new complaints are told, as the
        creation message tells them of one filed in the team."""
        if self.env.context.get("tracking_disable"):
            # an import: core subscribes nobody then, the note would tell no one
            return
        teams = self.env["mail.followers"]._complaint_teams_told_of_new()
        subtype = self._complaint_subtype("complaint_management.mt_complaint_new")
        for complaint in self.filtered(lambda c: c.team_id.id in teams):
            staff = complaint._in_company_lang()  # a note for staff
            staff.message_post(
                body=staff.env._(
                    "New complaint for team %(team)s.", team=complaint.team_id.name
                ),
                message_type="notification",
                subtype_id=subtype.id,
            )

    def _track_subtype(self, init_values):
        """A status change is posted as *Status Changed* (an internal
        subtype, on by default): the colleagues following the complaint (its
        receiver, a team's follower) are told of it, the handler of the
        customer's own answer on the portal; a follower unticks it to stop.
        Other tracked changes stay notes."""
        self.ensure_one()
        if "state" in init_values:
            return self._complaint_subtype("complaint_management.mt_complaint_state")
        return super()._track_subtype(init_values)

    def _complaint_subtype(self, xmlid):
        # the id from the xmlid cache: env.ref would check it exists (a query)
        return self.env["mail.message.subtype"].browse(
            self.env["ir.model.data"]._xmlid_to_res_id(xmlid)
        )
