"""The forward to the complained-about party (a template kept as edited)
gave any order linked to the complaint: it gives the complainant's own order
only, in every language whose text still has the line as shipped."""

import logging

from psycopg2.extras import Json

_logger = logging.getLogger(__name__)

# the expressions of the party email's order line, as shipped and now
OLD_ORDER = "object.sale_order_id.name or ''"
NEW_ORDER = "object._sale_refs()['order']"
OLD_IF = 't-if="object.sale_order_id"'
NEW_IF = "t-if=\"object._sale_refs()['order']\""


def migrate(cr, version):
    if not version:
        return
    _party_email_own_order(cr)


def _party_email_own_order(cr):
    """The forward to the party (a template kept as edited) gave any order
    linked to the complaint: the complainant's own only, in every language
    whose text still has the line as shipped."""
    cr.execute(
        """
        SELECT t.id, t.body_html
          FROM mail_template t
          JOIN ir_model_data d ON d.model = 'mail.template' AND d.res_id = t.id
         WHERE d.module = 'complaint_management'
           AND d.name = 'mail_template_complaint_party'
        """
    )
    for template_id, body in cr.fetchall():
        if not body:
            continue
        # the line's words translated: only its expressions change
        new = {
            lang: text.replace(OLD_ORDER, NEW_ORDER).replace(OLD_IF, NEW_IF)
            for lang, text in body.items()
        }
        if new != body:
            cr.execute(
                "UPDATE mail_template SET body_html = %s WHERE id = %s",
                (Json(new), template_id),
            )
            _logger.info("the party's email gives the complainant's own order only")
