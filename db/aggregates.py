"""Aggregate queries (GROUP BY in SQLite) for charts and notebooks; see db.queries.

All take ``db`` and a ``Filters`` like the functions of ``db.queries`` and return small
DataFrames, whatever the size of the database::

    from db.queries import Filters, counts_by_year_type, gap_map, tracked_questions
    counts_by_year_type("data/literature.db", Filters(topics=["prolactin"]))
    gap_map("data/literature.db", Filters())            # theme, study_type, n
    tracked_questions("data/literature.db", Filters())  # question, study_type, records, total_n
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from db.queries import DbLike, Filters, frame, fts_expression, marks, threshold, where

TRACKED_QUESTIONS = Path(__file__).resolve().parents[1] / "dashboard" / "tracked_questions.toml"

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
    "gap_map",
    "load_tracked_questions",
    "question_counts",
    "sample_size_summary",
    "sample_sizes",
    "tracked_question_records",
    "tracked_questions",
    "trials",
    "trials_by_status",
]


def selection(filters: Filters | None) -> tuple[str, list]:
    """`FROM article_facts a WHERE …` for the selection, and its params."""
    body, params = where(filters or Filters())
    return f"FROM article_facts a WHERE {body}", params


def counts_by_year_type(db: DbLike, filters: Filters | None = None) -> pd.DataFrame:
    """Records per publication year and study type (year may be null)."""
    src, params = selection(filters)
    sql = f"SELECT a.year, a.study_type, count(*) AS n {src} GROUP BY 1, 2 ORDER BY 1, 2"
    return frame(db, sql, params)


def counts_by_subjects(db: DbLike, filters: Filters | None = None) -> pd.DataFrame:
    """Records per publication year and subjects (human, animal, in_vitro or null)."""
    src, params = selection(filters)
    sql = f"SELECT a.year, a.subjects, count(*) AS n {src} GROUP BY 1, 2 ORDER BY 1, 2"
    return frame(db, sql, params)


def topic_join(filters: Filters | None) -> tuple[str, list]:
    """The selection's topic links, restricted to the selected topics.

    With relevant_only, a record counts under a topic when it is relevant to that topic
    (or confirmed on-topic), read straight from the link instead of a subquery per record.
    """
    f = filters or Filters()
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


def counts_by_topic(db: DbLike, filters: Filters | None = None) -> pd.DataFrame:
    """Records per topic in the selection (a record in two topics counts in both)."""
    src, params = topic_join(filters)
    sql = (
        f"SELECT tt.topic, count(*) AS n, count(a.sample_size) AS with_n, "
        f"sum(a.subjects = 'human') AS human {src} GROUP BY 1 ORDER BY 2 DESC"
    )
    return frame(db, sql, params)


def counts_by_topic_type(db: DbLike, filters: Filters | None = None) -> pd.DataFrame:
    """Records per topic and study type."""
    src, params = topic_join(filters)
    sql = f"SELECT tt.topic, a.study_type, count(*) AS n {src} GROUP BY 1, 2 ORDER BY 1, 2"
    return frame(db, sql, params)


def sample_sizes(db: DbLike, filters: Filters | None = None, limit: int | None = 3000):
    """Records with an extracted N, for scatter plots; a stable spread-out subset if limited.

    df.attrs["total"] holds how many records in the selection have an N.
    """
    src, params = selection(filters)
    src += " AND a.sample_size IS NOT NULL"
    total = frame(db, f"SELECT count(*) AS n {src}", params)["n"].iloc[0]
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
    df = frame(db, sql, [*params, -1 if limit is None else limit])
    df.attrs["total"] = int(total)
    return df


def quantile_sql(p: float, name: str) -> str:
    """Linear-interpolated quantile `p` (as pandas computes it) over ranked rows i, n."""
    pos = f"({p} * (n - 1))"
    lo = f"max(CASE WHEN i = CAST({pos} AS INTEGER) THEN sample_size END)"
    hi = f"max(CASE WHEN i = CAST({pos} AS INTEGER) + 1 THEN sample_size END)"
    frac = f"({pos} - CAST({pos} AS INTEGER))"
    return f"{lo} + (coalesce({hi}, {lo}) - {lo}) * {frac} AS {name}"


def sample_size_summary(db: DbLike, filters: Filters | None = None) -> pd.DataFrame:
    """Per study type: records, records with an N, coverage, median, quartiles, total N."""
    src, params = selection(filters)
    sql = f"""
        WITH s AS MATERIALIZED (SELECT a.study_type, a.sample_size {src}),
        ranked AS (
            SELECT study_type, sample_size,
                   row_number() OVER (PARTITION BY study_type ORDER BY sample_size) - 1 AS i,
                   count(*) OVER (PARTITION BY study_type) AS n
            FROM s WHERE sample_size IS NOT NULL),
        q AS (
            SELECT study_type, {quantile_sql(0.25, "q1")}, {quantile_sql(0.5, "median")},
                   {quantile_sql(0.75, "q3")}
            FROM ranked GROUP BY study_type)
        SELECT c.study_type, c.records, c.with_n, 1.0 * c.with_n / c.records AS coverage,
               q.median, q.q1, q.q3, c.min_n, c.max_n, c.total_n
        FROM (SELECT study_type, count(*) AS records, count(sample_size) AS with_n,
                     min(sample_size) AS min_n, max(sample_size) AS max_n,
                     sum(sample_size) AS total_n
              FROM s GROUP BY study_type) c
        LEFT JOIN q ON q.study_type IS c.study_type
        ORDER BY c.records DESC"""
    return frame(db, sql, params)


def question_counts(db: DbLike, filters: Filters | None = None) -> pd.DataFrame:
    """Open-question statements per theme and publication year of their records."""
    src, params = selection(filters)
    sql = (
        "SELECT qt.theme, a.year, count(*) AS statements, count(DISTINCT a.article_id) AS records "
        f"{src.replace('FROM article_facts a', 'FROM open_question_themes qt JOIN article_facts a ON a.article_id = qt.article_id', 1)} "
        "GROUP BY 1, 2 ORDER BY 1, 2"
    )
    return frame(db, sql, params)


def load_tracked_questions(path: str | Path | None = None) -> dict:
    """The tracked-questions file: {"themes": {slug: {label, query}}, "questions": [...]}."""
    with open(path or TRACKED_QUESTIONS, "rb") as handle:
        data = tomllib.load(handle)
    questions = []
    for key, q in (data.get("questions") or {}).items():
        if not q.get("query"):
            raise ValueError(f"tracked question {key!r} needs a query")
        questions.append({"id": key, "topics": [], "theme": None, **q})
    return {"themes": data.get("themes") or {}, "questions": questions}


def theme_clause(theme_query: str | None) -> tuple[str, list]:
    """AND the selection with an FTS query (a theme's or a question's), if any."""
    expr, _ = fts_expression(theme_query or "")
    if expr is None:
        return "", []
    return " AND a.article_id IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)", [expr]


def gap_map(db: DbLike, filters: Filters | None = None, path: str | Path | None = None):
    """Records per theme × study type; a theme's records are those its FTS query matches.

    Every theme × study type cell is present (n = 0 for a gap), so empty cells show.
    """
    import analysis

    themes = load_tracked_questions(path)["themes"]
    src, params = selection(filters)
    parts, all_params = [], []
    for slug, spec in themes.items():
        clause, extra = theme_clause(spec.get("query"))
        if not clause:
            continue
        parts.append(f"SELECT ? AS theme, a.study_type, count(*) AS n {src}{clause} GROUP BY 2")
        all_params += [slug, *params, *extra]
    counts = frame(db, " UNION ALL ".join(parts), all_params) if parts else None
    types = list(getattr(analysis, "STUDY_TYPES", ()))
    grid = pd.MultiIndex.from_product([list(themes), types], names=["theme", "study_type"])
    full = pd.DataFrame(index=grid).reset_index()
    if counts is None or counts.empty:
        full["n"] = 0
        return full
    full = full.merge(counts, how="outer", on=["theme", "study_type"])
    full["n"] = full["n"].fillna(0).astype(int)
    return full


def tracked_clause(question: dict, themes: dict) -> tuple[str, list]:
    """The SQL that narrows the selection to one tracked question's evidence."""
    clause, params = theme_clause(question["query"])
    if not clause:  # a query with nothing to search for matches nothing, not everything
        clause = " AND 0"
    if question.get("topics"):
        topics = list(question["topics"])
        clause += (
            " AND EXISTS (SELECT 1 FROM article_topics qt WHERE qt.article_id = a.article_id "
            f"AND qt.topic IN ({marks(topics)}))"
        )
        params += topics
    if question.get("theme"):
        extra, extra_params = theme_clause(themes.get(question["theme"], {}).get("query"))
        clause, params = clause + extra, params + extra_params
    return clause, params


def tracked_questions(db: DbLike, filters: Filters | None = None, path: str | Path | None = None):
    """Evidence per tracked question and study type: records, records with N, total N, human."""
    spec = load_tracked_questions(path)
    src, params = selection(filters)
    parts, all_params = [], []
    for q in spec["questions"]:
        clause, extra = tracked_clause(q, spec["themes"])
        parts.append(
            "SELECT ? AS question_id, a.study_type, count(*) AS records, "
            "count(a.sample_size) AS with_n, coalesce(sum(a.sample_size), 0) AS total_n, "
            f"sum(a.subjects = 'human') AS human {src}{clause} GROUP BY 2"
        )
        all_params += [q["id"], *params, *extra]
    if not parts:
        return pd.DataFrame(columns=["question_id", "question", "study_type", "records"])
    df = frame(db, " UNION ALL ".join(parts), all_params)
    labels = {q["id"]: q.get("question", q["id"]) for q in spec["questions"]}
    df.insert(1, "question", df["question_id"].map(labels))
    return df


def tracked_question_records(
    db: DbLike,
    question_id: str,
    filters: Filters | None = None,
    path: str | Path | None = None,
    limit: int = 100,
) -> pd.DataFrame:
    """The records behind one tracked question, largest N first."""
    spec = load_tracked_questions(path)
    question = next((q for q in spec["questions"] if q["id"] == question_id), None)
    if question is None:
        raise KeyError(f"no tracked question {question_id!r}")
    src, params = selection(filters)
    clause, extra = tracked_clause(question, spec["themes"])
    inner = (
        f"SELECT a.article_id, a.year, a.study_type, a.subjects, a.sample_size {src}{clause} "
        "ORDER BY a.sample_size DESC NULLS LAST, a.year DESC LIMIT ?"
    )
    sql = (
        "SELECT s.article_id, r.pmid, s.year, r.title, s.study_type, s.subjects, s.sample_size "
        f"FROM ({inner}) s JOIN records r ON r.id = s.article_id "
        "ORDER BY s.sample_size DESC NULLS LAST, s.year DESC"
    )
    return frame(db, sql, [*params, *extra, limit])


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


def open_questions(
    db: DbLike, filters: Filters | None = None, theme: str | None = None, limit: int | None = 500
) -> pd.DataFrame:
    """Open-question statements of the selected records, with their source record."""
    body, params = where(filters or Filters())
    theme_sql = ""
    if theme:
        theme_sql = " AND q.id IN (SELECT question_id FROM open_question_themes WHERE theme = ?)"
        params.append(theme)
    sql = (
        "SELECT q.id AS question_id, q.article_id, r.pmid, a.year, r.title, a.study_type, "
        "q.text, q.themes FROM open_questions q JOIN article_facts a ON a.article_id = q.article_id "
        f"JOIN records r ON r.id = q.article_id WHERE {body}{theme_sql} "
        "ORDER BY a.year DESC NULLS LAST, q.article_id DESC, q.position LIMIT ?"
    )
    return frame(db, sql, [*params, -1 if limit is None else limit])


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
