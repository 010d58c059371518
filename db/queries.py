"""The read API shared by the dashboard and the notebooks: one place for each query.

Every function takes ``db`` (a ``sqlite_utils.Database``, a ``sqlite3.Connection`` or a
path; a path is opened read-only and closed again) and usually a :class:`Filters`, and
returns a pandas DataFrame. Selections and aggregates are computed in pandas over narrow
frames (``article_facts``, the trigger-maintained copy of the ``articles`` view's filter
columns, and the topic links) read once per data version (``db.facts``); only the rows
shown are read from the view. Researchers' corrections win everywhere, because both
apply them.

Examples::

    from db.queries import Filters, records, counts_by_year_type, search, sample_size_summary

    f = Filters(topics=["mitragynine"], year_min=2015, study_types=["rct", "cohort"])
    records("data/literature.db", f, limit=20)               # newest first
    counts_by_year_type("data/literature.db", Filters())     # year, study_type, n
    sample_size_summary("data/literature.db", Filters(subjects=["human"]))
    search("data/literature.db", 'kratom "opioid withdrawal"', Filters(), limit=50)
    search("data/literature.db", 'kratom -withdrawal (', Filters())  # never raises:
    # invalid FTS5 syntax is re-read as plain words; df.attrs["note"] says so.

The filter rule lives in :func:`select` alone (``db.filters``, with :class:`Filters`
and :func:`where`, its SQL form for other queries; all can be imported from here). The
aggregate functions (``counts_by_topic``, ``gap_map``, ``tracked_questions``,
``trials_by_status`` …) live in ``db.aggregates`` and ``db.matches`` (with
``open_questions``, ``fetch_log``, ``last_fetch``, ``open_gaps``) and can be imported from
here too.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import sqlite3
from pathlib import Path

import pandas as pd

from db.aggregates import *  # noqa: F403  (re-exported: the aggregates)
from db.claims import claim_cards  # noqa: F401  (re-exported: the claim cards)
from db.facts import DbLike, connection, facts, frame, scalar  # noqa: F401  (re-exported)
from db.filters import (  # noqa: F401  (re-exported: the selection and its SQL)
    SUBJECTS,
    Filters,
    as_tuple,
    marks,
    select,
    selection,
    threshold,
    where,
)
from db.fts import fts_expression, fts_valid, quote_token  # noqa: F401  (re-exported)
from db.relations import (  # noqa: F401  (re-exported)
    CONCERN_PMID,
    LINKS_SQL,
    NOTICE_PMID,
    newly_retracted,
)
from db.review_queue import *  # noqa: F403  (re-exported: the review queue's readers)
from db.trial_queries import *  # noqa: F403  (re-exported: registrations and their papers)

# Columns of `records()`: "list" for tables, "full" adds what citations need.
LIST_COLUMNS = (
    "a.article_id, a.pmid, a.title, a.journal, a.year, a.study_type, a.subjects, "
    "a.sample_size, a.sample_unit, a.doi, a.pmcid, a.first_seen, a.off_topic, a.corrected, "
    "(SELECT group_concat(t.topic, ', ') FROM article_topics t "
    "WHERE t.article_id = a.article_id) AS topics, a.retracted, a.concern, a.deleted, "
    f"CASE WHEN a.retracted = 1 THEN {NOTICE_PMID} END AS notice_pmid"
)
FULL_COLUMNS = LIST_COLUMNS + (
    ", a.abstract, a.authors, a.keywords, a.journal_iso, a.volume, a.issue, a.pages, "
    "a.pub_date, a.publication_types, a.languages, a.license, a.source_url, "
    f"CASE WHEN a.concern = 1 THEN {CONCERN_PMID} END AS concern_pmid"
)

# Sort orders of records(): (columns, ascending); nulls always last, as SQL's DESC puts them.
ORDER_BY = {
    "newest": (["year", "article_id"], [False, False]),
    "oldest": (["year", "article_id"], [True, True]),
    "recently_added": (["first_seen", "article_id"], [False, False]),
    "sample_size": (["sample_size", "year", "article_id"], [False, False, False]),
    "title": (["title", "article_id"], [True, True]),  # case-folded, read from records
    "rank": (["rank", "article_id"], [True, False]),  # only with a search: best match first
}

__all__ = [
    "Filters",
    "claim_cards",
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

    The selection is filtered, sorted and cut on the cached frame, so only the rows
    returned are read from the wide articles view. `since` keeps first_seen >= it.
    """
    filters = filters or Filters()
    if order_by not in ORDER_BY:
        raise ValueError(f"order_by must be one of {sorted(ORDER_BY)}, not {order_by!r}")
    cols = FULL_COLUMNS if columns == "full" else LIST_COLUMNS
    with connection(db) as conn:
        ids = page(conn, filters, order_by, since)
        ids = ids[offset : None if limit is None else offset + int(limit)]
        sql = (
            f"SELECT {cols} FROM json_each(?) j JOIN articles a ON a.article_id = j.value "
            "ORDER BY j.key"
        )
        return frame(conn, sql, [json.dumps(ids)])


def page(conn: sqlite3.Connection, filters: Filters, order_by: str, since: str | None) -> list:
    """The selection's ids in the order asked for."""
    data = facts(conn)
    rows = select(data, filters, conn)
    if since:
        rows = rows[rows["first_seen"] >= since]
    expr = fts_expression(filters.search)[0] if filters.search else None
    if order_by == "rank" and not expr:
        order_by = "newest"
    if order_by == "title":
        sql = (
            "SELECT r.id FROM json_each(?) j JOIN records r ON r.id = j.value "
            "ORDER BY r.title COLLATE NOCASE ASC, r.id ASC"
        )
        return [r[0] for r in conn.execute(sql, [json.dumps(rows["article_id"].tolist())])]
    if order_by == "rank":
        rows = rows.assign(rank=rows["article_id"].map(data.ranked(conn, expr)))
    keys, ascending = ORDER_BY[order_by]
    rows = rows.sort_values(keys, ascending=ascending, na_position="last", kind="stable")
    return rows["article_id"].tolist()


def count_records(db: DbLike, filters: Filters | None = None) -> int:
    """How many records the selection holds."""
    with connection(db) as conn:
        return len(selection(conn, filters))


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


def entered_since(conn: sqlite3.Connection, days: float, filters: Filters | None) -> pd.DataFrame:
    """The selection's records new to PubMed in the last `days` days (ENTERED_SINCE), with
    the date that made them new as `entered`, latest first."""
    new = frame(conn, ENTERED_SINCE, new_params(days)).rename(columns={"id": "article_id"})
    chosen = selection(conn, filters or Filters(relevant_only=False))["article_id"]
    new = new[new["article_id"].isin(chosen)]
    return new.sort_values(["entered", "article_id"], ascending=False)


def new_since(
    db: DbLike, days: float, filters: Filters | None = None, limit: int | None = None
) -> pd.DataFrame:
    """Records new to PubMed in the last `days` days, latest first, with `entered`."""
    with connection(db) as conn:
        new = entered_since(conn, days, filters)
        if limit is not None:
            new = new.head(int(limit))
        rows = frame(
            conn,
            f"SELECT {LIST_COLUMNS} FROM json_each(?) j JOIN articles a ON a.article_id = j.value",
            [json.dumps([int(i) for i in new["article_id"]])],
        )
        out = new.merge(rows, on="article_id", how="inner")
        return out[[*rows.columns, "entered"]].reset_index(drop=True)


def count_new_since(db: DbLike, days: float, filters: Filters | None = None) -> int:
    """How many records of the selection are new to PubMed in the last `days` days."""
    with connection(db) as conn:
        return len(entered_since(conn, days, filters))


def record(db: DbLike, article_id: int) -> dict | None:
    """One record with its annotations, correction and topic links, for the record view."""
    row = frame(
        db,
        "SELECT a.*, n.study_type_signal AS signal, n.sample_size_start, n.sample_size_end, "
        f"c.reason AS correction_reason, c.updated_at AS corrected_at, {NOTICE_PMID} AS notice_pmid "
        "FROM articles a LEFT JOIN annotations n ON n.article_id = a.article_id "
        "LEFT JOIN corrections c ON c.article_id = a.article_id WHERE a.article_id = ?",
        [article_id],
    )
    if row.empty:
        return None
    out = row.iloc[0].to_dict()
    out["links"] = frame(db, LINKS_SQL, [article_id])
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
