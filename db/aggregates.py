"""Aggregate queries for charts and notebooks: pandas over the cached frames of db.facts.

All take ``db`` and a ``Filters`` like the functions of ``db.queries`` and return small
DataFrames, whatever the size of the database::

    from db.queries import Filters, counts_by_year_type, gap_map, tracked_questions
    counts_by_year_type("data/literature.db", Filters(topics=["prolactin"]))
    gap_map("data/literature.db", Filters())            # theme, study_type, n
    tracked_questions("data/literature.db", Filters())  # question, study_type, records, total_n
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import numpy as np
import pandas as pd

from db.facts import DbLike, coded, connection, facts, frame, tally
from db.filters import Filters, chosen, in_selection, link_mask, marks, selection
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


def rollup(df: pd.DataFrame, keys: list[str], values: Iterable[str] = ("n",)) -> pd.DataFrame:
    """Sum `values` of a summary frame over `keys` (nulls kept and sorted first, as in SQL)."""
    out = df.groupby(keys, dropna=False, as_index=False, sort=False, observed=True)[
        list(values)
    ].sum()
    for key in keys:  # categories of the cached frame: plain values, as SQL gives them
        if isinstance(out[key].dtype, pd.CategoricalDtype):
            out[key] = out[key].astype(object)
    out = out.sort_values(keys, na_position="first", kind="stable").reset_index(drop=True)
    return out.astype({v: "int64" for v in values})


def facts_summary(db: DbLike, filters: Filters | None = None) -> pd.DataFrame:
    """Records (n) and records with an N (with_n) per year, study type and subjects.

    counts_by_year_type, counts_by_subjects and the totals of a page are all rollup()s of
    this small frame, so a page needs one query for them.
    """
    with connection(db) as conn:
        rows = selection(conn, filters)
    rows = rows.assign(n=1, with_n=rows["sample_size"].notna())
    out = rollup(rows, ["study_type", "year", "subjects"], ("n", "with_n"))
    return out[["year", "study_type", "subjects", "n", "with_n"]]


def counts_by_year_type(db: DbLike, filters: Filters | None = None) -> pd.DataFrame:
    """Records per publication year and study type (year may be null)."""
    return rollup(facts_summary(db, filters), ["year", "study_type"])


def counts_by_subjects(db: DbLike, filters: Filters | None = None) -> pd.DataFrame:
    """Records per publication year and subjects (human, animal, in_vitro or null)."""
    return rollup(facts_summary(db, filters), ["year", "subjects"])


TOPIC_TYPE_COLUMNS = ["topic", "study_type", "n", "with_n", "human"]


def counts_by_topic_type(db: DbLike, filters: Filters | None = None) -> pd.DataFrame:
    """Records per topic and study type, with how many have an N and how many are human
    (a record in two topics counts in both; with relevant_only, only under the topics it
    is relevant to, or all of them if confirmed on-topic)."""
    f = filters or Filters()
    with connection(db) as conn:
        data = facts(conn)
        keep = chosen(data, f.replace(topics=(), relevant_only=False), conn)
    off_topic = data.records["off_topic"].to_numpy()
    links, pos = data.links, data.links["pos"].to_numpy()
    if f.relevant_only:
        keep = keep & (off_topic != 1)
    use = in_selection(keep, data.links["pos"]) & link_mask(data, f.topics, f.relevant_only)
    if not use.any():
        return pd.DataFrame(columns=TOPIC_TYPE_COLUMNS)
    designs, labels = coded(data.records["study_type"])
    size = data.records["sample_size"].to_numpy()[pos[use]]
    human = (data.records["subjects"] == "human").to_numpy()[pos[use]]
    topics, names = coded(links["topic"])
    return tally({"topic": (topics[use], names), "study_type": (designs[pos[use]], labels)},
                 {"with_n": ~np.isnan(size), "human": human})  # fmt: skip


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
        rows = selection(conn, filters)
        rows = rows[rows["sample_size"].notna()]
        # Knuth's multiplicative hash spreads the kept points over ids and years.
        spread = np.fmod(rows["article_id"].to_numpy() * 2654435761, 4294967296)
        kept = rows.iloc[np.argsort(spread, kind="stable")[:limit]]
        df = frame(
            conn,
            "SELECT a.article_id, a.pmid, a.title, a.year, a.study_type, a.subjects, "
            "a.sample_size, a.sample_unit FROM json_each(?) j "
            "JOIN articles a ON a.article_id = j.value ORDER BY j.key",
            [json.dumps(kept["article_id"].tolist())],
        )
    df.attrs["total"] = len(rows)
    return df


def sample_size_summary(db: DbLike, filters: Filters | None = None) -> pd.DataFrame:
    """Per study type: records, records with an N, coverage, median, quartiles, total N."""
    with connection(db) as conn:
        rows = selection(conn, filters)
    groups = rows.groupby("study_type", dropna=False, observed=True, sort=False)
    out = groups.agg(records=("article_id", "size"), with_n=("sample_size", "count"))
    sizes = rows[rows["sample_size"].notna()].groupby(
        "study_type", dropna=False, observed=True, sort=False
    )["sample_size"]
    stats = pd.DataFrame({"median": sizes.median(), "q1": sizes.quantile(0.25),
                          "q3": sizes.quantile(0.75), "min_n": sizes.min(),
                          "max_n": sizes.max(), "total_n": sizes.sum()})  # fmt: skip
    out = out.join(stats).reset_index()
    out["study_type"] = out["study_type"].astype(object)
    out.insert(3, "coverage", out["with_n"] / out["records"])
    out = out.sort_values("study_type", na_position="first", kind="stable")
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
