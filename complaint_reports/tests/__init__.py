from . import test_report_install
from . import test_complaint_indicator
from . import test_complaint_report_access
from . import test_management_review
from . import test_report_pdf
from . import test_report_attachments
from . import test_ui
from . import test_spreadsheet_dashboard
