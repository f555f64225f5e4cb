"""The records these addons ship (by their external ids), and how a refusal
names a record."""

MODULES = ("complaint_management", "complaint_portal", "complaint_reports")


def shipped(records):
    """The records of ``records`` that one of the addons made (data files):
    what their code finds by external id, whoever deletes them."""
    # sudo: which module made the records, whoever asks
    data = (
        records.env["ir.model.data"]
        .sudo()
        .search(
            [
                ("model", "=", records._name),
                ("module", "in", MODULES),
                ("res_id", "in", records.ids),
            ]
        )
    )
    return records.browse(data.mapped("res_id"))


def name_for(record, env):
    """``record``'s name for the user of ``env`` when they may read it, else
    its kind (a refusal does not name what the user may not see)."""
    shown = record.with_env(env)
    if shown.has_access("read"):
        return shown.display_name
    return env["ir.model"]._get(record._name).name
