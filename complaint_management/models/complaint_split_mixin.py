from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import format_list

from ..tools.mail_body import without_remote_resources
from .complaint_merge_mixin import OFFICER

# what a split may move: what people wrote (emails, comments, notes), not the
# tracking and system notifications, which describe the original complaint
SPLIT_MESSAGE_TYPES = ("email", "comment")


class ComplaintSplitMixin(models.AbstractModel):
    """Splitting a complaint about two unrelated problems: a new complaint of
    the same complainant takes the messages (with their files) and products
    of the second problem.

    The new complaint is created through the complaint's ``create``, so it
    gets its own tracking number, assignment and time limits from the engine
    (running from the split). The original keeps everything else, its number
    and its limits. Both link each other and get a note.
    """

    _name = "complaint.split.mixin"
    _description = "Complaint Split"

    split_from_id = fields.Many2one(
        "complaint.complaint",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="set null",
        help="The complaint this one was split from.",
    )
    split_ids = fields.One2many(
        "complaint.complaint",
        "split_from_id",
        string="Split Complaints",
        readonly=True,
    )
    split_count = fields.Integer(compute="_compute_split_count")
    can_split = fields.Boolean(
        compute="_compute_can_split",
        help="Shows Split on the form; the split itself checks the same and more "
        "(_split_check).",
    )

    @api.depends("split_ids")
    def _compute_split_count(self):
        for complaint in self:
            complaint.split_count = len(complaint.split_ids)

    @api.depends("state")
    @api.depends_context("uid")
    def _compute_can_split(self):
        officer = self.env.user.has_group(OFFICER)
        for complaint in self:
            complaint.can_split = bool(officer and complaint.is_open)

    def _split_messages(self):
        """Messages of ``self`` a split may move."""
        self.ensure_one()
        Message = self.env["mail.message"].sudo()  # sudo: the whole chatter
        return Message.search(
            [
                ("model", "=", self._name),
                ("res_id", "=", self.id),
                ("message_type", "in", SPLIT_MESSAGE_TYPES),
            ]
        )

    def _split_check(self, subject, messages, products):
        self.ensure_one()
        self._check_officer_write(
            self.env._(
                "Only complaint officers and managers who may change complaint "
                "%(name)s can split it.",
                name=self.sudo().name,  # sudo: the refusal names it
            )
        )
        if not self.is_open:
            raise UserError(
                self.env._(
                    "Complaint %(name)s is %(state)s: only open complaints can be "
                    "split.",
                    name=self.name,
                    state=self._state_label(),
                )
            )
        if not messages and not products:
            raise UserError(
                self.env._(
                    "Select the messages or products of the other problem to split "
                    "them off complaint %(name)s.",
                    name=self.name,
                )
            )
        if not (subject or "").strip():
            raise UserError(self.env._("Give the new complaint a subject."))
        if messages - self._split_messages():
            raise UserError(
                self.env._(
                    "Only emails and comments of complaint %(name)s can be split off "
                    "it.",
                    name=self.name,
                )
            )
        if products - self.product_ids:
            raise UserError(
                self.env._(
                    "Only products of complaint %(name)s can be split off it.",
                    name=self.name,
                )
            )

    def _split(self, subject, messages, products, category=None):
        """Split ``messages`` and ``products`` off ``self`` into a new
        complaint about ``subject``; return the new complaint."""
        self.ensure_one()
        messages = messages.sudo()  # sudo: checked against the complaint's below
        self._split_check(subject, messages, products)
        new = self.create(self._split_values(subject, messages, products, category))
        new._privacy_inherit_consents(self)
        # the link, and the sender's status: an unconfirmed sender's messages
        # stay out of the portal in the new complaint too; a legal hold follows
        # the messages and files it covers (lifting it is a privacy officer's)
        new._workflow_write(
            {
                "split_from_id": self.id,
                # the customer company of the original, not the one its
                # complainant may have moved to since
                "commercial_partner_id": self.commercial_partner_id.id,
                "sender_unverified": self.sender_unverified,
                "keep_permanently": self.sudo().keep_permanently,
            }
        )
        # detected again with its origin and company known: detection at its
        # creation took the original for an earlier complaint, and the
        # complainant's company of now for its customer
        new._workflow_write({"repeat_of_ids": [Command.clear()], "is_repeat": False})
        new._detect_repeats()
        # the files of the moved messages (read as superuser), whoever attached them
        attachments = messages.attachment_ids.filtered(
            lambda att: att.res_model == self._name and att.res_id == self.id
        )
        messages.write({"res_id": new.id, "record_name": new.display_name})
        new._merge_move_attachments(attachments)
        if products:
            self.write({"product_ids": [Command.unlink(p.id) for p in products]})
        new._merge_move_followers(self)
        self._split_post_notes(new, len(messages), products)
        return new

    def _split_values(self, subject, messages, products, category):
        """Values of the new complaint: the original's complainant and
        handling, the subject and category given, the products moved."""
        original = self.sudo()  # sudo: the contact fields are group-restricted
        vals = {
            "subject": subject.strip(),
            "partner_id": original.partner_id.id,
            "company_id": original.company_id.id,
            "channel_id": original.channel_id.id,
            "category_id": (category or original.category_id).id,
            "level_id": original.level_id.id,
            "team_id": original.team_id.id,
            # a handler who can no longer own complaints passes none on: the
            # new complaint is assigned as any other
            "user_id": original.user_id.filtered(
                lambda user: user._complaint_can_own(original.company_id)
            ).id,
            "sale_order_id": original.sale_order_id.id,
            "invoice_id": original.invoice_id.id,
            "product_ids": [Command.set(products.ids)],
            # what the customer may read: the description shows in the portal
            # and goes to the complained-about party; the notes move as notes
            # (an email's remote images and backgrounds left out, as the
            # intake leaves them out of a new complaint's)
            "description": Markup().join(
                without_remote_resources(message.body)
                for message in messages.sorted(lambda m: (m.date, m.id))
                if message.body
                and not message.is_internal
                and not message.subtype_id.internal
            )
            or False,
            # who complains, as on the original
            "is_anonymous": original.is_anonymous,
            "representative_name": original.representative_name,
            "contact_name": original.contact_name,
            # the high-risk gate, lifted by a manager only: the part split off
            # does not skip it (create tells the managers)
            "is_high_risk": original.is_high_risk,
            "high_risk_reason": original.high_risk_reason,
        }
        if not original.partner_id:
            vals.update(
                {
                    "complainant_name": original.complainant_name,
                    "complainant_email": original.complainant_email,
                    "complainant_phone": original.complainant_phone,
                }
            )
        return vals

    def _split_post_notes(self, new, message_count, products):
        self._merge_note(
            self.env._(
                "Split: complaint %(name)s (%(subject)s) now handles the other "
                "problem, with %(count)s messages and these products: %(products)s.",
                name=new.name,
                subject=new.subject,
                count=message_count,
                products=format_list(self.env, products.mapped("display_name")) or "-",
            )
        )
        new._merge_note(
            self.env._(
                "Split from complaint %(name)s, with its own tracking number and "
                "time limits.",
                name=self.name,
            )
        )

    def action_open_split_wizard(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "complaint_management.complaint_split_wizard_action"
        )
        action["context"] = {"default_complaint_id": self.id}
        return action

    def action_view_split(self):
        self.ensure_one()
        return self._merge_list_action(
            self.env._("Split Complaints"), [("split_from_id", "=", self.id)]
        )
