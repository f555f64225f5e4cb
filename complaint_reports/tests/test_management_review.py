import base64
import re
from datetime import date
from unittest.mock import patch

from freezegun import freeze_time
from lxml import html as lxml_html

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from odoo.addons.complaint_reports.report import svg_chart

from .common import ComplaintReportCommon

JOB_LOGGER = "odoo.addons.complaint_management.models.complaint_job_failure"


@tagged("post_install", "-at_install")
class TestManagementReview(ComplaintReportCommon):
    def test_screen_defaults_to_last_month_and_takes_any_period(self):
        Screen = self.env["complaint.indicator.dashboard"].with_user(
            self.complaint_manager
        )
        with freeze_time("2020-04-10"):
            data = Screen.get_data()
            self.assertEqual(data["period"]["date_from"], "2020-03-01")
            self.assertEqual(data["period"]["date_to"], "2020-03-31")
            self.assertIn("02/01/2020", data["period"]["previous_label"])
            quarter = Screen.get_data(preset="this_quarter")["period"]
            self.assertEqual(
                (quarter["date_from"], quarter["date_to"]), ("2020-04-01", "2020-04-10")
            )
            week = Screen.get_data("2020-03-10", "2020-03-16")["period"]
            self.assertIn("03/03/2020", week["previous_label"])
            self.assertIn("03/09/2020", week["previous_label"])
            # a period that ends before it starts is refused, with a reason
            with self.assertRaises(UserError):
                Screen.get_data("2020-03-16", "2020-03-10")

    def test_cron_records_and_sends_last_months_review_to_the_managers(self):
        self.env["complaint.complaint"].create(
            self._complaint_vals(date_received="2020-03-05 10:00:00")
        )
        self.env.company.email = "complaints@example.com"
        Review = self.env["complaint.management.review"]
        with freeze_time("2020-04-01 05:00:00"):
            reviews = Review._cron_send_monthly_review()
        review = reviews.filtered(lambda r: r.company_id == self.env.company)
        self.assertEqual(str(review.date_from), "2020-03-01")
        self.assertEqual(str(review.date_to), "2020-03-31")
        self.assertEqual(review.state, "draft")
        # the printed review is kept on the record and sent with the message
        attachment = review.report_attachment_id
        self.assertTrue(attachment.name.startswith("Management Review"))
        self.assertEqual(
            (attachment.res_model, attachment.res_id), (Review._name, review.id)
        )
        mail = self.env["mail.mail"].search(
            [("model", "=", Review._name), ("res_id", "=", review.id)]
        )
        self.assertEqual(len(mail), 1)
        self.assertIn(self.complaint_manager.partner_id, mail.recipient_ids)
        self.assertNotIn(self.complaint_user.partner_id, mail.recipient_ids)
        self.assertEqual(mail.attachment_ids, attachment)
        self.assertIn(self.complaint_manager.partner_id, review.message_partner_ids)

    def test_the_file_sent_stays_with_its_message(self):
        """Printed again, the review kept the new file and deleted the one
        the monthly message had sent (the message lost its PDF); nor is the
        file sent deleted or rewritten over RPC."""
        self.env.company.email = "complaints@example.com"
        Review = self.env["complaint.management.review"]
        with freeze_time("2020-04-01 05:10:00"):
            review = Review._cron_send_monthly_review().filtered(
                lambda r: r.company_id == self.env.company
            )
            sent = review.report_attachment_id
            message = review.message_ids.filtered(lambda m: sent in m.attachment_ids)
            self.assertTrue(message)
            manager_review = review.with_user(self.complaint_manager)
            manager_review.action_refresh_report()
        self.assertTrue(sent.exists())
        self.assertIn(sent, message.attachment_ids)
        self.assertNotEqual(review.report_attachment_id, sent)
        for attempt in (
            lambda: sent.with_user(self.complaint_manager).unlink(),
            lambda: sent.with_user(self.complaint_manager).write({"raw": b"other"}),
        ):
            with self.assertRaises(UserError):
                attempt()
        self.assertTrue(sent.exists())
        # control: a file printed again before it was sent goes
        reprinted = review.report_attachment_id
        manager_review.action_refresh_report()
        self.assertFalse(reprinted.exists())
        # control: a manager's own upload in the chatter is theirs to remove
        upload = self.env["ir.attachment"].create(
            {
                "name": "minutes.pdf",
                "raw": b"%PDF-1.4 minutes",
                "res_model": review._name,
                "res_id": review.id,
            }
        )
        manager_review.message_post(body="Minutes", attachment_ids=upload.ids)
        upload.with_user(self.complaint_manager).unlink()
        self.assertFalse(upload.exists())

    def _mailed_figure(self, review, key):
        """The current period's figure of row ``key`` of the review as mailed."""
        page = lxml_html.fromstring(base64.b64decode(review.report_attachment_id.datas))
        return page.xpath(f"//tr[@data-key='{key}']/td[3]")[0].text_content().strip()

    def test_cron_counts_the_month_where_the_company_works(self):
        company = self.env.company
        company.resource_calendar_id.tz = "Asia/Shanghai"
        self.env.user.tz = False  # the job's user, without a time zone
        # 07:00 on 1 March in Beijing, still February in UTC
        self.env["complaint.complaint"].create(
            self._complaint_vals(date_received="2020-02-29 23:00:00")
        )
        Indicator = self.env["complaint.indicator"]

        def march(tz):
            return Indicator.with_context(tz=tz)._get_indicators(
                date(2020, 3, 1), date(2020, 3, 31), company.ids
            )["current"]["count"]

        # the screen counts it in March for any reader: the company's month
        self.assertEqual(march("UTC"), march("Asia/Shanghai"))
        with freeze_time("2020-04-01 05:00:00"):
            reviews = self.env[
                "complaint.management.review"
            ]._cron_send_monthly_review()
        review = reviews.filtered(lambda r: r.company_id == company)
        # what the managers read is what the indicators screen shows in Beijing
        self.assertEqual(
            self._mailed_figure(review, "count"), str(march("Asia/Shanghai"))
        )

    def _review_of_a_chinese_company(self, partner_lang="zh_CN"):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["complaint_management", "complaint_reports"], ["zh_CN"], overwrite=True
        )
        self.env.company.partner_id.lang = partner_lang
        with freeze_time("2020-04-01 05:00:00"):
            reviews = self.env[
                "complaint.management.review"
            ]._cron_send_monthly_review()
        return reviews.filtered(lambda r: r.company_id == self.env.company)

    def test_cron_names_the_review_in_the_companys_language(self):
        review = self._review_of_a_chinese_company()
        self.assertTrue(review.name.startswith("投诉管理评审报告"))
        self.assertTrue(review.report_attachment_id.name.startswith("投诉管理评审报告"))
        # control: the message was already in the company's language
        self.assertIn("管理评审", review.message_ids[0].body)

    def test_cron_prints_the_review_in_the_companys_language(self):
        # the job's user (OdooBot) prints in the company's language, not its own
        review = self._review_of_a_chinese_company()
        printed = base64.b64decode(review.report_attachment_id.datas).decode()
        self.assertIn("<h3>投诉管理评审报告</h3>", printed)
        # the companies it covers, named
        self.assertRegex(
            printed, rf"<span>公司：</span>\s*<span>{self.env.company.name}</span>"
        )

    def test_a_company_without_a_language_has_the_installations(self):
        # contacts are Chinese by default; the company's own has none
        self.env["ir.default"].set("res.partner", "lang", "zh_CN")
        review = self._review_of_a_chinese_company(partner_lang=False)
        self.assertTrue(review.name.startswith("投诉管理评审报告"))
        self.assertIn("管理评审", review.message_ids[0].body)

    def test_a_review_made_by_hand_is_named_in_the_companys_language(self):
        """A shared record, named once: an English-speaking manager's review
        of a Chinese company is listed in Chinese to all."""
        self._review_of_a_chinese_company()
        review = (
            self.env["complaint.management.review"]
            .with_context(lang="en_US")
            .create({"date_from": "2020-01-01", "date_to": "2020-01-31"})
        )
        self.assertTrue(review.name.startswith("投诉管理评审报告"))
        # control: in an English company, English
        self.env.company.partner_id.lang = "en_US"
        review.date_to = "2020-01-30"
        self.assertTrue(review.name.startswith("Management Review"))

    def test_cron_run_twice_records_and_sends_the_review_once(self):
        company = self.env.company
        Review = self.env["complaint.management.review"]
        # control: a review of another period does not stand for last month's
        Review.create({"date_from": "2020-02-01", "date_to": "2020-02-29"})
        with freeze_time("2020-04-01 05:00:00"):
            first = Review._cron_send_monthly_review()
        self.assertIn(company, first.company_id)
        # run again by hand, or after a restart before the job was rescheduled
        with freeze_time("2020-04-01 05:10:00"):
            self.assertFalse(Review._cron_send_monthly_review())
        review = Review.search(
            [("company_id", "=", company.id), ("date_from", "=", "2020-03-01")]
        )
        self.assertEqual(review, first.filtered(lambda r: r.company_id == company))
        mails = self.env["mail.mail"].search(
            [("model", "=", Review._name), ("res_id", "=", review.id)]
        )
        self.assertEqual(len(mails), 1, "the managers are mailed once")

    def test_a_review_of_part_of_a_month_does_not_stand_for_it(self):
        """A manager recorded a review of March 1-15: the job took it for
        March's, recorded and sent none, and marked March as sent."""
        company = self.env.company
        Review = self.env["complaint.management.review"]
        Review.create({"date_from": "2020-03-01", "date_to": "2020-03-15"})
        with freeze_time("2020-04-01 05:00:00"):
            sent = Review._cron_send_monthly_review()
        monthly = sent.filtered(lambda r: r.company_id == company)
        self.assertEqual(
            (str(monthly.date_from), str(monthly.date_to)), ("2020-03-01", "2020-03-31")
        )

    def test_a_held_review_is_a_record(self):
        review = (
            self.env["complaint.management.review"]
            .with_user(self.complaint_manager)
            .create({"date_from": "2020-03-01", "date_to": "2020-03-31"})
        )
        # the decisions are what a review is held for
        with self.assertRaises(UserError):
            review.action_hold()
        self.assertEqual(review.state, "draft")
        # nor is it held by writing its status
        with self.assertRaises(UserError):
            review.write({"state": "held"})
        review.write(
            {
                "decisions": "<p>Audit the kettle supplier in April.</p>",
                "attendee_ids": [Command.set(self.complaint_manager.ids)],
            }
        )
        review.action_hold()
        self.assertEqual(review.state, "held")
        self.assertTrue(review.report_attachment_id, "printed when held")
        # held: its decisions and period no longer change
        with self.assertRaises(UserError):
            review.decisions = "<p>Something else</p>"
        with self.assertRaises(UserError):
            review.action_refresh_report()
        # nor who attended, nor is it deleted, whoever calls (JSON-RPC too)
        with self.assertRaisesRegex(UserError, "does not change"):
            review.attendee_ids = [Command.set(self.complaint_user.ids)]
        self.assertEqual(review.attendee_ids, self.complaint_manager)
        with self.assertRaisesRegex(UserError, "does not change"):
            review.unlink()
        with self.assertRaisesRegex(UserError, "does not change"):
            review.name = "Another name"
        # its printed review stays as it was sent, though files follow the
        # write access of their record
        printed = review.report_attachment_id.with_user(self.complaint_manager)
        with self.assertRaisesRegex(UserError, "kept as it was sent"):
            printed.write({"datas": base64.b64encode(b"%PDF-1.4 forged")})
        with self.assertRaisesRegex(UserError, "kept as it was sent"):
            printed.unlink()
        self.assertTrue(printed.exists())
        # nor through the chatter: the file linked to the manager's own
        # message, then removed from it (core deletes it in superuser mode)
        message = review.with_user(self.complaint_manager).message_post(
            body="See the print", message_type="comment", attachment_ids=printed.ids
        )
        with self.assertRaisesRegex(UserError, "kept as it was sent"):
            review.with_user(self.complaint_manager)._message_update_content(
                message.sudo(), body="See the print", attachment_ids=[]
            )
        self.assertTrue(printed.exists())
        # a storage migration rewrites the same bytes: nothing changes
        printed.write({"raw": printed.raw, "mimetype": printed.mimetype})
        # control: a review still to hold changes, reprints and is deleted
        draft = (
            self.env["complaint.management.review"]
            .with_user(self.complaint_manager)
            .create({"date_from": "2020-04-01", "date_to": "2020-04-30"})
        )
        draft.attendee_ids = [Command.set(self.complaint_manager.ids)]
        draft.action_refresh_report()
        first = draft.report_attachment_id
        draft.action_refresh_report()
        self.assertFalse(first.exists(), "the earlier print is replaced")
        draft.report_attachment_id.unlink()
        draft.unlink()
        # control: a complaint user has no access to reviews
        with self.assertRaises(AccessError):
            review.with_user(self.complaint_user).read(["decisions"])

    def _branch(self, name, sent):
        """A company of the manager whose last review sent was ``sent``."""
        company = self.env["res.company"].create(
            {"name": name, "complaint_review_month": sent}
        )
        self.complaint_manager.company_ids |= company
        return company

    def _run_failing_for(self, company, moment):
        """The monthly job at ``moment``, the review of ``company`` failing;
        returns the reviews made and the company's failure entry."""
        Review = self.env.registry["complaint.management.review"]
        original = Review._send_review

        def send(records, target, *args):
            if target == company:
                raise ValueError("The layout of this company is broken")
            return original(records, target, *args)

        with (
            freeze_time(moment),
            patch.object(Review, "_send_review", send),
            self.assertLogs(JOB_LOGGER, "ERROR"),
        ):
            reviews = self.env[
                "complaint.management.review"
            ]._cron_send_monthly_review()
        failure = self.env["complaint.job.failure"].search(
            [("job", "=", "review"), ("res_id", "=", company.id)]
        )
        return reviews, failure

    def test_cron_review_of_one_company_failing_does_not_stop_the_others(self):
        other = self._branch("Second Branch", False)
        reviews, failure = self._run_failing_for(other, "2020-04-01 05:00:00")
        self.assertIn(self.env.company, reviews.company_id, "the others get theirs")
        self.assertNotIn(other, reviews.company_id)
        self.assertEqual(failure.res_model, "res.company")
        self.assertEqual(len(failure.message_ids), 1, "reported once")
        # next month, repaired: the month it missed and this one are sent,
        # and the failure forgotten
        with freeze_time("2020-05-01 05:00:00"):
            reviews = self.env[
                "complaint.management.review"
            ]._cron_send_monthly_review()
        self.assertEqual(
            sorted(str(r.date_from) for r in reviews if r.company_id == other),
            ["2020-03-01", "2020-04-01"],
        )
        self.assertEqual(
            [str(r.date_from) for r in reviews if r.company_id == self.env.company],
            ["2020-04-01"],
            "a company that did not fail gets this month's only",
        )
        self.assertFalse(failure.exists())

    def test_the_months_missed_are_made_once_the_failure_entry_is_deleted(self):
        """The failure's form says to delete the entry to be told again: the
        months missed were counted from it, and only the last one was made."""
        other = self._branch("Third Branch", "2020-02-01")
        self._run_failing_for(other, "2020-04-01 05:00:00")
        _reviews, failure = self._run_failing_for(other, "2020-05-01 05:00:00")
        failure.with_user(self.complaint_manager).unlink()
        with freeze_time("2020-06-01 05:00:00"):
            reviews = self.env[
                "complaint.management.review"
            ]._cron_send_monthly_review()
        self.assertEqual(
            sorted(str(r.date_from) for r in reviews if r.company_id == other),
            ["2020-03-01", "2020-04-01", "2020-05-01"],
        )
        # control: a company sent every month gets this month's only
        self.assertEqual(
            [str(r.date_from) for r in reviews if r.company_id == self.env.company],
            ["2020-05-01"],
        )

    def test_an_archived_companys_failure_entry_goes(self):
        """A company archived after its review failed left an entry nobody
        could delete, which no run cleared."""
        other = self._branch("Closed Branch", "2020-02-01")
        _reviews, failure = self._run_failing_for(other, "2020-04-01 05:00:00")
        self.assertTrue(failure)
        # the review makes up its months from the company's mark: a manager
        # deletes its entry
        failure.with_user(self.complaint_manager).unlink()
        _reviews, failure = self._run_failing_for(other, "2020-05-01 05:00:00")
        other.sudo().active = False
        with freeze_time("2020-06-01 05:00:00"):
            self.env["complaint.management.review"]._cron_send_monthly_review()
        self.assertFalse(failure.exists(), "the archived company's entry goes")

    def test_review_prints_for_any_period(self):
        self.env.company.external_report_layout_id = self.env.ref(
            "web.external_layout_standard"
        )
        review = self.env["complaint.review"].create(
            {"date_from": "2019-01-01", "date_to": "2019-12-31"}
        )
        action = review.action_print()
        self.assertEqual(
            action["report_name"], "complaint_reports.report_management_review"
        )
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(
                "complaint_reports.action_report_management_review", review.ids
            )[0]
            .decode()
        )
        self.assertIn("Complaint Management Review", html)
        # the periods' days as the language writes them, as on the screen
        self.assertIn("01/01/2019 - 12/31/2019", html)
        self.assertIn("01/01/2018 - 12/31/2018", html)
        self.assertNotIn("2018-01-01", html)

    def test_figures_are_written_as_numbers_not_exponents(self):
        """Large counts keep their digits with the language's grouping, and
        changes their sign (a million orders is not "1e+06")."""
        review = self.env["complaint.review"].create(
            {"date_from": "2019-01-01", "date_to": "2019-12-31"}
        )
        self.assertEqual(review._format_value(1234567, "count"), "1,234,567")
        self.assertEqual(review._format_change(-1500, "count"), "-1,500")
        self.assertEqual(review._format_change(3, "count"), "+3")
        self.assertEqual(review._format_value(0.125, "rate"), "12.5 %")
        # Chinese writes a rate without the space, a share in full-width marks
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"]._load_module_terms(
            ["complaint_reports"], ["zh_CN"], overwrite=True
        )
        chinese = review.with_context(lang="zh_CN")
        self.assertEqual(chinese._format_value(0.125, "rate"), "12.5%")
        self.assertEqual(
            chinese._format_share({"current": 3, "current_share": 0.125}), "3（12.5%）"
        )
        self.assertEqual(
            review._format_share({"current": 3, "current_share": 0.125}), "3 (12.5 %)"
        )
        self.assertEqual(review._format_change(-0.02, "rate"), "-2.0 pt")
        self.assertEqual(review._format_change(1.24, "hours"), "+1.2")
        # an amount's change is signed too, the currency after its sign
        up = review._format_change(1500, "amount")
        down = review._format_change(-80, "amount")
        self.assertTrue(up.startswith("+"), up)
        self.assertIn("1,500.00", up)
        self.assertTrue(down.startswith("-"), down)
        self.assertNotIn("--", down)
        self.assertEqual(
            up.lstrip("+"), review._format_value(1500, "amount"), "the amount's form"
        )
        self.assertEqual(review._format_value(None, "count"), "—")

    def test_chart_figures_are_written_as_numbers_not_exponents(self):
        """The trend's axis and column figures keep their digits: the top of
        a 1.2 million axis reads 2,000,000 (``:g`` wrote "2e+06")."""
        chart = svg_chart.column_chart(["2019-01"], [("Received", "#000", [1234567])])
        self.assertIn(">2,000,000</text>", chart)
        self.assertIn(">1,234,567</text>", chart)
        self.assertIn(">500,000</text>", chart)
        self.assertNotIn("e+0", chart)
        # a small axis keeps its quarter steps
        chart = svg_chart.column_chart(["2019-01"], [("Received", "#000", [10])])
        self.assertIn(">2.5</text>", chart)
        self.assertIn(">10</text>", chart)

    def test_chart_labels_are_cut_to_their_room(self):
        """A Chinese label takes twice the room of a Latin one: it is cut at
        half the characters, so it does not run into the bars."""
        self.assertEqual(svg_chart._clip("Late delivery", 21), "Late delivery")
        self.assertEqual(svg_chart._clip("x" * 30, 21), "x" * 20 + "…")
        self.assertEqual(svg_chart._clip("送货延迟" * 5, 21), "送货延迟" * 2 + "送货…")
        self.assertEqual(svg_chart._clip("送货延迟", 21), "送货延迟")

    def test_the_chart_legend_makes_room_for_chinese_names(self):
        """A Chinese series name takes the room of two Latin letters a
        character: the next swatch starts after it, not over it."""
        chart = svg_chart.column_chart(
            ["2026-01"], [("受理投诉数", "#111", [3]), ("其中已办结", "#222", [2])]
        )
        swatches = re.findall(r'<rect x="([0-9.]+)" y="[0-9.]+" width="9"', chart)
        start = float(swatches[0]) + 12
        self.assertGreaterEqual(float(swatches[1]), start + 9.5 * 5)
        # control: Latin names keep their narrower steps
        chart = svg_chart.column_chart(
            ["2026-01"], [("Received", "#111", [3]), ("Closed", "#222", [2])]
        )
        swatches = re.findall(r'<rect x="([0-9.]+)" y="[0-9.]+" width="9"', chart)
        self.assertEqual(float(swatches[1]) - float(swatches[0]), 24 + 7 * 8)

    def test_improvement_figures_of_the_period(self):
        Action = self.env["complaint.corrective.action"]
        with freeze_time("2020-03-10 10:00:00"):
            late = Action.create(
                {
                    "title": "Late one",
                    "user_id": self.complaint_user.id,
                    "date_due": "2020-03-09",
                    "is_systemic": True,
                }
            )
            done = Action.create(
                {
                    "title": "Done one",
                    "root_cause": "Seal shrinks in the cold",
                    "action_plan": "<p>New seal</p>",
                    "user_id": self.complaint_user.id,
                    "verifier_id": self.complaint_manager.id,
                    "date_due": "2020-03-20",
                }
            )
            done.action_start()
            done.action_done()
            done.verification_note = "Checked"
            done.with_user(self.complaint_manager).action_verify_effective()
            late.action_start()
        with freeze_time("2020-04-10 10:00:00"):
            figures = self.env["complaint.improvement.indicator"].get_figures(
                date(2020, 3, 1), date(2020, 3, 31), self.env.company.ids
            )
            april = self.env["complaint.improvement.indicator"].get_figures(
                date(2020, 4, 1), date(2020, 4, 30), self.env.company.ids
            )
        self.assertEqual(
            (
                figures["actions_opened"],
                figures["actions_done"],
                figures["actions_effective"],
                figures["actions_overdue"],
            ),
            (2, 1, 1, 1),
        )
        # the systemic problems still running (whenever they were opened)
        systemic = [row["name"] for row in figures["systemic"]]
        self.assertIn(late.display_name, systemic)
        self.assertNotIn(done.display_name, systemic)
        # control: nothing was opened or done in April; the late one still is
        self.assertEqual(
            (april["actions_opened"], april["actions_done"], april["actions_overdue"]),
            (0, 0, 1),
        )
        self.assertIsNone(figures["review_score"])

    def test_improvement_figures_count_what_was_taken_up_and_stayed_done(self):
        Action = self.env["complaint.corrective.action"]
        vals = {
            "user_id": self.complaint_user.id,
            "date_due": "2020-03-20",
            "root_cause": "Seal shrinks in the cold",
            "action_plan": "<p>New seal</p>",
        }
        with freeze_time("2020-03-10 10:00:00"):
            proposal = Action.create(dict(vals, title="Proposed, not started"))
            cancelled = Action.create(dict(vals, title="Cancelled"))
            cancelled.action_cancel()
            sent_back = Action.create(
                dict(vals, title="Sent back", verifier_id=self.complaint_manager.id)
            )
            sent_back.action_start()
            sent_back.action_done()
            sent_back.with_user(self.complaint_manager).verification_note = "Leaks"
            sent_back.with_user(self.complaint_manager).action_verify_not_effective()
            kept = Action.create(
                dict(vals, title="Carried out", verifier_id=self.complaint_manager.id)
            )
            kept.action_start()
            kept.action_done()
        with freeze_time("2020-04-10 10:00:00"):
            figures = self.env["complaint.improvement.indicator"].get_figures(
                date(2020, 3, 1), date(2020, 3, 31), self.env.company.ids
            )
        self.assertTrue(proposal.exists())
        # opened: the two taken up; carried out: the one not sent back
        self.assertEqual((figures["actions_opened"], figures["actions_done"]), (2, 1))

    def test_quality_reviews_count_in_the_month_they_are_done(self):
        """A month's draw is made on the 2nd of the next and reviewed then:
        counted by its own month, it came after that month's review was sent
        (always 0) and in no later one. Counted when done, it is in the next."""
        complaint = self.env["complaint.complaint"].create(
            self._complaint_vals(subject="Sampled", user_id=self.complaint_user.id)
        )
        criteria = self.env["complaint.sample.criterion"].search([], limit=2)
        with freeze_time("2020-03-02 03:00:00"):
            sample = self.env["complaint.sample"].create(
                {
                    "complaint_id": complaint.id,
                    "period": date(2020, 2, 1),
                    "reviewer_id": self.complaint_manager.id,
                    "line_ids": [
                        Command.create({"criterion_id": c.id, "result": "pass"})
                        for c in criteria
                    ],
                }
            )
        with freeze_time("2020-03-05 10:00:00"):
            sample.with_user(self.complaint_manager).action_done()
        Indicator = self.env["complaint.improvement.indicator"]
        with freeze_time("2020-04-01 10:00:00"):
            february = Indicator.get_figures(
                date(2020, 2, 1), date(2020, 2, 29), self.env.company.ids
            )
            march = Indicator.get_figures(
                date(2020, 3, 1), date(2020, 3, 31), self.env.company.ids
            )
        self.assertEqual(february["review_count"], 0)
        self.assertEqual(march["review_count"], 1)
        self.assertEqual(march["review_score"], 100)

    def test_a_proposal_started_later_counts_as_opened_then(self):
        Action = self.env["complaint.corrective.action"]
        with freeze_time("2020-02-28 10:00:00"):
            proposal = Action.create(
                {
                    "title": "Recurring leak",
                    "user_id": self.complaint_user.id,
                    "date_due": "2020-03-20",
                }
            )
        with freeze_time("2020-03-03 10:00:00"):
            proposal.action_start()
        Indicator = self.env["complaint.improvement.indicator"]
        with freeze_time("2020-04-01 10:00:00"):
            february = Indicator.get_figures(
                date(2020, 2, 1), date(2020, 2, 29), self.env.company.ids
            )
            march = Indicator.get_figures(
                date(2020, 3, 1), date(2020, 3, 31), self.env.company.ids
            )
        self.assertEqual((february["actions_opened"], march["actions_opened"]), (0, 1))

    def test_a_draft_review_moved_to_another_period_is_printed_anew(self):
        with freeze_time("2020-05-02 10:00:00"):
            review = (
                self.env["complaint.management.review"]
                .with_user(self.complaint_manager)
                .create(
                    {
                        "date_from": "2020-03-01",
                        "date_to": "2020-03-31",
                        "decisions": "<p>Audit the kettle supplier.</p>",
                    }
                )
            )
            review.action_refresh_report()
            march = review.report_attachment_id
            self.assertTrue(march)
            review.write({"date_from": "2020-04-01", "date_to": "2020-04-30"})
            self.assertFalse(review.report_attachment_id)
            # March's figures are not left in April's review's chatter
            self.assertFalse(march.exists())
            review.action_hold()
        # held: the PDF kept is the April review's
        self.assertNotEqual(review.report_attachment_id, march)
        self.assertIn("2020-04", review.report_attachment_id.name)

    def test_a_review_covers_a_period_that_has_ended(self):
        Review = self.env["complaint.management.review"].with_user(
            self.complaint_manager
        )
        with self.assertRaises(ValidationError):
            Review.create({"date_from": "2020-03-31", "date_to": "2020-03-01"})
        with self.assertRaises(ValidationError):
            Review.create({"date_from": "0001-01-01", "date_to": "2020-03-31"})
        with freeze_time("2020-03-20 10:00:00"):
            review = Review.create(
                {
                    "date_from": "2020-03-01",
                    "date_to": "2020-03-31",
                    "decisions": "<p>Audit the kettle supplier.</p>",
                }
            )
            # the month still runs: its figures are not yet all there
            with self.assertRaises(UserError):
                review.action_hold()
            self.assertEqual(review.state, "draft")
        # control: once the month has ended
        with freeze_time("2020-04-02 10:00:00"):
            review.action_hold()
        self.assertEqual(review.state, "held")

    def test_a_month_ends_where_the_company_works(self):
        """31 March, 17:00 in Los Angeles is already 1 April in Shanghai: a
        manager there does not hold the Los Angeles company's March review
        while its last hours still run."""
        self.company.resource_calendar_id.tz = "America/Los_Angeles"
        self.complaint_manager.tz = "Asia/Shanghai"
        Review = self.env["complaint.management.review"].with_user(
            self.complaint_manager
        )
        with freeze_time("2020-04-01 00:30:00"):  # 17:30 on 31 March in LA
            review = Review.create(
                {
                    "date_from": "2020-03-01",
                    "date_to": "2020-03-31",
                    "decisions": "<p>Audit the kettle supplier.</p>",
                }
            )
            with self.assertRaises(UserError):
                review.action_hold()
            self.assertEqual(review.state, "draft")
        # control: 1 April in Los Angeles
        with freeze_time("2020-04-01 08:30:00"):
            review.action_hold()
        self.assertEqual(review.state, "held")
