"""The shipped media and regulator bodies make a complaint high-risk (media
exposure, government attention); their records are ``noupdate``: the new
setting is given to them here."""

HIGH_RISK_BODIES = (
    "complaint_external_body_media",
    "complaint_external_body_regulator",
)


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE complaint_external_body b
           SET makes_high_risk = TRUE
          FROM ir_model_data d
         WHERE d.model = 'complaint.external.body'
           AND d.module = 'complaint_management'
           AND d.name IN %s
           AND d.res_id = b.id
        """,
        [HIGH_RISK_BODIES],
    )
