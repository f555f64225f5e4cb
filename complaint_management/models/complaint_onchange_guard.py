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
    every record the values newly point to (many2one values, the ids that
    x2many commands link, and so on inside a line's parent and the lines'
    values). What the caller cannot set (related and read-only computed
    fields, which the form only echoes) is not taken from them: core
    computes it again from what they did set.
    """

    _inherit = "base"

    def onchange(self, values, field_names, fields_spec):
        if not self.env.su and self._original_module in GUARDED_MODULES:
            if self:
                self.check_access("write")
            else:
                self.browse().check_access("create")
            self.check_field_access_rights(
                "read", [name for name in {*fields_spec, *values} if name != "id"]
            )
            values = self._complaint_onchange_values(values, set(field_names), self)
        return super().onchange(values, field_names, fields_spec)

    def _complaint_onchange_values(self, values, keep, record):
        """``values`` without what the caller cannot set (``keep``: the
        fields changed, which core needs), after checking that the caller
        reads each record they name that ``record`` (if any) does not
        already name."""
        checked = {}
        for name, value in values.items():
            field = self._fields.get(name)
            if (
                field
                and name not in keep
                and (field.related or (field.compute and field.readonly))
            ):
                continue
            checked[name] = value
            if not field or not field.relational or not value:
                continue
            Comodel = self.env[field.comodel_name]
            ids, nested = _given(field, value)
            if record and ids:
                # what the record already points to is not the caller's pick
                ids -= set(record.sudo()[name].ids)  # sudo: the record's own links
            if ids:
                Comodel.browse(ids).check_access("read")
            for index, vals in nested:
                cleaned = Comodel._complaint_onchange_values(vals, set(), None)
                checked[name] = _replace(checked[name], index, cleaned)
        return checked


def _given(field, value):
    """The ids of real records a many2one value or x2many commands name, and
    the values given for records inside it ((where, values) pairs: a line's
    parent as a dict, the values of created or updated lines)."""
    ids, nested = set(), []
    if field.type == "many2one":
        if isinstance(value, dict):
            nested.append((None, {k: v for k, v in value.items() if k != "id"}))
            value = value.get("id")
        elif isinstance(value, list | tuple):
            value = value[0] if value else False
        if isinstance(value, int) and value:
            ids.add(value)
        return ids, nested
    for index, command in enumerate(value if isinstance(value, list | tuple) else ()):
        if isinstance(command, int):
            ids.add(command)
            continue
        if not isinstance(command, list | tuple) or not command:
            continue
        if command[0] in (Command.UPDATE, Command.LINK) and len(command) > 1:
            ids.add(command[1])
        elif command[0] == Command.SET and len(command) > 2:
            ids.update(command[2])
        if command[0] in (Command.CREATE, Command.UPDATE) and len(command) > 2:
            if isinstance(command[2], dict):
                nested.append((index, command[2]))
    return {record_id for record_id in ids if isinstance(record_id, int)}, nested


def _replace(value, index, vals):
    """``value`` with the values at ``index`` (None: the many2one's dict)
    replaced by ``vals``."""
    if index is None:
        return {"id": value["id"], **vals} if "id" in value else vals
    commands = list(value)
    command = list(commands[index])
    command[2] = vals
    commands[index] = tuple(command) if isinstance(commands[index], tuple) else command
    return commands
