from collections import Counter, defaultdict
from datetime import timedelta
from itertools import accumulate

from markupsafe import Markup

from odoo import api, models
from odoo.tools import format_list


class ComplaintDetectionBatchMixin(models.AbstractModel):
    """Batch detection: many complaints on one product or category in a short
    time, or from several provinces, are flagged high-risk together and the
    managers alerted once a batch (the windows and the keys compared are
    ``complaint.detection.mixin``'s)."""

    _name = "complaint.detection.batch.mixin"
    _description = "Complaint Batch Detection"

    def _detect_batches(self):
        """Flag as high-risk every complaint of a batch and alert the managers.

        Within the company's batch window, a batch is the complaints on one
        product or category when they reach the batch threshold or, with the
        company's rule on, come from several provinces (the complainants'
        states; a complaint without one counts no province but belongs to the
        batch). One query for the window, one for its provinces.
        """
        complaints = self.filtered(
            lambda c: (c.category_id or c.product_ids)
            and c.company_id.complaint_batch_hours > 0
            and (
                c.company_id.complaint_batch_count > 1
                or c.company_id.complaint_batch_province_rule
            )
        )
        if not complaints:
            return
        hours = max(complaints.company_id.mapped("complaint_batch_hours"))
        # and after them: one entered late with an earlier receipt completes
        # a batch with those received after it
        candidates = complaints._detection_candidates(
            min(complaints.mapped("date_received")) - timedelta(hours=hours),
            max(complaints.mapped("date_received")) + timedelta(hours=hours),
            [],
        )
        if any(complaints.company_id.mapped("complaint_batch_province_rule")):
            candidates.partner_id.fetch(["state_id"])
        by_key = defaultdict(list)
        for other in candidates.sorted(lambda c: (c.date_received, c.id)):
            for key in other._detection_keys():
                by_key[(other.company_id.id, key)].append(other)
        new_ids = set(complaints.ids)
        batches = defaultdict(lambda: self.browse())
        provinces = defaultdict(lambda: self.env["res.country.state"])
        for group, members in by_key.items():
            company = members[0].company_id
            if company not in complaints.company_id:
                continue
            in_batch, states = self._batch_windows(members, company, new_ids)
            if in_batch:
                batches[group] = self.browse([c.id for c in in_batch])
                provinces[group] = states
        if not batches:
            return
        flagged = self.browse().union(*batches.values())
        # sudo: the flags of complaints of other teams the creator cannot read
        # (one flagged in a batch before stays as a manager left it: an edit
        # does not put back the high risk they lifted, nor alert again)
        new = flagged.sudo().filtered(lambda c: not c.is_batch).with_env(self.env)
        if not new:
            return
        # sudo: the batch includes complaints of other teams the creator cannot write
        new.sudo().with_context(complaint_high_risk_notified=True).write(
            {"is_high_risk": True, "is_batch": True}
        )
        # sudo: the reason is an internal field of complaints of other teams too
        new.sudo()._write_batch_reasons(batches, provinces)
        alerted = self.browse()
        # products first: the batch of their category, when it holds the same
        # complaints, would alert the managers a second time
        for group in sorted(batches, key=lambda group: group[1][0] != "product"):
            members = batches[group]
            if members & new and not members <= alerted:
                members.sudo()._in_company_lang()._notify_batch(
                    group[1], provinces[group]
                )
                alerted |= members

    @api.model
    def _batch_windows(self, members, company, new_ids):
        """The complaints among ``members`` (one product or category of
        ``company``, by receipt) in a batch with one of ``new_ids``, and the
        provinces of those batches across provinces: every window of the
        company's length, ending on a complaint, that holds a new one and
        reaches the company's count or its number of provinces (the
        complainants' states; a complaint without one counts none). One pass
        over the members, whatever their number."""
        span = timedelta(hours=company.complaint_batch_hours)
        count = company.complaint_batch_count
        rule = company.complaint_batch_province_rule
        states = [c.partner_id.state_id.id if rule else False for c in members]
        news = list(accumulate((c.id in new_ids for c in members), initial=0))
        in_window = Counter()
        in_batch, found, covered, start = [], set(), 0, 0
        for end, complaint in enumerate(members):
            in_window[states[end]] += 1
            while members[start].date_received < complaint.date_received - span:
                in_window[states[start]] -= 1
                start += 1
            if news[end + 1] == news[start]:
                continue  # no new complaint in it: told when it was
            across = {state for state, n in in_window.items() if state and n}
            by_provinces = (
                rule and len(across) >= company.complaint_batch_province_count
            )
            if by_provinces or 1 < count <= end - start + 1:
                in_batch += members[max(start, covered) : end + 1]
                covered = end + 1
                if by_provinces:
                    found |= across
        return in_batch, self.env["res.country.state"].browse(sorted(found))

    def _write_batch_reasons(self, batches, provinces):
        """Give the complaints without a high-risk reason the one of their
        batch (across provinces first), one write per reason."""
        todo = self.filtered(lambda c: not c.high_risk_reason)
        chosen = {}  # complaint id: the batch whose reason it gets
        for group, members in batches.items():
            for complaint in members & todo:
                if complaint.id not in chosen or (
                    provinces[group] and not provinces[chosen[complaint.id]]
                ):
                    chosen[complaint.id] = group
        by_group = defaultdict(list)
        for complaint_id, group in chosen.items():
            by_group[group].append(complaint_id)
        by_reason = defaultdict(list)
        for (company_id, key), complaint_ids in by_group.items():
            # once a batch, in the company's language: staff read it
            company = self.env["res.company"].browse(company_id)
            reason = self.with_context(lang=company._complaint_lang())._batch_reason(
                key, provinces[(company_id, key)]
            )
            by_reason[reason] += complaint_ids
        for reason, complaint_ids in by_reason.items():
            self.browse(complaint_ids).write({"high_risk_reason": reason})

    @api.model
    def _batch_subject(self, key):
        kind, res_id = key
        return self.env[
            "product.product" if kind == "product" else "complaint.category"
        ].browse(res_id)

    @api.model
    def _batch_reason(self, key, states):
        if not states:
            return self.env._(
                "Batch complaint: many complaints on the same product or "
                "category in a short time."
            )
        return self.env._(
            "Batch complaint: complaints on %(subject)s from %(count)s provinces: "
            "%(provinces)s.",
            subject=self._batch_subject(key).display_name,
            count=len(states),
            provinces=format_list(self.env, sorted(states.mapped("name"))),
        )

    # ------------------------------------------------------------------
    # Alerts
    # ------------------------------------------------------------------
    def _notify_batch(self, key, states=None):
        """One alert per batch to the managers, on its latest complaint; the
        provinces when it is a batch across provinces."""
        latest = self.sorted(lambda c: (c.date_received, c.id))[-1:]
        managers = self._get_complaint_managers(latest.company_id)
        if not managers:
            return
        subject = self._batch_subject(key).display_name
        if states:
            names = format_list(self.env, sorted(states.mapped("name")))
            title = self.env._(
                "Batch complaint: %(count)s complaints on %(subject)s from "
                "%(province_count)s provinces",
                count=len(self),
                subject=subject,
                province_count=len(states),
            )
            intro = self.env._(
                "%(count)s complaints on %(subject)s from %(province_count)s "
                "provinces (%(provinces)s) arrived within the batch window; all "
                "are now high-risk:",
                count=len(self),
                subject=subject,
                province_count=len(states),
                provinces=names,
            )
        else:
            title = self.env._(
                "Batch complaint: %(count)s complaints on %(subject)s",
                count=len(self),
                subject=subject,
            )
            intro = self.env._(
                "%(count)s complaints on %(subject)s arrived within the batch "
                "window; all are now high-risk:",
                count=len(self),
                subject=subject,
            )
        latest.message_notify(
            partner_ids=managers.partner_id.ids,
            subject=title,
            body=Markup("<p>%s</p><ul>%s</ul>")
            % (
                intro,
                # numbers only: a complainant's subject is theirs (it goes with
                # their complaint's de-identification, not from this note)
                Markup().join(Markup("<li>%s</li>") % c.name for c in self),
            ),
        )
