from datetime import datetime, timedelta
from unittest.mock import patch

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.base.models.ir_model import MODULE_UNINSTALL_FLAG

from .common import PNG
from .test_portal_submit import PortalSubmitCase

JOB_LOGGER = "odoo.addons.complaint_management.models.complaint_job_failure"


@tagged("post_install", "-at_install")
class TestPortalSubmitAbuse(PortalSubmitCase):
    """Robots, forged forms and floods are refused with nothing filed; the
    tracking page tells nobody whether a number and an address belong
    together."""

    def test_honeypot(self):
        before = self._count()
        response = self.url_open(
            "/complaint/new", data=self._visitor(website="http://spam.example")
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("could not be accepted", response.text)
        self.assertEqual(self._count(), before)

    def test_nul_characters_are_dropped_not_a_server_error(self):
        """No form types a NUL character and PostgreSQL refuses one in any
        text: sent anyway, it is dropped, whatever the page."""
        before = self._count()
        response = self.url_open(
            "/complaint/new",
            data=self._visitor(subject="Kettle\x00 leaks", submission_key="k\x00"),
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self._count(), before + 1)
        self.assertTrue(self.Complaint.search([("subject", "=", "Kettle leaks")]))
        # an unknown number: the page again (a refusal), not a server error
        for route, data, status in (
            ("/complaint/status", {"number": "A\x00B", "passcode": "x"}, 400),
            ("/complaint/track", {"number": "A\x00B", "email": "a@example.com"}, 200),
        ):
            with self.subTest(route=route):
                data["csrf_token"] = self._csrf()
                response = self.url_open(route, data=data)
                self.assertEqual(response.status_code, status)
                self.assertIn('name="number"', response.text)
        self.authenticate("por_alice", "por_alice")
        self.assertEqual(self.url_open("/my/complaints?search=%00").status_code, 200)
        # a file sent under the token's name is no token: the page, not an error
        page = self.url_open(
            f"/my/complaints/{self.complaint_alice.id}",
            data={"csrf_token": self._csrf()},
            files={"access_token": ("token", b"x", "text/plain")},
        )
        self.assertEqual(page.status_code, 200)
        self.assertIn(self.complaint_alice.subject, page.text)
        # a digit no keyboard types for an order, a NUL in a file's name
        self.assertEqual(
            self.url_open("/complaint/new?order_id=%C2%B2").status_code, 200
        )
        before = self._count()
        response = self.url_open(
            "/complaint/new",
            data=self._visitor(subject="Lid cracked", submission_key="nul-file"),
            files={"attachments": ("photo\x00.png", PNG, "image/png")},
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self._count(), before + 1)

    def test_csrf_token_required(self):
        before = self._count()
        data = self._visitor()
        data.pop("csrf_token")
        response = self.url_open("/complaint/new", data=data)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._count(), before)
        response = self.url_open("/complaint/new", data=self._visitor(csrf_token="x"))
        self.assertEqual(response.status_code, 400)
        self.assertEqual(self._count(), before)

    def test_rate_limit_per_address_and_email(self):
        # earlier submissions from this address (a manual try on the same
        # database) would count against the limit
        self.env["complaint.portal.rate.log"].search([]).unlink()
        self.company.complaint_portal_limit_ip = 3
        before = self._count()
        for index in range(3):
            response = self.url_open(
                "/complaint/new", data=self._visitor(email=f"v{index}@example.com")
            )
            self.assertEqual(response.status_code, 200)
        response = self.url_open(
            "/complaint/new", data=self._visitor(email="v9@example.com")
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("too many complaints in a short time", response.text)
        self.assertEqual(self._count(), before + 3)

    def test_limits_of_zero_are_refused(self):
        """0 would refuse every form and file, or as a window lift every
        limit (passcode guessing included): the settings refuse it."""
        for name in (
            "complaint_portal_limit_minutes",
            "complaint_portal_limit_ip",
            "complaint_portal_file_count",
            "complaint_portal_file_size",
            "complaint_api_limit_user",
        ):
            with self.assertRaises(ValidationError, msg=name):
                with self.env.cr.savepoint():
                    self.company.write({name: 0})
        # control: 0 messages means no limit; other values are kept
        self.company.write(
            {"complaint_portal_limit_messages": 0, "complaint_portal_limit_minutes": 5}
        )
        self.assertEqual(self.company.complaint_portal_limit_minutes, 5)

    def test_refused_forms_count_too(self):
        """Forms refused by the checks (their files are read and checked all
        the same) count against a limit five times the address's: a robot
        sending bad forms is stopped, a person correcting mistakes is not."""
        self.env["complaint.portal.rate.log"].search([]).unlink()
        self.company.complaint_portal_limit_ip = 2
        before = self._count()
        for _index in range(9):
            response = self.url_open("/complaint/new", data=self._visitor(subject=""))
            self.assertNotIn("too many complaints", response.text)
        # control: the tenth form, a good one, is still filed
        response = self.url_open("/complaint/new", data=self._visitor())
        self.assertEqual(response.status_code, 200)
        self.assertEqual(self._count(), before + 1)
        response = self.url_open("/complaint/new", data=self._visitor(subject=""))
        self.assertIn("too many complaints in a short time", response.text)
        response = self.url_open("/complaint/new", data=self._visitor())
        self.assertIn("too many complaints in a short time", response.text)
        self.assertEqual(self._count(), before + 1)

    def test_rate_limit_per_email(self):
        self.company.complaint_portal_limit_email = 2
        before = self._count()
        for _index in range(2):
            self.assertEqual(
                self.url_open("/complaint/new", data=self._visitor()).status_code, 200
            )
        response = self.url_open(
            "/complaint/new", data=self._visitor(email="LI.WEI@example.com ")
        )
        self.assertIn("too many complaints", response.text)
        self.assertEqual(self._count(), before + 2)

    def test_track_sends_the_link_without_revealing(self):
        complaint = self.complaint_alice
        # a colleague follows the complaint: the link is for the complainant only
        complaint.message_subscribe(self.carl.partner_id.ids)
        messages = complaint.message_ids
        Request = self.env["complaint.portal.link.request"]

        def track(number, email):
            before = self.cr.sql_log_count
            response = self.url_open(
                "/complaint/track",
                data={"csrf_token": self._csrf(), "number": number, "email": email},
            )
            self.assertEqual(response.status_code, 200)
            return response.text, self.cr.sql_log_count - before

        track("CMP/1999/00000", "warm-up@example.com")  # first request warms caches
        wrong_email, wrong_queries = track(complaint.name, "someone@example.com")
        unknown, _queries = track("CMP/1999/99999", "someone@example.com")
        wildcard, _queries = track("%", "por_alice@example.com")
        matching, matching_queries = track(
            complaint.name.lower(), "POR_ALICE@example.com"
        )
        # the request does the same work whether or not the pair matches
        self.assertEqual(wrong_queries, matching_queries)
        self.assertEqual(complaint.message_ids, messages, "nothing sent in the request")
        self.assertEqual(len(Request.search([])), 5)
        self.assertEqual(Request.search([]).complaint_id, complaint)

        mails = self.env["mail.mail"].search([])
        Request._cron_send_links()
        self.assertFalse(Request.search([]))
        sent = self.env["mail.mail"].search([]) - mails
        self.assertEqual(len(sent), 1, "one mail, for the one matching request")
        self.assertIn(complaint.access_token, sent.body_html)
        self.assertEqual(
            sent.recipient_ids, self.alice.partner_id, "the complainant only"
        )
        note = (complaint.message_ids - messages - sent.mail_message_id).filtered(
            lambda m: m.subtype_id
        )
        self.assertEqual(len(note), 1)
        self.assertTrue(note.subtype_id.internal, "logged as an internal note")
        self.assertFalse(note.notified_partner_ids)
        # the page says the same thing whatever the outcome
        notice = "If this tracking number and email address belong together"
        for page in (wrong_email, unknown, wildcard, matching):
            self.assertIn(notice, page)
            self.assertNotIn(complaint.subject, page)

    def test_link_that_could_not_be_sent_is_sent_at_the_next_run(self):
        Request = self.env["complaint.portal.link.request"]
        Request.search([]).unlink()
        Request.create(
            [
                {"complaint_id": self.complaint_alice.id},
                {"complaint_id": self.complaint_bob.id},
                {"complaint_id": False},  # a number and an email that do not match
            ]
        )
        Complaint = self.registry["complaint.complaint"]
        send_link = Complaint._portal_send_link
        alice = self.complaint_alice

        def failing(complaint, template):
            if complaint == alice:
                raise ValueError("The mail server refused the address")
            return send_link(complaint, template)

        cron = self.registry["ir.cron"]
        progress = []

        def notify(cron_self, *, done, remaining, deactivate=False):
            progress.append(remaining)

        with (
            patch.object(Complaint, "_portal_send_link", failing),
            patch.object(cron, "_notify_progress", notify),
            mute_logger(JOB_LOGGER),
        ):
            self.assertEqual(Request._cron_send_links(), {"done": 1, "skipped": 1})
        self.assertEqual(Request.search([]).complaint_id, alice, "kept to retry")
        self.assertEqual(progress, [0], "not retried at once, in a loop")
        # the next run sends it and forgets the request
        mails = self.env["mail.mail"].search([])
        self.assertEqual(Request._cron_send_links(), {"done": 1, "skipped": 0})
        self.assertFalse(Request.search([]))
        sent = self.env["mail.mail"].search([]) - mails
        self.assertIn(alice.access_token, sent.body_html)
        self.assertFalse(
            self.env["complaint.job.failure"].search([("job", "=", "portal_link")])
        )

    def test_links_failing_again_do_not_hold_back_the_others(self):
        """Two links that keep failing fill a batch of two: the link asked
        for after them is sent at the next run all the same."""
        Request = self.env["complaint.portal.link.request"]
        Request.search([]).unlink()
        Request.create(
            [
                {"complaint_id": self.complaint_alice.id},
                {"complaint_id": self.complaint_bob.id},
                {"complaint_id": self.complaint_carl.id},
            ]
        )
        Complaint = self.registry["complaint.complaint"]
        send_link = Complaint._portal_send_link
        stuck = self.complaint_alice | self.complaint_bob

        def failing(complaint, template):
            if complaint in stuck:
                raise ValueError("The mail server refused the address")
            return send_link(complaint, template)

        with (
            patch.object(Complaint, "_portal_send_link", failing),
            mute_logger(JOB_LOGGER),
        ):
            self.assertEqual(
                Request._cron_send_links(limit=2), {"done": 0, "skipped": 2}
            )
            mails = self.env["mail.mail"].search([])
            # retried (and failing again) with the new work of the batch
            self.assertEqual(
                Request._cron_send_links(limit=2), {"done": 1, "skipped": 2}
            )
        sent = self.env["mail.mail"].search([]) - mails
        self.assertIn(self.complaint_carl.access_token, sent.body_html)
        self.assertEqual(Request.search([]).complaint_id, stuck, "kept to retry")

    def test_a_failed_link_no_longer_asked_for_leaves_the_register(self):
        """The link of a complaint failed; its requests went since (its
        complaint deleted): the failure leaves the register instead of
        taking a retry place at every run. Control: one still asked for
        stays."""
        Request = self.env["complaint.portal.link.request"]
        Request.search([]).unlink()
        Request.create(
            [
                {"complaint_id": self.complaint_alice.id},
                {"complaint_id": self.complaint_bob.id},
            ]
        )
        Complaint = self.registry["complaint.complaint"]

        def failing(complaint, template):
            raise ValueError("The mail server refused the address")

        with (
            patch.object(Complaint, "_portal_send_link", failing),
            mute_logger(JOB_LOGGER),
        ):
            self.assertEqual(Request._cron_send_links(), {"done": 0, "skipped": 2})
            Request.search([("complaint_id", "=", self.complaint_alice.id)]).unlink()
            self.assertEqual(Request._cron_send_links(), {"done": 0, "skipped": 1})
        failures = self.env["complaint.job.failure"].search(
            [("job", "=", "portal_link")]
        )
        self.assertEqual(failures.mapped("res_id"), self.complaint_bob.ids)

    def test_a_deleted_link_template_is_reported_not_a_failing_job(self):
        Request = self.env["complaint.portal.link.request"]
        Request.search([]).unlink()
        Request.create(
            [
                {"complaint_id": self.complaint_alice.id},
                {"complaint_id": self.complaint_bob.id},
            ]
        )
        # refused to users; gone all the same past the guard (as an
        # uninstall or a hand-made database change would have it)
        self.env.ref(
            "complaint_portal.mail_template_complaint_portal_access"
        ).with_context(**{MODULE_UNINSTALL_FLAG: True}).unlink()
        reports = self.env["mail.message"].search_count(
            [("model", "=", "complaint.job.failure")]
        )
        with mute_logger(JOB_LOGGER):
            self.assertEqual(Request._cron_send_links(), {"done": 0, "skipped": 1})
            # run again: told once, not once per complaint nor per run
            Request._cron_send_links()
        failure = self.env["complaint.job.failure"].search(
            [("job", "=", "portal_link")]
        )
        self.assertEqual(len(failure), 1)
        self.assertIn("template of the secure link is missing", failure.error)
        self.assertEqual(
            self.env["mail.message"].search_count(
                [("model", "=", "complaint.job.failure")]
            ),
            reports + 1,
        )
        self.assertEqual(
            Request.search([]).complaint_id, self.complaint_alice | self.complaint_bob
        )

    def test_a_known_number_floods_nobody(self):
        """Requests for one complaint's link from many addresses send one
        email a rate-limit period."""
        Request = self.env["complaint.portal.link.request"]
        Request.search([]).unlink()
        alice = self.complaint_alice
        mails = self.env["mail.mail"].search([])
        with freeze_time("2026-03-02 10:00:00"):
            Request.create([{"complaint_id": alice.id}] * 3)
            Request._cron_send_links()
            Request.create({"complaint_id": alice.id})
            Request._cron_send_links()
        self.assertFalse(Request.search([]), "the requests are answered")
        self.assertEqual(len(self.env["mail.mail"].search([]) - mails), 1)
        # control: the period over, the link is sent again
        minutes = self.company.complaint_portal_limit_minutes
        with freeze_time(datetime(2026, 3, 2, 10) + timedelta(minutes=minutes + 1)):
            Request.create({"complaint_id": alice.id})
            Request._cron_send_links()
        self.assertEqual(len(self.env["mail.mail"].search([]) - mails), 2)

    def test_messages_on_a_complaint_are_limited_per_writer(self):
        """Each portal message is emailed to the followers and staff: one
        writer posts a conversation's worth in the window, not a flood; the
        workflow's own messages (the answer to a proposal) are not counted."""
        self.company.complaint_portal_limit_messages = 3
        complaint = self.complaint_alice
        self.authenticate("por_alice", "por_alice")

        def post(text):
            return self._chatter_post(
                complaint, {"body": text, "message_type": "comment"}
            )

        for index in range(3):
            self.assertNotIn("error", post(f"Any news? ({index})"))
        refused = post("Any news? (3)")
        self.assertIn("many messages on this complaint", str(refused["error"]))
        self.assertFalse(self._posted(complaint, "Any news? (3)"))
        # control: another writer on the complaint still writes, and the
        # complainant still answers the proposal
        self.authenticate("por_carl", "por_carl")
        self.assertNotIn("error", post("Same problem here."))
        self._propose(complaint)
        self.authenticate("por_alice", "por_alice")
        response = self.url_open(
            f"/my/complaints/{complaint.id}/accept", data={"csrf_token": self._csrf()}
        )
        self.assertIn("we carry out the proposal now", response.text)

    def test_messages_over_json_rpc_count_against_the_limit(self):
        """The limit lived in the chatter's route: message_post over
        JSON-RPC (a comment of the reader's own) posted without end, each
        emailed to the followers and staff. One count per writer, whichever
        way they post."""
        self.company.complaint_portal_limit_messages = 3
        complaint = self.complaint_alice
        self.authenticate("por_alice", "por_alice")

        def rpc(text):
            return self._rpc(
                "complaint.complaint", "message_post", [complaint.ids], {"body": text}
            )

        self.assertNotIn("error", rpc("News? (0)"))
        self.assertNotIn("error", rpc("News? (1)"))
        self.assertNotIn(
            "error",
            self._chatter_post(
                complaint, {"body": "News? (2)", "message_type": "comment"}
            ),
        )
        refused = rpc("News? (3)")
        self.assertIn("many messages on this complaint", str(refused["error"]))
        self.assertFalse(self._posted(complaint, "News? (3)"))
        self.assertEqual(
            len(self._posted(complaint, "News? (")), 3, "counted once each"
        )
        # control: another writer still writes
        self.authenticate("por_carl", "por_carl")
        self.assertNotIn("error", rpc("Same here"))

    def test_the_cleanup_keeps_the_longest_window(self):
        RateLog = self.env["complaint.portal.rate.log"]
        RateLog.search([]).unlink()
        # a week's window: five days old tries still count
        self.env.company.complaint_portal_limit_minutes = 7 * 24 * 60
        now = datetime(2026, 3, 10, 12, 0)
        for age in (5, 9):
            self.env.cr.execute(
                "INSERT INTO complaint_portal_rate_log (key, date) VALUES (%s, %s)",
                [f"passcode:{age}", now - timedelta(days=age)],
            )
        with freeze_time(now):
            RateLog._gc_old_hits()
        self.assertEqual(RateLog.search([]).mapped("key"), ["passcode:5"])
        # control: with an hour's window, two days are kept
        self.env.company.complaint_portal_limit_minutes = 60
        self.env["res.company"].search([]).complaint_portal_limit_minutes = 60
        with freeze_time(now):
            RateLog._gc_old_hits()
        self.assertFalse(RateLog.search([]))
