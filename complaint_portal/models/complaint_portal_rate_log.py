import hashlib
import ipaddress
from contextlib import closing
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.http import request
from odoo.sql_db import Cursor, db_connect


class ComplaintPortalRateLog(models.Model):
    """One row per accepted public submission and key (address, email), and
    per portal message on a complaint.

    Counting happens in SQL under a per-key advisory lock so that concurrent
    workers and threads see each other's hits.
    """

    _name = "complaint.portal.rate.log"
    _description = "Complaint Portal Rate-Limit Log"
    _log_access = False

    key = fields.Char(required=True, index=True)
    date = fields.Datetime(required=True, index=True, default=fields.Datetime.now)

    @api.model
    def _key(self, kind, value):
        """Keys hold a digest, not the address or email itself (privacy)."""
        digest = hashlib.sha256((value or "").strip().lower().encode()).hexdigest()
        return f"{kind}:{digest[:32]}"

    @api.model
    def _address_key(self, kind, remote_ip):
        """The key of a client address: an IPv6 address counts with its /64
        network, which one subscriber (one home, one server) gets whole, so
        that changing addresses within it changes no count."""
        raw = (remote_ip or "").strip()
        # an address as some proxies forward it, with its port: "ip:port",
        # "[ipv6]:port" (each port would count apart)
        for candidate in (raw, raw.rsplit(":", 1)[0].strip("[]")):
            try:
                address = ipaddress.ip_address(candidate)
                break
            except ValueError:
                continue
        else:
            return self._key(kind, raw)
        if address.version == 6 and address.ipv4_mapped:
            address = address.ipv4_mapped
        if address.version == 6:
            return self._key(kind, str(ipaddress.ip_network(f"{address}/64", False)))
        return self._key(kind, str(address))

    @api.model
    def _hit(self, limits, window_minutes):
        """Count one hit for each key; refuse all when one key is at its limit.

        :param limits: dict ``{key: max hits in the window}``
        :return: True when accepted (and counted), False when refused
        """
        return self._in_own_transaction(self._hit_with_cursor, limits, window_minutes)

    @api.model
    def _refund(self, keys):
        """Take back one hit of each key: an attempt that succeeded (the right
        passcode) does not count against the complainant's own limit."""
        return self._in_own_transaction(self._refund_with_cursor, keys)

    def _in_own_transaction(self, method, *args):
        cr = self.env.cr
        if not isinstance(cr, Cursor):
            # A TestCursor: HttpCase runs every request in one shared, serialized
            # transaction, which must not be committed.
            return method(cr, *args)
        # A transaction of its own, READ COMMITTED: the request's REPEATABLE READ
        # snapshot, taken before the lock, would not see hits committed meanwhile.
        with closing(db_connect(cr.dbname).cursor()) as own_cr:
            own_cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
            result = method(own_cr, *args)
            own_cr.commit()
        return result

    @api.model
    def _refund_with_cursor(self, cr, keys):
        for key in sorted(keys):  # sorted: the same lock order as _hit
            cr.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])
            cr.execute(
                "DELETE FROM complaint_portal_rate_log WHERE id = ("
                " SELECT id FROM complaint_portal_rate_log WHERE key = %s"
                " ORDER BY date DESC, id DESC LIMIT 1)",
                [key],
            )

    @api.model
    def _hit_with_cursor(self, cr, limits, window_minutes):
        keys = sorted(limits)
        for key in keys:  # sorted: concurrent callers lock in the same order
            cr.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [key])
        since = fields.Datetime.now() - timedelta(minutes=window_minutes or 0)
        cr.execute(
            "SELECT key, count(*) FROM complaint_portal_rate_log"
            " WHERE key IN %s AND date > %s GROUP BY key",
            [tuple(keys), since],
        )
        counts = dict(cr.fetchall())
        if any(counts.get(key, 0) >= limit for key, limit in limits.items()):
            return False
        now = fields.Datetime.now()
        for key in keys:
            cr.execute(
                "INSERT INTO complaint_portal_rate_log (key, date) VALUES (%s, %s)",
                [key, now],
            )
        return True

    @api.autovacuum
    def _gc_old_hits(self):
        """Forget the hits no window counts any more: two days, or the
        longest rate-limit window a company set (a week's window keeps a
        week of passcode tries)."""
        self.env["res.company"].flush_model(["complaint_portal_limit_minutes"])
        self.env.cr.execute(
            "SELECT max(complaint_portal_limit_minutes) FROM res_company"
        )
        longest = timedelta(minutes=self.env.cr.fetchone()[0] or 0)
        self.env.cr.execute(
            "DELETE FROM complaint_portal_rate_log WHERE date < %s",
            [fields.Datetime.now() - max(longest, timedelta(days=2))],
        )

    @api.model
    def _api_filing_allowed(self, remote_ip):
        """Count a complaint filed through the API, per channel user and per
        address; False when one of them is at the company's limit."""
        company = self.env.company.sudo()  # sudo: the rate limits, staff-only
        return self._hit(
            {
                self._key("api-user", str(self.env.uid)): (
                    company.complaint_api_limit_user
                ),
                self._address_key("api-ip", remote_ip): company.complaint_api_limit_ip,
            },
            company.complaint_portal_limit_minutes,
        )

    @api.model
    def _check_chatter(self, complaint):
        """Refuse a message from the portal's chatter over the limit of
        :meth:`_chatter_allowed`."""
        if not self._chatter_allowed(complaint):
            raise UserError(
                self.env._(
                    "You have written many messages on this complaint in a short "
                    "time: please wait a little before writing again."
                )
            )

    @api.model
    def _chatter_allowed(self, complaint):
        """Messages written on a complaint from outside (the portal's
        chatter: its complainant, a follower, a holder of its link; an API
        channel) are limited per complaint and writer within the rate-limit
        window (0: no limit): each one is emailed to the followers and staff,
        so a robot must not flood them. A signed-in writer counts as
        themselves, a visitor by address. Counts this one when allowed."""
        company = complaint.sudo().company_id  # sudo: the company's settings
        user = self.env.user
        if user._is_public():
            remote_ip = request.httprequest.remote_addr if request else ""
            writer = self._address_key("chatter", remote_ip)
        else:
            writer = f"user:{user.id}"
        key = self._key("chatter", f"{complaint.id}:{writer}")
        limit = company.complaint_portal_limit_messages
        return limit <= 0 or self._hit(
            {key: limit}, company.complaint_portal_limit_minutes
        )
