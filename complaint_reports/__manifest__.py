{
    "name": "Complaint Reports",
    "version": "18.0.1.0.17",
    "summary": "Registration, tracking and decision forms, complaint analysis and "
    "the monthly management review",
    "category": "Services/Complaints",
    "author": "Complaint Management Contributors",
    "website": "https://github.com/complaint-management/odoo-complaints",
    "license": "LGPL-3",
    "depends": ["complaint_management", "spreadsheet_dashboard"],
    "data": [
        "security/ir.model.access.csv",
        "security/complaint_report_security.xml",
        "report/complaint_report_views.xml",
        "report/ir_actions_report.xml",
        "report/complaint_templates.xml",
        "report/complaint_review_templates.xml",
        "data/ir_cron_data.xml",
        "data/complaint_remedy_type_data.xml",
        "data/spreadsheet_dashboard_data.xml",
        "views/complaint_review_views.xml",
        "views/complaint_remedy_type_views.xml",
    ],
    "demo": ["demo/complaint_rating_demo.xml"],
    "assets": {
        "web.report_assets_common": [
            "complaint_reports/static/src/scss/complaint_report.scss",
        ],
        "web.assets_backend": [
            "complaint_reports/static/src/indicator_dashboard/*",
        ],
        "web.assets_tests": [
            "complaint_reports/static/tests/tours/*.js",
        ],
    },
    "uninstall_hook": "uninstall_hook",
    "installable": True,
}
