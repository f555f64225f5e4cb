from odoo import models

from ..tools.context_defaults import without_defaults


class ComplaintEvents(models.AbstractModel):
    """What happens to a complaint, for the concerns that react to it.

    ``complaint.complaint`` owns its ``create``, ``write`` and message hooks
    and calls these methods at the right moment; each concern (time limits,
    ...) is an abstract model inheriting this one and extends the hooks it
    needs, calling ``super()``. The order of the concerns is the order of
    ``complaint.complaint``'s ``_inherit`` list, not of any import.
    """

    _name = "complaint.events"
    _description = "Complaint Events"

    def _system_context(self, key):
        """The value of context ``key`` when the code set it, in superuser
        mode; a request's context (JSON-RPC sends any key) gives nothing. The
        keys that skip a check or a step are read through it."""
        return self.env.su and self.env.context.get(key)

    def _without_caller_defaults(self):
        """``self`` without the context's defaults (``default_<field>``): what
        a write or a message brings about (time limits, consents, reminders,
        notes) is the system's, and a caller's context (JSON-RPC and core's
        chatter route send any key) sets none of its fields."""
        return without_defaults(self)

    def _in_company_lang(self):
        """``self`` in its company's language: notes and reasons for staff are
        shared records, written in the company's language whoever triggered
        them (a visitor, the complained-about party, the mail gateway)."""
        company = self.company_id[:1] or self.env.company
        return self.with_context(lang=company._complaint_lang())

    def _on_created(self):
        """``self`` was just created."""

    def _on_writing(self, vals):
        """``vals`` are about to be written on ``self``: a concern refuses
        what the caller may not change (or prepares its own records)."""

    def _on_written(self, vals):
        """``vals`` were just written on ``self``."""

    def _on_owner_changed(self):
        """Who owns ``self`` may have changed without a write of it (its
        team's leader changed or left, its handler left): the tasks a concern
        keeps for the owner (its handler, else its team's leader) go to who
        owns it now."""

    def _on_message_posted(self, message, msg_values):
        """``message`` was posted on ``self`` (``_message_post_after_hook``)."""

    def _on_customer_mail(self, template_xmlid):
        """The complainants of ``self``, known only by an email address, were
        sent ``template_xmlid`` by email (the chatter keeps an internal copy)."""
