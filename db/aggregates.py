"""Aggregate queries (GROUP BY in SQLite) for charts and notebooks; see db.queries.

All take ``db`` and a ``Filters`` like the functions of ``db.queries`` and return small
DataFrames, whatever the size of the database::

    from db.queries import Filters, counts_by_year_type, gap_map, tracked_questions
    counts_by_year_type("data/literature.db", Filters(topics=["prolactin"]))
    gap_map("data/literature.db", Filters())            # theme, study_type, n
    tracked_questions("data/literature.db", Filters())  # question, study_type, records, total_n
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

import numpy as np
import pandas as pd

from db import facts
from db.matches import (  # noqa: F401 - part of this module's API (see __all__)
    TRACKED_QUESTIONS,
    evidence_counts,
    gap_grid,
    gap_map,
    load_tracked_questions,
    open_questions,
    question_counts,
    question_table,
    tracked_question_records,
    tracked_questions,
)
from db.queries import (
    DbLike,
    Filters,
    connection,
    facts_where,
    frame,
    marks,
    scalar,
    threshold,
    where,
)

__all__ = [
    "last_fetch",
    "open_gaps",
    "fetch_run_topics",
    "fetch_log",
    "open_questions",
    "counts_by_subjects",
    "counts_by_topic",
    "counts_by_topic_type",
    "counts_by_year_type",
    "evidence_counts",
    "facts_summary",
    "gap_grid",
    "gap_map",
    "load_tracked_questions",
    "question_counts",
    "question_table",
    "rollup",
    "sample_size_summary",
    "sample_sizes",
    "tracked_question_records",
    "topic_totals",
    "tracked_questions",
    "trials",
    "trials_by_status",
]


def selection(conn: sqlite3.Connection, filters: Filters | None) -> tuple[str, list]:
    """`FROM article_facts a WHERE …` for the selection, and its params."""
    body, params = facts_where(conn, filters)
    return f"FROM article_facts a WHERE {body}", params


def facts_summary(db: DbLike, filters: Filters | None = None) -> pd.DataFrame:
    """Records (n) and records with an N (with_n) per year, study type and subjects.

    One scan of a covering index; counts_by_year_type, counts_by_subjects and the totals
    of a page are all rollup()s of this small frame, so a page needs one query for them.
    """
    with connection(db) as conn:
        src, params = selection(conn, filters)
        sql = (
            "SELECT a.year, a.study_type, a.subjects, count(*) AS n, "
            f"count(a.sample_size) AS with_n {src} GROUP BY a.study_type, a.year, a.subjects"
        )
        return frame(conn, sql, params)


def rollup(df: pd.DataFrame, keys: list[str], values: Iterable[str] = ("n",)) -> pd.DataFrame:
    """Sum `values` of a summary frame over `keys` (nulls kept and sorted first, as in SQL)."""
    out = df.groupby(keys, dropna=False, as_index=False, sort=False)[list(values)].sum()
    out = out.sort_values(keys, na_position="first", kind="stable").reset_index(drop=True)
    return out.astype({v: "int64" for v in values})


def counts_by_year_type(db: DbLike, filters: Filters | None = None) -> pd.DataFrame:
    """Records per publication year and study type (year may be null)."""
    return rollup(facts_summary(db, filters), ["year", "study_type"])


def counts_by_subjects(db: DbLike, filters: Filters | None = None) -> pd.DataFrame:
    """Records per publication year and subjects (human, animal, in_vitro or null)."""
    return rollup(facts_summary(db, filters), ["year", "subjects"])


def topic_join(conn: sqlite3.Connection, filters: Filters) -> tuple[str, list]:
    """The selection's topic links (the exact rule, read from article_topics).

    With relevant_only, a record counts under a topic when it is relevant to that topic
    (or confirmed on-topic). Used when article_facts' masks are not current.
    """
    f = filters
    body, params = where(f.replace(topics=(), relevant_only=False))
    src = (
        f"FROM article_topics tt JOIN article_facts a ON a.article_id = tt.article_id WHERE {body}"
    )
    if f.topics:
        src += f" AND tt.topic IN ({marks(f.topics)})"
        params += list(f.topics)
    if f.relevant_only:
        src += " AND a.off_topic IS NOT 1 AND (a.off_topic IS 0 OR coalesce(tt.relevance, 1) >= ?)"
        params.append(threshold())
    return src, params


TOPIC_TYPE_COLUMNS = ["topic", "study_type", "n", "with_n", "human"]


def counts_by_topic_type(db: DbLike, filters: Filters | None = None) -> pd.DataFrame:
    """Records per topic and study type, with how many have an N and how many are human
    (a record in two topics counts in both)."""
    f = filters or Filters()
    with connection(db) as conn:
        lay = facts.layout(conn)
        if lay.threshold != threshold() or not lay.all_topics_masked:
            src, params = topic_join(conn, f)
            sql = (
                "SELECT tt.topic, a.study_type, count(*) AS n, count(a.sample_size) AS with_n, "
                f"sum(a.subjects IS 'human') AS human {src} GROUP BY 1, 2 ORDER BY 1, 2"
            )
            return frame(conn, sql, params)
        body, params = where(f.replace(topics=(), relevant_only=False), layout=lay)
        if f.relevant_only:
            body += " AND a.off_topic IS NOT 1"
        # Grouped in the covering index's order, so SQLite streams it without sorting.
        keys = "a.study_type, a.year, a.subjects, a.off_topic, a.topics, a.relevant_topics"
        groups = frame(
            conn,
            f"SELECT {keys}, count(*) AS n, count(a.sample_size) AS with_n "
            f"FROM article_facts a WHERE {body} GROUP BY {keys}",
            params,
        )
    # Confirmed on-topic: every link counts; otherwise only the relevant links.
    masks = groups["topics"]
    if f.relevant_only:
        masks = masks.where(groups["off_topic"] == 0, groups["relevant_topics"])
    groups = groups.assign(human=(groups["subjects"] == "human") * groups["n"])
    parts = []
    for topic, bit in sorted(lay.topic_bits.items()):
        if f.topics and topic not in f.topics:
            continue
        hit = groups[np.right_shift(masks.to_numpy(dtype="int64"), bit) & 1 == 1]
        parts.append(hit.assign(topic=topic))
    if not parts:
        return pd.DataFrame(columns=TOPIC_TYPE_COLUMNS)
    return rollup(pd.concat(parts), ["topic", "study_type"], ("n", "with_n", "human"))


def counts_by_topic(db: DbLike, filters: Filters | None = None) -> pd.DataFrame:
    """Records per topic in the selection (a record in two topics counts in both)."""
    return topic_totals(counts_by_topic_type(db, filters))


def topic_totals(by_topic_type: pd.DataFrame) -> pd.DataFrame:
    """counts_by_topic from counts_by_topic_type: topic, n, with_n, human, largest first."""
    out = rollup(by_topic_type, ["topic"], ("n", "with_n", "human"))
    return out.sort_values("n", ascending=False, kind="stable").reset_index(drop=True)


def sample_sizes(db: DbLike, filters: Filters | None = None, limit: int | None = 3000):
    """Records with an extracted N, for scatter plots; a stable spread-out subset if limited.

    df.attrs["total"] holds how many records in the selection have an N.
    """
    with connection(db) as conn:
        return sample_points(conn, filters, limit)


def sample_points(conn: sqlite3.Connection, filters: Filters | None, limit: int | None):
    """sample_sizes() on an open connection."""
    src, params = selection(conn, filters)
    src += " AND a.sample_size IS NOT NULL"
    total = scalar(conn, f"SELECT count(*) {src}", params)
    # Knuth's multiplicative hash spreads the kept points over ids and years.
    inner = (
        f"SELECT a.article_id, a.year, a.study_type, a.subjects, a.sample_size {src} "
        "ORDER BY (a.article_id * 2654435761) % 4294967296 LIMIT ?"
    )
    sql = (
        "SELECT s.article_id, r.pmid, r.title, s.year, s.study_type, s.subjects, s.sample_size, "
        f"v.sample_unit FROM ({inner}) s JOIN records r ON r.id = s.article_id "
        "JOIN articles v ON v.article_id = s.article_id"
    )
    df = frame(conn, sql, [*params, -1 if limit is None else limit])
    df.attrs["total"] = int(total or 0)
    return df


def sample_size_summary(db: DbLike, filters: Filters | None = None) -> pd.DataFrame:
    """Per study type: records, records with an N, coverage, median, quartiles, total N.

    SQLite counts records per type and records per (type, N) from covering indexes; the
    quartiles (linear interpolation, as pandas computes them) come from those counts.
    """
    with connection(db) as conn:
        src, params = selection(conn, filters)
        records = frame(conn, f"SELECT a.study_type, count(*) AS records {src} GROUP BY 1", params)
        sizes = frame(
            conn,
            f"SELECT a.study_type, a.sample_size, count(*) AS k {src} "
            "AND a.sample_size IS NOT NULL GROUP BY a.sample_size, a.study_type",
            params,
        )
    rows = []
    for design, group in sizes.groupby("study_type", dropna=False, sort=False):
        values = np.repeat(group["sample_size"].to_numpy(), group["k"].to_numpy())
        q1, median, q3 = np.quantile(values, [0.25, 0.5, 0.75])
        rows.append({"study_type": design, "with_n": len(values), "median": median, "q1": q1,
                     "q3": q3, "min_n": values.min(), "max_n": values.max(),
                     "total_n": values.sum()})  # fmt: skip
    stats = pd.DataFrame(rows, columns=["study_type", "with_n", "median", "q1", "q3", "min_n",
                                        "max_n", "total_n"])  # fmt: skip
    out = records.merge(stats, how="left", on="study_type")
    out["with_n"] = out["with_n"].fillna(0).astype("int64")
    out.insert(3, "coverage", out["with_n"] / out["records"])
    out = out[["study_type", "records", "with_n", "coverage", "median", "q1", "q3", "min_n",
               "max_n", "total_n"]]  # fmt: skip
    return out.sort_values("records", ascending=False, kind="stable").reset_index(drop=True)


def trials_clause(topics: Iterable[str] | None) -> tuple[str, list]:
    """WHERE body restricting trials to the given topics."""
    topics = list(topics or ())
    if not topics:
        return "1", []
    return (
        f"nct_id IN (SELECT nct_id FROM trial_topics WHERE topic IN ({marks(topics)}))",
        topics,
    )


def trials_by_status(db: DbLike, topics: Iterable[str] | None = None) -> pd.DataFrame:
    """Registered trials per recruitment status, with their planned or actual enrolment."""
    body, params = trials_clause(topics)
    sql = (
        "SELECT coalesce(status, 'UNKNOWN') AS status, count(*) AS n, "
        f"sum(enrollment) AS enrollment FROM trials WHERE {body} GROUP BY 1 ORDER BY 2 DESC"
    )
    return frame(db, sql, params)


def trials(db: DbLike, topics: Iterable[str] | None = None, limit: int = 500) -> pd.DataFrame:
    """Registered trials, most recently updated first."""
    body, params = trials_clause(topics)
    sql = (
        "SELECT nct_id, title, status, phase, study_type, enrollment, sponsor, start_date, "
        f"completion_date, last_update, url FROM trials WHERE {body} "
        "ORDER BY last_update DESC NULLS LAST LIMIT ?"
    )
    return frame(db, sql, [*params, limit])


def fetch_log(db: DbLike, limit: int = 20) -> pd.DataFrame:
    """The most recent fetch runs, newest first, with their totals and errors."""
    sql = (
        "SELECT r.id, r.started_at, r.finished_at, r.status, r.sources, r.full, r.command, "
        "r.errors, r.counts, sum(t.hits) AS hits, sum(t.new) AS new, sum(t.updated) AS updated, "
        "sum(t.failed) AS failed FROM fetch_runs r "
        "LEFT JOIN fetch_run_topics t ON t.run_id = r.id "
        "GROUP BY r.id ORDER BY r.id DESC LIMIT ?"
    )
    return frame(db, sql, [limit])


def fetch_run_topics(db: DbLike, run_ids: Iterable[int]) -> pd.DataFrame:
    """Per source and topic counts of the given runs."""
    ids = list(run_ids)
    sql = (
        "SELECT run_id, source, topic, hits, new, updated, unchanged, failed, requests, status, "
        f"error FROM fetch_run_topics WHERE run_id IN ({marks(ids)}) "
        "ORDER BY run_id DESC, source, topic"
    )
    return frame(db, sql, ids)


def open_gaps(db: DbLike) -> pd.DataFrame:
    """Batches a fetch could not get and the next run will retry."""
    sql = (
        "SELECT id, source, topic, kind, error, created_run_id, created_at FROM fetch_gaps "
        "WHERE resolved_run_id IS NULL ORDER BY id DESC"
    )
    return frame(db, sql)


def last_fetch(db: DbLike) -> dict:
    """The last run (any status) and the last successful one, as dicts or None."""
    sql = "SELECT * FROM fetch_runs {} ORDER BY id DESC LIMIT 1"
    last = frame(db, sql.format(""))
    ok = frame(db, sql.format("WHERE status = 'ok'"))
    return {
        "last": last.iloc[0].to_dict() if len(last) else None,
        "last_ok": ok.iloc[0].to_dict() if len(ok) else None,
    }
