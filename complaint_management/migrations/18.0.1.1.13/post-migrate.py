"""The quality reviews' draw takes each company's month where it works: the
job moves from the 1st to the 2nd (UTC) of the month, when every time
zone's month is over (its record is ``noupdate``)."""


def migrate(cr, version):
    if not version:
        return
    cr.execute(
        """
        UPDATE ir_cron cron
           SET nextcall = cron.nextcall + interval '1 day'
          FROM ir_model_data data
         WHERE data.module = 'complaint_management'
           AND data.name = 'ir_cron_complaint_draw_samples'
           AND data.res_id = cron.id
           AND cron.interval_type = 'months'
           AND EXTRACT(DAY FROM cron.nextcall) = 1
        """
    )
