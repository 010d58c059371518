"""Every schema migration, in the order it applies; ``open_db`` applies the pending ones.

A migration is a function registered with ``@migrations()`` (``db.schema.migrations``,
sqlite-utils' ``Migrations``), named ``m<NNN>_<what>``. To add one, write it in its own
module and import that module below, after the others: registration order is apply order.
"""

from __future__ import annotations

from db.schema import migrations  # m001_initial, m005_plain_facts

__all__ = ["migrations"]
