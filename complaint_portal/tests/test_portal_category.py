import uuid

from odoo.tests import new_test_user, tagged

from .common import ComplaintPortalCase


@tagged("post_install", "-at_install")
class TestPortalCategory(ComplaintPortalCase):
    """The customer picks a category (optional or required, as the company
    sets it) and reads the company's known answers for it before sending."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Category = cls.env["complaint.category"]
        cls.delivery = Category.create({"name": "Parcel delivery"})
        cls.billing = Category.create({"name": "Billing"})
        cls.offline = Category.create(
            {"name": "Internal only", "portal_visible": False}
        )
        cls.answer = cls.env["complaint.known.answer"].create(
            {
                "name": "My parcel is late",
                "answer": "<p>Parcels take five working days.</p>",
                "category_ids": [(6, 0, cls.delivery.ids)],
            }
        )
        cls.company.complaint_portal_limit_ip = 50

    def _send(self, **values):
        form = self._form(
            name="Li Wei",
            email="li.wei@example.com",
            submission_key=uuid.uuid4().hex,
            **values,
        )
        response = self.url_open("/complaint/new", data=form)
        complaint = self.env["complaint.complaint"].search(
            [("portal_submission_key", "=like", f"{form['submission_key']}:%")]
        )
        return response, complaint

    def test_form_offers_categories_and_their_answers(self):
        page = self.url_open("/complaint/new").text
        self.assertIn('id="complaint_category_id"', page)
        self.assertIn(f'value="{self.delivery.id}"', page)
        self.assertNotIn(f'value="{self.offline.id}"', page)
        self.assertIn("Parcels take five working days.", page)
        self.assertIn(f'data-category-ids="{self.delivery.id}"', page)
        # another company's answers are not shown
        other = self.env["res.company"].create({"name": "Other Co"})
        self.answer.company_id = other
        self.assertNotIn(
            "Parcels take five working days.", self.url_open("/complaint/new").text
        )

    def test_a_translated_answer_is_sanitized_as_its_text(self):
        """Core writes a translation by SQL, past the field's sanitizer: a
        manager's (or a hijacked manager's) translation of a known answer
        carried an event handler onto the public form, run in every visitor's
        and signed-in administrator's browser."""
        self.env["res.lang"]._activate_lang("zh_CN")
        manager = new_test_user(
            self.env,
            login="cat_answer_manager",
            groups="complaint_management.complaint_management_group_manager",
        )
        as_manager = self.answer.with_user(manager)
        as_manager.update_field_translations(
            "answer",
            {
                "zh_CN": {
                    "Parcels take five working days.": (
                        '<span style="animation:spinner-border 1s" '
                        'onanimationstart="alert(document.domain)">包裹五个工作日内送达'
                        "</span>"
                    )
                }
            },
        )
        stored = str(self.answer.with_context(lang="zh_CN").answer)
        self.assertNotIn("onanimationstart", stored)
        self.assertNotIn("alert", stored)
        # control: the translation itself is kept
        self.assertIn("包裹五个工作日内送达", stored)
        self.assertIn("five working days", str(self.answer.answer))

    def test_form_reads_categories_and_answers_in_four_queries(self):
        """However many categories (nested) and answers the company offers,
        the form reads them in four queries: the categories with their names,
        their parents' names, the answers with their texts, their categories."""
        Category = self.env["complaint.category"]
        for index in range(6):
            parent = Category.create({"name": f"Group {index}"})
            leaf = Category.create({"name": f"Leaf {index}", "parent_id": parent.id})
            self.env["complaint.known.answer"].create(
                {
                    "name": f"Question {index}",
                    "answer": f"<p>Answer {index}</p>",
                    "category_ids": [(6, 0, parent.child_ids.ids)],
                }
            )
        self.env.invalidate_all()
        # the company's settings are read by the page before
        self.assertEqual(self.company.complaint_portal_category, "optional")
        start = self.env.cr.sql_log_count
        categories = self.company._complaint_portal_categories()
        names = categories.mapped("display_name")
        answers = self.env["complaint.known.answer"]._portal_answers(self.company)
        texts = [(a.name, a.answer, a._portal_category_ids()) for a in answers]
        self.assertEqual(self.env.cr.sql_log_count - start, 4)
        self.assertIn("Group 3 / Leaf 3", names)
        self.assertIn(("Question 5", "<p>Answer 5</p>", str(leaf.id)), texts)

    def test_category_is_optional_by_default(self):
        response, complaint = self._send()
        self.assertEqual(response.status_code, 200)
        self.assertTrue(complaint)
        response, complaint = self._send(category_id=str(self.delivery.id))
        self.assertEqual(complaint.category_id, self.delivery)

    def test_required_category_and_offered_ones_only(self):
        self.company.complaint_portal_category = "required"
        response, complaint = self._send()
        self.assertEqual(response.status_code, 400)
        self.assertIn("Choose what your complaint is about.", response.text)
        self.assertFalse(complaint)
        response, complaint = self._send(category_id=str(self.offline.id))
        self.assertEqual(response.status_code, 400)
        self.assertIn("Choose one of the categories offered.", response.text)
        self.assertFalse(complaint)
        # the answers of the chosen category stay shown when the form comes back
        self.assertIn("Parcels take five working days.", response.text)
        response, complaint = self._send(category_id=str(self.billing.id))
        self.assertEqual(complaint.category_id, self.billing)

    def test_required_with_none_offered_still_files(self):
        """Every category taken off the form with the category required: no
        field to choose from, and every complaint refused."""
        self.company.complaint_portal_category = "required"
        self.env["complaint.category"].search([]).write({"portal_visible": False})
        response, complaint = self._send()
        self.assertEqual(response.status_code, 200)
        self.assertTrue(complaint)

    def test_hidden_category(self):
        self.company.complaint_portal_category = "hidden"
        self.assertNotIn(
            'id="complaint_category_id"', self.url_open("/complaint/new").text
        )
        response, complaint = self._send(category_id=str(self.delivery.id))
        self.assertEqual(response.status_code, 400)
        self.assertFalse(complaint)
