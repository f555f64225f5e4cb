"""Who names a record about to be deleted, and how a refusal names them."""


def first_referrer(records, references):
    """The first record naming one of ``records`` through one of
    ``references`` ((model, field) or (model, field, domain)), with that
    field's name; else (None, None). One search a reference for the whole
    batch, in every company and archived records too (restored, they would
    name nothing)."""
    env = records.env
    for model, name, *domain in references:
        # sudo: the records of every company, whoever deletes
        Model = env[model].sudo().with_context(active_test=False)
        found = Model.search(
            [(name, "in", records.ids), *(domain[0] if domain else ())], limit=1
        )
        if found:
            return found, name
    return None, None


def name_for(record, env):
    """``record``'s name for the user of ``env`` when they may read it, else
    its kind (a refusal does not name what the user may not see, nor a
    record that does not exist)."""
    shown = record.with_env(env)
    if shown and shown.has_access("read"):
        return shown.display_name
    return env["ir.model"]._get(record._name).name
