"""A rating knows the complaint it rates (``rating.rating.complaint_id``, read
by the record rules). Filled here in one statement: created by the upgrade,
the new column would be computed in Python for every rating of the database,
whatever the document rated (live chat, projects ...)."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        "ALTER TABLE rating_rating ADD COLUMN IF NOT EXISTS complaint_id integer"
    )
    cr.execute(
        """
        UPDATE rating_rating rating
           SET complaint_id = complaint.id
          FROM complaint_complaint complaint
         WHERE rating.res_model = 'complaint.complaint'
           AND complaint.id = rating.res_id
        """
    )
