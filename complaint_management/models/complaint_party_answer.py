from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..tools.form_text import typed_text
from ..tools.langs import by_company_lang
from .complaint_party_mixin import PARTY_ACTIVITY
from .complaint_sla_line import local_date

# the longest answer a party gives on its portal page (the form's maxlength)
PARTY_ANSWER_MAX = 10000


class ComplaintPartyAnswerMixin(models.AbstractModel):
    """The complained-about party's answer to a forwarded complaint
    (``complaint.party.mixin`` forwards it): recorded once through
    :meth:`_party_record_answer`, the handler told; the time-limit sweep
    marks unanswered cases overdue (:meth:`_party_mark_overdue`)."""

    _name = "complaint.party.answer.mixin"
    _inherit = "complaint.events"
    _description = "Complaint: the party's answer"

    def _on_message_posted(self, message, msg_values):
        res = super()._on_message_posted(message, msg_values)
        # an email answering the forward; every message passes here: the
        # subtype's id from the xmlid cache (env.ref would query)
        parent = message.sudo().parent_id  # sudo: what the message answers
        if message.message_type == "email" and parent:
            forward_id = self.env["ir.model.data"]._xmlid_to_res_id(
                "complaint_management.mt_complaint_party_forward",
                raise_if_not_found=False,
            )
            if forward_id and parent.subtype_id.id == forward_id:
                self._party_notify_email_answer()
        return res

    def _party_notify_email_answer(self):
        """The party answered the forward by email (filed as a note under it):
        the handler is told, as of an answer on the portal; the answer is
        theirs to record."""
        self.ensure_one()
        complaint = self.sudo()  # sudo: the handler is an internal field
        handler = complaint.user_id or complaint.team_id.leader_id
        if not handler:
            return
        staff = self._in_company_lang()
        complaint.message_post(
            body=staff.env._(
                "The complained-about party answered the forward by email (the "
                "note above)."
            ),
            author_id=self.env.ref("base.partner_root").id,
            message_type="notification",
            subtype_xmlid="mail.mt_note",
            partner_ids=handler.partner_id.ids,
        )

    def _party_awaits_answer(self):
        """Forwarded (or overdue) and not answered, on a complaint still kept."""
        self.ensure_one()
        return (
            self.party_state in ("forwarded", "overdue")
            and self.state != "cancelled"
            and not self.is_deidentified
        )

    def _party_record_answer(self, answer, author):
        """Record the party's ``answer`` given by ``author`` (res.partner), tell
        the handler. The caller checked that ``author`` belongs to the party
        (complaint_portal); this method checks the complaint waits for it."""
        self.ensure_one()
        answer = typed_text(answer)
        if not answer:
            raise UserError(self.env._("Please write your answer."))
        if len(answer) > PARTY_ANSWER_MAX:
            raise UserError(
                self.env._(
                    "The answer is limited to %(count)s characters.",
                    count=PARTY_ANSWER_MAX,
                )
            )
        # once: a second answer would overwrite the one the handler read
        if not self._party_awaits_answer():
            # sudo: the party's own answer, compared
            if self.sudo().party_state == "answered" and (
                self.sudo().party_response == answer
            ):
                return True  # the same answer sent twice (a double click)
            raise UserError(self.env._("This complaint does not wait for your answer."))
        self._workflow_write(
            {
                "party_response": answer,
                "party_response_date": fields.Datetime.now(),
                "party_state": "answered",
            }
        )
        # what the handler reads: in the company's language, not the party's
        staff = self._in_company_lang()
        staff.sudo().activity_feedback(  # sudo: the party closes its own reminder
            [PARTY_ACTIVITY],
            feedback=staff.env._("The party answered."),
        )
        complaint = self.sudo()  # sudo: the handler is an internal field
        handler = complaint.user_id or complaint.team_id.leader_id
        body = Markup("<p>%s</p><p>%s</p>") % (
            staff.env._("The complained-about party answered:"),
            answer,
        )
        # an internal note that the complainant's portal does not show; not a
        # "comment": those of external users are public comments to the
        # complainant (complaint.complaint.message_post)
        self.sudo().message_post(  # sudo: the party is no follower of the case
            body=body,
            author_id=author.id,
            message_type="notification",
            subtype_xmlid="mail.mt_note",
            partner_ids=handler.partner_id.ids,
        )
        return True

    @api.model
    def _party_overdue_domain(self):
        """The forwarded complaints whose deadline may have passed: a day ahead
        of UTC, as somewhere it is already tomorrow; each one is then decided
        on its own calendar's date (:meth:`_party_is_overdue`)."""
        return [
            ("party_state", "=", "forwarded"),
            # a cancelled complaint waits for nobody's answer
            ("state", "!=", "cancelled"),
            ("party_response_deadline", "<", fields.Date.today() + timedelta(days=1)),
        ]

    def _party_is_overdue(self, now):
        """The deadline is a date of the complaint's calendar: the party has
        until midnight there (the sweep runs in UTC)."""
        self.ensure_one()
        return self.party_response_deadline < local_date(now, self._sla_tz())

    @api.model
    def _party_mark_overdue(self, run=None):
        """Mark the forwarded complaints whose party did not answer in time
        (the time-limit sweep calls it with its job run: a failing complaint
        is skipped and registered, the others are marked)."""
        now = fields.Datetime.now()
        overdue = (
            self.sudo()  # sudo: the sweep acts for every team
            .search(self._party_overdue_domain())
            .filtered(lambda complaint: complaint._party_is_overdue(now))
        )
        if run:
            # earlier failures of complaints no longer waiting (answered
            # since): out of the register, a later failure is told anew
            run.forget_unqualified(overdue.ids)
        if not overdue:
            return overdue

        def mark(complaints):
            for part in by_company_lang(complaints):  # in the company's language
                part._workflow_write({"party_state": "overdue"})

        if run:
            return run.process(overdue, mark)
        mark(overdue)
        return overdue
