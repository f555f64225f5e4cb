"""Earlier builds left more than one time-limit activity on a complaint (one
per milestone, or one per line of a paused clock): bring every open complaint
back to its one "next deadline" activity, and drop time-limit activities no
milestone refers to any more."""

from odoo import SUPERUSER_ID, api
from odoo.tools import split_every


def migrate(cr, version):
    if not version:
        return
    env = api.Environment(cr, SUPERUSER_ID, {})
    activity_type = env.ref(
        "complaint_management.mail_activity_type_sla", raise_if_not_found=False
    )
    if not activity_type:
        return
    linked = env["complaint.sla.line"].search([("activity_id", "!=", False)])
    env["mail.activity"].search(
        [
            ("res_model", "=", "complaint.complaint"),
            ("activity_type_id", "=", activity_type.id),
            ("id", "not in", linked.activity_id.ids),
        ]
    ).unlink()
    Complaint = env["complaint.complaint"]
    for ids in split_every(1000, Complaint.search([("is_open", "=", True)]).ids):
        Complaint.browse(ids)._sla_sync_activities()
        env.flush_all()
        env.invalidate_all()
