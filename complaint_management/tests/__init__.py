from . import test_install
from . import test_sla_deadlines
from . import test_sla_policy
from . import test_sla_sweep
from . import test_sla_performance
