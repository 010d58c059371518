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

import numpy as np
import pandas as pd

from db.facts import DbLike, Facts, coded, connection, facts, frame
from db.filters import Filters, chosen, in_selection, linked, select
from db.fts import fts_expression

TRACKED_QUESTIONS = Path(__file__).resolve().parents[1] / "dashboard" / "tracked_questions.toml"
EVIDENCE_COLUMNS = ["key", "study_type", "records", "with_n", "total_n", "human"]
STATEMENT_SLICE = 2000  # records per query of open_questions(): a page of 200 needs one


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


def hits(data: Facts, conn: sqlite3.Connection, query: str | None) -> np.ndarray:
    """The records a theme's or question's query matches (none if it has nothing to
    search for: it matches nothing, not everything)."""
    expr, _ = fts_expression(query or "")
    return data.matches(conn, expr) if expr else np.zeros(len(data.records), dtype=bool)


def question_hits(data: Facts, conn: sqlite3.Connection, spec: dict, q: dict) -> np.ndarray:
    """A tracked question's records: its query's, narrowed to its topics and its theme's."""
    found = hits(data, conn, q["query"])
    if q.get("topics"):
        found = found & linked(data, tuple(q["topics"]), relevant=False)
    theme = spec["themes"].get(q.get("theme")) or {}
    if fts_expression(theme.get("query") or "")[0]:  # a theme with nothing to search: no limit
        found = found & hits(data, conn, theme["query"])
    return found


def evidence(data: Facts, keys: dict[str, np.ndarray]) -> pd.DataFrame:
    """Records, records with an N, total N and human records per key and study type."""
    if not keys:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    codes, labels = coded(data.records["study_type"])
    size = data.records["sample_size"].to_numpy()
    values = {"records": 1, "with_n": ~np.isnan(size), "total_n": np.nan_to_num(size),
              "human": (data.records["subjects"] == "human").to_numpy()}  # fmt: skip
    sums = {name: np.concatenate([np.bincount(codes, weights=rows * v, minlength=len(labels))
                                  for rows in keys.values()])
            for name, v in values.items()}  # fmt: skip
    out = pd.DataFrame({"key": np.repeat(list(keys), len(labels)),
                        "study_type": np.tile(labels, len(keys)), **sums}, columns=EVIDENCE_COLUMNS)  # fmt: skip
    out = out.astype({c: "int64" for c in EVIDENCE_COLUMNS[2:]})
    return out[out["records"] > 0].reset_index(drop=True)


def evidence_counts(db: DbLike, filters: Filters | None = None, path: str | Path | None = None):
    """Per theme ("theme:<slug>") and tracked question ("question:<id>") and study type:
    records, records with an N, total N and human records.

    gap_grid() and question_table() turn it into the gap map and the tracked questions.
    """
    spec = load_tracked_questions(path)
    with connection(db) as conn:
        data = facts(conn)
        keep = chosen(data, filters, conn)
        keys = {f"theme:{slug}": keep & hits(data, conn, t.get("query"))
                for slug, t in spec["themes"].items()}  # fmt: skip
        for q in spec["questions"]:
            keys[f"question:{q['id']}"] = keep & question_hits(data, conn, spec, q)
    return evidence(data, keys)


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
        keep = chosen(data, filters, conn) & question_hits(data, conn, spec, question)
        top = data.records[keep].sort_values(["sample_size", "year", "article_id"],
                                             ascending=False, na_position="last").head(limit)  # fmt: skip
        return frame(
            conn,
            "SELECT a.article_id, a.pmid, a.year, a.title, a.study_type, a.subjects, "
            "a.sample_size FROM json_each(?) j JOIN articles a ON a.article_id = j.value "
            "ORDER BY j.key",
            [json.dumps(top["article_id"].tolist())],
        )


def question_counts(db: DbLike, filters: Filters | None = None) -> pd.DataFrame:
    """Open-question statements (and their records) per theme and publication year."""
    with connection(db) as conn:
        data = facts(conn)
        keep = chosen(data, filters, conn)
        themes = data.themes(conn)
    rows = themes[in_selection(keep, themes["pos"])]
    rows = rows.assign(year=data.records["year"].to_numpy()[rows["pos"].to_numpy()])
    out = rows.groupby(["theme", "year"], dropna=False, sort=False).agg(
        statements=("statements", "sum"), records=("statements", "size")
    )
    out = out.reset_index().astype({"statements": "int64", "records": "int64"})
    return out.sort_values(["theme", "year"], na_position="first").reset_index(drop=True)


def open_questions(
    db: DbLike, filters: Filters | None = None, theme: str | None = None, limit: int | None = 500
) -> pd.DataFrame:
    """Open-question statements of the selected records, newest records first, with their
    source record. Read a slice of the records at a time, until `limit` statements."""
    theme_sql, params = "", []
    if theme:
        theme_sql = " AND q.id IN (SELECT question_id FROM open_question_themes WHERE theme = ?)"
        params.append(theme)
    sql = (
        "SELECT q.id AS question_id, q.article_id, a.pmid, a.year, a.title, a.study_type, "
        "q.text, q.themes FROM json_each(?) j JOIN open_questions q ON q.article_id = j.value "
        f"JOIN articles a ON a.article_id = q.article_id WHERE 1{theme_sql} "
        "ORDER BY j.key, q.position"
    )
    with connection(db) as conn:
        rows = select(facts(conn), filters, conn)
        order = rows.sort_values(["year", "article_id"], ascending=False, na_position="last")
        ids = order["article_id"].tolist()
        parts, found = [], 0
        for start in range(0, max(len(ids), 1), STATEMENT_SLICE):
            parts.append(frame(conn, sql, [json.dumps(ids[start : start + STATEMENT_SLICE]),
                                           *params]))  # fmt: skip
            found += len(parts[-1])
            if limit is not None and found >= limit:
                break
    return pd.concat(parts, ignore_index=True).head(limit)
