"""Data generators for volume tests of complaints and their time limits.

Odoo 18.0 replaced the ``_populate_factories`` framework of earlier versions by
``odoo-bin populate``, which duplicates existing rows with SQL and calls no
model hook (see ``odoo/tools/populate.py``). Duplicated complaints would carry
no milestones, so these generators keep the earlier framework's shape
(``_populate_sizes``, ``_populate_dependencies``, ``_populate_factories``) and
create records through the ORM, in batches, so that the SLA engine plans their
milestones exactly as in production. Run them from ``odoo shell``::

    from odoo.addons.complaint_management.populate import populate
    populate(env, "small")  # or "medium", "large"; then env.cr.commit()
"""

from .complaint_populate import POPULATORS, populate

__all__ = ["POPULATORS", "populate"]
