"""The Open questions page's reads: the evidence gap map and tracked questions (selections
narrowed by FTS queries), and the open-question statements per theme.

The queries live in dashboard/tracked_questions.toml; which records each one matches is
asked of records_fts once per data version (db.facts caches it), so an edited query
counts at once::

    from db.queries import Filters, gap_map, tracked_questions
    gap_map("data/literature.db", Filters())            # theme, study_type, n
    tracked_questions("data/literature.db", Filters())  # question, study_type, records, total_n
"""

from __future__ import annotations

import json
import sqlite3
import tomllib
from pathlib import Path

import pandas as pd

from db.facts import DbLike, Facts, connection, facts, frame
from db.filters import Filters, linked, select
from db.fts import fts_expression

TRACKED_QUESTIONS = Path(__file__).resolve().parents[1] / "dashboard" / "tracked_questions.toml"
EVIDENCE_COLUMNS = ["key", "study_type", "records", "with_n", "total_n", "human"]


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


def hits(data: Facts, conn: sqlite3.Connection, query: str | None) -> pd.Index:
    """Ids of the records a theme's or question's query matches (none if it has nothing
    to search for: it matches nothing, not everything)."""
    expr, _ = fts_expression(query or "")
    return pd.Index(data.matches(conn, expr) if expr else [], dtype="int64")


def question_hits(data: Facts, conn: sqlite3.Connection, spec: dict, q: dict) -> pd.Index:
    """A tracked question's records: its query's, narrowed to its topics and its theme's."""
    found = hits(data, conn, q["query"])
    if q.get("topics"):
        found = found.intersection(linked(data, tuple(q["topics"]), relevant=False))
    theme = spec["themes"].get(q.get("theme")) or {}
    if fts_expression(theme.get("query") or "")[0]:  # a theme with nothing to search: no limit
        found = found.intersection(hits(data, conn, theme["query"]))
    return found


def evidence(rows: pd.DataFrame) -> pd.DataFrame:
    """Records, records with an N, total N and human records per study type (nulls first)."""
    out = rows.assign(human=rows["subjects"] == "human").groupby(
        "study_type", dropna=False, observed=True, sort=False
    ).agg(records=("article_id", "size"), with_n=("sample_size", "count"),
          total_n=("sample_size", "sum"), human=("human", "sum"))  # fmt: skip
    out = out.reset_index().sort_values("study_type", na_position="first", kind="stable")
    out["study_type"] = out["study_type"].astype(object)
    return out


def evidence_counts(db: DbLike, filters: Filters | None = None, path: str | Path | None = None):
    """Per theme ("theme:<slug>") and tracked question ("question:<id>") and study type:
    records, records with an N, total N and human records.

    gap_grid() and question_table() turn it into the gap map and the tracked questions.
    """
    spec = load_tracked_questions(path)
    with connection(db) as conn:
        data = facts(conn)
        chosen = select(data, filters, conn)
        keys = {f"theme:{slug}": hits(data, conn, t.get("query"))
                for slug, t in spec["themes"].items()}  # fmt: skip
        for q in spec["questions"]:
            keys[f"question:{q['id']}"] = question_hits(data, conn, spec, q)
    parts = [evidence(chosen[chosen.index.isin(ids)]).assign(key=key) for key, ids in keys.items()]
    if not parts:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    out = pd.concat(parts, ignore_index=True)[EVIDENCE_COLUMNS]
    out = out.astype({c: "int64" for c in EVIDENCE_COLUMNS[2:]})
    return out[out["records"] > 0].reset_index(drop=True)


def gap_grid(evidence: pd.DataFrame, themes: dict) -> pd.DataFrame:
    """The gap map from evidence_counts: every theme × study type cell, n = 0 for a gap."""
    import analysis

    types = list(getattr(analysis, "STUDY_TYPES", ()))
    grid = pd.MultiIndex.from_product([list(themes), types], names=["theme", "study_type"])
    full = pd.DataFrame(index=grid).reset_index()
    found = evidence[evidence["key"].str.startswith("theme:")]
    counts = found.assign(theme=found["key"].str.slice(len("theme:")), n=found["records"])
    full = full.merge(counts[["theme", "study_type", "n"]], how="outer", on=["theme", "study_type"])
    full["n"] = full["n"].fillna(0).astype(int)
    return full


def question_table(evidence: pd.DataFrame, questions: list[dict]) -> pd.DataFrame:
    """The tracked questions from evidence_counts: question, study type, records, N…"""
    parts = []
    for q in questions:
        rows = evidence[evidence["key"] == f"question:{q['id']}"].drop(columns="key")
        parts.append(rows.assign(question_id=q["id"], question=q.get("question", q["id"])))
    columns = ["question_id", "question", *EVIDENCE_COLUMNS[1:]]
    if not parts:
        return pd.DataFrame(columns=columns)
    return pd.concat(parts, ignore_index=True)[columns]


def gap_map(db: DbLike, filters: Filters | None = None, path: str | Path | None = None):
    """Records per theme × study type; a theme's records are those its FTS query matches.

    Every theme × study type cell is present (n = 0 for a gap), so empty cells show.
    """
    spec = load_tracked_questions(path)
    return gap_grid(evidence_counts(db, filters, path), spec["themes"])


def tracked_questions(db: DbLike, filters: Filters | None = None, path: str | Path | None = None):
    """Evidence per tracked question and study type: records, records with N, total N, human."""
    spec = load_tracked_questions(path)
    return question_table(evidence_counts(db, filters, path), spec["questions"])


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
    with connection(db) as conn:
        data = facts(conn)
        chosen = select(data, filters, conn)
        chosen = chosen[chosen.index.isin(question_hits(data, conn, spec, question))]
        top = chosen.sort_values(["sample_size", "year", "article_id"], ascending=False,
                                 na_position="last", kind="stable").head(limit)  # fmt: skip
        return frame(
            conn,
            "SELECT r.id AS article_id, r.pmid, a.year, r.title, a.study_type, a.subjects, "
            "a.sample_size FROM json_each(?) j JOIN records r ON r.id = j.value "
            "JOIN article_facts a ON a.article_id = r.id ORDER BY j.key",
            [json.dumps(top["article_id"].tolist())],
        )


def question_counts(db: DbLike, filters: Filters | None = None) -> pd.DataFrame:
    """Open-question statements (and their records) per theme and publication year."""
    with connection(db) as conn:
        data = facts(conn)
        chosen = select(data, filters, conn)
        themes = data.themes(conn)
    rows = themes[themes["article_id"].isin(chosen.index)]
    rows = rows.assign(year=rows["article_id"].map(chosen["year"]))
    out = rows.groupby(["theme", "year"], dropna=False, sort=False).agg(
        statements=("article_id", "size"), records=("article_id", "nunique")
    )
    out = out.reset_index().astype({"statements": "int64", "records": "int64"})
    return out.sort_values(["theme", "year"], na_position="first").reset_index(drop=True)


def open_questions(
    db: DbLike, filters: Filters | None = None, theme: str | None = None, limit: int | None = 500
) -> pd.DataFrame:
    """Open-question statements of the selected records, with their source record."""
    with connection(db) as conn:
        chosen = select(facts(conn), filters, conn)
        order = chosen.sort_values(["year", "article_id"], ascending=False, na_position="last")
        theme_sql = ""
        params = [json.dumps(order["article_id"].tolist())]
        if theme:
            theme_sql = "AND q.id IN (SELECT question_id FROM open_question_themes WHERE theme = ?)"
            params.append(theme)
        # Newest records first, in json_each's order: the scan stops after `limit` statements.
        sql = (
            "SELECT q.id AS question_id, q.article_id, r.pmid, a.year, r.title, a.study_type, "
            "q.text, q.themes FROM json_each(?) j CROSS JOIN open_questions q "
            "ON q.article_id = j.value JOIN records r ON r.id = q.article_id "
            f"JOIN article_facts a ON a.article_id = q.article_id WHERE 1 {theme_sql} "
            "ORDER BY j.key, q.position LIMIT ?"
        )
        return frame(conn, sql, [*params, -1 if limit is None else limit])
