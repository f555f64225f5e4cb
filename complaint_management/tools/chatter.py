"""What a record's chatter holds, removed with it."""


def drop_chatter(records):
    """Delete the messages (their tracking values first) and the files of
    ``records`` (already in superuser mode): de-identification of what may
    name a person. Core deletes with a message only the files it holds as
    its own, not those attached to the record."""
    env = records.env
    messages = env["mail.message"].search(
        [("model", "=", records._name), ("res_id", "in", records.ids)]
    )
    messages.tracking_value_ids.unlink()
    messages.unlink()
    env["ir.attachment"].search(
        [("res_model", "=", records._name), ("res_id", "in", records.ids)]
    ).unlink()
