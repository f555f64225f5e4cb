from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCategory(TransactionCase):
    def test_found_by_its_name_in_the_readers_language(self):
        """A Chinese reader types the Chinese name of a category (in the
        complaint's field or the search view) and finds it."""
        self.env["res.lang"]._activate_lang("zh_CN")
        Category = self.env["complaint.category"]
        parent = Category.create({"name": "Delivery"})
        refund = Category.create({"name": "Refund refused", "parent_id": parent.id})
        refund.with_context(lang="zh_CN").name = "拒绝退款"
        parent.with_context(lang="zh_CN").name = "配送"
        zh = Category.with_context(lang="zh_CN")
        ours = [("id", "in", (parent | refund).ids)]
        found = zh.name_search("退款", ours)
        self.assertEqual([row[0] for row in found], refund.ids)
        self.assertEqual(found[0][1], "配送 / 拒绝退款")
        self.assertEqual(zh.search(ours + [("display_name", "ilike", "退款")]), refund)
        # an exact name is the full path (imports): one category, not
        # every category of that leaf name
        other = Category.create({"name": "Refund refused", "parent_id": False})
        self.assertEqual(
            Category.with_context(lang="en_US").search(
                [("id", "in", (refund | other).ids)]
                + [("display_name", "=", "Refund refused")]
            ),
            other,
        )
        # control: an English reader finds it by its English name
        en = Category.with_context(lang="en_US")
        self.assertEqual(
            en.search(ours + [("display_name", "ilike", "Refund")]), refund
        )
        self.assertFalse(zh.name_search("Warranty", ours))
