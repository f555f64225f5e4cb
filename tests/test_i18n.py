import re
from pathlib import Path

import polib

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, tagged
from odoo.tools.translate import TranslationModuleReader

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ("complaint_management", "complaint_portal", "complaint_reports")
PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sdf]|\{\{.*?\}\}")


@tagged("post_install", "-at_install")
class TestChineseTranslations(TransactionCase):
    """Simplified Chinese is a first-class language: every term is translated."""

    def test_every_term_has_a_chinese_translation(self):
        for addon in ADDONS:
            with self.subTest(addon=addon):
                pot = polib.pofile(str(ROOT / addon / "i18n" / f"{addon}.pot"))
                po = polib.pofile(str(ROOT / addon / "i18n" / "zh_CN.po"))
                translated = {
                    (entry.msgctxt, entry.msgid): entry.msgstr for entry in po
                }
                missing = [
                    entry.msgid
                    for entry in pot
                    if not translated.get((entry.msgctxt, entry.msgid))
                ]
                self.assertFalse(missing, f"{addon}: untranslated {missing[:10]}")

    def test_template_holds_every_term_of_the_code_and_data(self):
        """The .pot is what translators get: a message added to the code or a
        view without regenerating it (tools/i18n.sh) would show in English
        to a Chinese reader, and a term left there after its code went would
        be translated for nothing."""
        for addon in ADDONS:
            with self.subTest(addon=addon):
                pot = polib.pofile(str(ROOT / addon / "i18n" / f"{addon}.pot"))
                exported = {
                    source
                    for _module, _ttype, _name, _res_id, source, _value, _comments in (
                        TranslationModuleReader(self.env.cr, modules=[addon])
                    )
                    if source
                }
                self.assertFalse(
                    sorted(exported - {entry.msgid for entry in pot})[:10],
                    f"{addon}: terms missing from the .pot (run tools/i18n.sh)",
                )
                # the code's own terms: the records' depend on the database
                # (demo data or not)
                in_code = {
                    entry.msgid
                    for entry in pot
                    if all(
                        path.startswith("code:") for path, _line in entry.occurrences
                    )
                }
                self.assertFalse(
                    sorted(in_code - exported)[:10],
                    f"{addon}: terms in the .pot no longer used",
                )

    def test_placeholders_survive_translation(self):
        for addon in ADDONS:
            po = polib.pofile(str(ROOT / addon / "i18n" / "zh_CN.po"))
            for entry in po:
                if not entry.msgstr:
                    continue
                with self.subTest(addon=addon, msgid=entry.msgid):
                    self.assertEqual(
                        sorted(PLACEHOLDER.findall(entry.msgid)),
                        sorted(PLACEHOLDER.findall(entry.msgstr)),
                    )

    def test_menu_and_data_load_in_chinese(self):
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "in", ADDONS)]
        )._update_translations(["zh_CN"])
        menu = self.env.ref("complaint_management.complaint_management_menu_root")
        self.assertEqual(menu.with_context(lang="zh_CN").name, "投诉")
        level = self.env.ref("complaint_management.complaint_level_extra_urgent")
        self.assertEqual(level.with_context(lang="zh_CN").name, "特急")
        category = self.env.ref("complaint_management.complaint_category_annex_damaged")
        self.assertEqual(category.with_context(lang="zh_CN").name, "受损")
        self.assertEqual(
            category.with_context(lang="zh_CN").display_name,
            "投诉跟踪表问题类别 / 受损",
            "the category path follows the reader's language",
        )

    def test_refusals_name_the_record_in_chinese(self):
        """A refusal names the kind of record in the reader's language, not
        "Customer Complaint" in a Chinese sentence."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "in", ADDONS)]
        )._update_translations(["zh_CN"])
        admin = self.env.ref("base.user_admin")
        complaint = self.env["complaint.complaint"].create(
            {"subject": "水壶漏水", "complainant_name": "王先生"}
        )
        as_reader = complaint.with_user(admin).with_context(lang="zh_CN")
        with self.assertRaises(UserError) as caught:
            as_reader.write({"state": "closed"})
        self.assertIn("客户投诉", str(caught.exception))
        self.assertNotIn("Customer Complaint", str(caught.exception))
        # control: the same refusal in English names it in English
        with self.assertRaises(UserError) as caught:
            as_reader.with_context(lang="en_US").write({"state": "closed"})
        self.assertIn("Customer Complaint", str(caught.exception))

    def test_staff_notes_follow_the_companys_language(self):
        """Notes for staff are shared records: a Chinese company's are written
        in Chinese whoever triggered them (here someone reading English)."""
        self.env["res.lang"]._activate_lang("zh_CN")
        self.env["ir.module.module"].search(
            [("name", "in", ADDONS)]
        )._update_translations(["zh_CN"])
        self.env.company.partner_id.lang = "zh_CN"
        manager = self.env.ref("base.user_admin")
        manager.groups_id |= self.env.ref(
            "complaint_management.complaint_management_group_manager"
        )
        Complaint = self.env["complaint.complaint"].with_context(lang="en_US")
        complaint = Complaint.create(
            {"subject": "Kettle", "complainant_name": "Wang", "is_high_risk": True}
        )
        notes = complaint.message_ids.filtered(lambda m: "投诉经理" in (m.body or ""))
        self.assertEqual(len(notes), 1, complaint.message_ids.mapped("body"))
        self.assertFalse(
            complaint.message_ids.filtered(
                lambda m: "reported to the complaint managers" in (m.body or "")
            )
        )
        # control: an English-speaking company's note is in English
        self.env.company.partner_id.lang = "en_US"
        complaint = Complaint.with_context(lang="zh_CN").create(
            {"subject": "Kettle", "complainant_name": "Wang", "is_high_risk": True}
        )
        self.assertTrue(
            complaint.message_ids.filtered(
                lambda m: "reported to the complaint managers" in (m.body or "")
            )
        )
