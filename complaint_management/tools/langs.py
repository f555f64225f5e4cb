"""What scheduled jobs write, in the language of the company it is for."""

from collections import defaultdict


def by_company_lang(records):
    """``records`` (with a ``company_id``) split by their company's language,
    each part with that language in its context: the notes, reminders and
    records a scheduled job writes for them read in the company's language,
    dates and words alike (a job runs without a language). One part for a
    company of one language: the job's batches keep their query count."""
    parts = defaultdict(lambda: records.browse())
    for company, part in records.grouped("company_id").items():
        parts[company._complaint_lang()] |= part
    return [part.with_context(lang=lang) for lang, part in parts.items()]
