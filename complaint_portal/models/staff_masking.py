"""What a complainant reads of the staff in ``read`` and ``web_read``
results: the public name of the staff users who created or changed a record
(one rule for the messages and the complaints, see ``mail.message``)."""

USER_FIELDS = {"create_uid", "write_uid"}


def masked_staff_users(records, fnames, complaint_of):
    """``{record id: {field: public name}}`` for the staff users in the
    ``fnames`` (``create_uid``, ``write_uid``) of ``records`` when a complainant
    reads; ``complaint_of(record)`` gives the complaint (nothing: not masked).
    One rule for the messages and the complaints a complainant reads."""
    Message = records.env["mail.message"]
    fnames = set(fnames) & USER_FIELDS
    if not fnames or not Message._complaint_hides_staff():
        return {}
    masked = {}
    # sudo: the thread and whether the users are staff are not readable by
    # complainants
    for record in records.sudo():
        complaint = complaint_of(record)
        if not complaint:
            continue
        for fname in fnames:
            user = record[fname]
            if user and not user.share:
                masked.setdefault(record.id, {})[fname] = (
                    Message._complaint_staff_public_name(user, complaint)
                )
    return masked


def rename_read(vals_list, renamed):
    """Rename many2one values in ``read`` results: ``renamed`` maps a record id
    to ``{field: name}``."""
    for values in vals_list:
        for fname, name in renamed.get(values["id"], {}).items():
            if isinstance(values.get(fname), tuple | list):
                values[fname] = (values[fname][0], name)


def rename_web_read(vals_list, renamed):
    """The same for ``web_read`` results, which name many2one values as dicts."""
    for values in vals_list:
        for fname, name in renamed.get(values["id"], {}).items():
            if isinstance(values.get(fname), dict):
                values[fname] = dict(values[fname], display_name=name)


def grouped_fields(groupby, fnames):
    """The fields of ``fnames`` a ``read_group``'s ``groupby`` groups by."""
    specs = [groupby] if isinstance(groupby, str) else list(groupby or [])
    return {spec.split(":")[0] for spec in specs} & set(fnames)


def rename_groups(groups, fname, names):
    """Rename the many2one values of ``fname`` in ``read_group`` results:
    ``names`` maps a record id to its name."""
    for group in groups:
        value = group.get(fname)
        if isinstance(value, tuple | list) and value[0] in names:
            group[fname] = (value[0], names[value[0]])


def named_fields(specification, fnames):
    """The fields of ``fnames`` whose name a ``web_read`` asks for."""
    return {
        fname
        for fname in fnames
        if "display_name" in ((specification.get(fname) or {}).get("fields") or {})
    }
