"""The acknowledgement now promises the progress interval of the complaint's
rules instead of a fixed two working days. An upgrade updates the English
text but keeps a database's Chinese one (Odoo does not overwrite existing
translations): the shipped Chinese sentence is replaced by the new one where
it is still there; a Chinese text the company rewrote is left alone."""

from markupsafe import Markup

from odoo import SUPERUSER_ID, api

OLD = "内处理完毕，并将至少每两个工作日向您通报一次处理进度。</p>"
NEW = (
    '内处理完毕。<t t-if="object._sla_update_interval_text()">我们将至少每'
    '<t t-out="object._sla_update_interval_text()">2个工作日</t>'
    "向您通报一次处理进度。</t></p>"
)


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    template = env.ref(
        "complaint_management.mail_template_complaint_acknowledgement",
        raise_if_not_found=False,
    )
    if not template or not env["res.lang"]._lang_get("zh_CN"):
        return
    chinese = template.with_context(lang="zh_CN")
    # plain strings: Markup.replace would escape the tags it looks for
    body = str(chinese.body_html or "")
    if OLD in body:
        chinese.body_html = Markup(body.replace(OLD, NEW))
