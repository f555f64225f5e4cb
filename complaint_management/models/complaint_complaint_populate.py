"""Repairs after Odoo 18's ``odoo-bin populate``.

``odoo-bin populate`` (``odoo/tools/populate.py``) duplicates rows with one
``INSERT ... SELECT`` per table and calls no model method: many2one columns
are remapped to the copies of the models populated in the same run, every
other column is copied as is, and the char fields a name search uses get the
separator appended on the existing rows (and the copy number on the copies).
For complaints that means changed tracking numbers on the originals, tracking
numbers outside the sequence on the copies, copied portal tokens and stored
values computed from records that are not copied (escalations, spill-over
cases, ratings, time limits). ``install_populate_hook`` lets a model repair its
copies: after populating a model, ``populate_model`` calls the model's
``_populate_duplicated(last_id, factor, separator)`` when it has one, with the
last id before the copy (the copies are the rows above it).
"""

import functools

from odoo import api, models
from odoo.tools import SQL
from odoo.tools import populate as odoo_populate

CHUNK = 10000


def install_populate_hook():
    original = odoo_populate.populate_model
    if getattr(original, "_complaint_hook", False):
        return

    @functools.wraps(original)
    def populate_model(model, populated, factors, separator_code):
        original(model, populated, factors, separator_code)
        hook = getattr(model, "_populate_duplicated", None)
        if hook and populated.get(model):
            hook(populated[model], factors[model], separator_code)

    populate_model._complaint_hook = True
    # populate_models() looks populate_model up in its module at each call
    odoo_populate.populate_model = populate_model


install_populate_hook()


class ComplaintComplaint(models.Model):
    _inherit = "complaint.complaint"  # pylint: disable=consider-merging-classes-inherited

    @api.model
    def _populate_duplicated(self, last_id, factor, separator):
        """Give the copies (ids above ``last_id``) their own tracking numbers
        and portal tokens, restore what populate changed on the originals and
        recompute the stored values of relations that were not copied."""
        cr = self.env.cr
        rows = self.env.execute_query(
            SQL(
                "SELECT company_id, array_agg(id ORDER BY id) FROM %s "
                "WHERE id > %s GROUP BY company_id",
                SQL.identifier(self._table),
                last_id,
            )
        )
        for company_id, ids in rows:
            complaints = self.with_company(company_id) if company_id else self
            names = complaints._next_tracking_numbers(len(ids))
            cr.execute(
                SQL(
                    """
                    UPDATE complaint_complaint c
                       SET name = v.name, access_token = NULL
                      FROM unnest(%s::int[], %s::varchar[]) AS v(id, name)
                     WHERE c.id = v.id
                    """,
                    ids,
                    names,
                )
            )
        # populate appends the separator to these fields of the existing rows
        # so that it may run again; the tracking number is the one the
        # complainant was given, and the others are shown to users: put them
        # back (the copies have fresh numbers, so no duplicate arises)
        varied = [
            fname
            for fname in {self._rec_name, *self._rec_names_search}
            if fname in self._fields
            and self._fields[fname].store
            and self._fields[fname].type in ("char", "text")
            and not self._fields[fname].translate
        ]
        sep = chr(separator)
        for fname in varied:
            cr.execute(
                SQL(
                    "UPDATE %(table)s SET %(col)s = left(%(col)s, -1) "
                    "WHERE id <= %(last_id)s AND right(%(col)s, 1) = %(sep)s",
                    table=SQL.identifier(self._table),
                    col=SQL.identifier(fname),
                    last_id=last_id,
                    sep=sep,
                )
            )
        self._populate_recompute(last_id, self._populate_uncopied_fields())

    @api.model
    def _populate_uncopied_fields(self):
        """Stored computed fields that depend on relations populate does not
        copy (x2many fields with ``copy=False``)."""
        uncopied = {
            fname
            for fname, field in self._fields.items()
            if field.type in ("one2many", "many2many") and not field.copy
        }
        return [
            field
            for field in self._fields.values()
            if field.store
            and field.compute
            and any(
                dep.split(".")[0] in uncopied for dep in self.pool.field_depends[field]
            )
        ]

    @api.model
    def _populate_recompute(self, last_id, fields_list, ids=None):
        if ids is None:
            ids = [
                row[0]
                for row in self.env.execute_query(
                    SQL(
                        "SELECT id FROM %s WHERE id > %s ORDER BY id",
                        SQL.identifier(self._table),
                        last_id,
                    )
                )
            ]
        self.env.invalidate_all()
        for start in range(0, len(ids), CHUNK):
            records = self.browse(ids[start : start + CHUNK])
            for field in fields_list:
                self.env.add_to_compute(field, records)
            self.env.flush_all()
            self.env.invalidate_all()
