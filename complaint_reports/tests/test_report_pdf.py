import io

from lxml import html as lxml_html

from odoo import fields
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.pdf import PdfFileReader

from .common import build_handled_complaint

REPORTS = (
    "complaint_reports.action_report_complaint_registration",
    "complaint_reports.action_report_complaint_tracking",
    "complaint_reports.action_report_complaint_decision",
)
REVIEW_REPORT = "complaint_reports.action_report_management_review"


class ReportPdfCase(HttpCase):
    """A manager's team, a Chinese- and an English-speaking complainant and
    the company's letterhead; each test has complaints handled from start to
    end to print (wkhtmltopdf fetches the report styles from the test
    server)."""

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

    def _reopened_with_a_new_remedy(self, complaint):
        """Reopened, with a remedy to offer: the one carried out before the
        reopening is not offered again."""
        complaint.action_reopen()
        self._new_remedy_to_offer(complaint)
        return complaint

    def _new_remedy_to_offer(self, complaint):
        """A small remedy of the complaint's first kind, approved."""
        remedy = self.env["complaint.remedy"].create(
            {
                "complaint_id": complaint.id,
                "type_id": complaint.remedy_ids[0].type_id.id,
                "amount": 5,
            }
        )
        if remedy.state == "proposed":
            remedy.with_user(self.manager).action_approve()
        return remedy

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

    def _html(self, report, complaints, user=None):
        """The report of ``complaints`` as HTML, printed by ``user`` (by
        default the test's)."""
        Report = self.env["ir.actions.report"]
        if user:
            Report = Report.with_user(user)
        return Report._render_qweb_html(report, complaints.ids)[0].decode()


@tagged("post_install", "-at_install")
class TestReportPdf(ReportPdfCase):
    """The printed forms render to PDF in English and in Chinese, on A4, from
    the complaint's form and list, with the pages and file names expected."""

    def test_forms_render_to_pdf_in_both_languages(self):
        for report in REPORTS:
            for complaint in (self.complaint_zh, self.complaint_en):
                with self.subTest(report=report, lang=complaint.partner_id.lang):
                    self._pdf(report, complaint)

    def test_chinese_prints_as_chinese_text(self):
        """A Chinese complainant's form prints in Chinese: the glyphs are in
        the PDF as text (the CJK font is there), not as empty boxes."""
        self.env["ir.module.module"]._load_module_terms(
            ["complaint_management", "complaint_reports"], ["zh_CN"], overwrite=True
        )
        report = "complaint_reports.action_report_complaint_registration"
        text = self._pdf_text(self._pdf(report, self.complaint_zh))
        self.assertIn("投诉登记表", text)
        self.assertIn("张伟", text)
        # control: the English complainant's form has the English title (its
        # Chinese data, typed by the complainant, prints as Chinese there too)
        english = self._pdf_text(self._pdf(report, self.complaint_en))
        self.assertNotIn("投诉登记表", english)
        self.assertIn("电热", english)

    def _pdf_text(self, content):
        pages = PdfFileReader(io.BytesIO(content)).pages
        # (whitespace between glyphs depends on the font's spacing)
        return "".join("".join(page.extract_text().split()) for page in pages)

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
        # (written as before its closing: a closed complaint's summary stays)
        self.complaint_zh.sudo().resolution_summary = "<p>%s</p>" % (
            "Long story. " * 900
        )
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
