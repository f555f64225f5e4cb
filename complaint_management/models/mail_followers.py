from collections import defaultdict

from odoo import api, models, tools

TEAM_MODEL = "complaint.team"


class MailFollowers(models.Model):
    """Who follows which team, and which teams someone follows for their new
    complaints ("Complaint Received"): read at every creation, so kept per
    process and cleared when a team's followers or their subtypes change."""

    _name = "mail.followers"
    # who follows a complaint is read by those who read it
    _inherit = ["mail.followers", "complaint.mail.reach"]

    @api.model
    @tools.ormcache()
    def _complaint_teams_told_of_new(self):
        """The ids of the teams followed with "Complaint Received"."""
        subtype = self.env.ref(
            "complaint_management.mt_team_complaint_new", raise_if_not_found=False
        )
        if not subtype:
            return frozenset()
        # sudo: which teams are followed for it, whoever files a complaint
        followers = self.sudo().search(
            [("res_model", "=", TEAM_MODEL), ("subtype_ids", "in", subtype.ids)]
        )
        return frozenset(followers.mapped("res_id"))

    @api.model
    @tools.ormcache()
    def _complaint_team_followers(self):
        """The partners following each team (core makes them follow its new
        complaints), by team id."""
        # sudo: who follows the teams, whoever files a complaint
        followers = self.sudo().search_fetch(
            [("res_model", "=", TEAM_MODEL)], ["res_id", "partner_id"]
        )
        teams = defaultdict(set)
        for follower in followers:
            teams[follower.res_id].add(follower.partner_id.id)
        return {team_id: frozenset(partners) for team_id, partners in teams.items()}

    @api.model_create_multi
    def create(self, vals_list):
        followers = super().create(vals_list)
        if any(vals.get("res_model") == TEAM_MODEL for vals in vals_list):
            self.env.registry.clear_cache()
        return followers

    def write(self, vals):
        teams = any(follower.res_model == TEAM_MODEL for follower in self.sudo())
        res = super().write(vals)
        if teams or vals.get("res_model") == TEAM_MODEL:
            self.env.registry.clear_cache()
        return res

    def unlink(self):
        teams = any(follower.res_model == TEAM_MODEL for follower in self.sudo())
        res = super().unlink()
        if teams:
            self.env.registry.clear_cache()
        return res
