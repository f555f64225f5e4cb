"""A remedy records who carried it out (``done_by_id``), which the tracking
form prints. The remedies carried out before it existed take who last
wrote them, as the form printed until then (most often who carried them
out: a later credit note or de-identification wrote them again)."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE complaint_remedy
           SET done_by_id = write_uid
         WHERE state = 'done'
           AND done_by_id IS NULL
        """
    )
