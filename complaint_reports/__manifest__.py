{
    "name": "Complaint Reports",
    "version": "18.0.1.0.0",
    "summary": "Registration, tracking and decision forms, complaint analysis and "
    "the monthly management review",
    "category": "Services/Complaints",
    "author": "Complaint Management Contributors",
    "website": "https://github.com/complaint-management/odoo-complaints",
    "license": "LGPL-3",
    "depends": ["complaint_management"],
    "data": [
        "security/ir.model.access.csv",
        "security/complaint_report_security.xml",
        "report/complaint_report_views.xml",
    ],
    "demo": [],
    "installable": True,
}
