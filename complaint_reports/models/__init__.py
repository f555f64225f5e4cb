from . import complaint_complaint
from . import complaint_indicator
from . import complaint_sla_line
from . import ir_actions_report
from . import complaint_remedy_type
from . import complaint_setup_indicator
