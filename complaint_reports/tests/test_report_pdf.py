import io
from unittest.mock import patch

from lxml import html as lxml_html

from odoo import Command, fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.pdf import PdfFileReader

from odoo.addons.complaint_reports.models import ir_actions_report as report_module

from .common import build_handled_complaint

REPORTS = (
    "complaint_reports.action_report_complaint_registration",
    "complaint_reports.action_report_complaint_tracking",
    "complaint_reports.action_report_complaint_decision",
)
REVIEW_REPORT = "complaint_reports.action_report_management_review"


@tagged("post_install", "-at_install")
class TestReportPdf(HttpCase):
    """The printed forms render to PDF (wkhtmltopdf fetches the report styles
    from the test server) in English and in Chinese."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("zh_CN")
        cls.env.company.complaint_batch_count = 1000
        cls.manager = new_test_user(
            cls.env,
            login="rep_manager",
            groups="complaint_management.complaint_management_group_manager",
            name="Report Manager",
        )
        cls.team = cls.env["complaint.team"].create(
            {"name": "Report Team", "leader_id": cls.manager.id}
        )
        Partner = cls.env["res.partner"]
        cls.partner_zh = Partner.create(
            {
                "name": "张伟",
                "city": "深圳",
                "zip": "518057",
                "country_id": cls.env.ref("base.cn").id,
                "email": "zhang.wei@example.com",
                "lang": "zh_CN",
            }
        )
        cls.partner_en = Partner.create(
            {"name": "Jane Doe", "email": "jane@example.com", "lang": "en_US"}
        )
        cls.env.company.write(
            {
                "name": "Letterhead Appliances Ltd",
                "street": "88 Harbour Road",
                "city": "Portsmouth",
                "phone": "+44 23 9200 0000",
                "email": "care@letterhead.example.com",
                "website": "https://letterhead.example.com",
                "company_details": False,
                "report_footer": False,
            }
        )

    def setUp(self):
        super().setUp()
        self.env["ir.config_parameter"].sudo().set_param("report.url", self.base_url())
        env = self.env(user=self.manager)
        self.complaint_zh = build_handled_complaint(
            env, self.partner_zh, self.team, step_done=self._flush_tracking
        )
        self.complaint_en = build_handled_complaint(
            env,
            self.partner_en,
            self.team,
            step_done=self._flush_tracking,
            subject="The sofa came three weeks late",
        )
        rejected = build_handled_complaint(
            env, self.partner_en, self.team, subject="Refused refund"
        )
        self.complaint_rejected = rejected

    def _flush_tracking(self):
        # the chatter writes a status change when the transaction ends
        self.env.flush_all()
        self.env.cr.flush()

    def _pdf(self, report, complaint):
        content, kind = (
            self.env["ir.actions.report"]
            .with_context(force_report_rendering=True)
            ._render_qweb_pdf(report, complaint.ids)
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(content.startswith(b"%PDF"), report)
        return content

    def _html(self, report, complaints):
        return (
            self.env["ir.actions.report"]
            ._render_qweb_html(report, complaints.ids)[0]
            .decode()
        )

    def test_forms_render_to_pdf_in_both_languages(self):
        for report in REPORTS:
            for complaint in (self.complaint_zh, self.complaint_en):
                with self.subTest(report=report, lang=complaint.partner_id.lang):
                    self._pdf(report, complaint)

    def test_several_complaints_print_as_one_pdf(self):
        """Printing from the list: one document, every complaint in it."""
        complaints = self.complaint_zh | self.complaint_en
        for report in REPORTS:
            with self.subTest(report=report):
                together = self._pdf(report, complaints)
                alone = [self._pdf(report, complaint) for complaint in complaints]
                self.assertEqual(
                    self._page_count(together),
                    sum(self._page_count(content) for content in alone),
                )

    def _page_count(self, content):
        return len(PdfFileReader(io.BytesIO(content)).pages)

    def test_every_complaint_report_prints_on_a4(self):
        reports = self.env["ir.actions.report"].search(
            [("report_name", "=like", "complaint_reports.%")]
        )
        self.assertGreaterEqual(len(reports), 4)
        for report in reports:
            with self.subTest(report=report.report_name):
                self.assertEqual(report.paperformat_id.format, "A4")

    def test_typical_tracking_form_fits_one_page_in_both_languages(self):
        self.env["ir.module.module"]._load_module_terms(
            ["complaint_management", "complaint_reports"], ["zh_CN"], overwrite=True
        )
        report = "complaint_reports.action_report_complaint_tracking"
        for lang in ("en_US", "zh_CN"):
            with self.subTest(lang=lang):
                self.env.user.lang = lang
                self.assertEqual(
                    self._page_count(self._pdf(report, self.complaint_zh)), 1
                )
        # control: a complaint with a long history does run onto a second page
        self.complaint_zh.resolution_summary = "<p>%s</p>" % ("Long story. " * 900)
        self.assertGreater(self._page_count(self._pdf(report, self.complaint_zh)), 1)

    def test_review_is_two_numbered_pages_with_charts(self):
        self.env["ir.module.module"]._load_module_terms(
            ["complaint_management", "complaint_reports"], ["zh_CN"], overwrite=True
        )
        today = fields.Date.context_today(self.env.user)
        review = self.env["complaint.review"].create(
            {"date_from": today.replace(day=1), "date_to": today}
        )
        for lang in ("en_US", "zh_CN"):
            with self.subTest(lang=lang):
                self.env.user.lang = lang
                reader = PdfFileReader(io.BytesIO(self._pdf(REVIEW_REPORT, review)))
                pages = reader.pages
                self.assertIn(len(pages), (1, 2))
                for number, page in enumerate(pages, start=1):
                    extract = getattr(page, "extract_text", None) or page.extractText
                    self.assertIn(f"{number} / {len(pages)}", extract())
        html = self._html(REVIEW_REPORT, review)
        page = lxml_html.fromstring(html)
        # the trend and the shares are drawn, the complaints of the setUp in them
        self.assertEqual(len(page.xpath("//div[hasclass('o_complaint_chart')]/svg")), 4)
        self.assertEqual(
            [int(n) for n in page.xpath("//tr[@data-key]/td[1]/text()") if n.strip()],
            list(range(1, 14)),
            "the thirteen indicators of the guideline, numbered",
        )

    def test_tracking_form_ticks_the_annex_boxes(self):
        html = self._html(
            "complaint_reports.action_report_complaint_tracking", self.complaint_zh
        )
        page = lxml_html.fromstring(html)

        def ticked(label):
            boxes = page.xpath(
                "//span[hasclass('o_complaint_check')][span[2][normalize-space()=$l]]"
                "/span[hasclass('o_complaint_box')]/text()",
                l=label,
            )
            self.assertEqual(len(boxes), 1, label)
            return boxes[0] == "☑"

        # the complaint came by email
        self.assertTrue(ticked("Email"))
        self.assertFalse(ticked("Phone"))
        self.assertFalse(ticked("Other"))
        # its remedies: a replacement and a compensation of 150
        self.assertTrue(ticked("Replace the product"))
        self.assertTrue(ticked("Pay compensation"))
        self.assertFalse(ticked("Apology"))
        compensation = page.xpath(
            "//td[.//span[normalize-space()='Pay compensation']]/strong/text()"
        )
        self.assertIn("150.00", compensation[0])
        # a channel the form does not name ticks Other with its name
        self.complaint_zh.channel_id = self.env["complaint.channel"].create(
            {"name": "Trade fair stand", "code": "fair"}
        )
        boxes = self.complaint_zh._report_channel_boxes()
        self.assertEqual(
            [(label, detail) for label, ticked, detail in boxes if ticked],
            [("Other", "Trade fair stand")],
        )

    def test_forms_speak_the_complainants_language(self):
        html = self._html(
            "complaint_reports.action_report_complaint_registration",
            self.complaint_zh | self.complaint_en,
        )
        # printed several at once, each in its complainant's language
        self.assertIn('data-oe-lang="zh_CN"', html)
        self.assertIn('data-oe-lang="en_US"', html)
        # the date in the printing user's time zone (near midnight UTC it is
        # already the next day east of Greenwich)
        local = {
            complaint: fields.Datetime.context_timestamp(
                self.env.user, complaint.date_received
            )
            for complaint in self.complaint_zh | self.complaint_en
        }
        self.assertIn(local[self.complaint_zh].strftime("%Y年%m月%d日"), html)
        self.assertIn(local[self.complaint_en].strftime("%m/%d/%Y"), html)
        self.assertIn("电热水壶底座漏电", html)
        self.assertIn("底座照片.jpg", html, "the attachments are listed")

    def test_tracking_form_fills_the_eight_steps_from_history(self):
        steps = self.complaint_zh._report_tracking_steps()
        self.assertEqual(len(steps), 8)
        by_name = {step["name"]: step for step in steps}
        for name in ("Acknowledgement", "Assessment", "Investigation", "Closure"):
            self.assertTrue(by_name[name]["date"], name)
            self.assertEqual(by_name[name]["person"], "Report Manager", name)
        # lists and notes are whole sentences of the printing language
        self.assertEqual(by_name["Correction"]["note"], "Replacement and Compensation")
        self.assertIn("Compensation: ", by_name["Solution"]["note"])
        self.assertIn("150.00", by_name["Solution"]["note"])
        self.assertEqual(
            by_name["Assessment"]["note"], "Severity: High; validity: Founded"
        )
        self.env["ir.module.module"]._load_module_terms(
            ["complaint_management", "complaint_reports"], ["zh_CN"], overwrite=True
        )
        # an internal form speaks the language of whoever prints it
        self.manager.lang = "zh_CN"
        html = (
            self.env(user=self.manager)["ir.actions.report"]
            ._render_qweb_html(
                "complaint_reports.action_report_complaint_tracking",
                self.complaint_zh.ids,
            )[0]
            .decode()
        )
        self.assertIn("纠正验证", html, "the steps are named in Chinese")
        self.assertIn("严重程度：高；是否属实：属实", html)
        self.assertIn("供应商绝缘材料批次缺陷", html)
        self.assertIn(self.complaint_zh.name, html, "numbered by tracking number")
        # moments without seconds, in either language's format
        self.assertRegex(html, r"\d+时\d+分")
        self.assertNotRegex(html, r"\d+秒")
        # control: an English-speaking user prints the Chinese customer's form
        # in English
        self.assertEqual(self.env.user.lang, "en_US")
        english = self._html(
            "complaint_reports.action_report_complaint_tracking", self.complaint_zh
        )
        self.assertIn("Correction verification", english)
        self.assertRegex(english, r"\d{2}:\d{2}")
        self.assertNotRegex(english, r"\d{2}:\d{2}:\d{2}")
        self.assertNotIn("纠正验证", english)

    def test_correction_rows_come_from_the_corrective_actions(self):
        verifier = new_test_user(
            self.env,
            login="rep_verifier",
            groups="complaint_management.complaint_management_group_officer",
            name="Vera Verifier",
        )
        action = self.env["complaint.corrective.action"].create(
            {
                "title": "Insulation supplier audit",
                "complaint_ids": [Command.set(self.complaint_zh.ids)],
                "user_id": self.manager.id,
                "verifier_id": verifier.id,
                "date_due": fields.Date.today(),
            }
        )
        action.with_user(self.manager).action_start()
        action.with_user(self.manager).action_done()
        action.with_user(verifier).verification_note = "No defect in 3 batches"
        action.with_user(verifier).action_verify_effective()
        steps = {s["name"]: s for s in self.complaint_zh._report_tracking_steps()}
        correction = steps["Correction"]
        self.assertEqual(correction["person"], "Report Manager")
        self.assertIn("Insulation supplier audit", correction["note"])
        self.assertEqual(correction["date"], action.date_done)
        verification = steps["Correction verification"]
        self.assertEqual(verification["person"], "Vera Verifier")
        self.assertEqual(verification["note"], "Effective: No defect in 3 batches")
        # control: a complaint without corrective action is corrected by its
        # remedies and has no verification yet
        steps = {s["name"]: s for s in self.complaint_en._report_tracking_steps()}
        self.assertEqual(steps["Correction"]["note"], "Replacement and Compensation")
        self.assertFalse(steps["Correction verification"]["date"])

    def test_decision_letter_gives_the_other_routes_when_refused(self):
        complaint = self.complaint_rejected
        complaint.action_reopen()
        complaint.action_propose()
        complaint.action_reject_proposal("The amount is too small")
        report = "complaint_reports.action_report_complaint_decision"
        html = self._html(report, complaint)
        self.assertIn("12315", html)
        self.assertIn(
            f"quoting the tracking number {complaint.name};",
            html,
            "the review route names the tracking number",
        )
        self.assertNotIn("12315", self._html(report, self.complaint_en))
        steps = {step["name"]: step for step in complaint._report_tracking_steps()}
        self.assertEqual(
            steps["Notification"]["note"], "Rejected: The amount is too small"
        )
        self._pdf(report, complaint)

    def test_decision_letter_sentences_translate_whole(self):
        """A sentence holding a value is one message with its punctuation, so
        the Chinese letter reads 尊敬的…： and not the English comma."""
        self.env["ir.module.module"]._load_module_terms(
            ["complaint_management", "complaint_reports"], ["zh_CN"], overwrite=True
        )
        complaint = self.complaint_zh
        html = self._html(
            "complaint_reports.action_report_complaint_decision", complaint
        )
        self.assertIn("尊敬的张伟：", html)
        self.assertIn(f"关于您的投诉（{complaint.name}）的处理决定", html)
        self.assertIn(f"您可凭跟踪编号 {complaint.name} 查询投诉处理进度。", html)
        self.assertNotIn("Dear", html)
        english = self._html(
            "complaint_reports.action_report_complaint_decision", self.complaint_en
        )
        self.assertIn("Dear Jane Doe,", english)
        # a letter: reference, date, and room for the signature and the seal
        self.assertIn("Our reference:", english)
        self.assertIn(self.complaint_en.name, english)
        self.assertIn("Company seal", english)
        # a company is addressed in the address block, not as "Dear Company,"
        company = self.complaint_en.partner_id.parent_id or self.env[
            "res.partner"
        ].create({"name": "The Jackson Group", "is_company": True, "lang": "en_US"})
        self.complaint_en.sudo().write(
            {"partner_id": company.id, "contact_name": False}
        )
        letter = self._html(
            "complaint_reports.action_report_complaint_decision", self.complaint_en
        )
        self.assertIn("Dear Sir or Madam,", letter)
        self.assertNotIn(f"Dear {company.name}", letter)

    def test_file_names_follow_the_printing_language(self):
        complaint = self.complaint_en
        number = complaint.name.replace("/", "-")
        self.assertEqual(
            complaint._report_file_name("decision"), f"Decision - {number}"
        )
        self.env["ir.module.module"]._load_module_terms(
            ["complaint_management", "complaint_reports"], ["zh_CN"], overwrite=True
        )
        self.assertEqual(
            complaint.with_context(lang="zh_CN")._report_file_name("registration"),
            f"投诉登记表 - {number}",
        )

    def test_printable_from_the_complaint_form_and_list(self):
        for report in REPORTS:
            action = self.env.ref(report)
            self.assertEqual(action.binding_model_id.model, "complaint.complaint")
            self.assertEqual(action.binding_type, "report")

    # company letterhead: header/footer of web.external_layout, or the page
    # body when wkhtmltopdf (Debian's, unpatched Qt) ignores --header-html

    def _header_supported(self, supported):
        return patch.object(
            type(self.env["ir.actions.report"]),
            "_complaint_header_footer_supported",
            return_value=supported,
        )

    def _print_html(self, report, records):
        """The HTML that goes to wkhtmltopdf when printing to PDF."""
        html = (
            self.env["ir.actions.report"]
            ._render_qweb_html(report, records.ids, data={"report_type": "pdf"})[0]
            .decode()
        )
        return lxml_html.fromstring(html)

    def _in_body(self, tree, css_class):
        """The elements of that class in the page body (div.article), not in
        the header or footer handed to wkhtmltopdf apart."""
        return tree.xpath(
            "//div[contains(concat(' ', @class, ' '), ' article ')]"
            f"//div[contains(concat(' ', @class, ' '), ' {css_class} ')]"
        )

    def _body_letterheads(self, tree):
        return self._in_body(tree, "o_complaint_letterhead")

    def _review(self):
        return self.env["complaint.review"].create(
            {"date_from": "2019-01-01", "date_to": "2019-12-31"}
        )

    def _all_forms(self):
        forms = [(report, self.complaint_zh) for report in REPORTS]
        forms += [(report, self.complaint_en) for report in REPORTS]
        return [*forms, (REVIEW_REPORT, self._review())]

    def test_letterhead_in_the_body_when_header_unsupported(self):
        self.assertTrue(self.env.company.logo)
        for report, records in self._all_forms():
            with (
                self.subTest(report=report, records=records),
                self._header_supported(False),
            ):
                tree = self._print_html(report, records)
                letterheads = self._body_letterheads(tree)
                self.assertEqual(len(letterheads), 1, "the letterhead shows once")
                text = letterheads[0].text_content()
                self.assertIn("Letterhead Appliances Ltd", text)
                self.assertIn("88 Harbour Road", text)
                self.assertIn("Portsmouth", text)
                self.assertIn("care@letterhead.example.com", text)
                self.assertTrue(
                    letterheads[0].xpath(".//img[starts-with(@src, 'data:image')]"),
                    "the company logo is in the body",
                )
                footers = self._in_body(tree, "o_complaint_letterfoot")
                self.assertEqual(len(footers), 1)
                self.assertIn(
                    "https://letterhead.example.com", footers[0].text_content()
                )

    def test_no_body_letterhead_when_header_supported(self):
        """The patched build prints the layout's header: not a second time."""
        for report, records in self._all_forms():
            with (
                self.subTest(report=report, records=records),
                self._header_supported(True),
            ):
                tree = self._print_html(report, records)
                self.assertFalse(self._body_letterheads(tree))
                self.assertFalse(
                    tree.xpath("//*[contains(@class, 'o_complaint_letterfoot')]")
                )
                header = tree.xpath("//div[contains(@class, 'header')]")
                self.assertIn("88 Harbour Road", header[0].text_content())

    def test_html_preview_shows_the_header_only(self):
        with self._header_supported(False):
            html = self._html(REPORTS[0], self.complaint_en)
        self.assertNotIn("o_complaint_letterhead", html)
        self.assertIn("88 Harbour Road", html)

    def test_pdf_carries_the_letterhead_without_header_support(self):
        """The letter has no picture of its own: the image on its first page
        is the company logo of the letterhead printed in the body."""
        report = "complaint_reports.action_report_complaint_decision"
        with self._header_supported(False):
            content = self._pdf(report, self.complaint_en)
        page = PdfFileReader(io.BytesIO(content)).pages[0]
        images = [
            image
            for image in (page["/Resources"].get("/XObject") or {}).values()
            if image.get_object().get("/Subtype") == "/Image"
        ]
        self.assertEqual(len(images), 1)

    def test_header_support_follows_the_wkhtmltopdf_build(self):
        Report = self.env["ir.actions.report"]
        uncached = report_module._wkhtmltopdf_has_patched_qt.__wrapped__
        for version, supported in (
            (b"wkhtmltopdf 0.12.6 (with patched qt)\n", True),
            (b"wkhtmltopdf 0.12.6\n", False),
        ):
            with (
                self.subTest(version=version),
                patch.object(report_module, "_wkhtmltopdf_has_patched_qt", uncached),
                patch.object(report_module.subprocess, "run") as run,
                patch.object(type(Report), "get_wkhtmltopdf_state", return_value="ok"),
            ):
                run.return_value.stdout = version
                self.assertIs(Report._complaint_header_footer_supported(), supported)
