"""Claim cards: for each tracked question, its strongest studies with the authors' conclusion,
the records at each design level and the open questions stated in those records.

A question's records are the ones db.matches.question_hits finds (the Open questions page and
the tracked-questions table use the same rule), narrowed to the selection::

    from db.queries import Filters, claim_cards
    for card in claim_cards("data/literature.db", Filters()):
        card["question"], card["designs"], card["studies"][0]["conclusion"]
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd

import analysis
from analysis.conclusions import conclusion
from db.facts import DbLike, Facts, connection, facts
from db.filters import Filters, chosen
from db.matches import load_tracked_questions, question_hits

STUDIES = 5  # studies per card: the strongest few, not a reading list
STATEMENTS = 5  # open-question statements per card


def design_rank(study_types: pd.Series) -> np.ndarray:
    """Strength of each design, 0 strongest, by the order of analysis.STUDY_TYPES
    (systematic review > RCT > other human designs > animal > in vitro > review > other);
    unclassified records come last."""
    order = {code: i for i, code in enumerate(analysis.STUDY_TYPES)}
    values = pd.Categorical(study_types)
    ranks = np.array([order.get(c, len(order)) for c in values.categories] + [len(order)])
    return ranks[values.codes]  # code -1 (null) takes the last entry: unclassified


def descending(values: pd.Series) -> np.ndarray:
    """A lexsort key that puts larger values first and nulls last."""
    return np.nan_to_num(-values.to_numpy(dtype="float64"), nan=np.inf)


def strongest(records: pd.DataFrame, limit: int) -> list[int]:
    """Ids of the strongest records: by design, then largest N, then newest."""
    keys = [descending(records["article_id"]), descending(records["year"]),
            descending(records["sample_size"]), design_rank(records["study_type"])]  # fmt: skip
    return [int(i) for i in records["article_id"].to_numpy()[np.lexsort(keys)[:limit]]]


def newest(records: pd.DataFrame, limit: int) -> list[int]:
    """Ids of the newest records (by year, then id)."""
    keys = [descending(records["article_id"]), descending(records["year"])]
    return [int(i) for i in records["article_id"].to_numpy()[np.lexsort(keys)[:limit]]]


def design_counts(records: pd.DataFrame) -> list[dict]:
    """Records at each design level present, strongest design first."""
    counts = records["study_type"].astype(object).fillna("unclassified").value_counts()
    order = {code: i for i, code in enumerate(analysis.STUDY_TYPES)}
    return [{"study_type": code, "records": int(counts[code])}
            for code in sorted(counts.index, key=lambda c: order.get(c, len(order)))]  # fmt: skip


def studies(conn: sqlite3.Connection, ids: list[int]) -> list[dict]:
    """The cards' studies in the given order, each with the authors' conclusion."""
    sql = (
        "SELECT a.article_id, a.pmid, a.doi, a.pmcid, a.year, a.title, a.study_type, "
        "a.sample_size, a.sample_unit, a.abstract, r.abstract_sections FROM json_each(?) j "
        "JOIN articles a ON a.article_id = j.value JOIN records r ON r.id = a.article_id "
        "ORDER BY j.key"
    )
    out = []
    for row in dicts(conn, sql, [json.dumps(ids)]):
        sections = parse_sections(row.pop("abstract_sections"))
        row["conclusion"] = conclusion(row.pop("abstract"), sections)
        out.append(row)
    return out


def dicts(conn: sqlite3.Connection, sql: str, params: list) -> list[dict]:
    """Rows as dicts of plain values (a frame would turn ids with gaps into floats)."""
    cursor = conn.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def parse_sections(value: object) -> list[dict]:
    """Stored abstract_sections (JSON) as a list; empty when missing or malformed."""
    try:
        parsed = json.loads(value) if isinstance(value, str) and value else []
    except ValueError:
        return []
    return [s for s in parsed if isinstance(s, dict)] if isinstance(parsed, list) else []


def stated(data: Facts, conn: sqlite3.Connection) -> np.ndarray:
    """Records with at least one open-question statement, once per data version."""
    sql = "SELECT DISTINCT article_id FROM open_questions"
    return data.cached("stated", lambda: data.rows([r[0] for r in conn.execute(sql)]))


def statements(conn: sqlite3.Connection, records: pd.DataFrame, limit: int) -> list[dict]:
    """Open-question statements of these records (those with any), newest records first."""
    sql = (
        "SELECT q.text, a.article_id, a.pmid, a.year, a.title FROM json_each(?) j "
        "JOIN open_questions q ON q.article_id = j.value "
        "JOIN articles a ON a.article_id = q.article_id ORDER BY j.key, q.position LIMIT ?"
    )
    return dicts(conn, sql, [json.dumps(newest(records, limit)), limit])


def card(data: Facts, conn: sqlite3.Connection, keep: np.ndarray, question: dict) -> dict:
    """One tracked question's card."""
    found = data.records[keep]
    return {
        "id": question["id"],
        "question": question.get("question", question["id"]),
        "claim": question.get("claim", ""),
        "records": len(found),
        "designs": (designs := design_counts(found)),
        "missing": [c for c in analysis.STUDY_TYPES if c not in {d["study_type"] for d in designs}],
        "studies": studies(conn, strongest(found, STUDIES)),
        "open_questions": statements(conn, data.records[keep & stated(data, conn)], STATEMENTS),
    }


def claim_cards(
    db: DbLike, filters: Filters | None = None, path: str | Path | None = None
) -> list[dict]:
    """A card per tracked question, in the file's order (see the module docstring)."""
    spec = load_tracked_questions(path)
    with connection(db) as conn:
        data = facts(conn)
        keep = chosen(data, filters, conn)
        return [card(data, conn, keep & question_hits(data, conn, spec, q), q)
                for q in spec["questions"]]  # fmt: skip
