"""Every schema migration, in the order it applies; ``open_db`` applies the pending ones.

A migration is a function registered with ``@migrations()`` (``db.schema.migrations``,
sqlite-utils' ``Migrations``), named ``m<NNN>_<what>``. To add one, write it in its own
module and import that module below, after the others: registration order is apply order.
"""

from __future__ import annotations

from db.schema import migrations  # m001_initial, m005_plain_facts

# isort: split
from db import review  # noqa: E402,F401  m006: review flags and researchers' decisions

# isort: split
from db import audit  # noqa: E402,F401  m007: the researchers' audit trail

# isort: split
from db import changes  # noqa: E402,F401  m008: table_changes, writes counted per table

# isort: split
from db import relations  # noqa: E402,F401  m009: retractions, concerns, deleted citations

# isort: split
from db import trial_links  # noqa: E402,F401  m010: records linked to trial registrations

__all__ = ["migrations"]
