from odoo import fields, models


class ComplaintTeamHandout(models.AbstractModel):
    """Who on a team gets the next complaints: the members who may own them
    and are not away, picked by the team's method (the leader for a manual
    team or when nobody is available)."""

    _name = "complaint.team.handout"
    _description = "Complaint Team Handout"

    def _available_members(self):
        """Active members not on leave now (time off recorded on their
        working-time resource, when there is one)."""
        self.ensure_one()
        members = self.member_ids.filtered(
            lambda user: user._complaint_can_own(self.company_id)
        )
        if not members:
            return members
        now = fields.Datetime.now()
        # sudo: time off of colleagues, only to know who is away now
        away = (
            self.env["resource.calendar.leaves"]
            .sudo()
            .search(
                [
                    ("resource_id.user_id", "in", members.ids),
                    ("date_from", "<=", now),
                    ("date_to", ">=", now),
                ]
            )
            .resource_id.user_id
        )
        return members - away

    def _pick_handlers(self, count, pending=None):
        """``count`` handlers, one per complaint to assign, by the team's
        method; empty when nobody is available (the leader then owns it).
        ``pending``: a ``Counter`` of the handlers picked by other teams in
        the same batch and not written yet (a member of two teams), added to
        the workload and updated with this team's picks."""
        self.ensure_one()
        members = self._available_members().sorted("id")
        if self.assignment_method == "manual" or not members:
            leader = self.leader_id.filtered(
                lambda user: user._complaint_can_own(self.company_id)
            )
            if pending is not None and leader:
                pending[leader.id] += count
            return [leader] * count
        picked = []
        if self.assignment_method == "round_robin":
            # after the handler of the team's latest complaint: read, never
            # written on the team, so concurrent intakes do not collide
            # sudo: whatever the caller sees of the team's complaints
            last = (
                self.env["complaint.complaint"]
                .sudo()
                .search(
                    [("team_id", "=", self.id), ("user_id", "in", members.ids)],
                    order="id desc",
                    limit=1,
                )
                .user_id.id
            )
            ids = members.ids
            start = ids.index(last) + 1 if last in ids else 0
            picked = [members[(start + index) % len(ids)] for index in range(count)]
        else:
            # sudo: the workload of every member, whatever the caller sees
            load = dict(
                self.env["complaint.complaint"]
                .sudo()
                ._read_group(
                    [("user_id", "in", members.ids), ("is_open", "=", True)],
                    ["user_id"],
                    ["__count"],
                )
            )
            load = {
                member: load.get(member, 0) + (pending or {}).get(member.id, 0)
                for member in members
            }
            for _index in range(count):
                member = min(members, key=lambda m: (load[m], m.id))
                load[member] += 1
                picked.append(member)
        if pending is not None:
            pending.update(member.id for member in picked if member)
        return picked
