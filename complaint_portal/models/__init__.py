from . import complaint_portal_rate_log
from . import complaint_portal_link_request
from . import res_company
from . import res_config_settings
from . import complaint_complaint
from . import complaint_complaint_submission
from . import mail_message
from . import ir_attachment
