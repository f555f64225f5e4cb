{
    "name": "Complaint Portal",
    "version": "18.0.1.0.17",
    "summary": "Customers and visitors submit, follow, answer, accept or reject, "
    "and rate their complaints online",
    "category": "Services/Complaints",
    "author": "Complaint Management Contributors",
    "website": "https://github.com/complaint-management/odoo-complaints",
    "license": "LGPL-3",
    "depends": ["complaint_management", "portal"],
    "data": [
        "security/complaint_portal_groups.xml",
        "security/ir.model.access.csv",
        "security/complaint_portal_security.xml",
        "data/complaint_channel_data.xml",
        "data/mail_template_data.xml",
        "data/ir_cron_data.xml",
        "views/complaint_complaint_views.xml",
        "views/complaint_known_answer_views.xml",
        "views/complaint_portal_templates.xml",
        "views/complaint_portal_form_templates.xml",
        "views/complaint_statistics_templates.xml",
        "views/complaint_privacy_templates.xml",
        "views/complaint_party_portal_templates.xml",
        "views/rating_templates.xml",
        "views/res_config_settings_views.xml",
        "wizard/complaint_api_key_wizard_views.xml",
    ],
    "demo": ["demo/complaint_portal_demo.xml"],
    "assets": {
        "web.assets_frontend": [
            "complaint_portal/static/src/js/complaint_form.js",
            "complaint_portal/static/src/js/portal_home_counters.js",
        ],
        "web.assets_backend": [
            "complaint_portal/static/src/chatter/message_model_patch.js",
        ],
        "portal.assets_chatter": [
            "complaint_portal/static/src/chatter/message_model_patch.js",
        ],
        "web.assets_tests": [
            "complaint_portal/static/tests/tours/*.js",
        ],
    },
    "installable": True,
    "pre_init_hook": "pre_init_hook",
    "uninstall_hook": "uninstall_hook",
    "auto_install": False,
}
