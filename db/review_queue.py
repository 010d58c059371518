"""The review queue's readers: records waiting for a researcher, and their decisions.

The flags and decisions they read are stored by migration m006 (db/review.py).
"""

from __future__ import annotations

import pandas as pd

from db.facts import DbLike, connection, frame
from db.filters import Filters, where
from db.review import DECIDED, LABELLED

__all__ = ["agreement", "decision", "queue", "queue_size"]


def waiting(conn, filters: Filters | None) -> tuple[str, list]:
    """WHERE clause and params over `annotations n`: flagged, undecided, in the selection."""
    body, params = where(conn, filters or Filters(), alias="n")
    return f"n.needs_review = 1 AND NOT {DECIDED} AND {body}", params


def queue(
    db: DbLike, filters: Filters | None = None, limit: int = 20, offset: int = 0
) -> pd.DataFrame:
    """Records waiting for review in the selection, lowest design confidence first
    (read in that order from the partial index, so a page costs its rows only)."""
    with connection(db) as conn:
        cond, params = waiting(conn, filters)
        sql = (
            "SELECT n.article_id, r.pmid, r.title, r.year, n.study_type, "
            "n.study_type_confidence, n.study_type_signal, n.review_reasons, n.sample_size, "
            "n.sample_unit, n.sample_size_evidence FROM annotations n "
            "JOIN records r ON r.id = n.article_id "
            f"WHERE {cond} "
            "ORDER BY n.study_type_confidence, n.article_id LIMIT ? OFFSET ?"
        )
        return frame(conn, sql, [*params, int(limit), int(offset)])


def queue_size(db: DbLike, filters: Filters | None = None) -> dict:
    """How many records wait in the selection, and how many were never flagged either way
    (annotated before m006: `python -m analysis reannotate` flags them)."""
    with connection(db) as conn:
        cond, params = waiting(conn, filters)
        count = conn.execute(f"SELECT count(*) FROM annotations n WHERE {cond}", params).fetchone()[
            0
        ]
        unflagged = conn.execute(
            "SELECT count(*) FROM annotations WHERE needs_review IS NULL"
        ).fetchone()[0]
    return {"waiting": int(count), "unflagged": int(unflagged)}


def agreement(db: DbLike) -> dict:
    """How many of the records researchers confirmed or corrected the stored annotations
    agree with on every label the researcher decided (study type, sample size)."""
    sql = (
        "SELECT count(*), coalesce(sum((c.study_type IS NULL OR c.study_type IS n.study_type) "
        "AND (c.sample_size_set IS NOT 1 OR c.sample_size IS n.sample_size)), 0), "
        "coalesce(sum(c.decision = 'confirmed'), 0) "
        "FROM corrections c LEFT JOIN annotations n ON n.article_id = c.article_id "
        f"WHERE {LABELLED}"
    )
    with connection(db) as conn:
        checked, agreed, confirmed = conn.execute(sql).fetchone()
    return {"checked": checked, "agreed": agreed, "confirmed": confirmed}


def decision(db: DbLike, article_id: int) -> dict | None:
    """A record's review state: flag, reasons, and the researcher's decision if any."""
    sql = (
        "SELECT n.needs_review, n.review_reasons, c.decision, c.corrected_by, c.updated_at "
        "FROM records r LEFT JOIN annotations n ON n.article_id = r.id "
        "LEFT JOIN corrections c ON c.article_id = r.id WHERE r.id = ?"
    )
    with connection(db) as conn:
        row = conn.execute(sql, [int(article_id)]).fetchone()
    if row is None:
        return None
    keys = ("needs_review", "review_reasons", "decision", "decided_by", "decided_at")
    return dict(zip(keys, row, strict=True))
