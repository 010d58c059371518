"""Migration m008: per-table write counters, so db.facts re-reads only what a write changed.

``table_changes`` holds one row per table a cached dashboard part is read from; triggers
add one for every row inserted, updated or deleted, in the writing transaction::

    SELECT name, n FROM table_changes  -- records 100000, corrections 2412, ...

Kept apart from db.facts so the fetcher's migrations never import pandas.
"""

from __future__ import annotations

from sqlite_utils import Database

from db.schema import FACT_SOURCES, migrations

FACT_TABLES = tuple(table for table, _key in FACT_SOURCES)  # article_facts' sources (m005)
WATCHED = (*FACT_TABLES, "article_topics", "open_question_themes")


@migrations()
def m008_table_changes(db: Database) -> None:
    """table_changes: writes so far to each WATCHED table, counted by triggers in the
    writing transaction, so db.facts.load knows which cached parts a write left valid."""
    db.execute("CREATE TABLE IF NOT EXISTS table_changes (name TEXT PRIMARY KEY, "
               "n INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID")  # fmt: skip
    for table in WATCHED:
        db.execute("INSERT OR IGNORE INTO table_changes (name) VALUES (?)", [table])
        for suffix, event in (("ai", "INSERT"), ("au", "UPDATE"), ("ad", "DELETE")):
            db.execute(f"CREATE TRIGGER IF NOT EXISTS {table}_changes_{suffix} AFTER {event} "
                       f"ON {table} BEGIN UPDATE table_changes SET n = n + 1 "
                       f"WHERE name = '{table}'; END")  # fmt: skip
