"""The read API shared by the dashboard and the notebooks: one place for each query.

Every function takes ``db`` (a ``sqlite_utils.Database``, a ``sqlite3.Connection`` or a
path; a path is opened read-only and closed again) and usually a :class:`Filters`, and
returns a pandas DataFrame. Aggregation happens in SQLite (``GROUP BY``), so the frames
stay small whatever the size of the database. Selections are filtered on
``article_facts``, the trigger-maintained narrow copy of the ``articles`` view with topic,
relevance and full-text-match bitmasks (``db.facts``), and only the rows shown are joined
to the view; researchers' corrections win everywhere, because both apply them.

Examples::

    from db.queries import Filters, records, counts_by_year_type, search, sample_size_summary

    f = Filters(topics=["mitragynine"], year_min=2015, study_types=["rct", "cohort"])
    records("data/literature.db", f, limit=20)               # newest first
    counts_by_year_type("data/literature.db", Filters())     # year, study_type, n
    sample_size_summary("data/literature.db", Filters(subjects=["human"]))
    search("data/literature.db", 'kratom "opioid withdrawal"', Filters(), limit=50)
    search("data/literature.db", 'kratom -withdrawal (', Filters())  # never raises:
    # invalid FTS5 syntax is re-read as plain words; df.attrs["note"] says so.

The filter → SQL translation lives in :func:`where` alone (``db.filters``, with
:class:`Filters`; both can be imported from here). The aggregate functions
(``counts_by_topic``, ``gap_map``, ``tracked_questions``, ``trials_by_status`` …) live in
``db.aggregates`` and ``db.matches`` (with ``open_questions``, ``fetch_log``,
``last_fetch``, ``open_gaps``) and can be imported from here too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd
from sqlite_utils import Database

from db.filters import (  # noqa: F401  (re-exported: the selection and its SQL)
    SUBJECTS,
    Filters,
    as_tuple,
    facts_where,
    marks,
    relevance_sql,
    threshold,
    where,
)
from db.fts import fts_expression, fts_valid, quote_token  # noqa: F401  (re-exported)

DbLike = Database | sqlite3.Connection | str | os.PathLike

MMAP_BYTES = 256 * 2**20  # read-only connections map the file: no page copies, warm OS cache

# Columns of `records()`: "list" for tables, "full" adds what citations need.
LIST_COLUMNS = (
    "a.article_id, a.pmid, a.title, a.journal, a.year, a.study_type, a.subjects, "
    "a.sample_size, a.sample_unit, a.doi, a.pmcid, a.first_seen, a.off_topic, a.corrected, "
    "(SELECT group_concat(t.topic, ', ') FROM article_topics t "
    "WHERE t.article_id = a.article_id) AS topics"
)
FULL_COLUMNS = LIST_COLUMNS + (
    ", a.abstract, a.authors, a.keywords, a.journal_iso, a.volume, a.issue, a.pages, "
    "a.pub_date, a.publication_types, a.languages, a.license, a.source_url"
)

# Sort orders over the columns the inner query selects ({p} is a table prefix or "").
ORDER_BY = {
    "newest": "{p}year DESC NULLS LAST, {p}article_id DESC",
    "oldest": "{p}year ASC NULLS LAST, {p}article_id ASC",
    "recently_added": "{p}first_seen DESC, {p}article_id DESC",
    "sample_size": "{p}sample_size DESC NULLS LAST, {p}year DESC, {p}article_id DESC",
    "title": "{p}title COLLATE NOCASE ASC, {p}article_id ASC",
    "rank": "{p}rank ASC, {p}article_id DESC",  # only with a search: best match first
}

__all__ = [
    "Filters",
    "count_new_since",
    "count_records",
    "filter_options",
    "fts_expression",
    "new_since",
    "notes",
    "record",
    "records",
    "search",
    "where",
]


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


def records(
    db: DbLike,
    filters: Filters | None = None,
    limit: int | None = None,
    order_by: str = "newest",
    *,
    offset: int = 0,
    columns: str = "list",
    since: str | None = None,
) -> pd.DataFrame:
    """Records in the selection, one row each; order_by is a key of ORDER_BY.

    The selection is filtered, sorted and cut on article_facts, so only the rows
    returned are joined to the wide articles view. `since` keeps first_seen >= it.
    """
    filters = filters or Filters()
    if order_by not in ORDER_BY:
        raise ValueError(f"order_by must be one of {sorted(ORDER_BY)}, not {order_by!r}")
    cols = FULL_COLUMNS if columns == "full" else LIST_COLUMNS
    expr, _ = fts_expression(filters.search) if filters.search else (None, None)
    if filters.search and expr is None:
        return frame(db, f"SELECT {cols} FROM articles a WHERE 0")
    with connection(db) as conn:
        return frame(conn, *records_sql(conn, filters, cols, expr, order_by, limit, offset, since))


def records_sql(
    conn: sqlite3.Connection,
    filters: Filters,
    cols: str,
    expr: str | None,
    order_by: str,
    limit: int | None,
    offset: int,
    since: str | None,
) -> tuple[str, list]:
    """The SQL of records(): cut the page on article_facts, then join the wide view."""
    body, params = facts_where(conn, filters, search=False)
    if since:
        body, params = f"{body} AND a.first_seen >= ?", [*params, since]
    if order_by == "rank" and not expr:
        order_by = "newest"
    title = "r.title" if order_by == "title" else "NULL"
    source = "article_facts a"
    if expr:
        source = (
            "(SELECT rowid AS id, rank FROM records_fts WHERE records_fts MATCH ?) hits "
            "JOIN article_facts a ON a.article_id = hits.id"
        )
        params = [expr, *params]
    if order_by == "title":
        source += " JOIN records r ON r.id = a.article_id"
    inner = (
        "SELECT a.article_id, a.year, a.first_seen, a.sample_size, "
        f"{'hits.rank' if expr else 'NULL'} AS rank, {title} AS title FROM {source} "
        f"WHERE {body} ORDER BY {ORDER_BY[order_by].format(p='')} LIMIT ? OFFSET ?"
    )
    params += [-1 if limit is None else int(limit), int(offset)]
    sql = (
        f"SELECT {cols} FROM ({inner}) s JOIN articles a ON a.article_id = s.article_id "
        f"ORDER BY {ORDER_BY[order_by].format(p='s.')}"
    )
    return sql, params


def count_records(db: DbLike, filters: Filters | None = None) -> int:
    """How many records the selection holds."""
    with connection(db) as conn:
        body, params = facts_where(conn, filters)
        return int(scalar(conn, f"SELECT count(*) FROM article_facts a WHERE {body}", params) or 0)


def search(
    db: DbLike,
    text: str,
    filters: Filters | None = None,
    limit: int | None = 500,
    order_by: str = "rank",
) -> pd.DataFrame:
    """Full-text search within the selection; never raises on odd input.

    df.attrs["note"] explains when the text was not valid FTS5 and was read as plain
    words, or why nothing was searched; df.attrs["expression"] is what SQLite matched.
    """
    expr, note = fts_expression(text)
    if expr is None and not note:
        df = records(db, filters, limit=limit, order_by="newest")
    else:
        df = records(db, (filters or Filters()).replace(search=text), limit, order_by)
    df.attrs.update(note=note, expression=expr)
    return df


def cutoff(days: float, now: dt.datetime | None = None) -> str:
    """The ISO timestamp `days` before now, comparable with first_seen."""
    now = now or dt.datetime.now(dt.UTC)
    return (now - dt.timedelta(days=days)).replace(microsecond=0).isoformat()


# "New" is new to PubMed: the date PubMed listed the record (entrez_date, its EDAT). A
# record from a source without one (the bundled sample, other formats) counts from the
# day it was first stored, but no later than the end of its publication year: a 2015
# paper loaded today is not new. Each half reads one index range (entrez_date's, then
# article_facts' first_seen), never every record. Params: new_params().
ENTERED_SINCE = (
    "SELECT id, entrez_date AS entered FROM records WHERE entrez_date >= ? UNION ALL "
    "SELECT f.article_id, min(substr(f.first_seen, 1, 10), coalesce(f.year || '-12-31', "
    "'9999')) FROM article_facts f WHERE f.first_seen >= ? AND coalesce(f.year >= ?, 1) "
    "AND (SELECT r.entrez_date FROM records r WHERE r.id = f.article_id) IS NULL"
)


def new_params(days: float) -> list:
    """ENTERED_SINCE's params: the first day that counts as new, twice, and its year."""
    day = cutoff(days)[:10]
    return [day, day, int(day[:4])]


def new_since(
    db: DbLike, days: float, filters: Filters | None = None, limit: int | None = None
) -> pd.DataFrame:
    """Records new to PubMed in the last `days` days (ENTERED_SINCE), latest first, with
    the date that made them new as `entered`."""
    with connection(db) as conn:
        body, params = facts_where(conn, filters or Filters(relevant_only=False))
        inner = (
            f"SELECT e.id, e.entered FROM ({ENTERED_SINCE}) e JOIN article_facts a "
            f"ON a.article_id = e.id WHERE {body} ORDER BY e.entered DESC, e.id DESC LIMIT ?"
        )
        sql = (
            f"SELECT {LIST_COLUMNS}, s.entered FROM ({inner}) s JOIN articles a "
            "ON a.article_id = s.id ORDER BY s.entered DESC, s.id DESC"
        )
        limit = -1 if limit is None else int(limit)
        return frame(conn, sql, [*new_params(days), *params, limit])


def count_new_since(db: DbLike, days: float, filters: Filters | None = None) -> int:
    """How many records of the selection are new to PubMed in the last `days` days."""
    with connection(db) as conn:
        body, params = facts_where(conn, filters or Filters(relevant_only=False))
        sql = (
            f"SELECT count(*) FROM ({ENTERED_SINCE}) e JOIN article_facts a "
            f"ON a.article_id = e.id WHERE {body}"
        )
        return int(scalar(conn, sql, [*new_params(days), *params]) or 0)


def record(db: DbLike, article_id: int) -> dict | None:
    """One record with its annotations, correction and topic links, for the record view."""
    row = frame(
        db,
        "SELECT a.*, n.study_type_signal AS signal, n.sample_size_start, n.sample_size_end, "
        "c.reason AS correction_reason, c.updated_at AS corrected_at "
        "FROM articles a LEFT JOIN annotations n ON n.article_id = a.article_id "
        "LEFT JOIN corrections c ON c.article_id = a.article_id WHERE a.article_id = ?",
        [article_id],
    )
    if row.empty:
        return None
    out = row.iloc[0].to_dict()
    out["topics"] = frame(
        db,
        "SELECT topic, relevance, relevance_reason, first_seen FROM article_topics "
        "WHERE article_id = ? ORDER BY topic",
        [article_id],
    )
    out["questions"] = frame(
        db,
        'SELECT id, position, text, themes, start, "end" FROM open_questions '
        "WHERE article_id = ? ORDER BY position",
        [article_id],
    )
    return out


def notes(db: DbLike, article_id: int) -> pd.DataFrame:
    """Researchers' notes on one record, newest first."""
    sql = "SELECT text, author, created_at FROM notes WHERE article_id = ? ORDER BY id DESC"
    return frame(db, sql, [article_id])


def filter_options(db: DbLike) -> dict:
    """What the sidebar offers: linked topics, the year range and whether records exist."""
    with connection(db) as conn:
        topics = [r[0] for r in conn.execute("SELECT DISTINCT topic FROM article_topics")]
        low, high = conn.execute("SELECT min(year), max(year) FROM records").fetchone()
        has = conn.execute("SELECT EXISTS (SELECT 1 FROM records)").fetchone()[0]
    return {"topics": sorted(topics), "year_min": low, "year_max": high, "has_records": bool(has)}


def cache_key(path: str | os.PathLike) -> tuple:
    """Changes whenever the database changes: the newest fetch run, correction and note,
    then the stat of the file and its WAL (PRAGMA data_version is per connection)."""
    latest = None
    if Path(path).exists():
        with contextlib.suppress(Exception), connection(path) as conn:
            latest = conn.execute(
                "SELECT (SELECT max(id) FROM fetch_runs), (SELECT count(*) FROM corrections),"
                " (SELECT max(updated_at) FROM corrections), (SELECT max(id) FROM notes)"
            ).fetchone()
    stats: list = [str(path), latest]
    for suffix in ("", "-wal"):
        try:
            st = Path(f"{path}{suffix}").stat()
            stats.append((st.st_mtime_ns, st.st_size))
        except FileNotFoundError:
            stats.append(None)
    return tuple(stats)


def __getattr__(name: str):
    """Re-export the aggregates lazily, so `from db.queries import gap_map` works."""
    if name.startswith("__"):  # import machinery probing (__path__ …), not an aggregate
        raise AttributeError(f"module 'db.queries' has no attribute {name!r}")
    from db import aggregates

    if name in aggregates.__all__:
        return getattr(aggregates, name)
    raise AttributeError(f"module 'db.queries' has no attribute {name!r}")
