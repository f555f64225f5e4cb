from odoo import api, models
from odoo.exceptions import UserError, ValidationError

from .complaint_states import MANAGER


class ComplaintCorrectiveActionHolders(models.AbstractModel):
    """Who holds a corrective action (composed by
    ``complaint.corrective.action``): an owner and a verifier who are
    complaint staff of its company and two people, frozen once it is done
    (a manager names another verifier, or another owner when its owner
    left), each step handing it only to someone who may still hold it."""

    _name = "complaint.corrective.action.holders"
    _description = "Corrective Action Holders"

    @api.constrains("state", "user_id", "date_due")
    def _check_under_way_is_someones(self):
        """An action under way (or awaiting verification) has an owner and a
        due date, as starting it asked: cleared, it would leave the overdue
        figure and its owner's to-do."""
        for action in self:
            if action.state in ("open", "done") and not (
                action.user_id and action.date_due
            ):
                raise ValidationError(
                    self.env._(
                        "%(action)s is under way: it keeps an owner and a due date.",
                        action=action.display_name,
                    )
                )

    @api.constrains("user_id", "verifier_id", "company_id")
    def _check_holders_are_complaint_staff(self):
        """Core gives the owner and the verifier a to-do and makes them
        followers: they are colleagues with the complaint rights in the
        action's company (as handlers and reviewers are). Once done, the
        owner's part is over: their leaving does not hold the verifier up."""
        for action in self:
            holders = (
                action.verifier_id
                if action.state in ("done", "effective")
                else action.user_id | action.verifier_id
            )
            action._check_can_hold(holders)

    def _check_next_holder(self, field):
        """A step hands the action to its owner or verifier (``field``): one
        named before who left since would get the to-do and the emails, and
        the action would wait for them."""
        for action in self:
            action._check_can_hold(action[field])

    def _check_can_hold(self, holders):
        self.ensure_one()
        for holder in holders:
            if not holder._complaint_can_own(self.company_id):
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot own or verify %(action)s: choose a "
                        "colleague with complaint rights in %(company)s.",
                        user=holder.name,
                        action=self.display_name,
                        company=self.company_id.name,
                    )
                )

    @api.constrains("user_id", "verifier_id")
    def _check_verifier_is_not_owner(self):
        for action in self:
            if action.verifier_id and action.verifier_id == action.user_id:
                raise ValidationError(
                    self.env._(
                        "The verifier of %(action)s must be someone else than "
                        "its owner.",
                        action=action.display_name,
                    )
                )

    def _check_holders_frozen(self, vals):
        """Done, an action's owner no longer changes; its verifier only by a
        complaint manager while it awaits verification (the one named left,
        or marked it done), for someone who neither owns nor did it."""
        manager = self.env.user.has_group(MANAGER)
        verifier = self.env["res.users"].browse(vals.get("verifier_id"))
        owner = self.env["res.users"].browse(vals.get("user_id"))
        for action in self:
            handing_over = (
                "user_id" not in vals
                and action.state == "done"
                and manager
                and verifier
                and verifier not in (action.user_id | action.done_by_id)
            ) or (
                # an owner who left: the action found not effective goes
                # back to someone who can still carry it out
                "verifier_id" not in vals
                and action.state == "done"
                and manager
                and owner
                and owner != action.verifier_id
                and not action.user_id._complaint_can_own(action.company_id)
            )
            if not handing_over:
                raise UserError(
                    self.env._(
                        "%(action)s is done: its owner and verifier no longer "
                        "change (a complaint manager names another verifier while "
                        "it awaits verification, or another owner when its owner "
                        "left).",
                        action=action.display_name,
                    )
                )

    def _check_not_own_verifier(self, verifier_id):
        """Whoever writes the action does not name themselves its verifier
        (an owner handing it over would verify their own root cause and
        plan): a complaint manager, or the one who sets it up, names them."""
        if verifier_id == self.env.uid and not self.env.user.has_group(MANAGER):
            raise UserError(
                self.env._(
                    "You cannot name yourself the verifier of a corrective action: "
                    "a complaint manager names who verifies it."
                )
            )

    def _check_verifier_hands_off(self, vals, judged):
        """The verifier checks what the owner found and did: they do not
        write it (nor take the action over), or they would verify their own
        root cause and plan; a complaint manager may. ``judged``: the fields
        a verification judges."""
        if self.env.su or self.env.user.has_group(MANAGER):
            return
        if not (judged | {"user_id"}) & vals.keys():
            return
        verified_by_me = self.filtered(
            lambda a: a.verifier_id == self.env.user and a.user_id != self.env.user
        )
        if verified_by_me:
            raise UserError(
                self.env._(
                    "You verify %(action)s: its owner writes what it found and "
                    "does, and you check it.",
                    action=verified_by_me[0].display_name,
                )
            )
