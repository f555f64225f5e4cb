"""The post-migration scripts of an addon, loaded as modules for the tests
that run them on data left as an earlier version left it."""

import importlib.util
from pathlib import Path


def load_migration(test_file, version):
    """The ``post-migrate.py`` of ``version`` of the addon whose test module
    is ``test_file`` (its ``__file__``)."""
    addon = Path(test_file).parent.parent
    path = addon / "migrations" / version / "post-migrate.py"
    name = f"{addon.name}_migrate_{version.replace('.', '_')}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
