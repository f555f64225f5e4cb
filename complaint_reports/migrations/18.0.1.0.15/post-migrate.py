"""The measures of the tracking form (Annex C) of the seeded remedy types
came with a ``noupdate`` file that an upgrade skips for records already
there: a database upgraded through it kept every type on "Other measures".
The seeded types still on it take their measure (one set by hand stays)."""

MEASURES = {
    "refund": "costs",
    "exchange": "replace",
    "repair": "repair",
    "replacement": "replace",
    "compensation": "compensation",
    "discount": "discount",
    "technical_support": "information",
    "information": "information",
    "apology": "apology",
}


def migrate(cr, version):
    if not version:
        return
    for name, measure in MEASURES.items():
        cr.execute(
            """
            UPDATE complaint_remedy_type t
               SET annex_measure = %s
              FROM ir_model_data d
             WHERE d.model = 'complaint.remedy.type'
               AND d.module = 'complaint_management'
               AND d.name = %s
               AND d.res_id = t.id
               AND t.annex_measure = 'other'
            """,
            [measure, f"complaint_remedy_type_{name}"],
        )
