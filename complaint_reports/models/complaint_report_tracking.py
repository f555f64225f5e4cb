from datetime import timedelta

from odoo import models
from odoo.tools import format_list, formatLang, html2plaintext

# A tracked status change and the step date written with it are stamped within
# the same request: the chatter message lies this close to the step date.
TRACKING_TOLERANCE = timedelta(minutes=5)


class ComplaintReportTrackingMixin(models.AbstractModel):
    """The tracking form's eight steps (Annex C), its correction and
    verification rows, filled from the step dates, the chatter's status
    changes and the corrective actions. Composed into ``complaint.complaint``
    by this addon."""

    _name = "complaint.report.tracking.mixin"
    _description = "Complaint: the tracking form's steps"

    def _report_state_changes(self):
        """Status changes from the chatter, by complaint: lists of
        ``(date, author name, body text)`` sorted by date."""
        state_field = self.env["ir.model.fields"]._get(self._name, "state")
        # sudo: tracking values are readable by administrators only; these are
        # the status changes of complaints the user already reads.
        trackings = (
            self.env["mail.tracking.value"]
            .sudo()
            .search(
                [
                    ("field_id", "=", state_field.id),
                    ("mail_message_id.model", "=", self._name),
                    ("mail_message_id.res_id", "in", self.ids),
                ]
            )
        )
        changes = {complaint.id: [] for complaint in self}
        for tracking in trackings:
            message = tracking.mail_message_id
            changes[message.res_id].append(
                (
                    message.date,
                    message.author_id.name or "",
                    html2plaintext(message.body or "").strip(),
                )
            )
        for rows in changes.values():
            rows.sort()
        return changes

    def _report_tracking_steps(self, state_changes=None):
        """The eight steps of the tracking form (Annex C) with date, person and
        note, filled from the step dates and the chatter history."""
        self.ensure_one()
        if state_changes is None:
            state_changes = self._report_state_changes()[self.id]

        def author_at(date):
            """Who made the status change written with the step: the nearest
            to its date (a colleague's next step, minutes later, is not)."""
            if not date:
                return ""
            near = min(
                (
                    (abs(when - date), author)
                    for when, author, _body in state_changes
                    if abs(when - date) <= TRACKING_TOLERANCE
                ),
                default=(None, ""),
                key=lambda pair: pair[0],
            )
            return near[1]

        def label(field, value):
            if not value:
                return ""
            return dict(self._fields[field]._description_selection(self.env))[value]

        remedies = self.remedy_ids.filtered(
            lambda r: r.state not in ("cancelled", "refused")
        )
        approved = remedies.filtered("date_approved").sorted("date_approved")
        done = remedies.filtered("date_done").sorted("date_done")
        remedy_text = format_list(
            self.env,
            [
                self.env._(
                    "%(remedy)s: %(amount)s",
                    remedy=remedy.type_id.name,
                    amount=formatLang(
                        self.env, remedy.amount, currency_obj=remedy.currency_id
                    ),
                )
                if remedy.amount
                else remedy.type_id.name
                for remedy in remedies
            ],
        )
        decision_note = label("decision", self.decision)
        if self.decision == "rejected" and self.rejection_reason:
            decision_note = self.env._(
                "Rejected: %(reason)s", reason=self.rejection_reason
            )
        severity = label("severity", self.severity)
        validity = label("validity", self.validity)
        if severity and validity:
            assessment_note = self.env._(
                "Severity: %(severity)s; validity: %(validity)s",
                severity=severity,
                validity=validity,
            )
        elif severity:
            assessment_note = self.env._("Severity: %(severity)s", severity=severity)
        elif validity:
            assessment_note = self.env._("Validity: %(validity)s", validity=validity)
        else:
            assessment_note = ""
        return [
            {
                "name": self.env._("Acknowledgement"),
                "date": self.date_acknowledged,
                "person": author_at(self.date_acknowledged),
                "note": self.channel_id.name or "",
            },
            {
                "name": self.env._("Assessment"),
                "date": self.date_assessed,
                "person": author_at(self.date_assessed),
                "note": assessment_note,
            },
            {
                "name": self.env._("Investigation"),
                "date": self.date_investigation,
                "person": author_at(self.date_investigation),
                "note": self.root_cause or "",
            },
            {
                "name": self.env._("Solution"),
                "date": approved[-1:].date_approved or self.date_proposed,
                "person": approved[-1:].approved_by_id.name
                or author_at(self.date_proposed),
                "note": remedy_text,
            },
            self._report_notification_step(author_at, decision_note, validity),
            self._report_correction_step(done),
            self._report_verification_step(),
            {
                "name": self.env._("Closure"),
                "date": self.date_closed,
                "person": author_at(self.date_closed),
                "note": html2plaintext(self.resolution_summary or "").strip(),
            },
        ]

    def _report_notification_step(self, author_at, decision_note, validity):
        """Notification: the proposal told (and the customer's answer); a
        complaint closed as not founded was told its reasons at the closing
        (when the closing sent them: not before the notice existed)."""
        if (
            not self.date_proposed
            and self.state == "closed"
            and self._closed_unfounded()
            and self.date_outcome_told
        ):
            return {
                "name": self.env._("Notification"),
                "date": self.date_outcome_told,
                "person": author_at(self.date_closed),
                "note": validity,
            }
        return {
            "name": self.env._("Notification"),
            "date": self.date_proposed,
            "person": author_at(self.date_proposed),
            "note": decision_note,
        }

    def _report_correction_step(self, done_remedies):
        """Correction: the corrective actions carried out for the complaint;
        without any, the remedies carried out (the correction of the case)."""
        # as the printer may read them: frontline users read the corrective
        # actions they own or verify, managers and officers all of them
        # carried out and not sent back (found not effective, cancelled)
        actions = self.corrective_action_ids.filtered(
            lambda action: action.date_done and action.state in ("done", "effective")
        ).sorted("date_done")
        if actions:
            return {
                "name": self.env._("Correction"),
                "date": actions[-1].date_done,
                "person": (actions[-1].done_by_id or actions[-1].user_id).name or "",
                "note": format_list(self.env, actions.mapped("display_name")),
            }
        return {
            "name": self.env._("Correction"),
            "date": done_remedies[-1:].date_done,
            "person": done_remedies[-1:].done_by_id.name or "",
            "note": format_list(self.env, done_remedies.type_id.mapped("name")),
        }

    def _report_verification_step(self):
        """Correction verification: the latest verification of its corrective
        actions, by someone else than their owner."""
        # as for the correction step: what the printer may read
        actions = self.corrective_action_ids
        # a correction carried out (again, or another one) awaiting its
        # verifier: the verification is pending, not an older one's
        verified = (
            actions.browse()
            if any(action.state == "done" for action in actions)
            else actions.filtered("date_verified").sorted("date_verified")[-1:]
        )
        if not verified:
            return {
                "name": self.env._("Correction verification"),
                "date": False,
                "person": "",
                "note": "",
            }
        result = (
            self.env._("Effective")
            if verified.state == "effective"
            else self.env._("Not effective")
        )
        return {
            "name": self.env._("Correction verification"),
            "date": verified.date_verified,
            "person": verified.verified_by_id.name or "",
            "note": self.env._(
                "%(result)s: %(note)s",
                result=result,
                note=verified.verification_note or "",
            ),
        }
