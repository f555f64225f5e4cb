"""The printed reviews the monthly job sent are kept as they were sent: the
PDFs attached to the job's messages on the reviews (OdooBot's, which the job
posts) are recorded as sent."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        INSERT INTO complaint_management_review_sent_report_rel
                    (review_id, attachment_id)
        SELECT DISTINCT m.res_id, a.id
          FROM mail_message m
          JOIN message_attachment_rel r ON r.message_id = m.id
          JOIN ir_attachment a ON a.id = r.attachment_id
          JOIN complaint_management_review review ON review.id = m.res_id
         WHERE m.model = 'complaint.management.review'
           AND m.author_id = (SELECT res_id FROM ir_model_data
                               WHERE module = 'base' AND name = 'partner_root')
           AND a.mimetype = 'application/pdf'
           AND a.res_model = 'complaint.management.review'
           AND a.res_id = m.res_id
        ON CONFLICT DO NOTHING
        """
    )
