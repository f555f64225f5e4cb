from . import complaint_escalate_wizard
from . import complaint_reject_wizard
from . import complaint_remedy_refuse_wizard
from . import complaint_merge_wizard
from . import complaint_split_wizard
from . import complaint_privacy_correction_wizard
from . import complaint_party_answer_wizard
from . import complaint_progress_wizard
