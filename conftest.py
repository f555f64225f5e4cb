"""pytest set-up shared by the addons' tests and the top-level tests."""

import logging


class _PytestOdooImportNoise(logging.Filter):
    """pytest-odoo imports ``odoo.tests`` before it turns Odoo's test mode on,
    which makes Odoo log a false "Importing test framework" error (with a stack)
    at every run. Drop that one record so real errors stand out."""

    def filter(self, record):
        return not record.getMessage().startswith("Importing test framework")


logging.getLogger("odoo.tests.common").addFilter(_PytestOdooImportNoise())
