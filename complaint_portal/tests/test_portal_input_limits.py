from datetime import date

from freezegun import freeze_time

from odoo.tests import tagged

from ..models.complaint_complaint_submission import MAX_LENGTHS
from .test_portal_submit import PortalSubmitCase


@tagged("post_install", "-at_install")
class TestPortalInputLimits(PortalSubmitCase):
    """What a portal user sends is bounded as the form and the API bound it,
    and an out-of-range number is an answer, not a server error."""

    def test_a_number_too_long_is_not_a_server_error(self):
        self.authenticate("por_alice", "por_alice")
        for number in ("1" * 4301, "9" * 12):
            with self.subTest(digits=len(number)):
                page = self.url_open(f"/complaint/new?order_id={number}")
                self.assertEqual(page.status_code, 200)
                before = self._count()
                response = self.url_open(
                    "/complaint/new", data=self._form(sale_order_id=number)
                )
                self.assertEqual(response.status_code, 400)
                self.assertIn("Choose one of your own orders.", response.text)
                self.assertIn('value="Broken kettle"', response.text, "input kept")
                self.assertEqual(self._count(), before)
                listing = self.url_open(f"/my/complaints?page={number}")
                self.assertEqual(listing.status_code, 200)
        # control: her own order is taken
        response = self.url_open(
            "/complaint/new", data=self._form(sale_order_id=str(self.order_alice.id))
        )
        self.assertEqual(self._count(), before + 1)

    def test_a_page_that_is_no_number_is_the_first(self):
        """Core's pager takes "²" for a digit, then fails to read it: both
        lists show their first page for it, and for a huge number."""
        self.authenticate("por_alice", "por_alice")
        for url in ("/my/complaints", "/my/party-complaints"):
            for page in ("²", "1" * 4301, "-3", "x"):
                with self.subTest(url=url, page=page):
                    response = self.url_open(f"{url}?page={page}")
                    self.assertEqual(response.status_code, 200)
            # control: a real page number is read
            self.assertEqual(self.url_open(f"{url}?page=1").status_code, 200)

    def test_a_message_is_no_longer_than_a_description(self):
        """Each message is emailed to the followers and staff: the API and the
        form stop at the description's length, the chatter did not."""
        complaint = self.complaint_alice
        self.authenticate("por_alice", "por_alice")
        too_long = "A" * (MAX_LENGTHS["description"] + 1)
        refused = self._chatter_post(
            complaint, {"body": too_long, "message_type": "comment"}
        )
        self.assertIn("too long", str(refused.get("error")))
        self.assertFalse(self._posted(complaint, too_long[:50]))
        # without a type (the complaint makes it a public comment)
        refused = self._chatter_post(complaint, {"body": too_long})
        self.assertIn("too long", str(refused.get("error")))
        # over JSON-RPC, with the reader's own rights, with a type or without
        for extra in ({"message_type": "comment"}, {}):
            with self.assertRaisesRegex(Exception, "too long"):
                complaint.with_user(self.alice).message_post(body=too_long, **extra)
        # control: a message of the longest length is posted
        fits = "B" * MAX_LENGTHS["description"]
        posted = self._chatter_post(
            complaint, {"body": fits, "message_type": "comment"}
        )
        self.assertNotIn("error", posted)
        self.assertTrue(self._posted(complaint, fits[:50]))

    @freeze_time("2026-03-02 18:30:00")
    def test_today_where_the_visitor_is_is_not_the_future(self):
        """A Paris company, a visitor in Shanghai at 02:30 on 3 March: the day
        they saw the problem is their today, the company's tomorrow."""
        self.company.resource_calendar_id.tz = "Europe/Paris"
        Complaint = self.env["complaint.complaint"].with_user(
            self.env.ref("base.public_user")
        )
        errors = {}
        in_shanghai = Complaint.with_context(complaint_browser_tz="Asia/Shanghai")
        self.assertEqual(
            in_shanghai._portal_parse_date("2026-03-03", errors), date(2026, 3, 3)
        )
        self.assertFalse(errors)
        # control: the company's day without the browser's (or a made-up zone)
        for context in ({}, {"complaint_browser_tz": "Mars/Olympus"}):
            with self.subTest(context=context):
                errors = {}
                Complaint.with_context(**context)._portal_parse_date(
                    "2026-03-03", errors
                )
                self.assertIn("not in the future", errors["date_problem"])
        # nor is the next day taken in Shanghai
        errors = {}
        in_shanghai._portal_parse_date("2026-03-04", errors)
        self.assertIn("date_problem", errors)
