import json
from datetime import datetime
from unittest.mock import patch

from odoo import fields
from odoo.tests import tagged
from odoo.tools import format_date

from odoo.addons.complaint_management.tools.formats import date_formatter
from odoo.addons.complaint_portal.controllers.portal import ComplaintPortal

from .common import ComplaintPortalCase


@tagged("post_install", "-at_install")
class TestPortalPages(ComplaintPortalCase):
    def test_my_home_counts_complaints_of_the_company(self):
        self.authenticate("por_alice", "por_alice")
        response = self.url_open(
            "/my/counters",
            data='{"params": {"counters": ["complaint_count"]}}',
            headers={"Content-Type": "application/json"},
        )
        # Alice's own and her colleague Carl's, not Bob's
        self.assertEqual(response.json()["result"]["complaint_count"], 2)
        home = self.url_open("/my")
        self.assertIn('data-placeholder_count="complaint_count"', home.text)

    def test_list_shows_the_company_complaints_only(self):
        self.authenticate("por_alice", "por_alice")
        page = self.url_open("/my/complaints").text
        self.assertIn(self.complaint_alice.name, page)
        self.assertIn(self.complaint_carl.name, page)
        self.assertNotIn(self.complaint_bob.name, page)
        self.assertNotIn("Lamp flickers", page)

    def test_list_search_filters_and_sort(self):
        self._propose(self.complaint_alice)
        self.complaint_carl.write({"state": "cancelled"})
        self.authenticate("por_alice", "por_alice")
        searched = self.url_open("/my/complaints?search=Kettle").text
        self.assertIn(self.complaint_alice.name, searched)
        self.assertNotIn(self.complaint_carl.name, searched)
        waiting = self.url_open("/my/complaints?filterby=waiting").text
        self.assertIn(self.complaint_alice.name, waiting)
        self.assertIn("Your answer is needed", waiting)
        self.assertNotIn(self.complaint_carl.name, waiting)
        closed = self.url_open("/my/complaints?filterby=closed").text
        self.assertIn(self.complaint_carl.name, closed)
        self.assertNotIn(self.complaint_alice.name, closed)
        opened = self.url_open("/my/complaints?filterby=open").text
        self.assertIn(self.complaint_alice.name, opened)
        self.assertNotIn(self.complaint_carl.name, opened)
        by_subject = self.url_open("/my/complaints?sortby=subject").text
        self.assertLess(
            by_subject.index("Kettle leaks"), by_subject.index("Late delivery")
        )
        # unknown sort and filter keys fall back, never reach the ORM
        self.assertEqual(
            self.url_open("/my/complaints?sortby=id;drop&filterby=x").status_code,
            200,
        )
        # a file sent under the search's name lists as an empty search
        sent_file = self.url_open(
            "/my/complaints",
            data={"csrf_token": self._csrf()},
            files={"search": ("Kettle", b"Kettle", "text/plain")},
        )
        self.assertEqual(sent_file.status_code, 200)
        self.assertIn(self.complaint_carl.name, sent_file.text)

    def test_chatter_speaks_the_readers_language(self):
        """The portal's pages load only their frontend modules' translations
        (core's portal without website_mail leaves mail out): mail's are among
        them, so the discussion of a complaint (its dates, its composer)
        reads in Chinese."""
        self.env["res.lang"]._activate_lang("zh_CN")
        IrHttp = self.env["ir.http"]
        modules = IrHttp._get_translation_frontend_modules_name()
        self.assertEqual(modules.count("mail"), 1)
        translations, _lang = IrHttp.get_translations_for_webclient(modules, "zh_CN")
        terms = {
            message["id"]: message["string"]
            for module in translations.values()
            for message in module["messages"]
        }
        self.assertEqual(terms.get("Today at %(time)s"), "今天%(time)s")

    def test_list_pager(self):
        for index in range(3):
            self._complaint(self.alice, subject=f"Paged {index}")
        self.authenticate("por_alice", "por_alice")
        with patch.object(ComplaintPortal, "_items_per_page", 2):
            first = self.url_open("/my/complaints?sortby=name").text
            third = self.url_open("/my/complaints/page/3?sortby=name").text
        self.assertIn("/my/complaints/page/2", first)
        self.assertEqual(
            first.count('href="/my/complaints/'),
            2 + first.count('href="/my/complaints/page/'),
        )
        self.assertIn(self.complaint_alice.name, third)

    def test_list_rows_are_the_complaints_own_in_the_readers_language(self):
        self._propose(self.complaint_alice)
        complaints = self.complaint_alice | self.complaint_carl
        rows = complaints._portal_list_rows()
        alice, carl = rows[self.complaint_alice.id], rows[self.complaint_carl.id]
        # the signed-in complainant's link: the page checks their access
        self.assertEqual(alice["url"], f"/my/complaints/{self.complaint_alice.id}")
        self.assertEqual(alice["state"], "Proposal Sent")
        self.assertTrue(alice["waiting"])
        self.assertFalse(carl["waiting"])
        # the day of the reader's time zone, not of UTC
        received = fields.Datetime.context_timestamp(
            self.complaint_alice, self.complaint_alice.date_received
        )
        self.assertEqual(alice["date"], received.strftime("%m/%d/%Y"))
        self.env["res.lang"]._activate_lang("zh_CN")
        rows_zh = complaints.with_context(lang="zh_CN")._portal_list_rows()
        self.assertEqual(rows_zh[self.complaint_alice.id]["state"], "方案已发送")
        self.assertIn("年", rows_zh[self.complaint_alice.id]["date"])
        # the page shows them
        self.authenticate("por_alice", "por_alice")
        page = self.url_open("/my/complaints").text
        self.assertIn(f'href="{alice["url"]}"', page)
        self.assertIn("Proposal Sent", page)

    def test_list_dates_are_core_format(self):
        """The list's dates read as core's ``format_date`` writes them (its
        formatter resolves the language once a page), on the reader's day."""
        self.env["res.lang"]._activate_lang("zh_CN")
        late = datetime(2026, 3, 2, 20, 30)  # 3 March in Shanghai
        for lang in ("en_US", "zh_CN"):
            for tz in ("Asia/Shanghai", "America/New_York", False):
                env = self.env(context=dict(self.env.context, lang=lang, tz=tz))
                with self.subTest(lang=lang, tz=tz):
                    format_day = date_formatter(env)
                    for value in (late, late.date(), False):
                        self.assertEqual(format_day(value), format_date(env, value))
        shanghai = self.env(
            context=dict(self.env.context, lang="zh_CN", tz="Asia/Shanghai")
        )
        self.assertEqual(date_formatter(shanghai)(late), "2026年03月03日")
        row = self.complaint_alice.with_env(shanghai)._portal_list_rows()
        reader_tz = self.complaint_alice._portal_tz()
        self.assertEqual(
            row[self.complaint_alice.id]["date"],
            format_date(
                shanghai(context=dict(shanghai.context, tz=reader_tz)),
                self.complaint_alice.date_received,
            ),
        )

    def test_the_list_reads_the_day_as_the_page_does(self):
        """A complainant without a time zone: the page reads its dates where
        the complaint is handled (or in their browser's zone), the list read
        them in UTC: filed at 07:30 in Beijing, yesterday on the list."""
        self.alice.tz = False
        complaint = self.complaint_alice
        complaint._sla_calendar().tz = "Asia/Shanghai"
        complaint.sudo().date_received = datetime(2026, 3, 2, 23, 30)
        as_alice = complaint.with_user(self.alice).sudo()
        row = as_alice._portal_list_rows()[complaint.id]
        self.assertEqual(as_alice._portal_tz(), "Asia/Shanghai", "the page's zone")
        self.assertEqual(row["date"], "03/03/2026")
        # the browser's zone, when it gives one, as on the page
        row = as_alice._portal_list_rows("America/New_York")[complaint.id]
        self.assertEqual(row["date"], "03/02/2026")

    def test_list_rows_cost_the_same_for_any_page_size(self):
        few = self.complaint_alice | self.complaint_carl
        many = few
        for index in range(10):
            many |= self._complaint(self.alice, subject=f"Row {index}")
        few._portal_list_rows()  # languages and labels loaded once per process
        counts = []
        for complaints in (few, many):
            self.env.invalidate_all()
            start = self.env.cr.sql_log_count
            complaints._portal_list_rows()
            counts.append(self.env.cr.sql_log_count - start)
        self.assertEqual(counts[0], counts[1])

    def test_detail_page_shows_only_the_customers_own_order(self):
        """Staff may link another customer's order (or give the complaint
        another complainant after the order was linked): the page gives no
        other customer's order number, as the printed forms do not."""
        self.complaint_alice.sudo().sale_order_id = self.order_bob
        self.authenticate("por_alice", "por_alice")
        page = self.url_open(f"/my/complaints/{self.complaint_alice.id}").text
        self.assertIn(self.complaint_alice.name, page)
        self.assertNotIn(self.order_bob.name, page)
        # control: the complainant's own order is given
        self.complaint_alice.sudo().sale_order_id = self.order_alice
        page = self.url_open(f"/my/complaints/{self.complaint_alice.id}").text
        self.assertIn(self.order_alice.name, page)

    def test_json_rpc_gives_no_sales_links(self):
        """Core names a many2one's value as superuser: over JSON-RPC the
        complainant would read the number of an order (or invoice, order
        line) of another customer that staff linked. The sales links are the
        staff's; the page gives the complainant's own order."""
        self.complaint_alice.sudo().sale_order_id = self.order_bob
        self.complaint_alice.sudo().sale_line_id = self.order_bob.order_line[:1]
        self.authenticate("por_alice", "por_alice")
        for names in (["sale_order_id"], ["sale_line_id"], ["invoice_id"]):
            reply = self._rpc(
                "complaint.complaint", "read", [[self.complaint_alice.id], names]
            )
            self.assertIn("error", reply, names)
            self.assertNotIn(self.order_bob.name, json.dumps(reply))
        reply = self._rpc(
            "complaint.complaint",
            "web_read",
            [[self.complaint_alice.id]],
            {"specification": {"sale_order_id": {"fields": {"display_name": {}}}}},
        )
        self.assertNotIn(self.order_bob.name, json.dumps(reply))
        # control: the complaint itself is readable, and staff read the link
        reply = self._rpc(
            "complaint.complaint", "read", [[self.complaint_alice.id], ["name"]]
        )
        self.assertEqual(reply["result"][0]["name"], self.complaint_alice.name)
        self.assertEqual(
            self.complaint_alice.with_user(
                self.env.ref("base.user_admin")
            ).sale_order_id,
            self.order_bob,
        )

    def test_detail_page_content(self):
        self.complaint_alice.product_ids = self.kettle
        self.authenticate("por_alice", "por_alice")
        response = self.url_open(f"/my/complaints/{self.complaint_alice.id}")
        self.assertEqual(response.status_code, 200)
        page = response.text
        self.assertIn(self.complaint_alice.name, page)
        self.assertIn("We have received your complaint.", page)
        self.assertIn("Next: we register your complaint", page)
        self.assertIn(self.level.name, page)
        self.assertIn("First answer expected by", page)
        self.assertIn("Resolution expected by", page)
        self.assertIn(self.order_alice.name, page)
        self.assertIn("Kettle K1", page)
        self.assertIn("photo.png", page)
        self.assertIn('id="discussion"', page)
        # unexpected query values are ignored, not a server error
        odd = self.url_open(
            f"/my/complaints/{self.complaint_alice.id}?values=1&document=2&page_values=3"
        )
        self.assertEqual(odd.status_code, 200)
        self.assertIn(self.complaint_alice.name, odd.text)
        # the colleague's complaint of the same company is readable too
        self.assertEqual(
            self.url_open(f"/my/complaints/{self.complaint_carl.id}").status_code, 200
        )

    def test_time_limits_are_the_engines(self):
        """The dates the complainant reads are the engine's deadlines, each
        under its own name: never the first-answer limit as the resolution."""
        complaint = self.complaint_alice
        lines = complaint.sla_line_ids.filtered(
            lambda line: line.milestone
            in ("acknowledge", "first_response", "resolution")
            and line.state in ("running", "at_risk", "breached")
        )
        self.assertTrue(lines.filtered(lambda line: line.milestone == "resolution"))
        shown = dict(complaint._portal_time_limits())
        labels = {
            "acknowledge": "Confirmation expected by",
            "first_response": "First answer expected by",
            "resolution": "Resolution expected by",
        }
        self.assertEqual(
            shown, {labels[line.milestone]: line.deadline for line in lines}
        )
        self.assertNotEqual(
            shown["Resolution expected by"],
            complaint.sla_deadline,
            "the nearest deadline is not the resolution one",
        )
        # a deadline gone by is not "expected": it was due
        resolution = lines.filtered(lambda line: line.milestone == "resolution")
        resolution.sudo().write({"state": "breached"})
        shown = dict(complaint._portal_time_limits())
        self.assertEqual(shown["Resolution was due by"], resolution.deadline)
        self.assertNotIn("Resolution expected by", shown)

    def test_a_resolution_held_by_an_outside_body_says_so(self):
        """Rejected, only closing left, a consumer council handling the
        case: the complainant reads that the resolution waits for the
        council, not for their own answer."""
        complaint = self.complaint_alice
        complaint.sudo()._workflow_write({"state": "rejected"})
        council = self.env.ref(
            "complaint_management.complaint_external_body_consumer_council"
        )
        self.assertEqual(
            complaint._portal_hold_text(), "on hold while we wait for your answer"
        )
        self.env["complaint.external.case"].create(
            {"complaint_id": complaint.id, "body_id": council.id, "reference": "CC-1"}
        )
        self.assertTrue(complaint.sudo()._sla_waits_for_body())
        self.authenticate("por_alice", "por_alice")
        page = self.url_open(f"/my/complaints/{complaint.id}").text
        self.assertIn("Resolution expected by", page)
        self.assertIn(f"on hold while {council.name} handles the case", page)
        self.assertNotIn("on hold while we wait for your answer", page)

    def test_pdf_offered_only_with_the_reports_addon(self):
        has_reports = self.env.ref(
            "complaint_reports.action_report_complaint_registration",
            raise_if_not_found=False,
        )
        self.authenticate("por_alice", "por_alice")
        page = self.url_open(f"/my/complaints/{self.complaint_alice.id}").text
        self.assertEqual("o_complaint_pdf" in page, bool(has_reports))
        response = self.url_open(
            f"/my/complaints/{self.complaint_alice.id}?report_type=html"
        )
        self.assertEqual(response.status_code, 200)
        if has_reports:
            self.assertIn(self.complaint_alice.name, response.text)
            self.assertNotIn('id="discussion"', response.text)
        else:
            # without the addon, the detail page is shown instead
            self.assertIn('id="discussion"', response.text)

    def test_sentences_are_translated_whole(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        complaint = self.complaint_alice.with_context(lang="zh_CN")
        self.assertEqual(
            complaint._portal_number_sentence(),
            '您的投诉编号为 <strong class="o_complaint_number fw-bold">'
            f"{complaint.name}</strong>。",
        )
        self.company.write(
            {
                "complaint_portal_file_count": 4,
                "complaint_portal_file_size": 2.5,
                "complaint_portal_total_size": 8,
            }
        )
        limits = self.company.with_context(lang="zh_CN")._complaint_portal_limits_text()
        self.assertIn("4", limits)
        self.assertIn("2.5", limits)
        self.assertIn("8", limits)
        self.assertNotIn("MB each", limits)
        # the values of a sentence are escaped, never taken as markup
        complaint.name = "<b>CMP</b>"
        self.assertIn("&lt;b&gt;CMP&lt;/b&gt;", complaint._portal_number_sentence())

    def test_visitor_reads_dates_where_the_complaint_is_handled(self):
        """A visitor has no time zone: the page's dates and time limits read in
        their browser's, else in the one of the complaint's working calendar,
        never in UTC; a signed-in complainant reads them in their own."""
        complaint = self.complaint_bob
        calendar = complaint._sla_calendar()
        calendar.tz = "Asia/Shanghai"
        # saved: the limits are planned again on the calendar's new zone
        self.env.cr.flush()
        self.assertFalse(self.env.ref("base.public_user").tz)
        deadline = complaint.sla_line_ids.filtered(
            lambda line: line.milestone == "resolution"
        ).deadline

        visitor = self.env.ref("base.public_user")

        def shown(tz):
            return complaint.with_user(visitor).sudo()._portal_moment_text(deadline, tz)

        self.assertNotEqual(shown("Asia/Shanghai"), shown("UTC"))
        # with its offset: the zone changes from one visit to the next
        self.assertIn("GMT+08:00", shown("Asia/Shanghai"))
        page = self.url_open(
            f"{complaint.access_url}?access_token={complaint.access_token}"
        ).text
        self.assertIn(shown("Asia/Shanghai"), page)
        self.assertNotIn(shown("UTC"), page)
        # the zone the visitor's browser gives (Odoo's tz cookie) comes first
        self.opener.cookies.set("tz", "America/New_York")
        page = self.url_open(
            f"{complaint.access_url}?access_token={complaint.access_token}"
        ).text
        self.assertIn(shown("America/New_York"), page)
        self.opener.cookies.set("tz", "Not/AZone")  # not a zone: ignored
        page = self.url_open(
            f"{complaint.access_url}?access_token={complaint.access_token}"
        ).text
        self.assertIn(shown("Asia/Shanghai"), page)
        # control: a signed-in complainant with a time zone reads their own
        self.alice.tz = "Europe/London"
        self.authenticate("por_alice", "por_alice")
        alice_deadline = self.complaint_alice.sla_line_ids.filtered(
            lambda line: line.milestone == "resolution"
        ).deadline
        page = self.url_open(self.complaint_alice.access_url).text
        in_london = (
            self.complaint_alice.with_user(self.alice)
            .sudo()
            ._portal_moment_text(alice_deadline, "Europe/London")
        )
        self.assertIn(in_london, page)
        self.assertNotIn("GMT", in_london, "her own zone goes without saying")

    def test_without_a_calendar_a_visitor_reads_the_companys_time(self):
        """No working calendar (the engine counts calendar days then): the
        page reads its dates where the company works, as its emails do."""
        complaint = self.complaint_bob
        complaint.team_id.resource_calendar_id = False
        complaint.company_id.resource_calendar_id = False
        complaint.company_id.partner_id.tz = "Asia/Shanghai"
        self.assertFalse(complaint._sla_calendar())
        visitor = complaint.with_user(self.env.ref("base.public_user")).sudo()
        self.assertEqual(visitor._portal_tz(), "Asia/Shanghai")
        self.assertEqual(visitor._portal_tz(), complaint._sla_tz())
        # control: the visitor's browser still comes first
        self.assertEqual(visitor._portal_tz("Europe/Paris"), "Europe/Paris")

    def test_dates_read_as_the_emails_write_them(self):
        """A Chinese complainant reads each time limit as the emails and the
        reminders write it (the engine's text), without seconds."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.alice.write({"lang": "zh_CN", "tz": "Asia/Shanghai"})
        line = self.complaint_alice.sla_line_ids.filtered(
            lambda line: line.milestone == "resolution"
        )
        self.authenticate("por_alice", "por_alice")
        page = self.url_open(self.complaint_alice.access_url).text
        self.assertIn(line._sla_deadline_text("Asia/Shanghai", "zh_CN"), page)
        # control: core's datetime widget keeps the seconds in Chinese
        widget_text = (
            self.env["ir.qweb.field.datetime"]
            .with_context(lang="zh_CN")
            .value_to_html(
                line.deadline, {"hide_seconds": True, "tz_name": "Asia/Shanghai"}
            )
        )
        self.assertIn("秒", widget_text)
        self.assertNotIn(widget_text, page)
        self.assertNotIn("秒", page)
