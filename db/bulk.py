"""Loading many records at once: connection settings, and dashboard indexes built at the end.

A big import's writes are mostly B-tree pages: index entries inserted in random order, pages
spilled from a small cache, WAL pages copied back. Two things cut that without changing
what ends up stored: a connection tuned for big transactions while the import runs, and,
for an initial load into a (nearly) empty database, the indexes only the dashboard reads
built once at the end, in order, instead of entry by entry. Their definitions wait in
``_deferred_indexes`` until then, so an import killed half-way leaves them to the next
writer to build (every store_records call finishes what a killed load deferred).
"""

from __future__ import annotations

import contextlib
import logging
import sqlite3
from collections.abc import Iterator

from sqlite_utils import Database

from db.store import write_transaction

log = logging.getLogger(__name__)

#: Settings for a connection that stores many batches (KiB of page cache, WAL pages).
BULK_CACHE_KIB = 32768
BULK_CHECKPOINT_PAGES = 10000
#: Indexes that only readers use: no write looks anything up in them and none is UNIQUE.
READ_INDEXES = ("idx_records_entrez_date", "idx_records_year")
#: Loads into a database holding more records than this keep their indexes: building an
#: index costs the whole table, deferring it saves a little per new record.
DEFER_UP_TO = 1000
_TABLE = "_deferred_indexes"


@contextlib.contextmanager
def bulk_writes(db: Database) -> Iterator[Database]:
    """A bigger page cache and fewer WAL checkpoints while storing many batches.

    With SQLite's 2 MB default a batch's dirty index pages overflow the cache and are
    written to the WAL several times per transaction, and a checkpoint every 1,000 pages
    copies hot index pages back again and again: both cost system time on every batch.
    The previous settings come back afterwards (the dashboard's connections never change)."""
    conn = db.conn
    cache = conn.execute("PRAGMA cache_size").fetchone()[0]
    checkpoint = conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = {-BULK_CACHE_KIB}")
    conn.execute(f"PRAGMA wal_autocheckpoint = {BULK_CHECKPOINT_PAGES}")
    try:
        yield db
    finally:
        conn.execute(f"PRAGMA cache_size = {int(cache)}")
        conn.execute(f"PRAGMA wal_autocheckpoint = {int(checkpoint)}")


@contextlib.contextmanager
def initial_load(db: Database, enabled: bool = True) -> Iterator[bool]:
    """Around a load: first build what an interrupted load left deferred; then, if enabled
    and the database is (nearly) empty, defer the read indexes and build them at the end.
    Yields whether they were deferred."""
    restore_indexes(db)
    deferred = enabled and defer_indexes(db)
    try:
        yield deferred
    except BaseException:
        if deferred:
            with contextlib.suppress(sqlite3.Error):  # the next writer builds them instead
                restore_indexes(db)
        raise
    if deferred:
        restore_indexes(db)


def defer_indexes(db: Database) -> bool:
    """Drop the read indexes of a (nearly) empty database, keeping their SQL to build later."""
    marks = ", ".join("?" for _ in READ_INDEXES)
    with write_transaction(db):
        held = db.execute(
            "SELECT count(*) FROM (SELECT 1 FROM records LIMIT ?)", [DEFER_UP_TO + 1]
        ).fetchone()[0]
        if held > DEFER_UP_TO:
            return False
        found = db.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND name IN ({marks})",
            list(READ_INDEXES),
        ).fetchall()
        if not found:
            return False
        db.execute(f"CREATE TABLE IF NOT EXISTS {_TABLE} (name TEXT PRIMARY KEY, sql TEXT)")
        db.conn.executemany(f"INSERT OR REPLACE INTO {_TABLE} (name, sql) VALUES (?, ?)", found)
        for name, _ in found:
            db.execute(f'DROP INDEX "{name}"')
    return True


def restore_indexes(db: Database) -> int:
    """Build the indexes a load deferred (after it ends, or after it was killed)."""
    if not db[_TABLE].exists():
        return 0
    with write_transaction(db):
        pending = db.execute(f"SELECT name, sql FROM {_TABLE} ORDER BY name").fetchall()
        built = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        for name, sql in pending:
            if name not in built:
                db.execute(sql)
        db.execute(f"DELETE FROM {_TABLE}")
    if pending:
        log.info("built %d index(es) deferred by a bulk load", len(pending))
    return len(pending)
