from odoo.tests import TransactionCase, tagged

# tables whose rows other apps delete in daily use: an activity marked done, a
# quotation line removed, a draft invoice or credit note deleted, a remedy or
# an attachment removed. PostgreSQL checks every reference to a deleted row,
# so a referencing column without an index is read in full on each deletion.
VOLATILE = (
    "mail_activity",
    "sale_order_line",
    "account_move",
    "complaint_remedy",
    "ir_attachment",
)

REFERENCES = """
    SELECT c.conrelid::regclass::text, a.attname,
           EXISTS (
               SELECT 1 FROM pg_index i
                WHERE i.indrelid = c.conrelid AND i.indkey[0] = c.conkey[1]
           )
      FROM pg_constraint c
      JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
      JOIN pg_class t ON t.oid = c.conrelid
     WHERE c.contype = 'f'
       AND cardinality(c.conkey) = 1
       AND c.confrelid::regclass::text IN %s
       AND t.relkind = 'r'
       AND (c.conrelid::regclass::text LIKE 'complaint%%'
            OR a.attname LIKE '%%complaint%%')
       AND c.conrelid::regclass::text NOT IN %s
"""


@tagged("post_install", "-at_install")
class TestIndexes(TransactionCase):
    def test_references_to_deleted_rows_are_indexed(self):
        # transient wizards are vacuumed and stay small: their scans are cheap
        transient = tuple(
            model._table for model in self.env.registry.values() if model._transient
        )
        self.env.cr.execute(REFERENCES, [VOLATILE, transient])
        rows = self.env.cr.fetchall()
        checked = {(table, column) for table, column, _indexed in rows}
        # control: the catalogue query sees the references the sweep and the
        # sales and invoicing apps hit, so an empty answer cannot pass
        self.assertLessEqual(
            {
                ("complaint_sla_line", "activity_id"),
                ("complaint_complaint", "sale_line_id"),
                ("complaint_complaint", "invoice_id"),
                ("account_move", "complaint_remedy_id"),
                ("complaint_remedy", "credit_note_id"),
            },
            checked,
        )
        missing = sorted(
            f"{table}.{column}" for table, column, indexed in rows if not indexed
        )
        self.assertEqual(missing, [], "references without an index")
