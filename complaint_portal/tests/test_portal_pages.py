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
        self.assertEqual(
            row[self.complaint_alice.id]["date"],
            format_date(shanghai, self.complaint_alice.date_received),
        )

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

    def test_accept_proposal(self):
        self._propose(self.complaint_alice)
        self.authenticate("por_alice", "por_alice")
        page = self.url_open(f"/my/complaints/{self.complaint_alice.id}").text
        # one sentence per remedy: type, description and amount with their punctuation
        self.assertRegex(
            page,
            r"<li><strong>Refund</strong>: Refund of the kettle "
            r"\([^<]*50\.00[^<]*\)</li>",
        )
        self.assertIn("o_complaint_accept", page)
        response = self.url_open(
            f"/my/complaints/{self.complaint_alice.id}/accept",
            data={"csrf_token": self._csrf()},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn("we carry out the proposal now", response.text)
        self.assertEqual(self.complaint_alice.state, "accepted")
        self.assertEqual(self.complaint_alice.decision, "accepted")
        # the button clicked twice (or the answer sent again): the same answer
        response = self.url_open(
            f"/my/complaints/{self.complaint_alice.id}/accept",
            data={"csrf_token": self._csrf()},
        )
        self.assertIn("we carry out the proposal now", response.text)
        self.assertNotIn("can no longer be answered", response.text)
        self.assertEqual(
            len(self._posted(self.complaint_alice, "I accept the proposal.")), 1
        )
        # a second answer is refused: the proposal is no longer open
        response = self.url_open(
            f"/my/complaints/{self.complaint_alice.id}/reject",
            data={"csrf_token": self._csrf(), "reason": "changed my mind"},
        )
        self.assertIn("can no longer be answered", response.text)
        self.assertIn("Your answer: <strong>Accepted</strong>", response.text)
        self.assertEqual(self.complaint_alice.state, "accepted")

    def test_reject_needs_a_reason_and_shows_other_routes(self):
        self._propose(self.complaint_alice)
        self.authenticate("por_alice", "por_alice")
        url = f"/my/complaints/{self.complaint_alice.id}/reject"
        response = self.url_open(url, data={"csrf_token": self._csrf(), "reason": " "})
        self.assertIn("Tell us why you reject the proposal.", response.text)
        self.assertEqual(self.complaint_alice.state, "proposed")
        response = self.url_open(
            url, data={"csrf_token": self._csrf(), "reason": "Too little money"}
        )
        self.assertEqual(self.complaint_alice.state, "rejected")
        self.assertEqual(self.complaint_alice.rejection_reason, "Too little money")
        # sent again: the same reason is the same answer; another is refused
        again = self.url_open(
            url, data={"csrf_token": self._csrf(), "reason": "Too little money"}
        )
        self.assertNotIn("can no longer be answered", again.text)
        other = self.url_open(
            url, data={"csrf_token": self._csrf(), "reason": "Not the right model"}
        )
        self.assertIn("can no longer be answered", other.text)
        self.assertEqual(self.complaint_alice.rejection_reason, "Too little money")
        self.assertIn("Other routes open to you", response.text)
        self.assertIn("12315", response.text)

    def test_reject_reason_as_long_as_the_form_allows(self):
        """The form's maxlength counts a line break as one character, the
        browser sends two: a reason the form allowed is taken whole."""
        self._propose(self.complaint_alice)
        self.authenticate("por_alice", "por_alice")
        url = f"/my/complaints/{self.complaint_alice.id}/reject"
        # longer than the form allows: refused with its own message
        response = self.url_open(
            url, data={"csrf_token": self._csrf(), "reason": "y" * 2001}
        )
        self.assertIn("limited to 2000 characters", response.text)
        self.assertEqual(self.complaint_alice.state, "proposed")
        lines = ["x" * 99] * 20  # 1,980 characters and 19 line breaks
        response = self.url_open(
            url, data={"csrf_token": self._csrf(), "reason": "\r\n".join(lines)}
        )
        self.assertEqual(self.complaint_alice.state, "rejected", response.url)
        self.assertEqual(self.complaint_alice.rejection_reason, "\n".join(lines))
        # the conversation shows the reason with its lines
        answer = self._posted(self.complaint_alice, "I reject the proposal:")
        self.assertIn("<br>".join(lines), answer.body)

    def test_visitor_decides_with_the_token(self):
        self._propose(self.complaint_bob)
        token = self.complaint_bob.access_token
        response = self.url_open(
            f"/my/complaints/{self.complaint_bob.id}/accept",
            data={"csrf_token": self._csrf(), "access_token": token},
        )
        self.assertEqual(self.complaint_bob.state, "accepted")
        self.assertIn(f"access_token={token}", response.url)

    def test_rating_once_closed(self):
        self._propose(self.complaint_alice)
        self.complaint_alice.action_accept_proposal()
        self.complaint_alice.remedy_ids.action_done()
        self.complaint_alice.resolution_summary = "<p>Refunded.</p>"
        self.complaint_alice.action_close()
        self.authenticate("por_alice", "por_alice")
        page = self.url_open(f"/my/complaints/{self.complaint_alice.id}").text
        rating = self.complaint_alice.rating_ids.filtered(
            lambda r: r.partner_id == self.alice.partner_id and not r.consumed
        )
        self.assertEqual(len(rating), 1)
        self.assertIn(f"/rate/{rating.access_token}/5", page)
        back = f'href="/my/complaints/{self.complaint_alice.id}"'
        # the rating pages lead back to the complaint (core's lead home only),
        # without its key (test_portal_answer_pages)
        self.assertIn(back, self.url_open(f"/rate/{rating.access_token}/5").text)
        response = self.url_open(
            f"/rate/{rating.access_token}/submit_feedback",
            data={"csrf_token": self._csrf(), "rate": 5, "feedback": "Quick"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertIn(back, response.text)
        self.assertTrue(rating.consumed)
        self.assertEqual(rating.rating, 5)
        page = self.url_open(f"/my/complaints/{self.complaint_alice.id}").text
        self.assertIn("Thank you for your rating: <strong>Satisfied</strong>", page)
        self.assertNotIn("/rate/", page)

    def test_no_rating_before_closure(self):
        self.authenticate("por_alice", "por_alice")
        page = self.url_open(f"/my/complaints/{self.complaint_alice.id}").text
        self.assertNotIn("/rate/", page)
        self.assertFalse(self.complaint_alice.rating_ids)

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

        def shown(tz):
            return complaint._portal_moment_text(deadline, tz)

        self.assertNotEqual(shown("Asia/Shanghai"), shown("UTC"))
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
        self.assertIn(
            self.complaint_alice._portal_moment_text(alice_deadline, "Europe/London"),
            page,
        )

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
