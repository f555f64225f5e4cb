"""The monthly review's job runs daily: a company's month ends in its own
time zone (the job ran at 05:00 UTC on the 1st, before the month had ended
west of UTC-5). Each company's last month sent is taken from its monthly
reviews (whole months, over; not a review of another period recorded by
hand), so that a review deleted before the upgrade is not made again."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE ir_cron c
           SET interval_type = 'days', interval_number = 1
          FROM ir_model_data d
         WHERE d.model = 'ir.cron'
           AND d.res_id = c.id
           AND d.module = 'complaint_reports'
           AND d.name = 'ir_cron_complaint_management_review'
        """
    )
    cr.execute(
        """
        UPDATE res_company company
           SET complaint_review_month = last.month
          FROM (SELECT company_id, max(date_from) AS month
                  FROM complaint_management_review
                 -- the monthly reviews: whole months, over
                 WHERE date_from = date_trunc('month', date_from)::date
                   AND date_to = (date_from + interval '1 month - 1 day')::date
                   AND date_from < date_trunc('month', now())::date
                 GROUP BY company_id) last
         WHERE last.company_id = company.id
        """
    )
