import logging

from odoo import api, models
from odoo.tools import email_normalize_all
from odoo.tools.mail import decode_message_header

_logger = logging.getLogger(__name__)

COMPLAINT_MODEL = "complaint.complaint"
# what an automatic reply (an out-of-office, a vacation notice) says of itself
AUTO_REPLY_PRECEDENCE = {"auto_reply", "bulk", "junk"}


class MailThread(models.AbstractModel):
    """One email, one complaint: an email sent to two teams' aliases (one in
    To, one in Cc) matches two routes, and core creates a record for each.
    The complaint is filed once, by the first alias it was sent to; routes
    to existing records and to other models are left as they are.

    An automatic reply (its headers say so) is kept on the complaint but is
    nobody's answer: it reopens nothing (``complaint_auto_reply`` in the
    context of its processing) and is kept as a note, sent to no follower
    (two autoresponders would answer each other through our notifications);
    to an alias, it files no complaint."""

    _inherit = "mail.thread"

    @api.model
    def _message_route_process(self, message, message_dict, routes):
        routes = list(routes or ())
        new = [
            route for route in routes if route[0] == COMPLAINT_MODEL and not route[1]
        ]
        # core lists the routes in its aliases' order (by name): the one kept
        # is the alias the email was sent to first (To, then Cc)
        first = min(new, key=self._route_rank(message), default=None)
        mine = [
            route
            for route in routes
            if route[0] == COMPLAINT_MODEL and (route not in new or route is first)
        ]
        others = [route for route in routes if route[0] != COMPLAINT_MODEL]
        mine_dict = message_dict
        if self._is_auto_reply(message):
            self = self.with_context(complaint_auto_reply=True)
            mine_dict = dict(message_dict, is_internal=True)
            # core sends a reply to a note to the note's author: to no one
            mine_dict.pop("parent_id", None)
            if first:
                # a program's email (an out-of-office without the headers of
                # a reply, a mailing list) files no complaint: it would be
                # acknowledged, and the acknowledgement answered again
                _logger.warning(
                    "Automatic email %s from %s to a complaint alias filed no "
                    "complaint (its headers say a program sent it)",
                    message_dict.get("message_id"),
                    message_dict.get("email_from"),
                )
                mine.remove(first)
        if not others:
            return super()._message_route_process(message, mine_dict, mine)
        if not mine:
            return super()._message_route_process(message, message_dict, others)
        # the complaint's intake rewrites the email's values (an unverified
        # sender's quote becomes an internal note without author): the other
        # applications' routes get the email as it came
        super()._message_route_process(message, dict(mine_dict), mine)
        return super()._message_route_process(message, message_dict, others)

    @api.model
    def _route_rank(self, message):
        """``key(route)``: the position of the route's alias among the
        email's recipients as its headers list them (To, then Cc: core's
        parsed ``to`` is a set, in no order), matched on its full address
        (companies with their own domains may share a local part), else on
        the local part as core matches an alias of any domain; routes of
        other addresses last. At one position the full address goes first
        (an alias of another domain matched on its local part would take a
        company's email)."""
        recipients = email_normalize_all(
            ",".join(
                decode_message_header(message, header, separator=",")
                for header in ("To", "Cc")
            )
        )
        positions = {}
        for index, email in enumerate(recipients):
            positions.setdefault(email, index)
            positions.setdefault(email.partition("@")[0], index)

        def rank(route):
            alias = route[4] if len(route) > 4 else None
            if not alias:
                return (len(recipients), 1)
            full = (alias.alias_full_name or "").lower()
            if full in positions:
                return (positions[full], 0)
            local = (alias.alias_name or "").lower()
            return (positions.get(local, len(recipients)), 1)

        return rank

    @api.model
    def _is_auto_reply(self, message):
        """Whether the email says it was sent by a program, not a person
        (RFC 3834 ``Auto-Submitted``, and the older headers of mail servers)."""
        submitted = (message.get("Auto-Submitted") or "").strip().lower()
        precedence = (message.get("Precedence") or "").strip().lower()
        return bool(
            (submitted and submitted != "no")
            or message.get("X-Autoreply")
            or message.get("X-Autorespond")
            or precedence in AUTO_REPLY_PRECEDENCE
        )
