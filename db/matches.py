"""The Open questions page's reads: the evidence gap map and tracked questions (selections
narrowed by FTS queries), and the open-question statements per theme.

The queries live in dashboard/tracked_questions.toml. Which records each one matches is
stored as a bit of ``article_facts.matches`` on write (db.facts), so one scan of the
selection counts every theme or question at once; a query whose stored bit is missing or
out of date (the file was edited) is matched live on records_fts instead::

    from db.queries import Filters, gap_map, tracked_questions
    gap_map("data/literature.db", Filters())            # theme, study_type, n
    tracked_questions("data/literature.db", Filters())  # question, study_type, records, total_n
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd

from db import facts
from db.facts import (  # noqa: F401  (re-exported: aggregates and the dashboard load it here)
    TRACKED_QUESTIONS,
    load_tracked_questions,
    theme_queries,
)
from db.queries import (
    DbLike,
    Filters,
    connection,
    facts_where,
    frame,
    fts_expression,
    marks,
    scalar,
)
from db.schema import MASK_BITS, SLOT_BITS

LIVE = "(a.article_id IN (SELECT rowid FROM records_fts WHERE records_fts MATCH ?))"


def match_mask(
    conn: sqlite3.Connection, fts: dict[str, str], live: dict[str, tuple[str, list]] | None = None
) -> tuple[str, list, dict[str, int]]:
    """SQL for a per-record bitmask over `a`, its params and the bit of each key.

    `fts` maps match keys ("theme:<slug>", "question:<id>") to FTS5 expressions: stored bits
    where article_facts.matches holds them for that exact query, else matched live;
    `live` adds SQL conditions (with params) that are always evaluated.
    """
    stored = facts.layout(conn).match_keys
    taken = {bit for bit, _ in stored.values()}
    free = iter(b for b in range(MASK_BITS) if b not in taken)
    bits: dict[str, int] = {}
    kept, kept_params, extra, extra_params = [], [], [], []
    for key, expr in fts.items():
        if key in stored and stored[key][1] == expr:
            bits[key] = stored[key][0]
            kept.append(f"({LIVE} << {bits[key]})")
            kept_params.append(expr)
        else:
            bits[key] = next(free)
            extra.append(f"({LIVE} << {bits[key]})")
            extra_params.append(expr)
    for key, (sql, params) in (live or {}).items():
        bits[key] = next(free)
        extra.append(f"(({sql}) << {bits[key]})")
        extra_params += params
    if kept and not unmatched(conn):
        sql, kept_params = "a.matches", []  # the usual case: every record has its bits
    elif kept:  # records not matched yet (matches IS NULL) are matched live, only those
        sql = f"coalesce(a.matches, {' | '.join(kept)})"
    else:
        sql = "0"
    if extra:
        sql = f"({sql} | {' | '.join(extra)})"
    return sql, kept_params + extra_params, bits


def unmatched(conn: sqlite3.Connection) -> bool:
    """Whether some record still waits for its match bits (a partial index answers)."""
    sql = "SELECT EXISTS (SELECT 1 FROM article_facts WHERE matches IS NULL)"
    return bool(conn.execute(sql).fetchone()[0])


def match_groups(
    conn: sqlite3.Connection, filters: Filters | None, mask: str, mask_params: list
) -> pd.DataFrame:
    """The selection grouped by study type and match bitmask (m), with records (n), records
    with an N, their total N and human records: a few hundred rows to slice per query.
    With stored bits this streams through idx_article_facts_matches without sorting."""
    body, params = facts_where(conn, filters)
    sql = (
        f"SELECT a.study_type, {mask} AS m, count(*) AS n, count(a.sample_size) AS with_n, "
        "coalesce(sum(a.sample_size), 0) AS total_n, sum(a.subjects IS 'human') AS human "
        f"FROM article_facts a WHERE {body} GROUP BY a.study_type, m"
    )
    return frame(conn, sql, [*mask_params, *params])


def question_masks(conn: sqlite3.Connection, spec: dict, questions: list[dict]):
    """The bitmask SQL for the themes and some tracked questions, and the bits each key
    ("theme:<slug>", "question:<id>") requires (None for a question whose query has
    nothing to search for: it matches nothing, not everything)."""
    fts = theme_queries(spec["themes"])
    live: dict[str, tuple[str, list]] = {}
    for q in questions:
        expr, _ = fts_expression(q["query"])
        if expr is not None:
            fts[f"question:{q['id']}"] = expr
        if q.get("topics"):
            topics = list(q["topics"])
            live[f"topics:{q['id']}"] = (
                "EXISTS (SELECT 1 FROM article_topics qt WHERE qt.article_id = a.article_id "
                f"AND qt.topic IN ({marks(topics)}))",
                topics,
            )
    mask, params, bits = match_mask(conn, fts, live)
    needs: dict[str, int | None] = {k: 1 << b for k, b in bits.items() if k.startswith("theme:")}
    for q in questions:
        key = f"question:{q['id']}"
        parts = [key, f"topics:{q['id']}", f"theme:{q.get('theme')}"]
        needs[key] = sum(1 << bits[k] for k in parts if k in bits) if key in bits else None
    return mask, params, needs


EVIDENCE_COLUMNS = ["key", "study_type", "records", "with_n", "total_n", "human"]


def evidence_counts(db: DbLike, filters: Filters | None = None, path: str | Path | None = None):
    """Per theme ("theme:<slug>") and tracked question ("question:<id>") and study type:
    records, records with an N, total N and human records, all from one scan.

    gap_grid() and question_table() turn it into the gap map and the tracked questions.
    """
    spec = load_tracked_questions(path)
    with connection(db) as conn:
        mask, mask_params, needs = question_masks(conn, spec, spec["questions"])
        groups = match_groups(conn, filters, mask, mask_params)
    return tally(groups, needs)


def tally(groups: pd.DataFrame, needs: dict[str, int | None]) -> pd.DataFrame:
    """Sum match_groups' counts per key and study type over the groups with every bit the
    key needs (vectorised: one pass per key over a few hundred rows)."""
    codes, designs = pd.factorize(groups["study_type"], use_na_sentinel=False)
    masks = groups["m"].to_numpy(dtype="int64")
    values = {c: groups[c].to_numpy(dtype="int64") for c in ("n", "with_n", "total_n", "human")}
    parts = []
    for key, need in needs.items():
        hit = (masks & need) == need if need is not None else np.zeros(len(masks), dtype=bool)
        sums = {
            column: np.bincount(codes[hit], weights=v[hit], minlength=len(designs))
            for column, v in values.items()
        }
        parts.append(pd.DataFrame({"key": key, "study_type": designs, **sums}))
    if not parts:
        return pd.DataFrame(columns=EVIDENCE_COLUMNS)
    out = pd.concat(parts, ignore_index=True).rename(columns={"n": "records"})[EVIDENCE_COLUMNS]
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
        mask, mask_params, needs = question_masks(conn, spec, [question])
        need = needs[f"question:{question_id}"]
        body, params = facts_where(conn, filters)
        hit = f"({mask} & {need}) = {need}" if need is not None else "0"
        inner = (
            "SELECT a.article_id, a.year, a.study_type, a.subjects, a.sample_size "
            f"FROM article_facts a WHERE {body} AND {hit} "
            "ORDER BY a.sample_size DESC NULLS LAST, a.year DESC LIMIT ?"
        )
        sql = (
            "SELECT s.article_id, r.pmid, s.year, r.title, s.study_type, s.subjects, "
            f"s.sample_size FROM ({inner}) s JOIN records r ON r.id = s.article_id "
            "ORDER BY s.sample_size DESC NULLS LAST, s.year DESC"
        )
        return frame(conn, sql, [*params, *mask_params, limit])


THEMES_INDEX = "idx_article_facts_themes"


def question_counts(db: DbLike, filters: Filters | None = None) -> pd.DataFrame:
    """Open-question statements (and their records) per theme and publication year.

    Records are counted from article_facts.theme_counts (m004) in one covering-index scan;
    the few it cannot pack (see db.facts_schema) and older schemas from their theme rows.
    """
    with connection(db) as conn:
        body, params = facts_where(conn, filters)
        slots = facts.theme_slots(conn)
        rows = (
            "SELECT qt.theme, a.year, count(*) AS statements, count(DISTINCT a.article_id) AS "
            "records FROM article_facts a {} open_question_themes qt ON qt.article_id = "
            f"a.article_id WHERE {body}{{}} GROUP BY 1, 2 ORDER BY 1, 2"
        )
        if not slots:
            return frame(conn, rows.format("JOIN", ""), params)
        parts = []
        if scalar(conn, "SELECT EXISTS (SELECT 1 FROM article_facts WHERE theme_counts IS NULL)"):
            parts.append(frame(conn, rows.format("CROSS JOIN", " AND a.theme_counts IS NULL"),
                               params))  # fmt: skip
        # The planner would rather filter on another index and sort; the covering scan is
        # 25 ms at 100,000 records whatever the filters (absent during an initial load).
        hint = f" INDEXED BY {THEMES_INDEX}" if index_exists(conn, THEMES_INDEX) else ""
        packed = conn.execute(
            f"SELECT a.theme_counts, a.year, count(*) FROM article_facts a{hint} "
            f"WHERE {body} AND a.theme_counts > 0 GROUP BY 1, 2",
            params,
        ).fetchall()
    counts = unpack_themes(packed, slots)
    if parts:
        counts = pd.concat([*parts, counts]).groupby(["theme", "year"], dropna=False).sum()
        counts = counts.reset_index()
    counts = counts[counts["records"] > 0].astype({"statements": "int64", "records": "int64"})
    return counts.sort_values(["theme", "year"], na_position="first").reset_index(drop=True)


def unpack_themes(packed: list[tuple], slots: dict[str, int]) -> pd.DataFrame:
    """Statements and records per (theme, year) from (theme_counts, year, records) groups."""
    codes = np.array([row[0] for row in packed], dtype="int64")
    k = np.array([row[2] for row in packed], dtype="int64")
    year_index, years = pd.factorize(pd.Series([row[1] for row in packed]), use_na_sentinel=False)
    shifts = SLOT_BITS * np.array(list(slots.values()), dtype="int64")
    n = (codes >> shifts[:, None]) & ((1 << SLOT_BITS) - 1)  # themes x groups
    cell = (np.arange(len(slots))[:, None] * len(years) + year_index).ravel()
    size = len(slots) * len(years)
    return pd.DataFrame({
        "theme": np.repeat(list(slots), len(years)), "year": np.tile(years, len(slots)),
        "statements": np.bincount(cell, (n * k).ravel(), size),
        "records": np.bincount(cell, ((n > 0) * k).ravel(), size),
    })  # fmt: skip


def index_exists(conn: sqlite3.Connection, name: str) -> bool:
    """Whether an index is there (a bulk load defers the read indexes to its end)."""
    sql = "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?)"
    return bool(scalar(conn, sql, [name]))


def open_questions(
    db: DbLike, filters: Filters | None = None, theme: str | None = None, limit: int | None = 500
) -> pd.DataFrame:
    """Open-question statements of the selected records, with their source record."""
    with connection(db) as conn:
        return statements(conn, filters, theme, limit)


def statements(conn: sqlite3.Connection, filters: Filters | None, theme: str | None, limit):
    """open_questions() on an open connection."""
    body, params = facts_where(conn, filters)
    theme_sql = ""
    if theme:
        theme_sql = " AND q.id IN (SELECT question_id FROM open_question_themes WHERE theme = ?)"
        params.append(theme)
    # Newest records first straight from idx_article_facts_year (CROSS JOIN keeps that
    # order), so the scan stops after `limit` statements instead of sorting them all.
    inner = (
        "SELECT q.id, q.article_id, a.year, a.study_type, q.position FROM article_facts a "
        f"CROSS JOIN open_questions q ON q.article_id = a.article_id WHERE {body}{theme_sql} "
        "ORDER BY a.year DESC NULLS LAST, a.article_id DESC, q.position LIMIT ?"
    )
    sql = (
        "SELECT s.id AS question_id, s.article_id, r.pmid, s.year, r.title, s.study_type, "
        f"q.text, q.themes FROM ({inner}) s JOIN open_questions q ON q.id = s.id "
        "JOIN records r ON r.id = s.article_id "
        "ORDER BY s.year DESC NULLS LAST, s.article_id DESC, s.position"
    )
    return frame(conn, sql, [*params, -1 if limit is None else limit])
