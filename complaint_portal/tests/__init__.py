from . import test_portal_install
from . import test_portal_pages
from . import test_portal_security
from . import test_portal_submit
from . import test_portal_controller_source
from . import test_portal_form_browser
from . import test_portal_trust
from . import test_portal_decision_author
