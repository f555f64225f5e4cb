"""The case's ``body`` was a selection; it is now the body's code (a char).
Odoo would remove the old selection values after the update by their
``ondelete`` policy, which a char field does not have: drop them (and their
external ids) before, the column and its codes stay for the post-migration."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        SELECT s.id FROM ir_model_fields_selection s
          JOIN ir_model_fields f ON f.id = s.field_id
         WHERE f.model = 'complaint.external.case' AND f.name = 'body'
        """
    )
    ids = [row[0] for row in cr.fetchall()]
    if not ids:
        return
    cr.execute(
        "DELETE FROM ir_model_data WHERE model = 'ir.model.fields.selection' "
        "AND res_id = ANY(%s)",
        (ids,),
    )
    cr.execute("DELETE FROM ir_model_fields_selection WHERE id = ANY(%s)", (ids,))
