"""What the time limits tell people: the time left, when the complainant
hears from us next, the allowed times, in the reader's language."""

import re

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

from ..tools.formats import format_deadline
from .complaint_sla_calendar import SlaCalendarCache
from .complaint_sla_states import OPEN_SLA_STATES

PROGRESS_TEMPLATE = "complaint_management.mail_template_complaint_progress"
# a line of a draft for the writer to replace: "[Describe what was done...]"
# (not a link's "[1]" in the text of an email)
FILL_IN = re.compile(r"\[[^\[\]\n]{8,}\]")


class ComplaintSlaTextMixin(models.AbstractModel):
    """The engine's lines (``complaint.sla.line``) put into words for the
    form, the emails (progress update, acknowledgement), the portal and the
    reports: one wording wherever a deadline is told."""

    _name = "complaint.sla.text.mixin"
    _description = "Complaint time limits in words"

    def action_sla_progress_update(self):
        """Open the composer with the progress-update template; for a
        complainant known by an address only (or whose contact is archived),
        a form of its own that emails it as the steps' emails are (the
        composer would make a contact of the address)."""
        self.ensure_one()
        self._sla_check_progress_update()
        if self._sla_progress_in_composer():
            return self._step_mail_composer(PROGRESS_TEMPLATE)
        self.check_access("write")
        self._sla_check_progress_address()
        draft = self._sla_progress_draft()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Progress Update"),
            "res_model": "complaint.progress.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_complaint_id": self.id,
                "default_subject": draft["subject"],
                "default_body": draft["body_html"],
            },
        }

    def _sla_progress_in_composer(self):
        """Whether the composer writes the update: to a contact Odoo emails
        (active, with an address); else the form of its own emails it to the
        address the complainant gave."""
        return self.partner_id.active and not self._complaint_address_values()

    def _sla_check_progress_update(self):
        """A progress update is news of a handling under way."""
        if not self.is_open:
            raise UserError(
                self.env._(
                    "Complaint %(name)s is no longer being handled: there is no "
                    "progress to tell.",
                    name=self.name,
                )
            )

    def _sla_check_progress_address(self):
        # sudo: the complainant's address, its presence only
        if not (self.partner_id.email or self.sudo().complainant_email):
            raise UserError(
                self.env._(
                    "The complainant of %(name)s left no email address: tell "
                    "them of the progress by phone.",
                    name=self.name,
                )
            )

    def _sla_progress_draft(self):
        """The progress update as the template writes it, in the
        complainant's language: the handler writes the news in it."""
        self.ensure_one()
        template = self.env.ref(PROGRESS_TEMPLATE)
        return {
            field: template._render_field(field, self.ids, compute_lang=True)[self.id]
            for field in ("subject", "body_html")
        }

    def _sla_progress_send(self, subject, body):
        """Email the update the handler wrote to a complainant known by an
        address: refused as long as it is the template's draft (its line in
        brackets would reach the customer as it stands)."""
        self.ensure_one()
        self.check_access("write")
        self._sla_check_progress_update()
        if self._sla_progress_in_composer():
            # its contact follows the complaint: the composer writes to it
            raise UserError(
                self.env._(
                    "Write the progress update of %(name)s in the message "
                    "composer: its complainant follows the complaint.",
                    name=self.name,
                )
            )
        # the address may have been removed since the form opened
        self._sla_check_progress_address()
        self._sla_check_progress_written(body)
        self._message_to_complainant(
            PROGRESS_TEMPLATE, values={"subject": subject, "body_html": body}
        )

    def _sla_check_progress_written(self, body):
        """Refused while ``body`` still holds a line in brackets of the
        template: it would reach the customer as it stands (compared line by
        line: the rest of the draft, its next date among them, is written
        again as time passes). The template's own text in the complainant's
        language, not the draft: a subject in brackets ("[EXTERNAL] Parcel
        damaged") is the customer's, not a line to write."""
        self.ensure_one()
        template = self.env.ref(PROGRESS_TEMPLATE)
        lang = template._render_lang(self.ids)[self.id]
        text = template.with_context(lang=lang).body_html
        left = set(FILL_IN.findall(html2plaintext(text or ""))) & set(
            FILL_IN.findall(html2plaintext(body or ""))
        )
        if left:
            raise UserError(
                self.env._(
                    "Write the news in the update: what was done since the last "
                    "message and what comes next, in place of the line in "
                    "brackets (%(line)s).",
                    line=sorted(left)[0],
                )
            )

    @api.model
    def _sla_duration_text(self, hours):
        """'3 days overdue', '1 day 4 h left', '2 h 15 min left', '5 min left'."""
        minutes = round(abs(hours) * 60)
        days, minutes = divmod(minutes, 24 * 60)
        hours_part, minutes = divmod(minutes, 60)
        if days >= 3:
            span = self.env._("%(days)s days", days=days)
        elif days:
            span = (
                self.env._("1 day %(hours)s h", hours=hours_part)
                if days == 1
                else self.env._(
                    "%(days)s days %(hours)s h", days=days, hours=hours_part
                )
            )
        elif hours_part:
            span = self.env._(
                "%(hours)s h %(minutes)s min", hours=hours_part, minutes=minutes
            )
        else:
            span = self.env._("%(minutes)s min", minutes=minutes)
        if hours < 0:
            return self.env._("%(time)s overdue", time=span)
        return self.env._("%(time)s left", time=span)

    def _sla_moment_text(self, moment, tz=None, show_zone=False):
        """``moment`` (naive UTC) as the emails, reminders and portal write a
        date and time: the language's short format, in ``tz`` (the complaint's
        calendar's by default), without seconds in any language; with the
        zone's offset for ``show_zone``."""
        if not moment:
            return ""
        lang_code = self.env["complaint.sla.line"]._sla_lang_code()
        return format_deadline(
            moment, tz or self._sla_tz(), lang_code, show_zone=show_zone
        )

    def _sla_open_line(self, milestone):
        self.ensure_one()
        return self.sla_line_ids.filtered(
            lambda line: line.milestone == milestone and line.state in OPEN_SLA_STATES
        )[:1]

    def _sla_next_update_text(self):
        """When the complainant will hear from us next (progress template): the
        deadline of the progress milestone this update starts, planned as the
        engine plans it; else the running resolution deadline. Nothing while
        the clock waits for the complainant: no date is promised then."""
        self.ensure_one()
        if self._sla_waits():
            return ""
        # read where the complainant lives when we know it, else where the
        # complaint is handled
        tz = self.partner_id.tz or self._sla_tz()
        line = self._sla_open_line("progress")
        if not line:
            line = self._sla_open_line("resolution")
            running = line and line.state in ("running", "at_risk")
            return line._sla_deadline_text(tz) if running else ""
        # the next milestone is planned as the engine will plan it when this
        # update reaches the open one: by the policy it matches now
        # (complaint.sla.mixin._sla_create_missing); none, no date promised
        policies = self.env["complaint.sla.policy"].sudo()  # sudo: as the engine
        policy = policies._sla_match(policies._sla_policy_index(), self).get("progress")
        amount, unit = policy._sla_target("progress") if policy else (0, False)
        if not amount:
            return ""
        cache = SlaCalendarCache(self.env)
        deadline, _allowed = cache.get(self._sla_calendar()).plan(
            fields.Datetime.now(), amount, unit
        )
        return self._sla_moment_text(deadline, tz)

    def _get_expected_handling_text(self):
        """The expected handling time told to the complainant: the allowed time
        of the resolution milestone, the engine's (empty without one)."""
        self.ensure_one()
        return self._sla_allowed_text("resolution")

    def _sla_update_interval_text(self):
        """How often the complainant hears of the progress: the allowed time of
        the progress milestone (empty when the rules set none)."""
        self.ensure_one()
        return self._sla_allowed_text("progress")

    def _sla_allowed_text(self, milestone):
        # the open limit, else the last reached; never one a merge stopped
        lines = self.sla_line_ids.filtered(
            lambda line: line.milestone == milestone and line.state != "stopped"
        )
        line = (
            lines.filtered(lambda line: line.state in OPEN_SLA_STATES) or lines
        ).sorted("id")[-1:]
        if not line or not line.target_time:
            return ""
        time = f"{line.target_time:g}"
        # whole phrases: a unit label put after the number cannot be translated
        # (word order, no lowercase in Chinese)
        one = line.target_time == 1
        if line.time_unit == "working_days":
            if one:
                return self.env._("%(time)s working day", time=time)
            return self.env._("%(time)s working days", time=time)
        if line.time_unit == "working_hours":
            if one:
                return self.env._("%(time)s working hour", time=time)
            return self.env._("%(time)s working hours", time=time)
        if one:
            return self.env._("%(time)s hour", time=time)
        return self.env._("%(time)s hours", time=time)
