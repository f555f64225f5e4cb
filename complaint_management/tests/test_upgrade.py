import importlib.util
from pathlib import Path

from odoo.tests import TransactionCase, tagged

MIGRATIONS = Path(__file__).parent.parent / "migrations"


def _migration(version):
    path = MIGRATIONS / version / "post-migrate.py"
    spec = importlib.util.spec_from_file_location(f"migrate_{version}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@tagged("post_install", "-at_install")
class TestUpgrade(TransactionCase):
    def test_acknowledgement_chinese_text_follows_the_progress_interval(self):
        # an upgrade keeps a database's Chinese text: the shipped sentence
        # promising a fixed two working days is replaced by the new one
        migration = _migration("18.0.1.1.2")
        self.env["res.lang"]._activate_lang("zh_CN")
        template = self.env.ref(
            "complaint_management.mail_template_complaint_acknowledgement"
        ).with_context(lang="zh_CN")
        shipped = "<p>我们预计在<strong>7个工作日</strong>" + migration.OLD
        template.body_html = shipped
        migration.migrate(self.env.cr, "18.0.1.1.1")
        template.invalidate_recordset()
        self.assertIn(migration.NEW, template.body_html)
        self.assertNotIn("每两个工作日", template.body_html)
        # control: a Chinese text the company rewrote is left alone
        rewritten = "<p>我们会尽快处理，并每周通报进度。</p>"
        template.body_html = rewritten
        migration.migrate(self.env.cr, "18.0.1.1.1")
        template.invalidate_recordset()
        self.assertEqual(str(template.body_html), rewritten)
