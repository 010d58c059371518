"""Reading: connections, and the narrow frames every dashboard query aggregates in pandas.

A query reads its rows from :class:`Facts`: one row per record from ``article_facts``
(the ``articles`` view's filter columns, kept current by triggers, m005), the topic links
and, when asked, the open-question themes and full-text matches. They are read once per
*data version* and cached (a few megabytes at 100,000 records, docs/DASHBOARD.md), so
each page aggregates a frame in memory instead of asking SQLite to join 100,000 rows.

The version is ``PRAGMA data_version`` of a connection kept open on the file only to ask
it (it changes with every commit by any other connection or process) and the file's
identity; a connection with uncommitted writes reads afresh. Nothing stored can go stale.
A new version re-reads only the parts whose tables were written (``table_changes``, m008,
counts the writes per table): a correction re-reads its records' rows, not the links,
statements or full-text matches.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sqlite_utils import Database

from db.changes import FACT_TABLES

DbLike = Database | sqlite3.Connection | str | os.PathLike

MMAP_BYTES = 256 * 2**20  # read-only connections map the file: no page copies, warm OS cache
KEEP = 2  # databases whose frames stay cached (the dashboard reads one)
SELECTIONS = 32  # selections (filter settings) remembered per data version
# The tables each cached part besides the records (FACT_TABLES) is read from; "records"
# wherever a part is positional (its rows' ids never change while records is unwritten).
# table_changes (db.changes, m008) counts the writes to each.
PARTS = {"links": ("records", "article_topics"), "themes": ("records", "open_question_themes"),
         "match": ("records",), "rank": ("records",)}  # fmt: skip


@contextlib.contextmanager
def connection(db: DbLike) -> Iterator[sqlite3.Connection]:
    """The sqlite3 connection behind `db`; a path is opened read-only for this call only."""
    if isinstance(db, Database):
        yield db.conn
    elif isinstance(db, sqlite3.Connection):
        yield db
    else:
        from db import open_db

        opened = open_db(db, readonly=True)
        opened.conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        try:
            yield opened.conn
        finally:
            opened.conn.close()


def frame(db: DbLike, sql: str, params: Iterable = ()) -> pd.DataFrame:
    """Run one parameterised query into a DataFrame."""
    with connection(db) as conn:
        return pd.read_sql_query(sql, conn, params=list(params))


def scalar(db: DbLike, sql: str, params: Iterable = ()):
    """The first column of the first row, or None."""
    with connection(db) as conn:
        row = conn.execute(sql, list(params)).fetchone()
    return row[0] if row else None


def read(conn: sqlite3.Connection, sql: str, columns: list[str], params: Iterable = ()):
    """A query into a DataFrame (plain fetchall: a third faster than read_sql_query)."""
    return pd.DataFrame.from_records(conn.execute(sql, list(params)).fetchall(), columns=columns)


@dataclass
class Facts:
    """One data version's frames; the parts few pages need are read on first use.

    Rows of the other frames carry `pos`, their record's row in `records` (-1: none), and
    selections are boolean arrays over `records`, so no query joins on ids.
    """

    records: pd.DataFrame  # article_facts' columns, indexed by article_id
    links: pd.DataFrame  # article_id, topic, relevance (not scored: 1), pos
    changes: dict = field(default_factory=dict)  # table_changes when read ({}: unknown)
    corrected: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype="int64"))
    lazy: dict = field(default_factory=dict)
    lock: threading.RLock = field(default_factory=threading.RLock)  # Streamlit's threads

    def positions(self, ids) -> np.ndarray:
        """Rows in `records` of these ids (-1 for an id without a record)."""
        return self.records.index.get_indexer(pd.Index(np.asarray(ids, dtype="int64")))

    def rows(self, ids) -> np.ndarray:
        """A boolean array over `records`: True for these ids."""
        out = np.zeros(len(self.records), dtype=bool)
        pos = self.positions(ids)
        out[pos[pos >= 0]] = True
        return out

    def cached(self, key, make):
        """A lazily read part, made once per data version (arrays come back read-only)."""
        with self.lock:
            if key not in self.lazy:
                value = make()
                if isinstance(value, np.ndarray):
                    value.flags.writeable = False
                self.lazy[key] = value
            return self.lazy[key]

    def selection(self, filters, make) -> np.ndarray:
        """The boolean array of a selection, kept for the last few selections asked for."""
        with self.lock:
            chosen = self.lazy.setdefault("selections", OrderedDict())
            if filters in chosen:
                chosen.move_to_end(filters)
            else:
                chosen[filters] = make()
                chosen[filters].flags.writeable = False
                while len(chosen) > SELECTIONS:
                    chosen.popitem(last=False)
            return chosen[filters]

    def themes(self, conn: sqlite3.Connection) -> pd.DataFrame:
        """Open-question statements per record and theme: theme, statements, pos."""

        def make():
            sql = ("SELECT article_id, theme, count(*) FROM open_question_themes "
                   "GROUP BY theme, article_id")  # fmt: skip
            df = read(conn, sql, ["article_id", "theme", "statements"])
            return df.assign(pos=self.positions(df["article_id"]))

        return self.cached("themes", make)

    def matches(self, conn: sqlite3.Connection, expr: str) -> np.ndarray:
        """The records a (valid) FTS5 expression matches, as a boolean array."""
        sql = "SELECT rowid FROM records_fts WHERE records_fts MATCH ?"
        return self.cached(("match", expr), lambda: self.rows(
            [r[0] for r in conn.execute(sql, [expr])]))  # fmt: skip

    def ranked(self, conn: sqlite3.Connection, expr: str) -> pd.Series:
        """bm25 rank (lower is better) of each record the expression matches, by id."""
        sql = "SELECT rowid, rank FROM records_fts WHERE records_fts MATCH ?"
        return self.cached(("rank", expr), lambda: read(
            conn, sql, ["article_id", "rank"], [expr]).set_index("article_id")["rank"])  # fmt: skip

    def nbytes(self) -> int:
        """Memory the cached frames hold (deep, strings included)."""
        chosen = self.lazy.get("selections", {})
        parts = [self.records, self.links, *chosen.values(),
                 *(v for k, v in self.lazy.items() if k != "selections")]  # fmt: skip
        return sum(int(np.asarray(p.memory_usage(deep=True)).sum()) if hasattr(p, "memory_usage")
                   else p.nbytes for p in parts)  # fmt: skip


def coded(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """A categorical column as codes (0: null) and their labels, nulls first as SQL sorts."""
    return values.cat.codes.to_numpy() + 1, np.array([None, *values.cat.categories], dtype=object)


def tally(keys: dict[str, tuple[np.ndarray, np.ndarray]], values: dict[str, np.ndarray]):
    """Rows (n) and sums of `values` per combination of coded keys that occurs, in key order:
    a GROUP BY over arrays of codes, without building a frame of the rows first."""
    shape = tuple(len(labels) for _, labels in keys.values())
    cell = np.ravel_multi_index([codes for codes, _ in keys.values()], shape)
    size = int(np.prod(shape))
    n = np.bincount(cell, minlength=size)
    found = np.flatnonzero(n)
    out = {name: labels[index] for (name, (_, labels)), index
           in zip(keys.items(), np.unravel_index(found, shape), strict=True)}  # fmt: skip
    out["n"] = n[found]
    for name, v in values.items():
        out[name] = np.bincount(cell, weights=v, minlength=size)[found].astype("int64")
    return pd.DataFrame(out)


@contextlib.contextmanager
def snapshot(conn: sqlite3.Connection) -> Iterator[None]:
    """Read in one transaction, so the change counts name exactly what the frames hold."""
    if conn.in_transaction:
        yield
        return
    conn.execute("BEGIN")
    try:
        yield
    finally:
        conn.execute("COMMIT")


def counts(conn: sqlite3.Connection) -> dict:
    """table_changes as {table: writes so far}; {} on a database without it (m008)."""
    try:
        return dict(conn.execute("SELECT name, n FROM table_changes").fetchall())
    except sqlite3.OperationalError:
        return {}


def unchanged(old: Facts | None, now: dict, tables: Iterable[str]) -> bool:
    """Whether none of `tables` was written between `old`'s read and `now`."""
    return old is not None and all(t in now and old.changes.get(t) == now[t] for t in tables)


COLUMNS = ["article_id", "year", "first_seen", "study_type", "subjects", "sample_size",
           "off_topic", "retracted", "deleted"]  # fmt: skip


def read_records(conn: sqlite3.Connection, ids: list[int] | None = None) -> pd.DataFrame:
    """article_facts' rows (only those of `ids` if given), as stored."""
    sql = f"SELECT {', '.join(COLUMNS)} FROM article_facts"
    if ids is None:
        return read(conn, sql, COLUMNS)
    sql += " WHERE article_id IN (SELECT value FROM json_each(?))"
    return read(conn, sql, COLUMNS, [json.dumps(ids)])


def typed(records: pd.DataFrame) -> pd.DataFrame:
    """The records frame the queries expect; its types depend on the values alone, so a
    patched frame is the very frame a full read gives."""
    for name in ("study_type", "subjects"):
        records[name] = records[name].astype("str").astype("category")
    year = pd.to_numeric(records["year"])
    records["year"] = year.astype("float64" if year.isna().any() else "int64")
    records["sample_size"] = records["sample_size"].astype("float64")
    records["off_topic"] = records["off_topic"].astype("float64")
    return records.set_index("article_id", drop=False).rename_axis(None)


def patched(conn: sqlite3.Connection, old: Facts, corrected: np.ndarray) -> pd.DataFrame:
    """`old`'s records with the rows of every record corrected then or now read again: all
    a write to corrections alone can change (article_facts' row is its record's view row)."""
    ids = old.records.index.intersection(np.union1d(old.corrected, corrected))
    if ids.empty:  # only corrections of ids without a record changed
        return old.records
    fresh = read_records(conn, ids.tolist()).set_index("article_id", drop=False)
    return typed(pd.concat([old.records.drop(ids), fresh]).loc[old.records.index])


def read_links(conn: sqlite3.Connection) -> pd.DataFrame:
    """article_topics' links (pos is added against the records they go with)."""
    links = read(conn, "SELECT article_id, topic, relevance FROM article_topics",
                 ["article_id", "topic", "relevance"])  # fmt: skip
    links["topic"] = links["topic"].astype("category")
    links["relevance"] = links["relevance"].astype("float64").fillna(1.0)
    return links


def load(conn: sqlite3.Connection, old: Facts | None = None) -> Facts:
    """Read the narrow frames (about 0.3 s at 100,000 records), keeping each part of `old`
    (the previous version's) whose tables nobody wrote since: a researcher's correction
    re-reads the records, not the links, themes or full-text matches."""
    with snapshot(conn):
        now = counts(conn)
        corrected = np.array([r[0] for r in conn.execute("SELECT article_id FROM corrections")],
                             dtype="int64")  # fmt: skip
        if unchanged(old, now, FACT_TABLES):
            records = old.records
        elif unchanged(old, now, ("records", "annotations")):
            records = patched(conn, old, corrected)
        else:
            records = typed(read_records(conn))
        keep_links = unchanged(old, now, PARTS["links"])
        links = old.links if keep_links else read_links(conn)
    data = Facts(records, links, now, corrected)
    if not keep_links:
        data.links["pos"] = data.positions(data.links["article_id"])
    if old is not None:
        with old.lock:
            data.lazy.update((k, v) for k, v in old.lazy.items() if kept(old, now, k))
    return data


def kept(old: Facts, now: dict, key) -> bool:
    """Whether a lazily read part of `old` holds for `now` (never a selection, never a part
    PARTS does not name: it is read again)."""
    name = key if isinstance(key, str) else key[0]
    return name in PARTS and unchanged(old, now, PARTS[name])


_lock = threading.Lock()
_loading = threading.Lock()
_cache: OrderedDict[tuple, Facts] = OrderedDict()
_watch: OrderedDict[str, tuple[tuple, sqlite3.Connection]] = OrderedDict()


def watcher(path: str, identity: tuple) -> sqlite3.Connection:
    """The connection kept open on `path` to ask PRAGMA data_version (call with _lock held).

    A new one counts from scratch, so the frames cached for that path are dropped with it."""
    known = _watch.get(path)
    if known is not None and known[0] == identity:
        _watch.move_to_end(path)
        return known[1]
    if known is not None:
        known[1].close()
    for key in [k for k in _cache if k[0] == path]:
        del _cache[key]
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    _watch[path] = (identity, conn)
    while len(_watch) > 2 * KEEP:
        _watch.popitem(last=False)[1][1].close()
    return conn


def version(conn: sqlite3.Connection) -> tuple | None:
    """A key that changes whenever what `conn` reads may have changed; None: do not cache."""
    path = conn.execute("PRAGMA database_list").fetchone()[2]
    if not path or conn.in_transaction:
        return None  # in memory, or the caller's uncommitted writes, seen by it alone
    st = os.stat(path)
    identity = (st.st_dev, st.st_ino, st.st_ctime_ns)  # this file, not one put in its place
    with _lock:
        changes = watcher(path, identity).execute("PRAGMA data_version").fetchone()[0]
    return (path, identity, changes)


def cached_facts(key: tuple | None) -> Facts | None:
    """The frames cached under `key`, if any."""
    with _lock:
        found = _cache.get(key) if key else None
        if found is not None:
            _cache.move_to_end(key)
        return found


def facts(conn: sqlite3.Connection) -> Facts:
    """The frames for what `conn` sees now, read again (what a write changed) after a write."""
    key = version(conn)
    if key is None:
        return load(conn)
    found = cached_facts(key)
    if found is not None:
        return found
    with _loading:  # one thread (a visitor's, the dashboard's warmer) reads; others wait
        found = cached_facts(key)
        if found is not None:
            return found
        with _lock:
            old = next((v for k, v in reversed(_cache.items()) if k[:2] == key[:2]), None)
        data = load(conn, old)
        with _lock:
            _cache[key] = data
            while len(_cache) > KEEP:
                _cache.popitem(last=False)
    return data


def forget() -> None:
    """Drop every cached frame (benchmarks time a cold read, a new process's, with this)."""
    with _lock:
        _cache.clear()
