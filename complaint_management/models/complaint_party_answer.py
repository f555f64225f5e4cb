from datetime import timedelta

from markupsafe import Markup

from odoo import SUPERUSER_ID, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html2plaintext

from ..tools.dates import local_date
from ..tools.form_text import typed_text
from ..tools.langs import by_company_lang
from .complaint_party_mixin import PARTY_ACTIVITY

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
            if (
                forward_id
                and parent.subtype_id.id == forward_id
                and self._party_answers_current_forward(parent, message.author_id)
                and self._party_awaits_answer()
            ):
                self._party_notify_email_answer()
        return res

    def _party_notify_email_answer(self):
        """The party answered the forward by email (filed as a note under it):
        the owner is told, as of an answer on the portal; the answer is
        theirs to record (:meth:`action_party_record_answer`)."""
        self.ensure_one()
        handler = self._party_answer_owner()
        if not handler:
            return
        staff = self._in_company_lang()
        self.sudo().message_post(  # sudo: the note to the owner, whoever emailed
            body=staff.env._(
                "The complained-about party answered the forward by email (the "
                "note above): record its answer from the Complained-About Party "
                "tab."
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

    def _party_answer_owner(self):
        """Who is told of the party's answer: who owns the complaint now
        (its handler, else its team leader; never a colleague who left)."""
        return self.sudo()._sla_activity_user()  # sudo: the owner, whoever asks

    def _party_email_answers(self):
        """The emails answering the forward, the latest first."""
        self.ensure_one()
        forward_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "complaint_management.mt_complaint_party_forward",
            raise_if_not_found=False,
        )
        # sudo: the party's emails are notes the caller reads on the complaint
        return self.sudo().message_ids.filtered(
            lambda m: m.message_type == "email"
            and m.parent_id.subtype_id.id == forward_id
            and self._party_answers_current_forward(m.parent_id, m.author_id)
        )

    def _party_answers_current_forward(self, forward, author=None):
        """Whether an email answering ``forward`` (a forward's message) is
        the answer of the party now named: to its latest forward, or from
        one of its contacts (an earlier forward to it, sent again when
        overdue); a reply to an earlier party's forward is not."""
        self.ensure_one()
        if not self.party_forwarded_date:
            return False
        # sudo: the party's company and the author's, compared
        party = self.sudo().party_id.commercial_partner_id
        return bool(
            forward.date >= self.party_forwarded_date
            or (author and party and author.sudo().commercial_partner_id == party)
        )

    def action_party_record_answer(self):
        """Staff record the answer the party gave by email (or on the phone):
        the form opens with the text of its latest email answer."""
        self.ensure_one()
        self.check_access("write")
        if not self._party_awaits_answer():
            raise UserError(
                self.env._(
                    "%(name)s does not wait for the complained-about party's answer.",
                    name=self.name,
                )
            )
        email = self._party_email_answers()[:1]
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Party's Answer"),
            "res_model": "complaint.party.answer.wizard",
            "view_mode": "form",
            "target": "new",
            "context": {
                "default_complaint_id": self.id,
                "default_answer": html2plaintext(email.body).strip() if email else "",
            },
        }

    def _party_record_answer_by_staff(self, answer):
        """The answer recorded by a colleague who may change the complaint,
        in the party's name, with who recorded it."""
        self.ensure_one()
        self.check_access("write")
        party = self.sudo().party_id  # sudo: the party's contact, whoever records
        return self._party_record_answer(answer, party, recorded_by=self.env.user)

    def _party_record_answer(self, answer, author, recorded_by=None):
        """Record the party's ``answer`` given by ``author`` (res.partner), tell
        the owner. The caller checked that ``author`` belongs to the party
        (complaint_portal) or that ``recorded_by`` may change the complaint
        (:meth:`_party_record_answer_by_staff`); this method checks the
        complaint waits for it."""
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
        handler = self._party_answer_owner()
        if recorded_by:
            intro = staff.env._(
                "The complained-about party answered (recorded by %(user)s):",
                user=recorded_by.name,
            )
        else:
            intro = staff.env._("The complained-about party answered:")
        body = Markup("<p>%s</p><p>%s</p>") % (intro, answer)
        # an internal note that the complainant's portal does not show; not a
        # "comment": those of external users are public comments to the
        # complainant (complaint.complaint.message_post)
        # as the system: the party is no follower of the case, and the note is
        # the system's record of the answer, not a message the party writes
        # (the portal's limits of a message are the answer's own, checked above)
        self.with_user(SUPERUSER_ID).message_post(
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
            # a complaint that ended is not overdue for anyone
            ("state", "not in", ("cancelled", "closed")),
            ("party_response_deadline", "<", fields.Date.today() + timedelta(days=1)),
        ]

    def _party_is_overdue(self, now):
        """The deadline is a date of the company's calendar: the party has
        until midnight there (the sweep runs in UTC)."""
        self.ensure_one()
        return self.party_response_deadline < local_date(
            now, self.company_id._complaint_tz()
        )

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
