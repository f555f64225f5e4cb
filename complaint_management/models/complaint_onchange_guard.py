from odoo import Command, models

# the addons whose models this guard covers (a model's first definer)
GUARDED_MODULES = frozenset(
    {"complaint_management", "complaint_portal", "complaint_reports"}
)


class Base(models.AbstractModel):
    """The form's ``onchange`` is no back door to the addons' data.

    Core's ``onchange`` builds a new record from the caller's values and
    computes its fields without any access check: related and stored
    computed fields run as superuser. Over JSON-RPC anyone logged in could
    then put the id of a record they cannot read (an attachment, another
    team's complaint, a contact) in the values and read what the addons'
    fields derive from it, or ask for fields their groups do not give them.

    For the models these addons define, ``onchange`` now asks what the form
    it serves asks: the right to create (a new record) or to write (an
    existing one), read access to every field asked for, and read access to
    every record the values newly point to (many2one values and the ids
    that x2many commands link). A form offers nothing else.
    """

    _inherit = "base"

    def onchange(self, values, field_names, fields_spec):
        if not self.env.su and self._original_module in GUARDED_MODULES:
            self._complaint_check_onchange(values, fields_spec)
        return super().onchange(values, field_names, fields_spec)

    def _complaint_check_onchange(self, values, fields_spec):
        if self:
            self.check_access("write")
        else:
            self.browse().check_access("create")
        self.check_field_access_rights(
            "read", [name for name in {*fields_spec, *values} if name != "id"]
        )
        for name, value in values.items():
            field = self._fields.get(name)
            if not field or not field.relational or not value:
                continue
            ids = _given_ids(field, value)
            if self and ids:
                # what the record already points to is not the caller's pick
                ids -= set(self.sudo()[name].ids)  # sudo: the record's own links
            if ids:
                self.env[field.comodel_name].browse(ids).check_access("read")


def _given_ids(field, value):
    """The ids of real records a many2one value or x2many commands name."""
    if field.type == "many2one":
        if isinstance(value, dict):
            value = value.get("id")
        elif isinstance(value, list | tuple):
            value = value[0] if value else False
        return {value} if isinstance(value, int) and value else set()
    ids = set()
    for command in value if isinstance(value, list | tuple) else ():
        if not isinstance(command, list | tuple) or not command:
            continue
        if command[0] in (Command.UPDATE, Command.LINK) and len(command) > 1:
            ids.add(command[1])
        elif command[0] == Command.SET and len(command) > 2:
            ids.update(command[2])
    return {record_id for record_id in ids if isinstance(record_id, int)}
