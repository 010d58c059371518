"""SQLite storage: opening, schema, writes (`db.store`) and read queries (`db.queries`)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database

DEFAULT_DB = Path("data") / "literature.db"


class DatabaseError(Exception):
    """A database file that cannot be used as it is: corrupt, not SQLite, or locked."""


def db_path(path: str | os.PathLike | None = None) -> Path:
    """Resolve the database path: an explicit path, then LITERATURE_DB, then the default."""
    if path:
        return Path(path)
    env = os.environ.get("LITERATURE_DB")
    return Path(env) if env else DEFAULT_DB


def open_db(
    path: str | os.PathLike | None = None,
    *,
    migrate: bool = True,
    readonly: bool = False,
    check: bool = False,
) -> Database:
    """Open (and by default migrate) the database, failing with a clear message if unusable.

    `check` runs PRAGMA quick_check before anything is written, so a batch writer (the
    nightly fetch, an import) refuses a damaged file instead of adding to the damage. It
    reads the whole file (about a second per 100,000 records), so interactive writers skip it.
    """
    target = db_path(path)
    if readonly:
        if not target.exists():
            raise DatabaseError(f"{target}: no database here yet")
        conn = sqlite3.connect(f"file:{target}?mode=ro", uri=True, check_same_thread=False)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(str(target), check_same_thread=False)
    conn.execute("PRAGMA busy_timeout = 30000")
    db = Database(conn)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        if check:
            verdict = conn.execute("PRAGMA quick_check").fetchone()[0]
            if verdict != "ok":
                raise sqlite3.DatabaseError(f"database disk image is malformed ({verdict})")
        if not readonly:
            if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            if migrate:
                from db.migrations import migrations

                migrations.apply(db)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise DatabaseError(f"{target}: {describe_db_error(exc)}") from exc
    return db


def describe_db_error(exc: sqlite3.DatabaseError) -> str:
    """Turn SQLite's terse errors into advice a person can act on."""
    text = str(exc)
    if "not a database" in text or "malformed" in text:
        return (
            f"the database file is corrupt or not SQLite ({text}). Nothing was written. "
            "Restore it from a backup, or move it aside and run the fetcher again to rebuild it."
        )
    if "locked" in text or "busy" in text:
        return f"the database is locked by another process ({text}); try again when it finishes"
    return text
