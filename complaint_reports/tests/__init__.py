from . import test_report_install
