import re

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import email_normalize

from ..tools.mail_body import without_remote_resources
from .complaint_step_mail import STEP_ACTIONS, STEP_TEMPLATES
from .mail_message import SHARE_FORBIDDEN_POST_KWARGS

# the query parameters that let a link's holder act as its recipient: the
# record's token, the reader's partner and its signature, a sign-up invitation
SIGNED_LINK_PARAMS = re.compile(
    r"([?&](?:amp;)?(?:access_token|hash|pid|auth_signup_token|token)=)[^&\"'\s<>]+"
)


class ComplaintComplaint(models.Model):
    """Mail side: intake through a team alias, reopening by the complainant,
    the handler's privacy in what the complainant receives."""

    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    sender_unverified = fields.Boolean(
        string="Sender Not Verified",
        readonly=True,
        copy=False,
        help="Filed by email from the address of an existing contact: anyone can "
        "forge a sender address, so the complaint stays out of that contact's "
        "portal until staff confirm the sender.",
    )

    # ------------------------------------------------------------------
    # Intake through the alias of a team
    # ------------------------------------------------------------------
    @api.model
    def message_new(self, msg_dict, custom_values=None):
        """An email to a team alias registers a complaint from its sender.

        An email quoting the tracking number of a current complaint of its
        sender (the complainant or a follower) goes to that complaint instead;
        from anyone else it opens a new complaint linked to the quoted one.

        The sender becomes the complainant (a contact is created when none has
        the address), the channel is email, and the complaint is registered at
        once so that the acknowledgement with its tracking number goes back.

        Only the mail gateway (as superuser) takes emails in: called by a
        user, it would tell them which complaint of any company an address
        and a tracking number belong to.
        """
        if not self.env.su:
            raise AccessError(
                self.env._("Only the mail gateway registers complaints from emails.")
            )
        self._mail_drop_nul(msg_dict)
        values = self._mail_alias_values(custom_values or {})
        # the mail gateway runs without a language: the complaint, its notes
        # and a new sender's contact (so the acknowledgement) take the
        # company's of the alias
        company = (
            self.env["res.company"].browse(values.get("company_id")).exists()
            or self.env.company
        )
        self = self.with_context(lang=company._complaint_lang())
        target, quoted = self._mail_thread_target(msg_dict, company)
        # a forward of our emails carries the complainant's links: cut
        for complaint in target | quoted:
            complaint._mail_cut_quoted_tokens(msg_dict)
        if target:
            # The gateway posts the email on it. Its From cannot be verified:
            # quoting a number is not replying to our messages (core routes
            # replies by their headers). Staff get it as an internal note; it
            # is not shown or sent to the complainant and reopens nothing.
            msg_dict["is_internal"] = True
            # nor is it the complainant's: core notifies the author of an
            # internal note of every email replying to it (its Message-Id is
            # the sender's choice), which would send strangers' text to them
            msg_dict["author_id"] = False
            msg_dict["body"] = Markup("<p><em>%s</em></p>%s") % (
                self.env._(
                    "Email quoting this complaint's number, not a reply to our "
                    "messages: its sender (%(sender)s) is not verified.",
                    sender=msg_dict.get("email_from") or "-",
                ),
                Markup(msg_dict.get("body") or ""),
            )
            # core posts a note to nobody: its owner is told (message_post)
            return target.with_env(self.env).with_context(complaint_quoted_email=True)
        if quoted:
            # shown on the form; a repeat in the figures is detection's call
            # (the same customer and category within the window)
            values["repeat_of_ids"] = [Command.link(c.id) for c in quoted]
        email_from = msg_dict.get("email_from") or ""
        partner, known = self._intake_email_sender(email_from, company)
        if partner:
            # the email is the complainant's (core may have taken another
            # company's contact of the address, or looked before the contact
            # existed): as author, it is not sent back to them
            msg_dict["author_id"] = partner.id
        # an existing contact's address may be forged: not in their portal yet
        values["sender_unverified"] = bool(known)
        channel = self.env.ref(
            "complaint_management.complaint_channel_email", raise_if_not_found=False
        )
        values.setdefault(
            "subject", msg_dict.get("subject") or self.env._("Complaint by email")
        )
        values.setdefault("description", without_remote_resources(msg_dict.get("body")))
        values.setdefault("channel_id", channel.id if channel else False)
        if partner:
            values["partner_id"] = partner.id
        elif email_from.strip():
            values["complainant_email"] = email_from
            values["complainant_name"] = email_from
        else:
            # no sender at all: filed as anonymous, not lost
            values["is_anonymous"] = True
        run = self.env["complaint.job.failure"]._job_start(
            "mail_intake", self._name, retries=False
        )
        Complaint = self.with_context(mail_create_nolog=True)
        try:
            with self.env.cr.savepoint():
                complaint = Complaint.create(values)
        except Exception as error:  # noqa: BLE001 - the message must not be lost
            # a bare complaint keeps the message; staff complete it
            complaint = Complaint.create(self._mail_fallback_values(values))
            run.fail(complaint, error)
            complaint._mail_subscribe_cc(msg_dict)
            return complaint
        complaint._mail_subscribe_cc(msg_dict)
        run.process(complaint, self._job_register)
        return complaint

    def message_update(self, msg_dict, update_vals=None):
        self._mail_drop_nul(msg_dict)
        for complaint in self:
            complaint._mail_check_reply_sender(msg_dict)
            complaint._mail_cut_quoted_tokens(msg_dict)
        return super().message_update(msg_dict, update_vals=update_vals)

    def _mail_cut_quoted_tokens(self, msg_dict):
        """A reply quotes the email it answers, links included: the
        complainant's rating links (and secure link) would reach every
        follower and reader of the chatter, who could rate in their name.
        Their tokens are cut out of the reply."""
        self.ensure_one()
        body = msg_dict.get("body")
        if not body:
            return
        for token in self._mail_private_tokens():
            body = body.replace(token, "…")
        # the signed parameters of the buttons of our notifications (who the
        # reader is, their signature, an invitation to sign up)
        cut = SIGNED_LINK_PARAMS.sub(r"\1…", body)
        msg_dict["body"] = Markup(cut) if isinstance(body, Markup) else cut

    def _mail_private_tokens(self):
        """The tokens of links only the complainant is sent."""
        self.ensure_one()
        # sudo: the ratings' tokens, compared, never shown
        return {
            token for token in self.sudo().rating_ids.mapped("access_token") if token
        }

    @api.model
    def _job_register(self, complaints):
        complaints.action_register()

    def _with_trail(self):
        # a portal user's step is tracked in the company's language (the trail
        # stores status labels as text, in the writer's language; staff read it)
        records = self._in_company_lang() if self.env.user.share else self
        return super(ComplaintComplaint, records)._with_trail()

    def copy(self, default=None):
        # the copy would be a forged sender's confirmed complaint, in their portal
        unverified = self.filtered("sender_unverified")
        if unverified and not self.env.su:
            raise UserError(
                self.env._(
                    "Confirm the sender of %(name)s before duplicating it: its "
                    "sender address may be forged.",
                    name=unverified[0].name,
                )
            )
        return super().copy(default)

    def action_confirm_sender(self):
        """Staff confirmed that the email really came from the contact."""
        if not self.env.user._is_internal():
            raise UserError(self.env._("Only staff can confirm the sender."))
        self._workflow_write({"sender_unverified": False})
        return True

    # ------------------------------------------------------------------
    # Reopening by a new message of the complainant
    # ------------------------------------------------------------------
    def _message_post_after_hook(self, message, msg_values):
        res = super()._message_post_after_hook(message, msg_values)
        # what the message brings about is the system's (core's chatter route
        # posts in superuser mode with the caller's context)
        self = self._without_caller_defaults()
        self._on_message_posted(message, msg_values)
        if (
            len(self) == 1
            and self.state == "closed"
            # an out-of-office answer to our email asks for nothing
            and not self.env.context.get("complaint_auto_reply")
            and self._is_complainant_message(message)
        ):
            self._reopen_from_message()
        return res

    def _is_complainant_message(self, message):
        """A public message the complainant wrote (by email or on the portal).
        Never one a colleague posts under the complainant's name over
        JSON-RPC (core takes any author from staff): the mail gateway, the
        portal and the API post in superuser mode."""
        self.ensure_one()
        if not self.env.su and self.env.user._is_internal():
            return False
        message_sudo = (
            message.sudo()
        )  # sudo: subtype and author of a message just posted
        if message_sudo.message_type not in ("email", "comment"):
            return False
        if not message_sudo.subtype_id or message_sudo.subtype_id.internal:
            return False
        author = message_sudo.author_id
        if author:
            users = author.with_context(active_test=False).user_ids
            if not self.partner_id and users and all(u._is_public() for u in users):
                # a complaint without a contact (anonymous) is answered through
                # its link: the portal lets a visitor write there only with it
                return True
            if author.user_ids and not all(author.user_ids.mapped("share")):
                return False
            if self.commercial_partner_id:
                # the complainant, moved to another company since, or a
                # colleague of the company the complaint stays with
                return (
                    author == self.partner_id
                    or author.commercial_partner_id == self.commercial_partner_id
                )
            # a complaint with an address only: core took a contact of the
            # email's address as its author; the address tells
        email = email_normalize(message_sudo.email_from or "")
        complainant_email = self.sudo().complainant_email  # sudo: internal, compared
        return bool(email and email == email_normalize(complainant_email))

    def _reopen_from_message(self):
        self.ensure_one()
        period = self.company_id.complaint_reopen_days
        self = self._in_company_lang()  # notes for staff, whoever wrote in
        # sudo: the complainant (portal or mail gateway) cannot write the complaint;
        # tracked whatever context the complainant's request sent (core's
        # chatter route takes the caller's): staff see the reopening
        complaint = self.sudo().with_context(tracking_disable=False, mail_notrack=False)
        # notes of the system, logged: what a complainant posts is a public
        # comment (message_post below), and their message notified the followers
        author = self.env.ref("base.partner_root")
        # until the end of the last day the closing emails give
        until = self._reopen_until()
        if until and fields.Datetime.now() < until:
            complaint.action_reopen()
            complaint._message_log(
                body=self.env._(
                    "Reopened by a new message of the complainant within the "
                    "reopening period."
                ),
                author_id=author.id,
            )
        else:
            complaint._message_log(
                body=self.env._(
                    "The complainant wrote after the reopening period of %(days)s "
                    "days: the complaint stays closed; reopen it by hand if needed.",
                    days=period,
                ),
                author_id=author.id,
            )

    # ------------------------------------------------------------------
    # The handler's privacy: what leaves for the complainant
    # ------------------------------------------------------------------
    def message_post(self, **kwargs):
        """Messages of internal users go out under the team's or company's
        address, without the handler's signature: a complainant never gets the
        handler's own name, email or signature.

        What a complainant (portal user or visitor) writes is a public comment
        to the complaint's followers, whatever the route asks for: no internal
        note, no extra recipients (core's portal routes accept both)."""
        # under sudo, env.user is still who sent the request
        external = not self.env.user._is_internal()
        if self.env.context.get("from_alias"):
            # whoever emails in is not made a follower (core subscribes the
            # author): a follower is told of everything and reads the complaint
            self = self.with_context(mail_create_nosubscribe=True)
        unverified = kwargs.pop("complaint_unverified_sender", False)
        if len(self) == 1 and (
            self._system_context("complaint_quoted_email") or unverified
        ):
            # an email quoting the number (message_new) or replying from an
            # unknown sender (message_update), kept as a note: the
            # complaint's owner learns that it came
            self = self.with_context(complaint_quoted_email=False)
            owner = self._sla_activity_user()
            kwargs["partner_ids"] = [
                *(kwargs.get("partner_ids") or []),
                *owner.partner_id.ids,
            ]
        step = self.env.context.get("complaint_step")
        if step:
            self = self.with_context(complaint_step=False)
        # the chatter route applies the request's context: only staff's composer
        # does a step, with their own rights and the step's guards
        if step in STEP_ACTIONS and not external:
            self.sudo(False)._step_mail_post(step)
            self = self.with_context(complaint_mail_template=STEP_TEMPLATES[step])
        if external and not self.env.su:
            # over JSON-RPC: the email's headers are not the customer's to set
            chosen = {key for key in SHARE_FORBIDDEN_POST_KWARGS if kwargs.get(key)}
            if chosen:
                raise AccessError(
                    self.env._(
                        "On a complaint you can post public comments under your "
                        "own name only."
                    )
                )
        if external and self._mail_post_by_complainant(kwargs):
            kwargs["message_type"] = "comment"
            kwargs.pop("subtype_id", None)
            kwargs["subtype_xmlid"] = "mail.mt_comment"
            kwargs["partner_ids"] = []
        if len(self) == 1:
            author = (
                self.env["res.partner"].browse(kwargs["author_id"])
                if kwargs.get("author_id")
                else self.env.user.partner_id
                if not kwargs.get("email_from")
                else self.env["res.partner"]
            )
            if author and author.user_ids.filtered(lambda u: not u.share):
                email_from = self._complaint_email_from()
                if email_from:
                    kwargs["author_id"] = author.id
                    kwargs["email_from"] = email_from
                kwargs["email_add_signature"] = False
        return super().message_post(**kwargs)

    def _mail_post_by_complainant(self, kwargs):
        """Whether a message a portal user or visitor posts is theirs, to be
        made a public comment.

        Core's chatter routes post in superuser mode, with the request's
        context and only the parameters of ``_get_allowed_message_post_params``
        (type, subtype and recipients among them); JSON-RPC reaches
        ``message_post`` without superuser mode. A note this code posts in a
        complainant's request passes what no route passes (a party's answer
        names its author, a template gives its subtype by id); the others are
        logged (``_message_log``)."""
        route_params = self._get_allowed_message_post_params()
        if self.env.user._is_public():
            # portal's route names the partner of the visitor's link as author
            route_params |= {"author_id"}
        return (
            not self.env.su
            or kwargs.get("message_type") == "comment"
            or kwargs.keys() <= route_params
        )

    def _notify_get_reply_to(self, default=None):
        """Replies go to the team's alias (or the catchall), never to a person."""
        res = super()._notify_get_reply_to(default=default)
        for complaint in self:
            alias = complaint.team_id.sudo().alias_id  # sudo: aliases are admin records
            if alias.alias_name and alias.alias_domain_id:
                res[complaint.id] = self._notify_get_reply_to_formatted_email(
                    alias.alias_full_name,
                    complaint.display_name,
                    company=complaint.company_id,
                )
            elif not res.get(complaint.id):
                res[complaint.id] = complaint._complaint_email_from()
        return res
