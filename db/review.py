"""Researchers' review: the queue of records the annotators are unsure of, and decisions.

Migration m006 stores each annotation's ``needs_review`` flag and ``review_reasons`` and
gives ``corrections`` a ``decision`` column: ``confirmed`` (a researcher accepted the labels
shown, copied in by ``db.store.confirm``) or ``corrected`` (``db.store.save_correction``
changed the study type or sample size). Decisions are corrections rows, so they win in
``articles`` and survive re-fetch and ``reannotate`` like every correction. Registered on
``db.schema.migrations``; the readers below take what ``db.queries`` functions take.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlite_utils import Database

from db.schema import migrations

if TYPE_CHECKING:  # the readers load pandas when called: importing the CLI must not
    import pandas as pd

    from db.facts import DbLike
    from db.filters import Filters

DECISIONS = ("confirmed", "corrected")

__all__ = ["agreement", "decision", "queue", "queue_size"]

# A researcher's labels in a corrections row `c` (every confirmed or corrected row has them;
# rows written by hand without a decision count as corrected).
LABELLED = "(c.study_type IS NOT NULL OR c.sample_size_set = 1)"
# A record leaves the queue once a researcher decided its labels or marked it off-topic.
DECIDED = (
    "EXISTS (SELECT 1 FROM corrections c WHERE c.article_id = n.article_id "
    f"AND ({LABELLED} OR c.off_topic = 1))"
)


@migrations()
def m006_review(db: Database) -> None:
    """Review flags on annotations and a decision on corrections (the review queue)."""
    db.execute("ALTER TABLE annotations ADD COLUMN needs_review INTEGER")
    db.execute("ALTER TABLE annotations ADD COLUMN review_reasons TEXT")  # JSON list of codes
    db.execute(
        "ALTER TABLE corrections ADD COLUMN decision TEXT "
        f"CHECK (decision IN ({', '.join(repr(d) for d in DECISIONS)}))"
    )
    db.execute(f"UPDATE corrections AS c SET decision = 'corrected' WHERE {LABELLED}")
    # The queue reads the flagged records lowest confidence first, a small partial index.
    db.execute(
        "CREATE INDEX idx_annotations_review ON annotations "
        "(study_type_confidence, article_id) WHERE needs_review = 1"
    )
    # Records annotated before this migration, until `reannotate` flags them.
    db.execute(
        "CREATE INDEX idx_annotations_unflagged ON annotations (article_id) "
        "WHERE needs_review IS NULL"
    )


def queue(
    db: DbLike, filters: Filters | None = None, limit: int = 20, offset: int = 0
) -> pd.DataFrame:
    """Records waiting for review in the selection, lowest design confidence first
    (read in that order from the partial index, so a page costs its rows only)."""
    from db.facts import connection, frame
    from db.filters import Filters, where

    with connection(db) as conn:
        body, params = where(conn, filters or Filters(), alias="n")
        sql = (
            "SELECT n.article_id, r.pmid, r.title, r.year, n.study_type, "
            "n.study_type_confidence, n.study_type_signal, n.review_reasons, n.sample_size, "
            "n.sample_unit, n.sample_size_evidence FROM annotations n "
            "JOIN records r ON r.id = n.article_id "
            f"WHERE n.needs_review = 1 AND NOT {DECIDED} AND {body} "
            "ORDER BY n.study_type_confidence, n.article_id LIMIT ? OFFSET ?"
        )
        return frame(conn, sql, [*params, int(limit), int(offset)])


def queue_size(db: DbLike, filters: Filters | None = None) -> dict:
    """How many records wait in the selection, and how many were never flagged either way
    (annotated before m006: `python -m analysis reannotate` flags them)."""
    from db.facts import connection
    from db.filters import Filters, where

    with connection(db) as conn:
        body, params = where(conn, filters or Filters(), alias="n")
        sql = f"SELECT count(*) FROM annotations n WHERE n.needs_review = 1 AND NOT {DECIDED} AND {body}"
        waiting = conn.execute(sql, params).fetchone()[0]
        unflagged = conn.execute(
            "SELECT count(*) FROM annotations WHERE needs_review IS NULL"
        ).fetchone()[0]
    return {"waiting": int(waiting), "unflagged": int(unflagged)}


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
    from db.facts import connection

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
    from db.facts import connection

    with connection(db) as conn:
        row = conn.execute(sql, [int(article_id)]).fetchone()
    if row is None:
        return None
    keys = ("needs_review", "review_reasons", "decision", "decided_by", "decided_at")
    return dict(zip(keys, row, strict=True))
