import io

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools.pdf import PdfFileReader

from .common import build_handled_complaint

REPORTS = (
    "complaint_reports.action_report_complaint_registration",
    "complaint_reports.action_report_complaint_tracking",
    "complaint_reports.action_report_complaint_decision",
)


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

    def test_forms_speak_the_complainants_language(self):
        html = self._html(
            "complaint_reports.action_report_complaint_registration",
            self.complaint_zh | self.complaint_en,
        )
        # printed several at once, each in its complainant's language
        self.assertIn('data-oe-lang="zh_CN"', html)
        self.assertIn('data-oe-lang="en_US"', html)
        self.assertIn(self.complaint_zh.date_received.strftime("%Y年%m月%d日"), html)
        self.assertIn(self.complaint_en.date_received.strftime("%m/%d/%Y"), html)
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
        html = self._html(
            "complaint_reports.action_report_complaint_tracking", self.complaint_zh
        )
        self.assertIn("纠正验证", html, "the steps are named in Chinese")
        self.assertIn("严重程度：高；是否属实：属实", html)
        self.assertIn("供应商绝缘材料批次缺陷", html)

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
