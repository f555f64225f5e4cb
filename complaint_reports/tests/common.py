from markupsafe import Markup

from odoo.addons.complaint_management.tests.common import ComplaintCommon


def build_handled_complaint(env, partner, team, step_done=None, **values):
    """A complaint taken through the whole workflow, as a handler would:
    registered, acknowledged, assessed, investigated, proposed, accepted,
    remedies carried out, closed, rated, escalated once and spilled over once.

    Used by the tests and by the page-image check of the printed forms.
    ``step_done`` is called after each step: the chatter tracks a status
    change when its transaction ends, so callers flush the tracking there.
    """
    step_done = step_done or (lambda: None)
    Complaint = env["complaint.complaint"]
    vals = {
        "subject": "电热水壶底座漏电 / Kettle base leaks current",
        "description": Markup(
            "<p>收到的电热水壶底座有漏电现象，使用时手有麻感。"
            "The kettle base gives a light electric shock.</p>"
        ),
        "partner_id": partner.id,
        "channel_id": env.ref("complaint_management.complaint_channel_email").id,
        "category_id": env.ref(
            "complaint_management.complaint_category_annex_defective_product"
        ).id,
        "team_id": team.id,
        "requested_remedy": "更换新品并赔偿 / Replacement and compensation",
        "representative_name": "李律师 (Lawyer Li)",
        "contact_name": "王小明",
        "amount_claimed": 300.0,
    }
    vals.update(values)
    complaint = Complaint.create(vals)
    step_done()
    # the complainant's photo, sent with their email
    photo = env["ir.attachment"].create(
        {
            "name": "底座照片.jpg",
            "res_model": complaint._name,
            "res_id": complaint.id,
            "raw": b"photo",
        }
    )
    # the mail gateway posts the complainant's email in superuser mode
    complaint.sudo().message_post(
        body="照片见附件 / The photo is attached.",
        author_id=partner.id,
        message_type="email",
        subtype_xmlid="mail.mt_comment",
        attachment_ids=photo.ids,
    )
    complaint.action_register()
    step_done()
    if complaint.state == "registered":
        complaint.action_acknowledge()
    step_done()
    complaint.write(
        {
            "level_id": env.ref("complaint_management.complaint_level_urgent").id,
            "validity": "founded",
            "severity": "high",
            "complexity": "moderate",
            "impact": "individual",
            "is_safety_issue": True,
            "immediate_action_needed": True,
            "immediate_action": "通知停止使用 / Told to stop using it",
            "immediate_action_effective": True,
            "is_compensable": True,
        }
    )
    complaint.action_assess()
    step_done()
    complaint.action_investigate()
    step_done()
    complaint.write(
        {
            "findings": Markup(
                "<p>底座绝缘层破损。The base insulation is damaged.</p>"
            ),
            "root_cause": "供应商绝缘材料批次缺陷 / Supplier insulation batch defect",
            "responsible_party": "supplier",
        }
    )
    remedy_types = env["complaint.remedy.type"]
    replacement = remedy_types.search([("code", "=", "replacement")], limit=1)
    compensation = remedy_types.search([("code", "=", "compensation")], limit=1)
    env["complaint.remedy"].create(
        [
            {
                "complaint_id": complaint.id,
                "type_id": replacement.id,
                "description": "更换新品 / New kettle",
                # a replacement is weighed by its value (none: a manager's)
                "amount": 40.0,
            },
            {
                "complaint_id": complaint.id,
                "type_id": compensation.id,
                "description": "补偿 / Compensation",
                "amount": 150.0,
            },
        ]
    )
    complaint.action_propose()
    step_done()
    complaint.action_accept_proposal()
    step_done()
    complaint.remedy_ids.action_done()
    step_done()
    complaint.resolution_summary = Markup(
        "<p>已更换新品并支付补偿。Replaced and compensated.</p>"
    )
    complaint.action_close()
    step_done()
    return complaint


class ComplaintReportCommon(ComplaintCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.company.complaint_batch_count = 1000
        # no monthly review sent yet (the reviews are of months of 2020)
        cls.env.company.complaint_review_month = False
        cls.customer_zh = cls.env["res.partner"].create(
            {
                "name": "张伟",
                "street": "南山区科技园路 88 号",
                "city": "深圳",
                "zip": "518057",
                "country_id": cls.env.ref("base.cn").id,
                "email": "zhang.wei@example.com",
                "phone": "+86 755 1234 5678",
            }
        )
