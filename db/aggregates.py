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

from db.queries import DbLike, Filters, fts_expression, marks, where
from db.queries import frame as _frame

TRACKED_QUESTIONS = Path(__file__).resolve().parents[1] / "dashboard" / "tracked_questions.toml"

__all__ = [
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
    return _frame(db, sql, params)


def counts_by_subjects(db: DbLike, filters: Filters | None = None) -> pd.DataFrame:
    """Records per publication year and subjects (human, animal, in_vitro or null)."""
    src, params = selection(filters)
    sql = f"SELECT a.year, a.subjects, count(*) AS n {src} GROUP BY 1, 2 ORDER BY 1, 2"
    return _frame(db, sql, params)


def topic_join(filters: Filters | None) -> tuple[str, list]:
    """Join the selection to its topic links, restricted to the selected topics."""
    f = filters or Filters()
    src, params = selection(f)
    src = src.replace("FROM article_facts a", "FROM article_facts a JOIN article_topics tt "
                      "ON tt.article_id = a.article_id", 1)
    if f.topics:
        src += f" AND tt.topic IN ({marks(f.topics)})"
        params += list(f.topics)
    return src, params


def counts_by_topic(db: DbLike, filters: Filters | None = None) -> pd.DataFrame:
    """Records per topic in the selection (a record in two topics counts in both)."""
    src, params = topic_join(filters)
    sql = (
        f"SELECT tt.topic, count(*) AS n, count(a.sample_size) AS with_n, "
        f"sum(a.subjects = 'human') AS human {src} GROUP BY 1 ORDER BY 2 DESC"
    )
    return _frame(db, sql, params)


def counts_by_topic_type(db: DbLike, filters: Filters | None = None) -> pd.DataFrame:
    """Records per topic and study type."""
    src, params = topic_join(filters)
    sql = f"SELECT tt.topic, a.study_type, count(*) AS n {src} GROUP BY 1, 2 ORDER BY 1, 2"
    return _frame(db, sql, params)


def sample_sizes(db: DbLike, filters: Filters | None = None, limit: int | None = 3000):
    """Records with an extracted N, for scatter plots; a stable spread-out subset if limited.

    df.attrs["total"] holds how many records in the selection have an N.
    """
    src, params = selection(filters)
    src += " AND a.sample_size IS NOT NULL"
    total = _frame(db, f"SELECT count(*) AS n {src}", params)["n"].iloc[0]
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
    df = _frame(db, sql, [*params, -1 if limit is None else limit])
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
    return _frame(db, sql, params)


def question_counts(db: DbLike, filters: Filters | None = None) -> pd.DataFrame:
    """Open-question statements per theme and publication year of their records."""
    src, params = selection(filters)
    sql = (
        "SELECT qt.theme, a.year, count(*) AS statements, count(DISTINCT a.article_id) AS records "
        f"{src.replace('FROM article_facts a', 'FROM open_question_themes qt JOIN article_facts a ON a.article_id = qt.article_id', 1)} "
        "GROUP BY 1, 2 ORDER BY 1, 2"
    )
    return _frame(db, sql, params)


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
    return " AND a.article_id IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?)", [
        expr
    ]


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
    counts = _frame(db, " UNION ALL ".join(parts), all_params) if parts else None
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
    df = _frame(db, " UNION ALL ".join(parts), all_params)
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
    return _frame(db, sql, [*params, *extra, limit])


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
    return _frame(db, sql, params)


def trials(db: DbLike, topics: Iterable[str] | None = None, limit: int = 500) -> pd.DataFrame:
    """Registered trials, most recently updated first."""
    body, params = trials_clause(topics)
    sql = (
        "SELECT nct_id, title, status, phase, study_type, enrollment, sponsor, start_date, "
        f"completion_date, last_update, url FROM trials WHERE {body} "
        "ORDER BY last_update DESC NULLS LAST LIMIT ?"
    )
    return _frame(db, sql, [*params, limit])
