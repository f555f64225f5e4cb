"""The email with a new secure link builds its link as the receipt does (the
complaint gives the address: the complainant's link in their email, the page
without it in a copy the conversation keeps), in every language of the
template, as the Chinese text already did; a link the company rewrote is left
alone."""

from odoo.addons.complaint_portal.tools.template_body import replace_in_template

OLD = "object.get_base_url() + object.get_portal_url()"
NEW = "object._portal_receipt_url()"


def migrate(cr, version):
    if not version:
        return
    replace_in_template(cr, "mail_template_complaint_portal_access", OLD, NEW)
