"""The receipt of an online complaint is emailed to the complainant alone, and
the conversation keeps a copy without their secure link (other followers read
it). The template is installed once (each company may edit it): its link now
asks the complaint which address to give, in every language of the template;
a link the company rewrote is left alone."""

from odoo.addons.complaint_portal.tools.template_body import replace_in_template

OLD = "object.get_base_url() + object.get_portal_url()"
NEW = "object._portal_receipt_url()"


def migrate(cr, version):
    if not version:
        return
    replace_in_template(cr, "mail_template_complaint_portal_receipt", OLD, NEW)
